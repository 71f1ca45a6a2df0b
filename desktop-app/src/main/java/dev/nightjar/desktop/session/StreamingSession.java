package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.Enricher;
import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.naming.EndpointNamer;
import dev.nightjar.protocol.v1.SubscribeRequest;
import java.util.Optional;

/**
 * A capture made of a {@link ClusterSensorSession} and the {@link Enricher} that names its
 * endpoints: deployed or attached, names, the cluster snapshot and the launch table come
 * from those two the same way.
 */
public interface StreamingSession extends LaunchedCapture {

    ClusterSensorSession session();

    Enricher enricher();

    @Override
    default EndpointNamer namer() {
        return enricher();
    }

    @Override
    default ClusterSnapshot snapshot() {
        return enricher().snapshot();
    }

    @Override
    default String retarget(String node, SubscribeRequest next) {
        return session().retarget(node, next);
    }

    @Override
    default Optional<LaunchBoard> board() {
        return Optional.of(session().board());
    }
}
