package dev.nightjar.desktop.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the desktop checks of a chosen policy file before any sensor sees it. */
class PolicyFilesTest {

    private static final String SEED = """
            # the seed's policy
            apiVersion: cilium.io/v1alpha1
            kind: "TracingPolicy"
            metadata:
              name: sensitive-kernel-files
            spec:
              kprobes:
              - call: security_file_open
            """;

    @TempDir
    Path dir;

    @Test
    void aTracingPolicyIsReadAsIsInTheOrderChosen() throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), SEED);
        Path b = Files.writeString(dir.resolve("b.yml"), "---\n" + SEED.replace("TracingPolicy", "TracingPolicyNamespaced"));

        SecurityEvents read = PolicyFiles.read(List.of(a, b));

        assertThat(read.mode()).isEqualTo(SecurityEvents.Mode.POLICY_FILES);
        assertThat(read.files()).extracting(PolicyFile::name).containsExactly("a.yaml", "b.yml");
        assertThat(read.files().get(0).yaml()).isEqualTo(SEED);
        assertThat(read.target().orElseThrow().getPoliciesYamlCount()).isEqualTo(2);
    }

    @Test
    void whatIsNotATracingPolicyIsRefusedNamingTheFileAndWhy() throws Exception {
        assertRefused("pod.yaml", "apiVersion: v1\nkind: Pod\n", "Policy file pod.yaml refused: line 2: kind: 'Pod'"
                + " is not TracingPolicy.");
        assertRefused("nokind.yaml", "apiVersion: cilium.io/v1alpha1\nmetadata: {}\n",
                "no top-level 'kind: TracingPolicy' line");
        assertRefused("two.yaml", SEED + "---\n" + SEED, "it holds 2 YAML documents; put each policy in a file of its own");
        assertRefused("empty.yaml", "  \n", "Policy file empty.yaml refused: it is empty.");
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "kind: TracingPolicy # caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PolicyFiles.read(List.of(latin1))).hasMessageContaining("not UTF-8 text");
    }

    @Test
    void aFileLargerThanTheSensorTakesIsRefusedBeforeItIsRead() throws Exception {
        Path big = Files.writeString(dir.resolve("big.yaml"), SEED + "#" + "x".repeat(PolicyFiles.MAX_BYTES) + "\n");

        assertThatThrownBy(() -> PolicyFiles.read(List.of(big))).hasMessageContaining("big.yaml refused")
                .hasMessageContaining("a sensor accepts at most 262,144");
    }

    @Test
    void aMissingFileNoFileAndTooManyFilesAreRefused() {
        assertThatThrownBy(() -> PolicyFiles.read(List.of(dir.resolve("gone.yaml"))))
                .hasMessageContaining("Policy file gone.yaml refused: cannot read").hasMessageContaining("NoSuchFile");
        assertThatThrownBy(() -> PolicyFiles.read(List.of())).hasMessageContaining("No policy file chosen");
        assertThatThrownBy(() -> PolicyFiles.read(Collections.nCopies(PolicyFiles.MAX_FILES + 1, dir)))
                .hasMessageContaining("at most " + PolicyFiles.MAX_FILES);
    }

    private void assertRefused(String name, String text, String message) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        assertThatThrownBy(() -> PolicyFiles.read(List.of(file))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
