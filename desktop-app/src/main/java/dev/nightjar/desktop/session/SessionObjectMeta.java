package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;

/** The metadata every object of a session carries: our labels, the session id and the lease. */
final class SessionObjectMeta {

    private SessionObjectMeta() {
    }

    static ObjectMeta of(String name, SessionId session, Instant leaseExpires) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NightjarLabels.NAMESPACE)
                .addToLabels(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE)
                .addToLabels(NightjarLabels.NAME, NightjarLabels.SENSOR_NAME)
                .addToLabels(NightjarLabels.SESSION, session.value())
                .addToAnnotations(NightjarLabels.LEASE_EXPIRES, LeaseTimes.format(leaseExpires))
                .build();
    }
}
