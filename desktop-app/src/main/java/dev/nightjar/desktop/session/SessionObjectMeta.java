package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NightjarLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;

/**
 * The metadata every object of a session carries: our labels and the session id. The
 * Secret holds the session's one lease (its expiry annotation); each pod names that Secret
 * as its lease holder instead of carrying a lease of its own.
 */
final class SessionObjectMeta {

    private SessionObjectMeta() {
    }

    static ObjectMeta leaseHolder(String name, String namespace, SessionId session, Instant leaseExpires) {
        return base(name, namespace, session)
                .addToAnnotations(NightjarLabels.LEASE_EXPIRES, LeaseTimes.format(leaseExpires))
                .build();
    }

    static ObjectMeta leaseFollower(String name, String namespace, SessionId session) {
        return base(name, namespace, session)
                .addToAnnotations(SessionLabels.LEASE_HOLDER, SensorObjectNames.secret(session))
                .build();
    }

    private static ObjectMetaBuilder base(String name, String namespace, SessionId session) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(NightjarLabels.MANAGED_BY, NightjarLabels.MANAGED_BY_VALUE)
                .addToLabels(NightjarLabels.NAME, NightjarLabels.SENSOR_NAME)
                .addToLabels(NightjarLabels.SESSION, session.value());
    }
}
