package dev.nightjar.desktop.bundle;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.bundle.BundleException;
import dev.nightjar.protocol.bundle.BundleReader;
import dev.nightjar.protocol.bundle.Manifest;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Opens a bundle into a store sized from its manifest, so that nothing it holds is
 * evicted on the way in (up to {@link #MAX_CAPACITY} records per node and kind): what the
 * headless exports read from.
 */
public final class BundleStoreLoader {

    /** Per node and kind; a bigger bundle is read with its oldest records evicted, and counted. */
    public static final int MAX_CAPACITY = 20_000_000;

    /** A bundle read into a store of its own. */
    public record Loaded(CaptureStore store, BundleImport imported) {
    }

    private BundleStoreLoader() {
    }

    public static Loaded load(Path bundle) throws BundleException {
        Manifest manifest;
        try (BundleReader reader = BundleReader.open(bundle)) {
            manifest = reader.manifest();
        }
        CaptureStore store = new CaptureStore(limitsFor(manifest));
        return new Loaded(store, BundleImport.into(bundle, store));
    }

    static StoreLimits limitsFor(Manifest manifest) {
        Map<PayloadKind, Integer> capacity = new EnumMap<>(PayloadKind.class);
        for (PayloadKind kind : PayloadKind.records()) {
            String key = kind.manifestKey();
            long most = 1;
            for (Manifest.Node node : manifest.nodes()) {
                most = Math.max(most, node.eventCounts().getOrDefault(key, 0L));
            }
            capacity.put(kind, (int) Math.min(most, MAX_CAPACITY));
        }
        return new StoreLimits(capacity, Math.max(1, manifest.nodes().size()));
    }
}
