package dev.nightjar.desktop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NodeWarningsTest {

    private static NodeSummary node(String kernel, String arch, boolean ready, Set<String> sessions) {
        return new NodeSummary("n1", ready, List.of(), kernel, "Ubuntu", arch, "containerd://1.7", 3, List.of(), sessions);
    }

    private static List<String> messages(NodeSummary n) {
        return NodeWarnings.check(n, Optional.empty()).stream().map(NodeWarning::message).toList();
    }

    /** kernel → how many features are missing, and the newest one that is (or "-" for none). */
    @ParameterizedTest
    @CsvSource(textBlock = """
            4.19.0-26-amd64,        4, BTF-based tracing (tp_btf)
            5.4.0-1103-aws,         4, needs 5.5
            5.5.0,                  3, needs 5.8
            5.10.209-198.858.amzn2, 2, the reason argument of skb:kfree_skb arrived in 5.17
            5.15.0-1057-azure,      2, needs 5.17
            5.17.0,                 1, sock:sock_send_length tracepoint arrived in 6.3
            6.2.16,                 1, needs 6.3
            6.3.0,                  0, -
            6.18.0-nightjar,        0, -
            10.0.1,                 0, -
            """)
    void kernelVersionsAreComparedNumericallyPerFeature(String kernel, int missing, String phrase) {
        List<String> warnings = messages(node(kernel, "amd64", true, Set.of()));
        assertThat(warnings).hasSize(missing);
        if (missing > 0) {
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains(phrase).contains("kernel " + kernel));
        }
    }

    @Test
    void anUnreadableKernelVersionIsANoteNotAGuess() {
        assertThat(NodeWarnings.check(node("unknown", "amd64", true, Set.of()), Optional.empty()))
                .singleElement().satisfies(w -> assertThat(w.kind()).isEqualTo(NodeWarning.Kind.NOTE));
    }

    @Test
    void architecturesWithoutAnImageBlock() {
        assertThat(messages(node("6.8.0", "s390x", true, Set.of())))
                .containsExactly("Node n1 is s390x; the sensor image is published for [amd64, arm64] only.");
        assertThat(messages(node("6.8.0", "arm64", true, Set.of()))).isEmpty();
    }

    @Test
    void notReadyBlocks() {
        assertThat(NodeWarnings.check(node("6.8.0", "amd64", false, Set.of()), Optional.empty()))
                .singleElement().satisfies(w -> {
                    assertThat(w.kind()).isEqualTo(NodeWarning.Kind.BLOCKING);
                    assertThat(w.message()).contains("NotReady");
                });
    }

    @Test
    void anotherSessionsSensorIsNotedButOurOwnIsNot() {
        NodeSummary n = node("6.8.0", "amd64", true, Set.of("mine", "theirs"));
        assertThat(NodeWarnings.check(n, Optional.of("mine"))).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("another session (theirs)"));
        assertThat(NodeWarnings.check(node("6.8.0", "amd64", true, Set.of("mine")), Optional.of("mine"))).isEmpty();
    }
}
