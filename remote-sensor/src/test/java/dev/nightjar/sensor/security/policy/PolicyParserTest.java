package dev.nightjar.sensor.security.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

    private static String seed() {
        try (InputStream in = PolicyParserTest.class.getResourceAsStream("/security/seed-policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSeedPolicyParsesIntoAFileOpenRuleWithItsSelector() {
        SecurityPolicy policy = PolicyParser.parse(seed());
        assertThat(policy.name()).isEqualTo("sensitive-kernel-files");
        PolicyRule rule = policy.rules().getFirst();
        assertThat(rule.hook()).isEqualTo(Hook.FILE_OPEN);
        assertThat(rule.severity()).isEqualTo("warning");
        Selector selector = rule.selectors().getFirst();
        assertThat(selector.args()).singleElement().satisfies(a -> {
            assertThat(a.operator()).isEqualTo(ArgOperator.PREFIX);
            assertThat(a.values()).containsExactly("/proc/sys/kernel", "/sys/kernel");
            assertThat(a.test("/proc/sys/kernel/hostname")).isTrue();
            assertThat(a.test("/proc/sys/net/ipv4/ip_forward")).isFalse();
        });
        assertThat(selector.namespaces()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(NamespaceType.NET);
            assertThat(n.in()).isFalse();
            assertThat(n.hostNs()).isTrue();
        });
        assertThat(selector.kernelStack()).isTrue();
        assertThat(selector.userStack()).isTrue();
    }

    @Test
    void everyDefaultPolicyParses() {
        List<String> documents = DefaultPolicies.yaml();
        assertThat(documents).hasSize(DefaultPolicies.NAMES.size());
        assertThat(PolicySet.names(documents)).containsExactlyElementsOf(DefaultPolicies.NAMES);
        assertThat(PolicySet.resolve(List.of())).isEqualTo(documents);
    }

    @Test
    void callsMapOntoHooksWithOrWithoutTheArchitecturePrefix() {
        assertThat(Hook.ofCall("security_bprm_check")).contains(Hook.EXEC);
        assertThat(Hook.ofCall("__x64_sys_setns")).contains(Hook.NAMESPACE);
        assertThat(Hook.ofCall("__arm64_sys_finit_module")).contains(Hook.SENSITIVE_SYSCALL);
        assertThat(Hook.ofCall("commit_creds")).contains(Hook.PRIVILEGE);
        assertThat(Hook.ofCall("__x64_sys_exit_group")).contains(Hook.EXIT);
        assertThat(Hook.syscallOf("__x64_sys_unshare")).isEqualTo("unshare");
        assertThat(Hook.ofCall("tcp_connect")).contains(Hook.CONNECT); // unmapped until outbound connects came
        assertThat(Hook.ofCall("tcp_sendmsg")).isEmpty();
    }

    @Test
    void anUnknownFieldIsRefusedWithItsLineAndPath() {
        String yaml = seed().replace("      matchActions:", "      matchReturnArgs: []\n      matchActions:");
        assertThatThrownBy(() -> PolicyParser.parse(yaml)).isInstanceOf(PolicyException.class)
                .hasMessage("line 25, spec.kprobes[0].selectors[0].matchReturnArgs: field 'matchReturnArgs' is not in"
                        + " the subset this sensor runs (known here: matchActions, matchArgs, matchBinaries,"
                        + " matchCapabilities, matchNamespaces)");
    }

    @Test
    void anUnsupportedOperatorIsRefused() {
        String yaml = seed().replace("operator: \"Prefix\"", "operator: \"Mask\"");
        assertThatThrownBy(() -> PolicyParser.parse(yaml)).hasMessage("line 16,"
                + " spec.kprobes[0].selectors[0].matchArgs[0].operator: operator 'Mask' is not in the subset"
                + " (Prefix, Postfix, Equal, NotEqual)");
    }

    @Test
    void aCallThatCannotBeMappedIsRefusedNamingTheAcceptedOnes() {
        String yaml = seed().replace("call: \"security_file_open\"", "call: \"tcp_sendmsg\"");
        assertThatThrownBy(() -> PolicyParser.parse(yaml)).hasMessageStartingWith("line 7, spec.kprobes[0].call:"
                + " call 'tcp_sendmsg' cannot be mapped onto a hook of this sensor (it has no kprobes); accepted: ")
                .hasMessageContaining("security_file_open");
    }

    @Test
    void aTenMegabyteFileIsRefusedBeforeItIsParsed() {
        String huge = seed() + "#" + "x".repeat(10 * 1024 * 1024) + "\n";
        assertThatThrownBy(() -> PolicyParser.parse(huge)).hasMessage("the policy is " + (seed().length() + 10 * 1024 * 1024 + 2)
                + " bytes; at most 262144 are accepted (a TracingPolicy is a few kilobytes)");
    }

    @Test
    void enforcingActionsAndReturnProbesAreRefused() {
        assertThatThrownBy(() -> PolicyParser.parse(seed().replace("action: Post", "action: Override")))
                .hasMessageContaining("action 'Override' is not in the subset: this sensor only observes");
        assertThatThrownBy(() -> PolicyParser.parse(seed().replace("return: false", "return: true")))
                .hasMessage("line 9, spec.kprobes[0].return: return probes are not in the subset");
    }

    @Test
    void matchArgsOnAnUndeclaredArgumentOrAHookWithoutPathsIsRefused() {
        assertThatThrownBy(() -> PolicyParser.parse(seed().replace("      - index: 0\n        operator",
                "      - index: 1\n        operator"))).hasMessage("line 15,"
                + " spec.kprobes[0].selectors[0].matchArgs[0].index: argument 1 is not declared in args");
        String setns = seed().replace("call: \"security_file_open\"", "call: \"sys_setns\"");
        assertThatThrownBy(() -> PolicyParser.parse(setns)).hasMessageContaining("namespace calls take no matchArgs");
    }

    @Test
    void notValidYamlAndMissingFieldsSayWhere() {
        assertThatThrownBy(() -> PolicyParser.parse("apiVersion: [\n")).hasMessageStartingWith("line 2: not valid YAML");
        assertThatThrownBy(() -> PolicyParser.parse(seed().replace("metadata:\n  name: \"sensitive-kernel-files\"\n",
                "metadata:\n  labels: {}\n"))).hasMessage("line 4, metadata.name: required field 'name' is missing");
        assertThatThrownBy(() -> PolicyParser.parse("")).hasMessage("the policy is empty");
    }

    @Test
    void capabilitiesAndBinariesAreRead() {
        String yaml = seed().replace("      matchActions:", "      matchBinaries:\n"
                + "      - operator: NotIn\n"
                + "        values: [/usr/bin/kubelet]\n"
                + "      matchCapabilities:\n"
                + "      - type: Effective\n"
                + "        operator: In\n"
                + "        values: [CAP_SYS_ADMIN, CAP_NET_ADMIN]\n"
                + "      matchActions:");
        Selector selector = PolicyParser.parse(yaml).rules().getFirst().selectors().getFirst();
        assertThat(selector.binaries()).singleElement().satisfies(b -> {
            assertThat(b.test("/usr/bin/kubelet")).isFalse();
            assertThat(b.test("/bin/cat")).isTrue();
        });
        assertThat(selector.capabilities()).singleElement().satisfies(c -> {
            assertThat(c.effective()).isTrue();
            assertThat(c.mask()).isEqualTo((1L << 21) | (1L << 12));
        });
    }
}
