package dev.nightjar.sensor.security;

import dev.nightjar.sensor.libbpf.BpfLoadException;
import dev.nightjar.sensor.libbpf.BpfObject;
import dev.nightjar.sensor.libbpf.LibBpf;
import java.util.List;
import java.util.Set;

/**
 * Loads bpf/security.bpf.c with the best file-open hook this kernel accepts: BPF LSM
 * {@code file_open}, then fentry on {@code security_file_open}, then the openat/openat2 syscall
 * tracepoints. Each is tried by loading the object with only that hook's programs; the kernel's
 * refusals are kept for SensorInfo.
 */
final class FileOpenHook {

    static final String OBJECT = "security";

    /** A hook and the programs that make it. */
    enum Kind {
        LSM("lsm", List.of("nj_sec_lsm_file_open")),
        FENTRY("fentry", List.of("nj_sec_fentry_file_open")),
        TRACEPOINT("tracepoint", List.of("nj_sec_tp_openat", "nj_sec_tp_openat2"));

        final String wireName;
        final List<String> programs;

        Kind(String wireName, List<String> programs) {
            this.wireName = wireName;
            this.programs = programs;
        }
    }

    /** A loaded object and which hook it carries, with why the better ones were refused. */
    record Loaded(BpfObject object, Kind kind, String reason) {
    }

    private FileOpenHook() {
    }

    static Loaded load(LibBpf lib) {
        StringBuilder refused = new StringBuilder();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < kinds.length; i++) {
            BpfObject object = BpfObject.openEmbedded(lib, OBJECT);
            try {
                for (Kind other : kinds) {
                    if (other != kinds[i]) {
                        other.programs.forEach(p -> object.program(p).setAutoload(false));
                    }
                }
                object.load();
                return new Loaded(object, kinds[i], refused.toString());
            } catch (BpfLoadException e) {
                object.close();
                if (i == kinds.length - 1) {
                    throw e;
                }
                if (!refused.isEmpty()) {
                    refused.append("; ");
                }
                refused.append(switch (kinds[i]) {
                    case LSM -> "the kernel refused the BPF LSM file_open program (" + e.errorText() + ")";
                    case FENTRY -> "it refused fentry on security_file_open (" + e.errorText() + ")";
                    case TRACEPOINT -> "";
                });
            } catch (RuntimeException e) {
                object.close();
                throw e;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** The programs of hooks not in use, which stay unloaded. */
    static Set<String> unused(Kind used) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Kind k : Kind.values()) {
            if (k != used) {
                names.addAll(k.programs);
            }
        }
        return names;
    }
}
