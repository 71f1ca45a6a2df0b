package dev.nightjar.desktop.syscalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerPodsTest {

    private static Pod pod(String ns, String name, String... containerIds) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata();
        var status = b.withNewStatus();
        for (String id : containerIds) {
            status.addNewContainerStatus().withName("c").withContainerID(id).endContainerStatus();
        }
        return status.endStatus().build();
    }

    @Test
    void namesThePodOfAContainerWhateverTheRuntimePrefix() {
        ContainerPods pods = ContainerPods.of(List.of(
                pod("shop", "frontend-1", "containerd://aaa111", "containerd://aaa222"),
                pod("db", "pg-0", "cri-o://bbb111"),
                pod("x", "pending")));
        assertThat(pods.size()).isEqualTo(3);
        assertThat(pods.podOf("aaa222")).contains("shop/frontend-1");
        assertThat(pods.podOf("bbb111")).contains("db/pg-0");
        assertThat(pods.podOf("containerd://aaa111")).contains("shop/frontend-1");
        assertThat(pods.podOf("zzz")).isEmpty();
        assertThat(pods.podOf("")).isEmpty();
    }
}
