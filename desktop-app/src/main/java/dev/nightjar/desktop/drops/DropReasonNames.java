package dev.nightjar.desktop.drops;

import java.util.Locale;

/**
 * Spelling rules for drop-reason names, shared by the catalogue and its lookups.
 *
 * <p>The sensor sends names without the {@code SKB_DROP_REASON_} prefix, but a
 * name may also come from a log line, a capture from another tool, or a user's
 * search box; lookups accept either form and any case. Only that one prefix is
 * removed: real reasons such as {@code SKB_CSUM} start with {@code SKB_} too.
 */
public final class DropReasonNames {

    static final String KERNEL_PREFIX = "SKB_DROP_REASON_";

    private DropReasonNames() {
    }

    /** Upper-cased, trimmed, without the kernel's enum prefix; "" for null or blank. */
    public static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        String name = raw.strip().toUpperCase(Locale.ROOT);
        if (name.startsWith(KERNEL_PREFIX)) {
            name = name.substring(KERNEL_PREFIX.length());
        }
        return name;
    }
}
