package dev.nightjar.desktop.ui.syscalls;

import java.util.Map;
import javafx.scene.paint.Color;

/**
 * A fixed colour per syscall: the common ones always get the same colour, others one picked by
 * a stable hash of the name. Mid-tone colours that read on both the light and the dark theme.
 */
final class SyscallPalette {

    private static final Color[] COLOURS = {
        Color.web("#4c6ef5"), Color.web("#f76707"), Color.web("#37b24d"), Color.web("#e64980"),
        Color.web("#7950f2"), Color.web("#15aabf"), Color.web("#fab005"), Color.web("#82c91e"),
        Color.web("#be4bdb"), Color.web("#20c997"), Color.web("#ff8787"), Color.web("#94a3b8"),
    };
    /** Failed calls get an outline in this colour; it reads on both themes and is not in the palette. */
    static final Color ERROR = Color.web("#ff2d2d");

    private static final Map<String, Integer> FIXED = Map.ofEntries(
            Map.entry("read", 0), Map.entry("pread64", 0), Map.entry("readv", 0),
            Map.entry("write", 1), Map.entry("pwrite64", 1), Map.entry("writev", 1),
            Map.entry("openat", 2), Map.entry("open", 2), Map.entry("close", 11),
            Map.entry("futex", 3), Map.entry("epoll_wait", 4), Map.entry("epoll_pwait", 4),
            Map.entry("poll", 4), Map.entry("ppoll", 4), Map.entry("select", 4), Map.entry("pselect6", 4),
            Map.entry("nanosleep", 5), Map.entry("clock_nanosleep", 5),
            Map.entry("connect", 6), Map.entry("accept", 7), Map.entry("accept4", 7),
            Map.entry("recvfrom", 8), Map.entry("recvmsg", 8), Map.entry("sendto", 9), Map.entry("sendmsg", 9),
            Map.entry("fsync", 10), Map.entry("fdatasync", 10));

    private SyscallPalette() {
    }

    static Color colourOf(String syscall) {
        Integer fixed = FIXED.get(syscall);
        return COLOURS[fixed != null ? fixed : Math.floorMod(syscall.hashCode(), COLOURS.length)];
    }

    static String webOf(String syscall) {
        Color c = colourOf(syscall);
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
