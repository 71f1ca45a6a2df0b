package dev.nightjar.sensor.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct bpf_object_open_opts} as libbpf 1.1 declares it
 * (/usr/include/bpf/libbpf.h), x86_64 and aarch64 LP64:
 *
 * <pre>
 *   0 size_t sz                 first, so libbpf knows which fields we know
 *   8 const char *object_name
 *  16 bool relaxed_maps         (+7 padding)
 *  24 const char *pin_root_path
 *  32 __u32 :32                 removed attach_prog_fd (+4 padding)
 *  40 const char *kconfig
 *  48 const char *btf_custom_path
 *  56 char *kernel_log_buf
 *  64 size_t kernel_log_size
 *  72 __u32 kernel_log_level    (+4 padding: size_t :0)
 *  80 total
 * </pre>
 *
 * Newer libbpf versions append fields; they accept this smaller {@code sz}.
 * The verifier log is captured through kernel_log_buf, not a print callback:
 * no varargs upcall.
 */
final class ObjectOpenOptions {

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("sz"),
            ADDRESS.withName("object_name"),
            JAVA_BOOLEAN.withName("relaxed_maps"),
            MemoryLayout.paddingLayout(7),
            ADDRESS.withName("pin_root_path"),
            JAVA_INT.withName("removed_attach_prog_fd"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("kconfig"),
            ADDRESS.withName("btf_custom_path"),
            ADDRESS.withName("kernel_log_buf"),
            JAVA_LONG.withName("kernel_log_size"),
            JAVA_INT.withName("kernel_log_level"),
            MemoryLayout.paddingLayout(4));

    static final long OBJECT_NAME = offset("object_name");
    static final long KERNEL_LOG_BUF = offset("kernel_log_buf");
    static final long KERNEL_LOG_SIZE = offset("kernel_log_size");
    static final long KERNEL_LOG_LEVEL = offset("kernel_log_level");

    private ObjectOpenOptions() {
    }

    private static long offset(String field) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /**
     * Options naming the object and pointing the kernel log at {@code log}.
     * Level 0: libbpf loads without a log and, on failure, loads again at
     * level 1 into our buffer, so a successful load costs no log.
     */
    static MemorySegment allocate(Arena arena, String objectName, MemorySegment log) {
        MemorySegment opts = arena.allocate(LAYOUT);
        opts.set(JAVA_LONG, 0, LAYOUT.byteSize());
        opts.set(ADDRESS, OBJECT_NAME, arena.allocateFrom(objectName));
        opts.set(ADDRESS, KERNEL_LOG_BUF, log);
        opts.set(JAVA_LONG, KERNEL_LOG_SIZE, log.byteSize());
        opts.set(JAVA_INT, KERNEL_LOG_LEVEL, 0);
        return opts;
    }
}
