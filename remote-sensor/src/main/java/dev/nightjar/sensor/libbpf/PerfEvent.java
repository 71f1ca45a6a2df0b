package dev.nightjar.sensor.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * One perf event opened with {@code perf_event_open(2)}: here a CPU-clock
 * software sampler on one CPU, for every task on it, that a {@code perf_event}
 * eBPF program is attached to ({@link BpfProgram#attachPerfEvent(PerfEvent)}).
 *
 * <p>Owns its fd until a program is attached: libbpf's perf-event link then
 * owns it and closes it when the link is destroyed, so {@link #close()} does
 * nothing afterwards. The event is opened disabled; libbpf enables it on attach.
 */
public final class PerfEvent implements AutoCloseable {

    /** __NR_perf_event_open on x86_64 and arm64 (asm-generic). */
    private static final long NR_PERF_EVENT_OPEN = switch (System.getProperty("os.arch")) {
        case "aarch64", "arm64" -> 241;
        default -> 298;
    };
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final long PERF_COUNT_SW_CPU_CLOCK = 0;
    private static final int PERF_ATTR_SIZE_VER5 = 112;
    private static final long ATTR_DISABLED = 1L;
    private static final long ATTR_FREQ = 1L << 10;
    private static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;

    private static final Linker LINKER = Linker.nativeLinker();
    /** long syscall(long number, ...): the four arguments after the number are variadic longs. */
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    private final int fd;
    private final int cpu;
    private boolean handedOver;
    private boolean closed;

    private PerfEvent(int fd, int cpu) {
        this.fd = fd;
        this.cpu = cpu;
    }

    /**
     * A CPU-clock sampler on {@code cpu} for all tasks, {@code frequencyHz} samples a second.
     *
     * @throws Libc.LibcException with the errno (EACCES/EPERM: no CAP_PERFMON or perf_event_paranoid too high;
     *                            ENODEV/ENOENT: no such CPU or event)
     */
    public static PerfEvent cpuClockSampler(int cpu, int frequencyHz) {
        if (frequencyHz < 1) {
            throw new IllegalArgumentException("sampling frequency must be at least 1 Hz, was " + frequencyHz);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(PERF_ATTR_SIZE_VER5, 8);
            attr.set(JAVA_INT, 0, PERF_TYPE_SOFTWARE);         // type
            attr.set(JAVA_INT, 4, PERF_ATTR_SIZE_VER5);        // size
            attr.set(JAVA_LONG, 8, PERF_COUNT_SW_CPU_CLOCK);   // config
            attr.set(JAVA_LONG, 16, frequencyHz);              // sample_freq (freq=1)
            attr.set(JAVA_LONG, 40, ATTR_DISABLED | ATTR_FREQ); // the flag bit field
            MemorySegment cs = Libc.captureState(arena);
            long rc = (long) SYSCALL.invokeExact(cs, NR_PERF_EVENT_OPEN, attr, -1L, (long) cpu, -1L,
                    PERF_FLAG_FD_CLOEXEC);
            if (rc < 0) {
                throw new Libc.LibcException("perf_event_open", Libc.errno(cs),
                        "CPU-clock sampler at " + frequencyHz + " Hz on CPU " + cpu);
            }
            return new PerfEvent((int) rc, cpu);
        } catch (Libc.LibcException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling perf_event_open through FFM failed", t);
        }
    }

    public int cpu() {
        return cpu;
    }

    /** For the attach call only; the fd stays valid while this event or its link is open. */
    synchronized int fdForAttach() {
        if (closed || handedOver) {
            throw new IllegalStateException("perf event on CPU " + cpu + " is " + (closed ? "closed" : "already attached"));
        }
        return fd;
    }

    /** The link now owns the fd. */
    synchronized void handOver() {
        handedOver = true;
    }

    /** Closes the fd unless a link owns it; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!handedOver) {
            Libc.close(fd);
        }
    }

    @Override
    public String toString() {
        return "PerfEvent[cpu " + cpu + ", fd " + fd + (handedOver ? ", attached" : "") + "]";
    }
}
