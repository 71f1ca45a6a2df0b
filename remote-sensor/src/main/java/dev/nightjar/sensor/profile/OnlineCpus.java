package dev.nightjar.sensor.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CPU list format of {@code /sys/devices/system/cpu/online}, e.g. {@code 0-3,6,8-9}. */
public final class OnlineCpus {

    private static final int MAX_CPUS = 8192;

    private OnlineCpus() {
    }

    /** Reads {@code sysRoot}/devices/system/cpu/online. */
    public static List<Integer> read(Path sysRoot) {
        Path file = sysRoot.resolve("devices/system/cpu/online");
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the online CPUs from " + file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the bad part */
    public static List<Integer> parse(String text) {
        List<Integer> cpus = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the online CPU list is empty");
        }
        for (String part : trimmed.split(",")) {
            int dash = part.indexOf('-');
            try {
                int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
                if (first < 0 || last < first || last >= MAX_CPUS) {
                    throw new IllegalArgumentException("bad CPU range '" + part + "' in '" + trimmed + "'");
                }
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad CPU range '" + part + "' in '" + trimmed + "'");
            }
        }
        return List.copyOf(cpus);
    }
}
