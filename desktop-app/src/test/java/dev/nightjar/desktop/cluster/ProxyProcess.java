package dev.nightjar.desktop.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A {@link LoopbackProxy} running as a process of its own, and the tunnels it reported. */
final class ProxyProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private ProxyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param kind {@code http} or {@code socks5}
     * @param hosts {@code name=127.0.0.1} mappings the proxy resolves
     */
    static ProxyProcess start(String kind, String... hosts) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoopbackProxy.class.getName(), kind));
        command.addAll(List.of(hosts));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> early = new CopyOnWriteArrayList<>();
        ProxyProcess[] self = new ProxyProcess[1];
        Thread.ofPlatform().daemon().name("proxy-log").start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("listening ")) {
                        port.complete(Integer.parseInt(line.substring("listening ".length())));
                    } else if (self[0] != null) {
                        self[0].log.add(line);
                    } else {
                        early.add(line);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            port.completeExceptionally(new IOException("the proxy ended before listening: " + early));
        });
        try {
            ProxyProcess proxy = new ProxyProcess(p, port.get(60, TimeUnit.SECONDS));
            self[0] = proxy;
            return proxy;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("cannot start the proxy process", e);
        }
    }

    int port() {
        return port;
    }

    /** The tunnels opened so far ("CONNECT host:port", "SOCKS5 host:port domain"). */
    List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
