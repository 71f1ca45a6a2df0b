package dev.nightjar.sensor.profile;

import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stacks of one process over one interval, folded over a frame table of its
 * own: identical frames share an index, identical stacks add their counts.
 */
final class ProcessStacks {

    private final Map<SymbolizedFrame, Integer> frameIndex = new LinkedHashMap<>();
    private final Map<List<Integer>, Long> stacks = new LinkedHashMap<>();

    /**
     * Adds samples of one stack. Frames come innermost first, as the stack map
     * stores them; the folded stack is root first: the outermost user frame,
     * down to the user leaf, then the kernel frames from the entry to the
     * kernel leaf (the order perf and flame graphs use).
     */
    void add(List<SymbolizedFrame> userInnermostFirst, List<SymbolizedFrame> kernelInnermostFirst, long count) {
        Integer[] path = new Integer[userInnermostFirst.size() + kernelInnermostFirst.size()];
        int at = 0;
        for (int i = userInnermostFirst.size() - 1; i >= 0; i--) {
            path[at++] = index(userInnermostFirst.get(i));
        }
        for (int i = kernelInnermostFirst.size() - 1; i >= 0; i--) {
            path[at++] = index(kernelInnermostFirst.get(i));
        }
        stacks.merge(List.of(path), count, Long::sum);
    }

    private int index(SymbolizedFrame frame) {
        return frameIndex.computeIfAbsent(frame, f -> frameIndex.size());
    }

    int stackCount() {
        return stacks.size();
    }

    /** Fills frames and stacks of the message; the caller sets who and when. */
    StackSamples.Builder toProto() {
        StackSamples.Builder samples = StackSamples.newBuilder();
        for (SymbolizedFrame frame : frameIndex.keySet()) {
            samples.addFrames(Frame.newBuilder().setName(frame.name()).setKind(frame.kind()));
        }
        for (Map.Entry<List<Integer>, Long> stack : stacks.entrySet()) {
            samples.addStacks(FoldedStack.newBuilder().addAllFrames(stack.getKey()).setCount(stack.getValue()));
        }
        return samples;
    }

    /** Per-interval memo of symbolized stacks, so a stack seen in many keys is named once. */
    static final class Memo {
        private final Map<Long, List<SymbolizedFrame>> byPidAndStack = new HashMap<>();

        List<SymbolizedFrame> get(int pid, int stackId, java.util.function.Supplier<List<SymbolizedFrame>> compute) {
            long key = ((long) pid << 32) | (stackId & 0xffffffffL);
            List<SymbolizedFrame> known = byPidAndStack.get(key);
            if (known == null) {
                known = compute.get();
                byPidAndStack.put(key, known);
            }
            return known;
        }
    }
}
