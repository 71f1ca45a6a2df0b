package dev.nightjar.desktop.drops;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Explanations for the kernel's packet-drop reasons, loaded once from
 * {@code drop-reasons.json} on the class path and immutable afterwards.
 *
 * <p>Reason values differ between kernels, names do not, so everything here is
 * keyed by name. {@link #describe} never fails: a name the catalogue does not
 * know (a newer kernel) gets a generic entry built from the name.
 */
public final class DropReasonCatalog {

    /** Class-path resource holding the built-in catalogue. */
    public static final String RESOURCE = "/dev/nightjar/desktop/drops/drop-reasons.json";

    private final String referenceKernel;
    private final List<DropReasonInfo> entries;
    private final Map<String, DropReasonInfo> byKey;

    private DropReasonCatalog(DropReasonCatalogReader.Contents contents) {
        this.referenceKernel = contents.referenceKernel();
        this.entries = contents.entries();
        Map<String, DropReasonInfo> keys = new HashMap<>();
        for (DropReasonInfo info : entries) {
            for (String key : DropReasonCatalogReader.keysOf(info)) {
                keys.put(key, info);
            }
        }
        this.byKey = Map.copyOf(keys);
    }

    /** The catalogue shipped with Nightjar, read on first use. */
    public static DropReasonCatalog builtIn() {
        return BuiltIn.INSTANCE;
    }

    /**
     * A catalogue from any stream in the same format (tests, or an updated file).
     *
     * @throws DropCatalogException naming {@code source} and every problem found
     */
    public static DropReasonCatalog read(InputStream in, String source) {
        return new DropReasonCatalog(DropReasonCatalogReader.read(in, source));
    }

    /** The catalogued entry for a name (with or without the SKB_DROP_REASON_ prefix, any case) or an alias. */
    public Optional<DropReasonInfo> lookup(String reasonName) {
        return Optional.ofNullable(byKey.get(DropReasonNames.normalize(reasonName)));
    }

    /** The catalogued entry, or a generic one built from the name; never fails, also for null or blank names. */
    public DropReasonInfo describe(String reasonName) {
        String name = DropReasonNames.normalize(reasonName);
        DropReasonInfo known = byKey.get(name);
        return known != null ? known : UnknownDropReason.describe(name, referenceKernel);
    }

    /** Every catalogued entry, in file order. */
    public List<DropReasonInfo> entries() {
        return entries;
    }

    /** The kernel version whose enum the catalogue was checked against, e.g. "6.18". */
    public String referenceKernel() {
        return referenceKernel;
    }

    /** Holder idiom: loaded once, on first use, thread-safe by class initialisation. */
    private static final class BuiltIn {
        static final DropReasonCatalog INSTANCE = load();

        private static DropReasonCatalog load() {
            try (InputStream in = DropReasonCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new DropCatalogException("The built-in drop-reason catalogue " + RESOURCE
                            + " is missing from the class path; the build did not package it.");
                }
                return read(in, RESOURCE);
            } catch (IOException e) {
                throw new DropCatalogException("Could not read the built-in drop-reason catalogue " + RESOURCE
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
