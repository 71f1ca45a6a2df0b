package dev.nightjar.sensor.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the sensor needs besides libbpf: memory-mapping a ring
 * buffer, opening a directory fd (cgroup attach), and the kernel's clocks.
 * Every call that reports through errno captures it for that call.
 */
public final class Libc {

    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int O_RDONLY = 0;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    private static final int SC_PAGESIZE = 30;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    private static final MethodHandle MMAP = handle("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), true);
    private static final MethodHandle MUNMAP = handle("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), true);
    private static final MethodHandle SYSCONF = handle("sysconf",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT), false);
    private static final MethodHandle OPEN = handle("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), true);
    private static final MethodHandle CLOSE = handle("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), true);
    private static final MethodHandle CLOCK_GETTIME = handle("clock_gettime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), true);
    private static final MethodHandle STRERROR_R = handle("strerror_r",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG), false);

    private Libc() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor, boolean errno) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no symbol " + name));
        return errno ? LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO)
                : LINKER.downcallHandle(symbol, descriptor);
    }

    /** A libc call failed; carries errno. */
    public static final class LibcException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        LibcException(String operation, int errno, String detail) {
            super(detail + ": " + operation + " failed: " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }

    static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    static int errno(MemorySegment captureState) {
        return (int) ERRNO.get(captureState, 0L);
    }

    public static long pageSize() {
        try {
            return (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw new IllegalStateException("sysconf(_SC_PAGESIZE)", t);
        }
    }

    /**
     * mmap(2) of a file descriptor; returns a segment of {@code length} bytes that lives as
     * long as {@code owner}: closing the owner unmaps it, and every segment cut from it then
     * throws IllegalStateException instead of reading unmapped memory.
     */
    public static MemorySegment mmap(long length, int prot, int fd, long offset, String what, Arena owner) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = captureState(arena);
            MemorySegment address = (MemorySegment) MMAP.invokeExact(cs, MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
            if (address.address() == -1L) {
                throw new LibcException("mmap", errno(cs), what);
            }
            return address.reinterpret(length, owner, Libc::munmap);
        } catch (LibcException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap", t);
        }
    }

    /** munmap(2); the cleanup of {@link #mmap}, which runs it when the mapping's owner closes. */
    static void munmap(MemorySegment mapping) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = captureState(arena);
            int rc = (int) MUNMAP.invokeExact(cs, mapping, mapping.byteSize());
            if (rc != 0) {
                throw new LibcException("munmap", errno(cs), "unmapping " + mapping.byteSize() + " bytes");
            }
        } catch (LibcException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap", t);
        }
    }

    /** open(2); returns the fd. */
    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = captureState(arena);
            int fd = (int) OPEN.invokeExact(cs, arena.allocateFrom(path), flags);
            if (fd < 0) {
                throw new LibcException("open", errno(cs), path);
            }
            return fd;
        } catch (LibcException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open", t);
        }
    }

    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = captureState(arena);
            int rc = (int) CLOSE.invokeExact(cs, fd);
            if (rc != 0) {
                throw new LibcException("close", errno(cs), "fd " + fd);
            }
        } catch (LibcException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("close", t);
        }
    }

    /** clock_gettime(2) in nanoseconds. */
    public static long clockNanos(int clock) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = captureState(arena);
            MemorySegment ts = arena.allocate(TIMESPEC);
            int rc = (int) CLOCK_GETTIME.invokeExact(cs, clock, ts);
            if (rc != 0) {
                throw new LibcException("clock_gettime", errno(cs), "clock " + clock);
            }
            return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
        } catch (LibcException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("clock_gettime", t);
        }
    }

    /** The C library's text for an errno (GNU strerror_r, thread-safe). */
    public static String strerror(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(256);
            MemorySegment text = (MemorySegment) STRERROR_R.invokeExact(errno, buffer, 256L);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
