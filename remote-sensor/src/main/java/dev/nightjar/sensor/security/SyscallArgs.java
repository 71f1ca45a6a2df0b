package dev.nightjar.sensor.security;

import java.util.ArrayList;
import java.util.List;

/** The arguments of the sensitive syscalls in words. */
final class SyscallArgs {

    /** CLONE_NEW* flags (include/uapi/linux/sched.h). */
    private static final long[] NS_FLAGS = {0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L, 0x10000000L,
            0x20000000L, 0x40000000L, 0x00000080L};
    private static final String[] NS_NAMES = {"CLONE_NEWNS", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC",
            "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_NEWTIME"};

    private SyscallArgs() {
    }

    static List<String> describe(String call, long[] args) {
        List<String> words = new ArrayList<>();
        switch (call) {
            case "unshare" -> words.add("flags=" + flags(args[0]));
            case "setns" -> {
                words.add("fd=" + (int) args[0]);
                words.add("nstype=" + (args[1] == 0 ? "any" : flags(args[1])));
            }
            case "ptrace" -> {
                words.add("request=" + args[0]);
                words.add("pid=" + (int) args[1]);
            }
            case "bpf" -> words.add("cmd=" + (int) args[0]);
            case "finit_module" -> words.add("fd=" + (int) args[0]);
            case "init_module" -> words.add("len=" + args[1]);
            case "mount" -> words.add("flags=0x" + Long.toHexString(args[3]));
            default -> { }
        }
        return words;
    }

    private static String flags(long value) {
        List<String> names = new ArrayList<>();
        long rest = value;
        for (int i = 0; i < NS_FLAGS.length; i++) {
            if ((value & NS_FLAGS[i]) != 0) {
                names.add(NS_NAMES[i]);
                rest &= ~NS_FLAGS[i];
            }
        }
        if (rest != 0 || names.isEmpty()) {
            names.add("0x" + Long.toHexString(rest));
        }
        return String.join("|", names);
    }
}
