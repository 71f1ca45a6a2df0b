package dev.nightjar.sensor.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * The cgroup v2 hierarchy as ids (a cgroup's id is its directory's inode): each
 * cgroup's parent and depth, and which cgroups belong to a container. What a
 * target that names a pod's cgroup needs: the kernel matches a task against the
 * ancestor at the selected cgroup's depth, and user space asks whether an event's
 * cgroup lies under a selected one.
 *
 * <p>A snapshot, taken by walking the hierarchy: at most {@value #MAX_CGROUPS}
 * directories, {@value #MAX_DEPTH} levels deep. An id the snapshot does not know
 * (a cgroup made since) makes the next question walk again, at most once per
 * {@link #REFRESH_NANOS} ns, so a flood of unknown ids costs one walk a second.
 * Thread-safe.
 */
public final class CgroupTree {

    public static final int MAX_DEPTH = 16;
    static final int MAX_CGROUPS = 65_536;
    static final long REFRESH_NANOS = 1_000_000_000L;
    private static final long UNKNOWN = -1;

    private final Path root;
    private final LongSupplier clock;
    private Snapshot snapshot = new Snapshot(Map.of(), Map.of());
    private long walkedAt;
    private boolean walked;

    public CgroupTree(Path cgroupRoot) {
        this(cgroupRoot, System::nanoTime);
    }

    CgroupTree(Path cgroupRoot, LongSupplier clock) {
        this.root = cgroupRoot;
        this.clock = clock;
    }

    private record Node(long parent, int depth) {
    }

    private record Snapshot(Map<Long, Node> nodes, Map<String, List<Long>> byName) {
    }

    /** The depth of a cgroup (the root is 0), or empty when no cgroup has this id. */
    public synchronized OptionalInt depth(long cgroupId) {
        Node node = lookup(cgroupId);
        return node == null ? OptionalInt.empty() : OptionalInt.of(node.depth());
    }

    /**
     * The depths of those of these cgroups that have cgroups below them, as a bit set (bit n: one is at
     * depth n, 0 &lt; n &lt; {@value #MAX_DEPTH}): what the kernel's task filter takes to look a task's
     * ancestor up at each (nj_task_in_cgroups). A cgroup with nothing below it (a container's, or one
     * not found) adds nothing: it matches its own tasks exactly, and every task of the node is spared
     * the ancestor lookup. A pod's cgroup has its containers' below it from the start.
     */
    public synchronized int depthMask(Collection<Long> cgroupIds) {
        int mask = 0;
        for (long id : cgroupIds) {
            Node node = lookup(id);
            if (node != null && node.depth() > 0 && node.depth() < MAX_DEPTH && hasChildren(id)) {
                mask |= 1 << node.depth();
            }
        }
        return mask;
    }

    private boolean hasChildren(long id) {
        return snapshot.nodes().values().stream().anyMatch(n -> n.parent() == id);
    }

    /** Whether {@code cgroupId} is {@code ancestorId} or lies below it. Unknown ids are under nothing but themselves. */
    public synchronized boolean isUnder(long cgroupId, long ancestorId) {
        if (cgroupId == ancestorId) {
            return true;
        }
        Node node = lookup(cgroupId);
        for (int hops = 0; node != null && hops <= MAX_DEPTH; hops++) {
            if (node.parent() == ancestorId) {
                return true;
            }
            node = node.parent() == UNKNOWN ? null : snapshot.nodes().get(node.parent());
        }
        return false;
    }

    /**
     * The cgroups of a container, by its runtime id (64 hex): the directories whose
     * name holds it ({@code cri-containerd-ID.scope}, {@code crio-ID.scope},
     * {@code docker-ID.scope}, or {@code ID} under the cgroupfs driver). Empty when
     * the container is not on this node.
     */
    public synchronized List<Long> containerCgroups(String containerId) {
        List<Long> ids = snapshot.byName().get(containerId);
        if (ids == null && refreshAllowed()) {
            walk();
            ids = snapshot.byName().get(containerId);
        }
        return ids == null ? List.of() : ids;
    }

    private Node lookup(long cgroupId) {
        Node node = snapshot.nodes().get(cgroupId);
        if (node == null && refreshAllowed()) {
            walk();
            node = snapshot.nodes().get(cgroupId);
        }
        return node;
    }

    private boolean refreshAllowed() {
        return !walked || clock.getAsLong() - walkedAt >= REFRESH_NANOS;
    }

    /** Breadth first, so a hierarchy too big to walk keeps its upper levels, where pods are. */
    private void walk() {
        walked = true;
        walkedAt = clock.getAsLong();
        Map<Long, Node> nodes = new HashMap<>();
        Map<String, List<Long>> byName = new HashMap<>();
        Deque<Path> pending = new ArrayDeque<>();
        Deque<Long> parents = new ArrayDeque<>();
        long rootId = inode(root);
        if (rootId == UNKNOWN) {
            snapshot = new Snapshot(Map.of(), Map.of());
            return;
        }
        nodes.put(rootId, new Node(UNKNOWN, 0));
        pending.add(root);
        parents.add(rootId);
        while (!pending.isEmpty() && nodes.size() < MAX_CGROUPS) {
            Path dir = pending.poll();
            long dirId = parents.poll();
            int depth = nodes.get(dirId).depth() + 1;
            if (depth > MAX_DEPTH) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
                for (Path child : children) {
                    long id = inode(child);
                    if (id == UNKNOWN || nodes.size() >= MAX_CGROUPS) {
                        continue;
                    }
                    nodes.put(id, new Node(dirId, depth));
                    String container = ContainerIds.fromCgroupPath("/" + child.getFileName()).orElse(null);
                    if (container != null) {
                        byName.computeIfAbsent(container, c -> new ArrayList<>()).add(id);
                    }
                    pending.add(child);
                    parents.add(id);
                }
            } catch (IOException | SecurityException e) {
                // a cgroup removed while walking, or not readable: its subtree is left out
            }
        }
        snapshot = new Snapshot(nodes, byName);
    }

    private static long inode(Path dir) {
        try {
            return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return UNKNOWN;
        }
    }
}
