package dev.nightjar.desktop.drops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reason names of {@code enum skb_drop_reason} as written in the repository's
 * vmlinux.h (the kernel the sensor is built against), with the
 * {@code SKB_DROP_REASON_} prefix removed and the two non-reasons (MAX,
 * SUBSYS_MASK) left out. {@code SKB_NOT_DROPPED_YET} and {@code SKB_CONSUMED}
 * keep their spelling: they have no such prefix in the kernel either.
 */
final class KernelDropReasonEnum {

    /** Relative to the desktop-app module, where surefire runs. */
    static final Path VMLINUX_H = Path.of("..", "bpf", "vmlinux", "x86_64", "vmlinux.h");

    private static final Pattern ENUM = Pattern.compile("enum skb_drop_reason \\{(.*?)\\};", Pattern.DOTALL);
    private static final Pattern ENUMERATOR = Pattern.compile("^\\s*([A-Z0-9_]+)\\s*=", Pattern.MULTILINE);

    private KernelDropReasonEnum() {
    }

    static List<String> names() throws IOException {
        if (!Files.isReadable(VMLINUX_H)) {
            throw new IllegalStateException("Cannot read " + VMLINUX_H.toAbsolutePath()
                    + "; run the tests from the desktop-app module of a full checkout.");
        }
        Matcher body = ENUM.matcher(Files.readString(VMLINUX_H));
        if (!body.find()) {
            throw new IllegalStateException(VMLINUX_H + " has no 'enum skb_drop_reason {' definition");
        }
        List<String> names = new ArrayList<>();
        Matcher enumerator = ENUMERATOR.matcher(body.group(1));
        while (enumerator.find()) {
            String name = enumerator.group(1);
            if (name.startsWith(DropReasonNames.KERNEL_PREFIX)) {
                name = name.substring(DropReasonNames.KERNEL_PREFIX.length());
            }
            if (!name.equals("MAX") && !name.equals("SUBSYS_MASK")) {
                names.add(name);
            }
        }
        return names;
    }
}
