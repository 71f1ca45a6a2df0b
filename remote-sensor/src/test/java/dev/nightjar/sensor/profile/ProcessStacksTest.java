package dev.nightjar.sensor.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.sensor.symbols.SymbolizedFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessStacksTest {

    private static SymbolizedFrame user(String name) {
        return new SymbolizedFrame(name, FrameKind.FRAME_KIND_NATIVE);
    }

    private static SymbolizedFrame kernel(String name) {
        return new SymbolizedFrame(name, FrameKind.FRAME_KIND_KERNEL);
    }

    private static List<String> names(StackSamples s, int stack) {
        return s.getStacks(stack).getFramesList().stream().map(i -> s.getFrames(i).getName()).toList();
    }

    @Test
    void stacksAreRootFirstWithKernelFramesAtTheLeafEnd() {
        ProcessStacks stacks = new ProcessStacks();
        // As the stack map stores them: innermost first.
        stacks.add(List.of(user("write"), user("log"), user("main")),
                List.of(kernel("ext4_write"), kernel("vfs_write"), kernel("entry_SYSCALL_64")), 3);
        StackSamples s = stacks.toProto().build();
        assertThat(names(s, 0)).containsExactly("main", "log", "write", "entry_SYSCALL_64", "vfs_write", "ext4_write");
        assertThat(s.getStacks(0).getCount()).isEqualTo(3);
    }

    @Test
    void identicalStacksAddUpAndFramesAreSharedInTheTable() {
        ProcessStacks stacks = new ProcessStacks();
        stacks.add(List.of(user("spin"), user("main")), List.of(), 2);
        stacks.add(List.of(user("spin"), user("main")), List.of(), 5);
        stacks.add(List.of(user("other"), user("main")), List.of(), 1);
        StackSamples s = stacks.toProto().build();
        assertThat(s.getStacksCount()).isEqualTo(2);
        assertThat(s.getStacks(0).getCount()).isEqualTo(7);
        assertThat(s.getFramesList()).extracting(f -> f.getName()).containsExactly("main", "spin", "other");
        assertThat(names(s, 1)).containsExactly("main", "other");
    }

    @Test
    void theSameNameAsKernelAndUserFrameStaysTwoFrames() {
        ProcessStacks stacks = new ProcessStacks();
        stacks.add(List.of(user("memcpy")), List.of(kernel("memcpy")), 1);
        assertThat(stacks.toProto().build().getFramesCount()).isEqualTo(2);
    }
}
