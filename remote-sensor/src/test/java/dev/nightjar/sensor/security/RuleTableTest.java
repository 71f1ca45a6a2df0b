package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.sensor.security.policy.DefaultPolicies;
import dev.nightjar.sensor.security.policy.PolicyParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the kernel's trie and masks get from the policies. */
class RuleTableTest {

    private static String fileRule(String name, String operator, String... values) {
        return "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: " + name + "\nspec:\n"
                + "  kprobes:\n  - call: security_file_open\n    args:\n    - index: 0\n      type: file\n"
                + "    selectors:\n    - matchArgs:\n      - index: 0\n        operator: " + operator + "\n"
                + "        values: [" + String.join(", ", values) + "]\n      matchActions:\n      - action: Post\n"
                + "        kernelStackTrace: true\n";
    }

    @Test
    void aLongerKeyCarriesTheBitsOfItsPrefixesAndEqualValuesOnlyTheirOwn() {
        RuleTable table = new RuleTable(List.of(
                PolicyParser.parse(fileRule("wide", "Prefix", "/proc/sys")),
                PolicyParser.parse(fileRule("narrow", "Prefix", "/proc/sys/kernel")),
                PolicyParser.parse(fileRule("exact", "Equal", "/proc/sys/kernel/hostname")),
                PolicyParser.parse(fileRule("suffix", "Postfix", ".key"))));
        assertThat(table.prefixEntries()).containsExactlyInAnyOrder(
                new RuleTable.PrefixEntry("/proc/sys", 0b1, 0),
                new RuleTable.PrefixEntry("/proc/sys/kernel", 0b11, 0),
                new RuleTable.PrefixEntry("/proc/sys/kernel/hostname", 0b11, 0b100));
        assertThat(table.allOpensMask()).as("Postfix needs every open").isEqualTo(0b1000);
        assertThat(table.kernelStackMask()).isEqualTo(0b1111);
        assertThat(table.userStackMask()).isZero();
    }

    @Test
    void moreFileSelectorsThanTheKernelMasksHoldAreRefused() {
        List<String> documents = new ArrayList<>();
        for (int i = 0; i <= RuleTable.MAX_FILE_SELECTORS; i++) {
            documents.add(fileRule("p" + i, "Prefix", "/x" + i));
        }
        assertThatThrownBy(() -> SecurityCollector.compile(documents)).hasMessage("policy p64: the policies in force"
                + " have more than 64 file-open selectors together; the kernel's masks hold 64");
    }

    @Test
    void twoDifferentPoliciesOfOneNameAreRefused() {
        assertThatThrownBy(() -> SecurityCollector.compile(List.of(fileRule("same", "Prefix", "/a"),
                fileRule("same", "Prefix", "/b")))).hasMessage("two different policies are named same; rename one"
                + " (metadata.name)");
        assertThat(SecurityCollector.compile(List.of(fileRule("same", "Prefix", "/a"), fileRule("same", "Prefix", "/a")))
                .policies()).hasSize(1);
    }

    @Test
    void theKernelSendsOnlyTheSyscallsAPolicyWatches() {
        assertThat(SecurityCollector.compile(List.of()).callMask()).as("no policy").isZero();
        assertThat(SecurityCollector.compile(DefaultPolicies.yaml()).callMask()).as("the default set").isEqualTo(
                bits("setuid", "setreuid", "setresuid", "capset", "setns", "unshare", "init_module", "finit_module"));
        String ptrace = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: tracers\nspec:\n"
                + "  kprobes:\n  - call: __x64_sys_ptrace\n    syscall: true\n";
        assertThat(SecurityCollector.compile(List.of(ptrace)).callMask()).isEqualTo(bits("ptrace"));
        assertThat(SecurityCollector.compile(List.of(fileRule("files", "Prefix", "/etc"))).callMask())
                .as("file opens need no syscall record").isZero();
    }

    private static int bits(String... calls) {
        int mask = 0;
        for (String call : calls) {
            mask |= 1 << SecurityRecords.CALLS.indexOf(call);
        }
        return mask;
    }
}
