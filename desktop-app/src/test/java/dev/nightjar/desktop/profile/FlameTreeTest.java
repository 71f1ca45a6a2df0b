package dev.nightjar.desktop.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.FrameKind;
import dev.nightjar.protocol.v1.StackSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlameTreeTest {

    private static final String NODE_A = "worker-a";
    private static final String NODE_B = "worker-b";

    /** Two processes, two intervals (the second with its frame table in another order), one name under two parents. */
    private static FlameTree twoProcessesTwoIntervals(FlameScope scope) {
        FlameTreeBuilder builder = new FlameTreeBuilder(scope);
        builder.add(NODE_A, 1_000, SampleStacks.process(100, "api").container("c1")
                .kind("main", FrameKind.FRAME_KIND_JIT)
                .stack(3, "main", "handle", "parse")
                .stack(2, "main", "handle").build());
        builder.add(NODE_A, 2_000, SampleStacks.process(100, "api").container("c1").reversedTable()
                .kind("main", FrameKind.FRAME_KIND_JIT)
                .stack(4, "main", "handle", "parse").build());
        builder.add(NODE_B, 2_000, SampleStacks.process(200, "worker").container("")
                .kind("write", FrameKind.FRAME_KIND_KERNEL)
                .stack(1, "main", "flush")
                .stack(5, "main", "flush", "parse")
                .stack(6, "main", "flush", "write").build());
        return builder.build();
    }

    private static int at(FlameTree tree, String... path) {
        int node = tree.find(List.of(path));
        assertThat(tree.pathOf(node)).as("path exists").containsExactly(path);
        return node;
    }

    @Test
    void mergesEqualNamesUnderTheSameParentAcrossProcessesAndIntervals() {
        FlameTree tree = twoProcessesTwoIntervals(FlameScope.ALL);

        assertThat(tree.totalSamples()).isEqualTo(3 + 2 + 4 + 1 + 5 + 6);
        // root, main, handle, parse (under handle), flush, parse (under flush), write
        assertThat(tree.size()).isEqualTo(7);
        assertThat(tree.distinctNames()).as("interned: root + 5 names").isEqualTo(6);

        int main = at(tree, "main");
        assertThat(tree.total(main)).isEqualTo(21);
        assertThat(tree.self(main)).isZero();
        assertThat(tree.kind(main)).isEqualTo(FrameKind.FRAME_KIND_JIT);
        int handle = at(tree, "main", "handle");
        assertThat(tree.total(handle)).isEqualTo(9);
        assertThat(tree.self(handle)).isEqualTo(2);
        int parseUnderHandle = at(tree, "main", "handle", "parse");
        assertThat(tree.total(parseUnderHandle)).as("3 + 4 from two intervals, frame tables in different orders").isEqualTo(7);
        assertThat(tree.self(parseUnderHandle)).isEqualTo(7);
        int parseUnderFlush = at(tree, "main", "flush", "parse");
        assertThat(parseUnderFlush).as("same name, other parent: another node").isNotEqualTo(parseUnderHandle);
        assertThat(tree.total(parseUnderFlush)).isEqualTo(5);
        int flush = at(tree, "main", "flush");
        assertThat(tree.total(flush)).isEqualTo(12);
        assertThat(tree.self(flush)).isEqualTo(1);
        assertThat(tree.kind(at(tree, "main", "flush", "write"))).isEqualTo(FrameKind.FRAME_KIND_KERNEL);
        assertThat(tree.maxDepth()).isEqualTo(3);
        assertThat(tree.childCount(main)).isEqualTo(2);
        assertThat(tree.name(tree.child(main, 0))).as("children sorted by name").isEqualTo("flush");
        assertThat(tree.name(tree.child(main, 1))).isEqualTo("handle");
    }

    @Test
    void aStackPointingOutsideItsFrameTableIsKeptUnderAVisibleName() {
        FlameTreeBuilder builder = new FlameTreeBuilder(FlameScope.ALL);
        StackSamples broken = SampleStacks.process(1, "x").stack(2, "main").build().toBuilder()
                .addStacks(FoldedStack.newBuilder().addFrames(0).addFrames(42).setCount(3)).build();
        builder.add(NODE_A, 1, broken);
        FlameTree tree = builder.build();
        assertThat(tree.totalSamples()).isEqualTo(5);
        int invalid = tree.find(List.of("main", FlameTreeBuilder.INVALID_FRAME));
        assertThat(tree.name(invalid)).isEqualTo(FlameTreeBuilder.INVALID_FRAME);
        assertThat(tree.total(invalid)).isEqualTo(3);
    }

    @Test
    void scopeFiltersByNodeContainerProcessAndTimeWhileBuilding() {
        assertThat(twoProcessesTwoIntervals(FlameScope.ALL.withNode(NODE_B)).totalSamples()).isEqualTo(12);
        FlameTreeBuilder counting = new FlameTreeBuilder(FlameScope.ALL.withNode(NODE_A));
        counting.add(NODE_A, 1, SampleStacks.process(1, "a").stack(1, "x").build());
        counting.add(NODE_A, 2, SampleStacks.process(1, "a").stack(1, "x").build());
        counting.add(NODE_B, 2, SampleStacks.process(2, "b").stack(1, "x").build());
        assertThat(counting.messages()).isEqualTo(2);
        assertThat(counting.processes()).as("only processes in scope count").isEqualTo(1);
        assertThat(twoProcessesTwoIntervals(FlameScope.ALL.withContainerId("c1")).totalSamples()).isEqualTo(9);
        assertThat(twoProcessesTwoIntervals(FlameScope.ALL.withContainerId("")).totalSamples())
                .as("empty id: processes outside containers").isEqualTo(12);
        assertThat(twoProcessesTwoIntervals(FlameScope.ALL.withProcess(new ProcessKey(100, "api"))).totalSamples()).isEqualTo(9);
        assertThat(twoProcessesTwoIntervals(FlameScope.ALL.withProcess(new ProcessKey(100, "other"))).totalSamples())
                .as("a reused pid with another comm is another process").isZero();
        FlameTree firstInterval = twoProcessesTwoIntervals(FlameScope.ALL.withWindow(new TimeWindow(0, 1_000)));
        assertThat(firstInterval.totalSamples()).isEqualTo(5);
        assertThat(firstInterval.find(List.of("main", "flush"))).as("node-b's frames are not in the tree")
                .isEqualTo(firstInterval.find(List.of("main")));
    }

    @Test
    void searchCountsEachSampleOnceEvenWhenSeveralOfItsFramesMatch() {
        FlameTree tree = twoProcessesTwoIntervals(FlameScope.ALL);

        FlameMatch parseOrHandle = FlameSearch.regex("^(parse|handle)$").apply(tree);
        // handle (9, which holds 7 parse samples) + parse under flush (5)
        assertThat(parseOrHandle.matchedSamples()).isEqualTo(14);
        assertThat(parseOrHandle.share()).isEqualTo(14.0 / 21);
        assertThat(parseOrHandle.matches(at(tree, "main", "handle", "parse"))).isTrue();
        assertThat(parseOrHandle.matches(at(tree, "main", "flush"))).isFalse();

        FlameMatch everything = FlameSearch.substring("A").apply(tree);
        assertThat(everything.matchedSamples()).as("'main', 'handle', 'parse' all match; still 21").isEqualTo(21);
        assertThat(everything.share()).isEqualTo(1.0);

        FlameMatch literal = FlameSearch.substring("pa.se").apply(tree);
        assertThat(literal.isEmpty()).as("substring search takes '.' literally").isTrue();
        assertThat(literal.share()).isZero();

        assertThatThrownBy(() -> FlameSearch.regex("parse("))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a valid regular expression")
                .hasMessageContaining("untick Regex");
    }

    @Test
    void zoomFindsTheSubTreeOfARootPathAndFallsBackToItsLongestPrefix() {
        FlameTree tree = twoProcessesTwoIntervals(FlameScope.ALL);
        int flush = tree.find(List.of("main", "flush"));
        assertThat(tree.total(flush)).isEqualTo(12);
        assertThat(tree.isAncestorOrSelf(flush, at(tree, "main", "flush", "write"))).isTrue();
        assertThat(tree.isAncestorOrSelf(flush, at(tree, "main", "handle"))).isFalse();
        assertThat(tree.find(List.of("main", "flush", "gone"))).isEqualTo(flush);
        assertThat(tree.find(List.of())).isEqualTo(FlameTree.ROOT);

        FlameLayout zoomed = FlameLayout.of(tree, flush, 1200, FlameLayout.DEFAULT_MIN_WIDTH);
        int i = zoomed.indexOf(flush);
        assertThat(zoomed.x(i)).isZero();
        assertThat(zoomed.width(i)).as("the zoomed frame fills the width").isEqualTo(1200);
        assertThat(zoomed.width(zoomed.indexOf(FlameTree.ROOT))).as("ancestors stay as full-width context").isEqualTo(1200);
        int write = zoomed.indexOf(at(tree, "main", "flush", "write"));
        assertThat(zoomed.width(write)).isEqualTo(1200.0 * 6 / 12);
        assertThat(zoomed.indexOf(at(tree, "main", "handle"))).as("siblings of the zoomed frame are not drawn").isEqualTo(-1);
    }

    @Test
    void layoutSkipsFramesNarrowerThanHalfAPixelIntoOneEllipsisBlock() {
        FlameTreeBuilder builder = new FlameTreeBuilder(FlameScope.ALL);
        SampleStacks big = SampleStacks.process(1, "app").stack(990_000, "main", "hot");
        for (int i = 0; i < 1000; i++) {
            big.stack(10, "main", String.format("cold%04d", i));
        }
        builder.add(NODE_A, 1, big.build());
        FlameTree tree = builder.build();
        assertThat(tree.size()).isEqualTo(1003);

        FlameLayout layout = FlameLayout.of(tree, FlameTree.ROOT, 100, FlameLayout.DEFAULT_MIN_WIDTH);
        // root, main, hot, and one "…" of 1000 × 0.001 px = 1 px
        assertThat(layout.count()).isEqualTo(4);
        assertThat(layout.hiddenNodes()).isEqualTo(1000);
        int dots = 3;
        assertThat(layout.isElided(dots)).isTrue();
        assertThat(tree.name(layout.elidedParent(dots))).isEqualTo("main");
        assertThat(layout.width(dots)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(layout.x(dots)).as("after the drawn sibling").isCloseTo(99.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(layout.hit(99.5, 2)).isEqualTo(dots);
        assertThat(layout.hit(50, 2)).isEqualTo(layout.indexOf(tree.find(List.of("main", "hot"))));

        FlameLayout wide = FlameLayout.of(tree, FlameTree.ROOT, 100_000, FlameLayout.DEFAULT_MIN_WIDTH);
        assertThat(wide.count()).as("at 1 px each, every cold frame is drawn").isEqualTo(1003);
    }

    @Test
    void aHundredThousandFrameTreeLaysOutOnlyWhatCanBeSeen() {
        FlameTree tree = SyntheticProfile.tree(100_000, 7);
        assertThat(tree.size() - 1).isGreaterThanOrEqualTo(100_000);
        FlameLayout layout = FlameLayout.of(tree, FlameTree.ROOT, 1600, FlameLayout.DEFAULT_MIN_WIDTH);
        // Each row holds at most 1600 / 0.5 rectangles (frames plus "…" blocks).
        assertThat(layout.count()).isLessThanOrEqualTo((tree.maxDepth() + 1) * 3200);
        assertThat(layout.count()).isLessThan(tree.size() / 2);
        assertThat(layout.hiddenNodes()).as("tiny sub-trees cut off at their top").isPositive();
        for (int i = 0; i < layout.count(); i++) {
            assertThat(layout.width(i)).isGreaterThanOrEqualTo(FlameLayout.DEFAULT_MIN_WIDTH);
        }
    }
}
