package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes the lease-expiry annotation of a session's pods and Secret forward while the
 * desktop is connected. A JSON merge patch touches only that annotation, so it never
 * races with the kubelet's status writes.
 */
final class LeaseRenewer {

    private final KubernetesClient client;
    private final SensorSettings settings;
    private final Clock clock;
    private Instant lastRenewal;

    LeaseRenewer(KubernetesClient client, SensorSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.lastRenewal = clock.instant();
    }

    /** Takes the lease now: returns its expiry, and counts the next renewal from now. */
    synchronized Instant start() {
        lastRenewal = clock.instant();
        return lastRenewal.plus(settings.lease());
    }

    synchronized boolean isDue() {
        return !clock.instant().isBefore(lastRenewal.plus(settings.leaseRenewal()));
    }

    /**
     * Renews the lease on every object; objects that are gone are skipped.
     *
     * @return the objects that could not be renewed, with why (empty when all went well)
     */
    synchronized List<String> renew(List<String> podNames, String secretName) {
        Instant now = clock.instant();
        String patch = "{\"metadata\":{\"annotations\":{\"" + NightjarLabels.LEASE_EXPIRES + "\":\""
                + LeaseTimes.format(now.plus(settings.lease())) + "\"}}}";
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        List<String> failed = new ArrayList<>();
        for (String pod : podNames) {
            try {
                client.pods().inNamespace(NightjarLabels.NAMESPACE).withName(pod).patch(merge, patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    failed.add("pod " + pod + ": " + SensorTeardown.messageOf(e));
                }
            }
        }
        try {
            client.secrets().inNamespace(NightjarLabels.NAMESPACE).withName(secretName).patch(merge, patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                failed.add("secret " + secretName + ": " + SensorTeardown.messageOf(e));
            }
        }
        lastRenewal = now;
        return failed;
    }
}
