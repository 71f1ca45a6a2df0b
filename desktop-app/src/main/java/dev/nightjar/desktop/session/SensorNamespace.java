package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;

/**
 * The session namespace as Nightjar creates it: Pod Security level {@code privileged}
 * (the sensor needs hostPID, hostPath and privilege, which both {@code baseline} and
 * {@code restricted} forbid) and the managed-by label, which is how a later teardown knows
 * Nightjar created the namespace and may remove it once empty (see {@link SessionNamespace}).
 */
public final class SensorNamespace {

    private SensorNamespace() {
    }

    public static Namespace build() {
        return build(NightjarLabels.NAMESPACE);
    }

    public static Namespace build(String name) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(NightjarLabels.PSA_ENFORCE, "privileged")
                .addToLabels(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE)
                .endMetadata()
                .build();
    }

    /** True if Nightjar created this namespace (it carries our managed-by label). */
    public static boolean createdByNightjar(Namespace ns) {
        return ns != null && ns.getMetadata().getLabels() != null
                && NightjarLabels.MANAGED_BY_VALUE.equals(ns.getMetadata().getLabels().get(NightjarLabels.MANAGED_BY));
    }
}
