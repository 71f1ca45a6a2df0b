package dev.nightjar.sensor.cli;

import java.util.Locale;

/** Byte counts and durations short enough for one terminal line: {@code 1.2KB}, {@code 12.3ms}. */
final class HumanUnits {

    private HumanUnits() {
    }

    /** Decimal units (1 KB = 1000 B), as the labels say. */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + "B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    static String nanos(long nanos) {
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fus", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
}
