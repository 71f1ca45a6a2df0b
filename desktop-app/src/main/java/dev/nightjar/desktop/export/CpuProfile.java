package dev.nightjar.desktop.export;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU samples of a window added up per process and stack, with frame names resolved:
 * what the folded-stack and speedscope exports both write. Each StackSamples message
 * carries its own frame table; its stacks are root-first indexes into it.
 */
public final class CpuProfile {

    /** One sampled process on one node. */
    public record Process(String node, int pid, String comm) {
        public String title() {
            return comm + " (pid " + pid + ") on " + node;
        }
    }

    private final Map<Process, Map<List<String>, Long>> stacks;

    private CpuProfile(Map<Process, Map<List<String>, Long>> stacks) {
        this.stacks = stacks;
    }

    public static CpuProfile of(CaptureStore store, TimeWindow window) {
        Map<Process, Map<List<String>, Long>> stacks = new LinkedHashMap<>();
        for (String node : store.nodeNames()) {
            for (SensorEvent event : store.node(node).map(n -> n.events(PayloadKind.STACKS, window)).orElse(List.of())) {
                add(stacks, event);
            }
        }
        return new CpuProfile(stacks);
    }

    private static void add(Map<Process, Map<List<String>, Long>> all, SensorEvent event) {
        StackSamples s = event.getStacks();
        Map<List<String>, Long> process = all.computeIfAbsent(new Process(event.getNode(), s.getPid(), s.getComm()),
                k -> new LinkedHashMap<>());
        for (FoldedStack stack : s.getStacksList()) {
            List<String> names = new ArrayList<>(stack.getFramesCount());
            for (int index : stack.getFramesList()) {
                // A frame index outside the table is damage; it stays visible instead of failing the export.
                names.add(index >= 0 && index < s.getFramesCount() ? s.getFrames(index).getName() : "[bad frame " + index + "]");
            }
            process.merge(List.copyOf(names), stack.getCount(), Long::sum);
        }
    }

    /** Processes by total samples, largest first. */
    public List<Process> processes() {
        return stacks.keySet().stream().sorted(Comparator.comparingLong(this::total).reversed()).toList();
    }

    /** A process's stacks (root first) and their sample counts, in first-seen order. */
    public Map<List<String>, Long> stacks(Process process) {
        return stacks.getOrDefault(process, Map.of());
    }

    public long total(Process process) {
        return stacks(process).values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean isEmpty() {
        return stacks.isEmpty();
    }
}
