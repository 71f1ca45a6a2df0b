package dev.nightjar.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerIdsTest {

    private static final String ID = "8f4b2e6c1d3a5f7e9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a";
    private static final String KIND_NODE = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String UID = "3c1d6f2a-9b1e-4c1a-8f55-0f3e8a7d2b11";
    private static final String UID_ = UID.replace('-', '_');
    private static final String STATIC_UID = "0f2c3e1d4b5a69788796a5b4c3d2e1f0";

    static Stream<Arguments> paths() {
        return Stream.of(
                // path, container id (or ""), pod uid (or "")
                Arguments.of("systemd containerd burstable",
                        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope", ID, UID),
                Arguments.of("systemd containerd guaranteed",
                        "/kubepods.slice/kubepods-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope", ID, UID),
                Arguments.of("systemd CRI-O besteffort",
                        "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice/crio-" + ID + ".scope", ID, UID),
                Arguments.of("systemd CRI-O conmon is not the container",
                        "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice/crio-conmon-" + ID + ".scope", "", UID),
                Arguments.of("systemd Docker (cri-dockerd)",
                        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice/docker-" + ID + ".scope", ID, UID),
                Arguments.of("systemd static pod (hash uid)",
                        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + STATIC_UID + ".slice/cri-containerd-" + ID + ".scope", ID, STATIC_UID),
                Arguments.of("cgroupfs containerd burstable",
                        "/kubepods/burstable/pod" + UID + "/" + ID, ID, UID),
                Arguments.of("cgroupfs guaranteed",
                        "/kubepods/pod" + UID + "/" + ID, ID, UID),
                Arguments.of("cgroupfs CRI-O",
                        "/kubepods/besteffort/pod" + UID + "/crio-" + ID, ID, UID),
                Arguments.of("plain Docker, cgroupfs", "/docker/" + ID, ID, ""),
                Arguments.of("plain Docker, systemd", "/system.slice/docker-" + ID + ".scope", ID, ""),
                Arguments.of("Podman", "/machine.slice/libpod-" + ID + ".scope", ID, ""),
                Arguments.of("kind: pod inside a node container, innermost wins",
                        "/system.slice/docker-" + KIND_NODE + ".scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice"
                                + "/kubelet-kubepods-besteffort-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope", ID, UID),
                Arguments.of("a cgroup the container made below its own",
                        "/kubepods.slice/kubepods-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope/init", ID, UID),
                Arguments.of("seen from a private cgroup namespace",
                        "/../../kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope", ID, UID),
                Arguments.of("host service", "/system.slice/sshd.service", "", ""),
                Arguments.of("host session", "/user.slice/user-1000.slice/session-3.scope", "", ""),
                Arguments.of("root", "/", "", ""),
                Arguments.of("empty (no cgroup v2 line)", "", "", ""),
                Arguments.of("too short to be an id", "/docker/8f4b2e6c1d3a", "", ""),
                Arguments.of("upper case is not how runtimes write ids", "/docker/" + ID.toUpperCase(), "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void readsContainerIdAndPodUid(String shape, String path, String containerId, String podUid) {
        assertThat(ContainerIds.fromCgroupPath(path).orElse("")).isEqualTo(containerId);
        assertThat(ContainerIds.podUidFromCgroupPath(path).orElse("")).isEqualTo(podUid);
    }
}
