package dev.nightjar.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hierarchy as ids (directory inodes): depths, ancestry, containers' cgroups, and when it is walked again. */
class CgroupTreeTest {

    private static final String CONTAINER = "0123456789abcdef".repeat(4);

    @TempDir
    Path root;

    private static long id(Path dir) throws Exception {
        return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
    }

    @Test
    void depthsAncestryAndContainersComeFromTheDirectories() throws Exception {
        Path pod = Files.createDirectories(root.resolve("kubepods.slice/kubepods-pod1.slice"));
        Path container = Files.createDirectories(pod.resolve("cri-containerd-" + CONTAINER + ".scope"));
        Path inner = Files.createDirectories(container.resolve("init"));
        Path other = Files.createDirectories(root.resolve("system.slice"));
        CgroupTree tree = new CgroupTree(root);

        assertThat(tree.depth(id(pod))).hasValue(2);
        assertThat(tree.depth(id(inner))).hasValue(4);
        assertThat(tree.isUnder(id(inner), id(pod))).isTrue();
        assertThat(tree.isUnder(id(container), id(container))).isTrue();
        assertThat(tree.isUnder(id(other), id(pod))).isFalse();
        assertThat(tree.isUnder(id(pod), id(inner))).isFalse();
        assertThat(tree.containerCgroups(CONTAINER)).containsExactly(id(container));
        assertThat(tree.containerCgroups("f".repeat(64))).isEmpty();
        assertThat(tree.depthMask(List.of(id(pod), id(container), 424242L, id(other))))
                .as("the pod and the container have cgroups below them; system.slice and an unknown id do not")
                .isEqualTo((1 << 2) | (1 << 3));
    }

    @Test
    void anUnknownIdWalksAgainAtMostOncePerSecond() throws Exception {
        AtomicLong now = new AtomicLong();
        CgroupTree tree = new CgroupTree(root, now::get);
        Files.createDirectories(root.resolve("a"));
        assertThat(tree.depth(id(root.resolve("a")))).hasValue(1);

        Path fresh = Files.createDirectories(root.resolve("b"));
        now.addAndGet(CgroupTree.REFRESH_NANOS / 2);
        assertThat(tree.depth(id(fresh))).as("walked half a second ago: not again yet").isEmpty();
        now.addAndGet(CgroupTree.REFRESH_NANOS);
        assertThat(tree.depth(id(fresh))).hasValue(1);
    }
}
