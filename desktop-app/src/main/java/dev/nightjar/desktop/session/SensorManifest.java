package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every object a session creates, in creation order: namespace, token Secret (the lease), one pod per node. */
public record SensorManifest(Namespace namespace, Secret secret, List<Pod> pods) {

    public SensorManifest {
        pods = List.copyOf(pods);
    }

    public static SensorManifest of(SessionPlan plan, SessionToken token, Instant leaseExpires) {
        List<Pod> pods = plan.nodes().stream().map(n -> SensorPodSpec.build(plan, n)).toList();
        return new SensorManifest(SensorNamespace.build(plan.namespace()),
                SensorTokenSecret.build(plan.id(), plan.namespace(), token, leaseExpires), pods);
    }

    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>();
        all.add(namespace);
        all.add(secret);
        all.addAll(pods);
        return all;
    }
}
