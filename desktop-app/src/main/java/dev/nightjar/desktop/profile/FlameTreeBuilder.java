package dev.nightjar.desktop.profile;

import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Merges many {@link StackSamples} (any processes, nodes and intervals) into one
 * {@link FlameTree}: equal frame names under the same parent become one node.
 * Samples outside the scope are skipped here, so a narrow scope builds a small tree.
 *
 * <p>With a root-frame namer, every stack starts with a frame for its process (e.g.
 * "shop/cart-0 · java (4242)"): on a node with hundreds of processes the graph's first
 * row says whose time it is, and clicking one zooms into that process.
 */
public final class FlameTreeBuilder {

    /** Shown for a stack that refers to a frame its message does not carry (a sensor bug). */
    static final String INVALID_FRAME = "[invalid frame index]";

    private final FlameScope scope;
    private final Map<String, Integer> nameIds = new HashMap<>();
    private String[] names = new String[64];
    private final ChildIndex childIndex = new ChildIndex();
    private int size;
    private int[] nameOf = new int[1024];
    private byte[] kindOf = new byte[1024];
    private int[] parent = new int[1024];
    private int[] depth = new int[1024];
    private long[] self = new long[1024];
    private long[] total = new long[1024];
    private int maxDepth;
    private long messages;
    private final java.util.Set<ProcessKey> processes = new java.util.HashSet<>();
    private final java.util.function.Function<StackSamples, String> rootFrame;

    public FlameTreeBuilder(FlameScope scope) {
        this(scope, null);
    }

    /** @param rootFrame names the frame each message's stacks hang under (its process); null for none */
    public FlameTreeBuilder(FlameScope scope, java.util.function.Function<StackSamples, String> rootFrame) {
        this.scope = scope;
        this.rootFrame = rootFrame;
        newNode(-1, intern(FlameTree.ROOT_NAME), FrameKind.FRAME_KIND_UNSPECIFIED, 0);
    }

    /** Tree nodes so far, the root included: what a caller bounds to keep a build's memory in check. */
    public int size() {
        return size;
    }

    /** Adds one message if it is in scope; returns whether it was. */
    public boolean add(String node, long timestampNs, StackSamples samples) {
        if (!scope.includes(node, timestampNs, samples)) {
            return false;
        }
        messages++;
        processes.add(new ProcessKey(samples.getPid(), samples.getComm()));
        int frameCount = samples.getFramesCount();
        int[] localName = new int[frameCount];
        FrameKind[] localKind = new FrameKind[frameCount];
        for (int i = 0; i < frameCount; i++) {
            Frame frame = samples.getFrames(i);
            localName[i] = intern(frame.getName());
            localKind[i] = frame.getKind();
        }
        int invalidName = -1;
        int processName = rootFrame == null ? -1 : intern(rootFrame.apply(samples));
        for (FoldedStack stack : samples.getStacksList()) {
            long count = stack.getCount();
            if (count == 0) {
                continue;
            }
            int at = FlameTree.ROOT;
            total[at] += count;
            if (processName >= 0) {
                at = childOf(at, processName, FrameKind.FRAME_KIND_UNSPECIFIED);
                total[at] += count;
            }
            for (int i = 0; i < stack.getFramesCount(); i++) {
                int local = stack.getFrames(i);
                int name;
                FrameKind kind;
                if (local >= 0 && local < frameCount) {
                    name = localName[local];
                    kind = localKind[local];
                } else {
                    if (invalidName < 0) {
                        invalidName = intern(INVALID_FRAME);
                    }
                    name = invalidName;
                    kind = FrameKind.FRAME_KIND_UNKNOWN;
                }
                at = childOf(at, name, kind);
                total[at] += count;
            }
            self[at] += count;
        }
        return true;
    }

    /** Messages accepted so far. */
    public long messages() {
        return messages;
    }

    /** Distinct processes (pid + comm) among the accepted messages. */
    public int processes() {
        return processes.size();
    }

    public FlameTree build() {
        String[] nameTable = Arrays.copyOf(names, nameIds.size());
        int[] nameOfNode = Arrays.copyOf(nameOf, size);
        int[] parentOf = Arrays.copyOf(parent, size);
        int[] childStart = new int[size + 1];
        int[] children = FlameTree.sortedChildren(parentOf, nameOfNode, nameTable, childStart);
        return new FlameTree(nameTable, nameOfNode, Arrays.copyOf(kindOf, size), parentOf,
                Arrays.copyOf(depth, size), Arrays.copyOf(self, size), Arrays.copyOf(total, size),
                childStart, children, maxDepth, rootFrame != null);
    }

    private int childOf(int at, int name, FrameKind kind) {
        int existing = childIndex.get(at, name);
        if (existing >= 0) {
            return existing;
        }
        int created = newNode(at, name, kind, depth[at] + 1);
        childIndex.put(at, name, created);
        return created;
    }

    private int intern(String name) {
        Integer id = nameIds.get(name);
        if (id != null) {
            return id;
        }
        int next = nameIds.size();
        if (next == names.length) {
            names = Arrays.copyOf(names, next * 2);
        }
        names[next] = name;
        nameIds.put(name, next);
        return next;
    }

    private int newNode(int parentNode, int name, FrameKind kind, int nodeDepth) {
        if (size == nameOf.length) {
            int capacity = size * 2;
            nameOf = Arrays.copyOf(nameOf, capacity);
            kindOf = Arrays.copyOf(kindOf, capacity);
            parent = Arrays.copyOf(parent, capacity);
            depth = Arrays.copyOf(depth, capacity);
            self = Arrays.copyOf(self, capacity);
            total = Arrays.copyOf(total, capacity);
        }
        int node = size++;
        nameOf[node] = name;
        kindOf[node] = (byte) (kind == FrameKind.UNRECOGNIZED ? FrameKind.FRAME_KIND_UNKNOWN_VALUE : kind.getNumber());
        parent[node] = parentNode;
        depth[node] = nodeDepth;
        maxDepth = Math.max(maxDepth, nodeDepth);
        return node;
    }
}
