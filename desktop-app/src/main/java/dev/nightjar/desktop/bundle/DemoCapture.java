package dev.nightjar.desktop.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The capture that ships with the app: the real sensor on a real kernel watching a small
 * shop (frontend → cart → payments in network namespaces), recorded by
 * {@code desktop-app/src/demo/record-demo.sh}. Opening it needs no cluster and no root.
 */
public final class DemoCapture {

    public static final String RESOURCE = "/dev/nightjar/desktop/demo/shop-demo.njcap";

    private DemoCapture() {
    }

    /** The demo as a file a bundle reader can open, or empty when this build has none. */
    public static Optional<Path> extract() {
        try (InputStream in = DemoCapture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Path file = Files.createTempFile("nightjar-demo-", ".njcap");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the demo capture to a temporary file", e);
        }
    }
}
