package dev.nightjar.sensor.collect;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.sensor.libbpf.BpfMap;
import dev.nightjar.sensor.libbpf.BpfObject;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes a subscription's {@link Filter} into an object's filter maps
 * (bpf/include/nightjar_common.h): one set per field plus flags that say which
 * sets are in force. A flag is on exactly when its set is non-empty, so an
 * empty filter costs the kernel one array load per event.
 *
 * <p>Sets are changed add-first, remove-after, and the flags written last, so
 * a change never lets through, even briefly, what both filters exclude.
 */
public final class KernelFilter {

    public static final int MAX_VALUES = 1024;
    private static final String CONFIG = "nj_filter_cfg";
    private static final String CGROUPS = "nj_filt_cgroup";
    private static final String PIDS = "nj_filt_pid";
    private static final String PORTS = "nj_filt_port";

    private KernelFilter() {
    }

    /**
     * @throws IllegalArgumentException for a filter the kernel maps cannot hold (too many values, bad port)
     */
    public static void validate(Filter filter) {
        check("cgroup ids", filter.getCgroupIdsCount());
        check("pids", filter.getPidsCount());
        check("ports", filter.getPortsCount());
        for (int port : filter.getPortsList()) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("filter port " + Integer.toUnsignedString(port)
                        + " is not a TCP/UDP port (1-65535)");
            }
        }
    }

    private static void check(String what, int count) {
        if (count > MAX_VALUES) {
            throw new IllegalArgumentException("a filter may list at most " + MAX_VALUES + " " + what
                    + "; this one lists " + count);
        }
    }

    public static void apply(BpfObject object, Filter filter) {
        validate(filter);
        replace(object.map(CGROUPS), new HashSet<>(filter.getCgroupIdsList()), ValueLayout.JAVA_LONG,
                (s, v) -> s.set(ValueLayout.JAVA_LONG, 0, v), s -> s.get(ValueLayout.JAVA_LONG, 0));
        replace(object.map(PIDS), new HashSet<>(filter.getPidsList()), ValueLayout.JAVA_INT,
                (s, v) -> s.set(ValueLayout.JAVA_INT, 0, v), s -> s.get(ValueLayout.JAVA_INT, 0));
        Set<Short> ports = new HashSet<>();
        filter.getPortsList().forEach(p -> ports.add((short) (int) p));
        replace(object.map(PORTS), ports, ValueLayout.JAVA_SHORT,
                (s, v) -> s.set(ValueLayout.JAVA_SHORT, 0, v), s -> s.get(ValueLayout.JAVA_SHORT, 0));

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment config = arena.allocate(8);
            config.set(ValueLayout.JAVA_BYTE, 0, flag(filter.getCgroupIdsCount() > 0));
            config.set(ValueLayout.JAVA_BYTE, 1, flag(filter.getPidsCount() > 0));
            config.set(ValueLayout.JAVA_BYTE, 2, flag(filter.getPortsCount() > 0));
            config.set(ValueLayout.JAVA_BYTE, 3, flag(filter.getIncludeNoiseDrops()));
            object.map(CONFIG).update(key, config, BpfMap.UpdateMode.ANY);
        }
    }

    private static byte flag(boolean on) {
        return (byte) (on ? 1 : 0);
    }

    private static <T> void replace(BpfMap map, Set<T> wanted, ValueLayout keyLayout,
                                    BiConsumer<MemorySegment, T> write,
                                    java.util.function.Function<MemorySegment, T> read) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(keyLayout);
            MemorySegment one = arena.allocate(1);
            one.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            for (T value : wanted) {
                write.accept(key, value);
                map.update(key, one, BpfMap.UpdateMode.ANY);
            }
            List<T> stale = new ArrayList<>();
            map.forEach((k, v) -> {
                T present = read.apply(k);
                if (!wanted.contains(present)) {
                    stale.add(present);
                }
            });
            for (T value : stale) {
                write.accept(key, value);
                map.delete(key);
            }
        }
    }
}
