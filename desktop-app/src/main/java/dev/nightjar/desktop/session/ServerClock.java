package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The API server's time, as this desktop best knows it: its own clock plus the offset the
 * server's last {@code Date} header showed. Leases are written and judged in this time, so a
 * laptop whose clock is ten minutes off neither writes a lease that looks expired to a
 * colleague nor sweeps a colleague's live session. {@code Date} has whole seconds, so the
 * offset is known to about a second, which is nothing against minute-long leases.
 *
 * <p>Until a Date header has been seen (some proxies strip it), this is the local clock, and
 * {@link #fromServer()} says so.
 */
public final class ServerClock {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** The server's second began somewhere in the second before the header was written. */
    private static final Duration HALF_SECOND = Duration.ofMillis(500);

    private final Clock local;
    private volatile Duration offset = Duration.ZERO;
    private volatile boolean fromServer;

    public ServerClock(Clock local) {
        this.local = local;
    }

    /** A clock measured with one {@code GET /version} (allowed to every user); the local clock if that fails. */
    public static ServerClock measure(KubernetesClient client, Clock local) {
        ServerClock clock = new ServerClock(local);
        clock.probe(client);
        return clock;
    }

    /** Asks the server for its time again; a failure leaves the last offset. */
    public void probe(KubernetesClient client) {
        try {
            ServerRequests.Response r = ServerRequests.send(client, local, "GET", "/version", null, null, PROBE_TIMEOUT);
            observe(r.date(), r.receivedAt());
        } catch (KubernetesClientException e) {
            // unreachable or slow: the caller's own requests will say so; keep the last estimate
        }
    }

    public Instant now() {
        return local.instant().plus(offset);
    }

    /** Learns the offset from a response's {@code Date} header (RFC 1123), received at {@code localReceipt}. */
    public void observe(Optional<String> dateHeader, Instant localReceipt) {
        parse(dateHeader).ifPresent(server -> {
            offset = Duration.between(localReceipt, server.plus(HALF_SECOND));
            fromServer = true;
        });
    }

    /** How far the server's clock is ahead of this machine's (negative: behind). */
    public Duration offset() {
        return offset;
    }

    /** True once the server's Date has been seen; false while this is the local clock. */
    public boolean fromServer() {
        return fromServer;
    }

    static Optional<Instant> parse(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(header.get().strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
