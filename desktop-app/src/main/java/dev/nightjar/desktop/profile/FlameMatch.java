package dev.nightjar.desktop.profile;

import java.util.BitSet;

/**
 * The frames a search matched and how many samples pass through at least one
 * of them (each sample counted once, however many of its frames match).
 */
public record FlameMatch(BitSet nodes, long matchedSamples, long totalSamples) {

    public static final FlameMatch NONE = new FlameMatch(new BitSet(), 0, 0);

    public boolean matches(int node) {
        return nodes.get(node);
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** Matched samples as a fraction of all samples in the tree, 0 when there are none. */
    public double share() {
        return totalSamples == 0 ? 0 : (double) matchedSamples / totalSamples;
    }
}
