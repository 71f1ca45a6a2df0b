package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.cluster.ClusterSnapshot.PodRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The index's naming rules where no informer is needed: owners not (yet) known, cgroup parsing. */
class EndpointIndexTest {

    private static PodRecord rsPod(String name, String ip, String replicaSet, String hash) {
        return new PodRecord("shop", name, "", "node-a", false, List.of(ip), Map.of("pod-template-hash", hash),
                "ReplicaSet", replicaSet, hash, List.of(), List.of());
    }

    @Test
    void aDeploymentIsNamedFromTheTemplateHashWhenItsReplicaSetIsNotKnown() {
        EndpointIndex index = new EndpointIndex();
        index.putPod(rsPod("web-7d9f8c6b5-x2x9q", "10.0.0.1", "web-7d9f8c6b5", "7d9f8c6b5"));
        EndpointIdentity id = index.identify("10.0.0.1", 80).orElseThrow();
        assertThat(id.workloadKind()).isEqualTo("Deployment");
        assertThat(id.workload()).isEqualTo("web");
    }

    @Test
    void aReplicaSetWithoutADeploymentIsItsOwnWorkload() {
        EndpointIndex index = new EndpointIndex();
        index.putOwner(new ClusterSnapshot.OwnerRecord("ReplicaSet", "shop", "legacy-rs", "", ""));
        index.putPod(rsPod("legacy-rs-abcde", "10.0.0.2", "legacy-rs", ""));
        EndpointIdentity id = index.identify("10.0.0.2", 80).orElseThrow();
        assertThat(id.workloadKind()).isEqualTo("ReplicaSet");
        assertThat(id.workload()).isEqualTo("legacy-rs");
    }

    @Test
    void anIndexBuiltFromItsOwnSnapshotNamesTheSame() {
        EndpointIndex live = new EndpointIndex();
        live.putPod(rsPod("web-7d9f8c6b5-x2x9q", "10.0.0.1", "web-7d9f8c6b5", "7d9f8c6b5"));
        live.putService(new ClusterSnapshot.ServiceRecord("shop", "web", Map.of(), List.of("10.96.0.1"),
                List.of(new ClusterSnapshot.PortRecord("http", 80, "TCP"))));
        EndpointIndex offline = EndpointIndex.of(live.snapshot());
        for (String ip : List.of("10.0.0.1", "10.96.0.1", "10.9.9.9")) {
            assertThat(offline.name(ip, 80)).isEqualTo(live.name(ip, 80));
        }
        assertThat(offline.name("10.96.0.1", 80).service()).isEqualTo("web");
    }

    @Test
    void cgroupPathsGivePodUidsAndContainerIdsForEachRuntimeLayout() {
        String id = "ab".repeat(32);
        String uid = "0d5c3b1e-8f2a-4c6d-9e7f-1a2b3c4d5e6f";
        assertThat(CgroupPaths.podUid("/kubepods.slice/kubepods-pod" + uid.replace('-', '_') + ".slice/crio-" + id
                + ".scope")).contains(uid);
        assertThat(CgroupPaths.containerId("/kubepods.slice/kubepods-pod" + uid.replace('-', '_') + ".slice/crio-" + id
                + ".scope")).contains(id);
        assertThat(CgroupPaths.podUid("/kubepods/burstable/pod" + uid + "/" + id)).contains(uid);
        assertThat(CgroupPaths.containerId("/kubepods/burstable/pod" + uid + "/" + id)).contains(id);
        assertThat(CgroupPaths.containerId("/docker/" + id)).contains(id);
        assertThat(CgroupPaths.podUid("/user.slice/user-1000.slice/session-3.scope")).isEmpty();
        assertThat(CgroupPaths.containerId("/user.slice/user-1000.slice/session-3.scope")).isEmpty();
    }
}
