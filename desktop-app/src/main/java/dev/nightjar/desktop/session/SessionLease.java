package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A session's one lease: the expiry annotation of its token Secret, which every sensor pod
 * of the session names as its lease holder. Renewing it is one JSON merge patch of that
 * annotation, whatever the number of nodes, and the patch's response carries the server's
 * {@code Date}, which keeps {@link ServerClock} current. Expiries are written in the
 * server's time; when a renewal is due is counted on this machine's clock.
 */
final class SessionLease {

    private static final Duration PATCH_TIMEOUT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final String namespace;
    private final String secretName;
    private final SensorSettings settings;
    private final Clock local;
    private final ServerClock server;
    private Instant lastRenewal;
    private Instant expires;

    SessionLease(KubernetesClient client, String namespace, String secretName, SensorSettings settings, Clock local,
                 ServerClock server) {
        this.client = client;
        this.namespace = namespace;
        this.secretName = secretName;
        this.settings = settings;
        this.local = local;
        this.server = server;
        this.lastRenewal = local.instant();
    }

    /** Takes the lease now: returns its expiry (server time), and counts the next renewal from now. */
    synchronized Instant start() {
        lastRenewal = local.instant();
        expires = server.now().plus(settings.lease());
        return expires;
    }

    synchronized boolean isDue() {
        return !local.instant().isBefore(lastRenewal.plus(settings.leaseRenewal()));
    }

    /** When the lease last written runs out, in the server's time. */
    synchronized Instant expires() {
        return expires;
    }

    /**
     * Pushes the expiry one lease past the server's now.
     *
     * @return why it could not, or empty when it did
     */
    synchronized Optional<String> renew() {
        Instant next = server.now().plus(settings.lease());
        String patch = "{\"metadata\":{\"annotations\":{\"" + NightjarLabels.LEASE_EXPIRES + "\":\""
                + LeaseTimes.format(next) + "\"}}}";
        String path = "/api/v1/namespaces/" + namespace + "/secrets/" + secretName;
        try {
            ServerRequests.Response r = ServerRequests.send(client, local, "PATCH", path,
                    "application/merge-patch+json", patch, PATCH_TIMEOUT);
            server.observe(r.date(), r.receivedAt());
            if (r.code() == 404) {
                return Optional.of("the session's Secret " + namespace + "/" + secretName + " is gone (someone deleted"
                        + " it); its sensors may be removed by the next orphan sweep");
            }
            if (!r.ok()) {
                return Optional.of("renewing the lease on secret " + namespace + "/" + secretName + " failed: "
                        + SensorTeardown.messageOf(ServerRequests.failure(r, "PATCH " + path)));
            }
        } catch (KubernetesClientException e) {
            return Optional.of("renewing the lease on secret " + namespace + "/" + secretName + " failed: "
                    + e.getMessage());
        }
        lastRenewal = local.instant();
        expires = next;
        return Optional.empty();
    }
}
