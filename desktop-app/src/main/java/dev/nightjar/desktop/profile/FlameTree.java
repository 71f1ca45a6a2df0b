package dev.nightjar.desktop.profile;

import dev.nightjar.protocol.v1.FrameKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A merged call tree in flat arrays: one slot per distinct call path, never one
 * object per sample. Node 0 is the synthetic root ("all samples"); a parent
 * always has a smaller index than its children, so one forward pass visits
 * parents first. Children are stored sorted by name (the classic flame graph
 * order, and stable between refreshes).
 *
 * <p>Immutable once built, so the UI can lay it out while a newer one is built.
 */
public final class FlameTree {

    public static final int ROOT = 0;
    public static final String ROOT_NAME = "all";

    private final String[] names;
    private final int[] nameOf;
    private final byte[] kindOf;
    private final int[] parent;
    private final int[] depth;
    private final long[] self;
    private final long[] total;
    private final int[] childStart;
    private final int[] children;
    private final int maxDepth;
    private final boolean processRoots;
    // Made on the first substring search, then reused by every later one on this tree.
    private volatile String[] lowerCaseNames;

    FlameTree(String[] names, int[] nameOf, byte[] kindOf, int[] parent, int[] depth, long[] self, long[] total,
              int[] childStart, int[] children, int maxDepth, boolean processRoots) {
        this.names = names;
        this.nameOf = nameOf;
        this.kindOf = kindOf;
        this.parent = parent;
        this.depth = depth;
        this.self = self;
        this.total = total;
        this.childStart = childStart;
        this.children = children;
        this.maxDepth = maxDepth;
        this.processRoots = processRoots;
    }

    /** Whether the first row holds one frame per process (see {@link FlameTreeBuilder}). */
    public boolean hasProcessRoots() {
        return processRoots;
    }

    /** A frame that stands for a process, not for code. */
    public boolean isProcessFrame(int node) {
        return processRoots && depth[node] == 1;
    }

    /** Frames of code: every node but the root and the process frames. */
    public int codeFrames() {
        int processes = processRoots ? childCount(ROOT) : 0;
        return size() - 1 - processes;
    }

    public static FlameTree empty() {
        return new FlameTreeBuilder(FlameScope.ALL).build();
    }

    /** Number of nodes, the root included. */
    public int size() {
        return nameOf.length;
    }

    public long totalSamples() {
        return total[ROOT];
    }

    public String name(int node) {
        return names[nameOf[node]];
    }

    /** The interned name's id: equal names have equal ids within this tree. */
    public int nameId(int node) {
        return nameOf[node];
    }

    public int distinctNames() {
        return names.length;
    }

    public String nameById(int nameId) {
        return names[nameId];
    }

    /** Names in lower case (Locale.ROOT), by name id, for case-insensitive substring search. */
    String[] lowerCaseNames() {
        String[] lower = lowerCaseNames;
        if (lower == null) {
            lower = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                lower[i] = names[i].toLowerCase(java.util.Locale.ROOT);
            }
            lowerCaseNames = lower;
        }
        return lower;
    }

    public FrameKind kind(int node) {
        FrameKind kind = FrameKind.forNumber(kindOf[node]);
        return kind == null ? FrameKind.FRAME_KIND_UNKNOWN : kind;
    }

    /** The parent's index; -1 for the root. */
    public int parent(int node) {
        return parent[node];
    }

    /** 0 for the root, 1 for the outermost frames. */
    public int depth(int node) {
        return depth[node];
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Samples whose innermost frame is this node. */
    public long self(int node) {
        return self[node];
    }

    /** Samples whose stack passes through this node. */
    public long total(int node) {
        return total[node];
    }

    public int childCount(int node) {
        return childStart[node + 1] - childStart[node];
    }

    public int child(int node, int i) {
        return children[childStart[node] + i];
    }

    /** The child called {@code name}, or -1. Children are sorted by name, so this is a binary search. */
    public int childNamed(int node, String name) {
        int lo = childStart[node];
        int hi = childStart[node + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = names[nameOf[children[mid]]].compareTo(name);
            if (cmp < 0) {
                lo = mid + 1;
            } else if (cmp > 0) {
                hi = mid - 1;
            } else {
                return children[mid];
            }
        }
        return -1;
    }

    /** Frame names from the outermost frame down to {@code node}; empty for the root. */
    public List<String> pathOf(int node) {
        List<String> path = new ArrayList<>(depth[node]);
        for (int n = node; n != ROOT; n = parent[n]) {
            path.add(name(n));
        }
        return path.reversed();
    }

    /**
     * The node at the end of a path of frame names, or the deepest node on its
     * longest existing prefix (a zoomed frame may vanish when new data arrives).
     */
    public int find(List<String> path) {
        int node = ROOT;
        for (String name : path) {
            int next = childNamed(node, name);
            if (next < 0) {
                return node;
            }
            node = next;
        }
        return node;
    }

    public boolean isAncestorOrSelf(int ancestor, int node) {
        for (int n = node; n >= 0 && depth[n] >= depth[ancestor]; n = parent[n]) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "FlameTree[" + size() + " nodes, " + totalSamples() + " samples, depth " + maxDepth + "]";
    }

    static int[] sortedChildren(int[] parent, int[] nameOf, String[] names, int[] childStartOut) {
        int n = parent.length;
        int[] counts = new int[n + 1];
        for (int i = 1; i < n; i++) {
            counts[parent[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            counts[i + 1] += counts[i];
        }
        System.arraycopy(counts, 0, childStartOut, 0, n + 1);
        int[] fill = Arrays.copyOf(counts, n);
        Integer[] boxed = null;
        int[] children = new int[Math.max(0, n - 1)];
        for (int i = 1; i < n; i++) {
            children[fill[parent[i]]++] = i;
        }
        // Sort each sibling range by name; ranges are small, so boxing per range is cheap enough.
        for (int p = 0; p < n; p++) {
            int from = childStartOut[p];
            int to = childStartOut[p + 1];
            if (to - from > 1) {
                if (boxed == null || boxed.length < to - from) {
                    boxed = new Integer[Math.max(to - from, 16)];
                }
                for (int i = from; i < to; i++) {
                    boxed[i - from] = children[i];
                }
                Arrays.sort(boxed, 0, to - from, (a, b) -> names[nameOf[a]].compareTo(names[nameOf[b]]));
                for (int i = from; i < to; i++) {
                    children[i] = boxed[i - from];
                }
            }
        }
        return children;
    }
}
