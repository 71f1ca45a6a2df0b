package dev.nightjar.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A private X server for one test: a free display number, started and stopped by this object. */
final class XvfbDisplay implements AutoCloseable {

    private final Process server;
    private final String display;

    private XvfbDisplay(Process server, String display) {
        this.server = server;
        this.display = display;
    }

    static XvfbDisplay start(Path log) throws IOException, InterruptedException {
        for (int n = 90; n < 120; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process server = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            for (int i = 0; i < 100 && server.isAlive() && !Files.exists(socket); i++) {
                Thread.sleep(100);
            }
            if (server.isAlive() && Files.exists(socket)) {
                return new XvfbDisplay(server, ":" + n);
            }
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        throw new IOException("no free X display among :90..:119, or Xvfb did not start; see " + log);
    }

    String display() {
        return display;
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
