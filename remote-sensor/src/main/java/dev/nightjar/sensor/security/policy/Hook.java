package dev.nightjar.sensor.security.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sensor hooks a policy's {@code call} maps onto. Tetragon attaches a kprobe to whatever
 * function is named; this sensor has a fixed set of hooks, so only the calls that mean the same
 * thing as one of them are accepted.
 */
public enum Hook {
    /** A file opened (its path). */
    FILE_OPEN,
    /** A binary exec'd (its path, argv). */
    EXEC,
    /** A process ended (its exit code or signal). */
    EXIT,
    /** Credentials raised to uid 0 or capabilities set (setuid family, capset, a setuid binary). */
    PRIVILEGE,
    /** setns, unshare. */
    NAMESPACE,
    /** mount, ptrace, bpf, init_module, finit_module. */
    SENSITIVE_SYSCALL,
    /** A TCP connect (its destination; DAddr/NotDAddr, outside the cluster's ranges by default). */
    CONNECT;

    private static final Map<String, Hook> CALLS = Map.ofEntries(
            Map.entry("security_file_open", FILE_OPEN), Map.entry("security_file_permission", FILE_OPEN),
            Map.entry("fd_install", FILE_OPEN), Map.entry("sys_openat", FILE_OPEN), Map.entry("sys_openat2", FILE_OPEN),
            Map.entry("do_sys_openat2", FILE_OPEN),
            Map.entry("security_bprm_check", EXEC), Map.entry("security_bprm_creds_for_exec", EXEC),
            Map.entry("sys_execve", EXEC), Map.entry("sys_execveat", EXEC),
            Map.entry("do_exit", EXIT), Map.entry("sys_exit", EXIT), Map.entry("sys_exit_group", EXIT),
            Map.entry("commit_creds", PRIVILEGE), Map.entry("sys_setuid", PRIVILEGE),
            Map.entry("sys_setreuid", PRIVILEGE), Map.entry("sys_setresuid", PRIVILEGE),
            Map.entry("sys_capset", PRIVILEGE), Map.entry("__sys_setuid", PRIVILEGE),
            Map.entry("__sys_setreuid", PRIVILEGE), Map.entry("__sys_setresuid", PRIVILEGE),
            Map.entry("sys_setns", NAMESPACE), Map.entry("sys_unshare", NAMESPACE),
            Map.entry("sys_mount", SENSITIVE_SYSCALL), Map.entry("sys_ptrace", SENSITIVE_SYSCALL),
            Map.entry("sys_bpf", SENSITIVE_SYSCALL), Map.entry("sys_init_module", SENSITIVE_SYSCALL),
            Map.entry("sys_finit_module", SENSITIVE_SYSCALL),
            Map.entry("tcp_connect", CONNECT), Map.entry("tcp_v4_connect", CONNECT),
            Map.entry("tcp_v6_connect", CONNECT));

    /** The hook of a Tetragon {@code call}; syscalls may carry an architecture prefix (__x64_sys_setns). */
    public static Optional<Hook> ofCall(String call) {
        String name = call.strip().toLowerCase(Locale.ROOT).replaceFirst("^__(x64|arm64|ia32)_sys_", "sys_");
        return Optional.ofNullable(CALLS.get(name));
    }

    /** The calls accepted, for the refusal's message. */
    public static String acceptedCalls() {
        return String.join(", ", new java.util.TreeSet<>(CALLS.keySet()));
    }

    /** For SENSITIVE_SYSCALL and NAMESPACE rules: the syscall a call names (sys_mount → mount), else "". */
    public static String syscallOf(String call) {
        String name = call.strip().toLowerCase(Locale.ROOT).replaceFirst("^__(x64|arm64|ia32)_sys_", "sys_");
        return name.startsWith("sys_") ? name.substring(4) : name.startsWith("__sys_") ? name.substring(6) : "";
    }
}
