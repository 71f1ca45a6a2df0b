package dev.nightjar.desktop.cluster;

import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authentication in front of the mock API server's CRUD dispatcher, as an API server does
 * it with short-lived tokens: a request from the desktop's client passes only with the
 * token its credential plugin printed last ({@code Bearer tok-N}, N from the plugin's
 * {@code current} file) and only before that token's expiry; anything else (an older
 * token, an expired one, none) gets 401 and never reaches the store. The simulator's
 * requests (the rest of the cluster) pass untouched.
 */
final class TokenGate {

    private final Path pluginDir;
    private final AtomicInteger unauthorized = new AtomicInteger();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private volatile String revoked = "";

    TokenGate(Path pluginDir) {
        this.pluginDir = pluginDir;
    }

    Dispatcher around(Dispatcher crud) {
        return FrontDispatcher.before(crud, request -> {
            if (MockApiServer.fromSimulator(request)) {
                return null;
            }
            String header = request.getHeader("Authorization");
            if (header == null || !header.equals("Bearer " + currentToken()) || header.equals("Bearer " + revoked)) {
                unauthorized.incrementAndGet();
                return FrontDispatcher.status(401, "Unauthorized", "Unauthorized");
            }
            accepted.add(header.substring("Bearer ".length()));
            return null;
        });
    }

    /** The server stops accepting the token it accepts now, as when a session is revoked. */
    void revokeCurrent() {
        revoked = currentToken();
    }

    /** 401 answers given so far. */
    int unauthorized() {
        return unauthorized.get();
    }

    /** The tokens of the requests let through, in order. */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** tok-N if the plugin's latest token has not expired, else a value no client sends. */
    private String currentToken() {
        try {
            String[] current = Files.readString(pluginDir.resolve("current")).strip().split(" ");
            long expires = Long.parseLong(current[1]);
            return System.currentTimeMillis() / 1000 < expires ? "tok-" + current[0] : "(expired)";
        } catch (NoSuchFileException e) {
            return "(none issued)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
