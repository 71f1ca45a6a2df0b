package dev.nightjar.desktop.profile;

import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.Frame;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built {@link StackSamples} as the sensor sends them: a frame table local
 * to the message and folded stacks of indexes into it, root first. Frames are
 * native unless given a kind; {@link #reversedTable()} lays the table out in
 * another order, as a different interval's message would.
 */
public final class SampleStacks {

    private final StackSamples.Builder message = StackSamples.newBuilder();
    private final Map<String, FrameKind> kinds = new HashMap<>();
    private final List<Map.Entry<List<String>, Long>> stacks = new ArrayList<>();
    private boolean reversed;

    private SampleStacks(int pid, String comm) {
        message.setPid(pid).setComm(comm).setFrequencyHz(99);
    }

    public static SampleStacks process(int pid, String comm) {
        return new SampleStacks(pid, comm);
    }

    public SampleStacks container(String id) {
        message.setContainerId(id);
        return this;
    }

    public SampleStacks kind(String frame, FrameKind kind) {
        kinds.put(frame, kind);
        return this;
    }

    /** One folded stack, frames from the outermost caller inwards. */
    public SampleStacks stack(long count, String... frames) {
        stacks.add(Map.entry(List.of(frames), count));
        return this;
    }

    public SampleStacks reversedTable() {
        reversed = true;
        return this;
    }

    public StackSamples build() {
        LinkedHashMap<String, Integer> table = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (var s : stacks) {
            for (String f : s.getKey()) {
                if (!order.contains(f)) {
                    order.add(f);
                }
            }
        }
        if (reversed) {
            order = order.reversed();
        }
        for (String f : order) {
            table.put(f, table.size());
            message.addFrames(Frame.newBuilder().setName(f).setKind(kinds.getOrDefault(f, FrameKind.FRAME_KIND_NATIVE)));
        }
        for (var s : stacks) {
            FoldedStack.Builder folded = FoldedStack.newBuilder().setCount(s.getValue());
            s.getKey().forEach(f -> folded.addFrames(table.get(f)));
            message.addStacks(folded);
        }
        return message.build();
    }

    /** The message as a store event from {@code node}, its interval ending at {@code timestampNs}. */
    public SensorEvent event(String node, long sequence, long timestampNs) {
        return SensorEvent.newBuilder().setNode(node).setSequence(sequence).setTimestampNs(timestampNs)
                .setStacks(build().toBuilder().setIntervalEndNs(timestampNs).setIntervalStartNs(timestampNs - 1_000_000_000L))
                .build();
    }
}
