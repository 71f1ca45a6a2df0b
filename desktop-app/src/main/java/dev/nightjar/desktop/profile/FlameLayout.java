package dev.nightjar.desktop.profile;

import java.util.Arrays;

/**
 * Where each visible frame goes for a viewport width: x and width in pixels and
 * the row (the node's depth). The focused node and its ancestors span the whole
 * width; a child narrower than {@code minWidth} is not laid out, its width is
 * added to one "…" block at the end of its siblings, so a tree with 100,000
 * frames yields only as many rectangles as can be seen.
 */
public final class FlameLayout {

    /** Rectangles narrower than this (in pixels) are merged into their parent's "…". */
    public static final double DEFAULT_MIN_WIDTH = 0.5;

    private final FlameTree tree;
    private final int focus;
    private final double width;
    private int count;
    private int[] node = new int[256];
    private double[] x = new double[256];
    private double[] w = new double[256];
    private int[] row = new int[256];
    private int hiddenNodes;

    private FlameLayout(FlameTree tree, int focus, double width) {
        this.tree = tree;
        this.focus = focus;
        this.width = width;
    }

    /**
     * @param focus the zoomed node ({@link FlameTree#ROOT} when not zoomed)
     * @param width viewport width in pixels
     */
    public static FlameLayout of(FlameTree tree, int focus, double width, double minWidth) {
        FlameLayout layout = new FlameLayout(tree, focus, width);
        layout.compute(minWidth);
        return layout;
    }

    private void compute(double minWidth) {
        if (tree.total(focus) == 0 || width <= 0) {
            return;
        }
        int[] ancestors = new int[tree.depth(focus)];
        for (int n = tree.parent(focus), i = ancestors.length - 1; n >= 0; n = tree.parent(n), i--) {
            ancestors[i] = n;
        }
        for (int a : ancestors) {
            add(a, 0, width, tree.depth(a));
        }
        double scale = width / tree.total(focus);
        // Explicit stack of layout indexes to expand: deep stacks must not overflow the Java stack.
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = add(focus, 0, width, tree.depth(focus));
        while (top > 0) {
            int entry = stack[--top];
            int parent = node[entry];
            double next = x[entry];
            double hidden = 0;
            int childRow = row[entry] + 1;
            for (int i = 0; i < tree.childCount(parent); i++) {
                int child = tree.child(parent, i);
                double childWidth = tree.total(child) * scale;
                if (childWidth < minWidth) {
                    hidden += childWidth;
                    hiddenNodes++;
                    continue;
                }
                int added = add(child, next, childWidth, childRow);
                next += childWidth;
                if (tree.childCount(child) > 0) {
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                    }
                    stack[top++] = added;
                }
            }
            if (hidden >= minWidth) {
                add(-1 - parent, next, hidden, childRow);
            }
        }
    }

    private int add(int n, double left, double span, int r) {
        if (count == node.length) {
            int capacity = count * 2;
            node = Arrays.copyOf(node, capacity);
            x = Arrays.copyOf(x, capacity);
            w = Arrays.copyOf(w, capacity);
            row = Arrays.copyOf(row, capacity);
        }
        node[count] = n;
        x[count] = left;
        w[count] = span;
        row[count] = r;
        return count++;
    }

    public FlameTree tree() {
        return tree;
    }

    public int focus() {
        return focus;
    }

    public double width() {
        return width;
    }

    /** Rectangles to draw. */
    public int count() {
        return count;
    }

    /** The tree node of rectangle {@code i}; for a "…" block, {@code -1 - parentNode}. */
    public int node(int i) {
        return node[i];
    }

    public boolean isElided(int i) {
        return node[i] < 0;
    }

    /** For a "…" block, the node whose tiny children it stands for. */
    public int elidedParent(int i) {
        return -1 - node[i];
    }

    public double x(int i) {
        return x[i];
    }

    public double width(int i) {
        return w[i];
    }

    /** The depth of the rectangle's node: 0 is the root row. */
    public int row(int i) {
        return row[i];
    }

    /** Rows in use, i.e. the deepest row plus one. */
    public int rows() {
        int rows = 0;
        for (int i = 0; i < count; i++) {
            rows = Math.max(rows, row[i] + 1);
        }
        return rows;
    }

    /** Nodes too narrow to draw on their own. */
    public int hiddenNodes() {
        return hiddenNodes;
    }

    /** The rectangle index of a tree node, or -1 when it is not laid out. */
    public int indexOf(int treeNode) {
        for (int i = 0; i < count; i++) {
            if (node[i] == treeNode) {
                return i;
            }
        }
        return -1;
    }

    /** The rectangle at pixel {@code px} on row {@code r}, or -1. */
    public int hit(double px, int r) {
        for (int i = 0; i < count; i++) {
            if (row[i] == r && px >= x[i] && px < x[i] + w[i]) {
                return i;
            }
        }
        return -1;
    }
}
