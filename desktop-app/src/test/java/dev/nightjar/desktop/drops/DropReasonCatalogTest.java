package dev.nightjar.desktop.drops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DropReasonCatalogTest {

    private final DropReasonCatalog catalog = DropReasonCatalog.builtIn();

    @Test
    void everyReasonOfTheKernelEnumHasACompleteEntry() throws IOException {
        List<String> kernelNames = KernelDropReasonEnum.names();
        // Guards the parser: 6.18 has 126 real reasons plus the two SKB_ markers.
        assertThat(kernelNames).hasSizeGreaterThan(100).contains("NO_SOCKET", "NETFILTER_DROP", "SKB_CONSUMED");

        for (String name : kernelNames) {
            DropReasonInfo info = catalog.lookup(name).orElse(null);
            assertThat(info).as("catalogue entry for %s", name).isNotNull();
            assertThat(info.catalogued()).isTrue();
            assertThat(info.title()).as("%s title", name).isNotBlank();
            assertThat(info.explanation()).as("%s explanation", name).isNotBlank();
            assertThat(info.causes()).as("%s causes", name).isNotEmpty().allSatisfy(c -> assertThat(c).isNotBlank());
            assertThat(info.nextSteps()).as("%s nextSteps", name).isNotEmpty().allSatisfy(s -> assertThat(s).isNotBlank());
        }
    }

    @Test
    void catalogueNamesAreUniqueAndEveryEntryIsComplete() {
        Set<String> keys = new HashSet<>();
        for (DropReasonInfo info : catalog.entries()) {
            assertThat(keys.add(info.name())).as("duplicate name %s", info.name()).isTrue();
            for (String alias : info.aliases()) {
                assertThat(keys.add(alias)).as("duplicate alias %s", alias).isTrue();
            }
            assertThat(info.category()).isNotNull();
            assertThat(info.severity()).isNotNull();
            if (info.severity() == DropSeverity.USUALLY_BENIGN) {
                assertThat(info.severityNote()).as("%s says why it is benign", info.name()).isNotBlank();
            }
            assertThat(info.explanation().split("(?<=[.!?])\\s+(?=[A-Z])"))
                    .as("%s explanation is 1-3 sentences", info.name()).hasSizeLessThanOrEqualTo(3);
        }
        assertThat(catalog.referenceKernel()).isEqualTo("6.18");
    }

    @Test
    void builtInCatalogueIsLoadedOnceAndImmutable() {
        assertThat(DropReasonCatalog.builtIn()).isSameAs(catalog);
        assertThatThrownBy(() -> catalog.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
        DropReasonInfo info = catalog.describe("NO_SOCKET");
        assertThatThrownBy(() -> info.causes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "NETFILTER_DROP,                 NETFILTER_DROP",
            "SKB_DROP_REASON_NETFILTER_DROP, NETFILTER_DROP",
            "'  skb_drop_reason_no_socket ', NO_SOCKET",
            "tcp_filter,                     SOCKET_FILTER",
            "PTYPE_ABSENT,                   UNHANDLED_PROTO",
            "SKB_CONSUMED,                   CONSUMED",
            "SKB_NOT_DROPPED_YET,            NOT_DROPPED_YET",
            "SKB_CSUM,                       SKB_CSUM",
    })
    void lookupAcceptsKernelSpellingsAndAliases(String asReported, String canonical) {
        assertThat(catalog.lookup(asReported)).hasValueSatisfying(info -> assertThat(info.name()).isEqualTo(canonical));
    }

    @ParameterizedTest(name = "{0} is filed under {1}")
    @CsvSource({
            "NETFILTER_DROP,      POLICY",
            "BPF_CGROUP_EGRESS,   POLICY",
            "TC_INGRESS,          POLICY",
            "XDP,                 POLICY",
            "SECURITY_HOOK,       POLICY",
            "NO_SOCKET,           NO_LISTENER",
            "SOCKET_CLOSE,        NO_LISTENER",
            "TCP_ZEROWINDOW,      TCP_PROTOCOL",
            "TCP_RFC7323_PAWS,    TCP_PROTOCOL",
            "TCP_INVALID_SEQUENCE,TCP_PROTOCOL",
            "SOCKET_RCVBUFF,      RESOURCE",
            "SOCKET_BACKLOG,      RESOURCE",
            "TCP_LISTEN_OVERFLOW, RESOURCE",
            "QDISC_DROP,          RESOURCE",
            "CPU_BACKLOG,         RESOURCE",
            "IP_RPFILTER,         ROUTING",
            "NEIGH_FAILED,        ROUTING",
            "IP_OUTNOROUTES,      ROUTING",
            "OTHERHOST,           ROUTING",
            "TCP_CSUM,            MALFORMED",
            "PKT_TOO_SMALL,       MALFORMED",
            "VXLAN_VNI_NOT_FOUND, TUNNEL",
    })
    void commonReasonsHaveTheExpectedCategory(String name, DropCategory category) {
        assertThat(catalog.describe(name).category()).isEqualTo(category);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "TCP_OLD_DATA,   USUALLY_BENIGN",
            "NOT_SPECIFIED,  USUALLY_BENIGN",
            "CONSUMED,       USUALLY_BENIGN",
            "TCP_OFOMERGE,   USUALLY_BENIGN",
            "NETFILTER_DROP, ACTIONABLE",
            "NO_SOCKET,      ACTIONABLE",
            "SOCKET_RCVBUFF, ACTIONABLE",
            "NEIGH_FAILED,   ACTIONABLE",
    })
    void severityHints(String name, DropSeverity severity) {
        assertThat(catalog.describe(name).severity()).isEqualTo(severity);
    }

    @Test
    void netfilterDropPointsAtFirewallRulesConntrackAndNetworkPolicy() {
        DropReasonInfo info = catalog.describe("NETFILTER_DROP");
        String steps = String.join("\n", info.nextSteps());
        assertThat(steps).contains("nft list ruleset", "iptables-save -c", "kubectl get networkpolicy -A", "conntrack -S");
        assertThat(String.join("\n", info.causes()))
                .contains("NetworkPolicy", "kube-proxy", "nf_conntrack: table full");
    }

    @Test
    void noSocketSaysNothingListensOnThePort() {
        DropReasonInfo info = catalog.describe("NO_SOCKET");
        assertThat(info.title()).containsIgnoringCase("no socket listening");
        assertThat(info.explanation()).contains("nothing listens there");
        assertThat(String.join("\n", info.nextSteps())).contains("ss -ltnp", "endpointslices");
    }

    @Test
    void cgroupBpfIngressAndEgressAreExplainedTogether() {
        assertThat(catalog.describe("SOCKET_FILTER").explanation()).contains("cgroup_skb ingress", "BPF_CGROUP_EGRESS");
        assertThat(catalog.describe("BPF_CGROUP_EGRESS").explanation()).contains("SOCKET_FILTER");
        assertThat(String.join("\n", catalog.describe("BPF_CGROUP_EGRESS").nextSteps())).contains("bpftool cgroup tree");
    }

    @Test
    void resourceReasonsNameTheirLimits() {
        assertThat(String.join("\n", catalog.describe("SOCKET_RCVBUFF").nextSteps())).contains("net.core.rmem_max");
        assertThat(String.join("\n", catalog.describe("QDISC_DROP").nextSteps())).contains("tc -s qdisc");
        assertThat(String.join("\n", catalog.describe("CPU_BACKLOG").nextSteps())).contains("softnet_stat");
        assertThat(String.join("\n", catalog.describe("TCP_LISTEN_OVERFLOW").nextSteps())).contains("somaxconn");
        assertThat(String.join("\n", catalog.describe("NEIGH_FAILED").nextSteps())).contains("ip neigh");
        assertThat(String.join("\n", catalog.describe("IP_OUTNOROUTES").nextSteps())).contains("ip route get");
    }

    @Test
    void renamedReasonsCarryTheirHistory() {
        assertThat(catalog.describe("TCP_FILTER").history()).contains("TCP_FILTER", "5.17");
        assertThat(catalog.describe("UNHANDLED_PROTO").history()).contains("PTYPE_ABSENT");
        assertThat(catalog.describe("NO_SOCKET").since()).isEqualTo("5.17");
    }

    @ParameterizedTest(name = "unknown {0} is guessed as {1}")
    @CsvSource({
            "TCP_SHINY_NEW_CHECK,    TCP_PROTOCOL",
            "NEIGH_SOMETHING,        ROUTING",
            "QDISC_NEW_LIMIT,        RESOURCE",
            "FQ_NEW_THING,           RESOURCE",
            "VXLAN_NEW_HEADER_BITS,  TUNNEL",
            "TC_NEW_ACTION,          POLICY",
            "FANCY_CSUM,             MALFORMED",
            "IPV6_NEW_RULE,          ROUTING",
            "WEIRD_THING,            OTHER",
    })
    void unknownNamesGetAGenericEntryWithAGuessedCategory(String name, DropCategory guessed) {
        assertThat(catalog.lookup(name)).isEmpty();
        DropReasonInfo info = catalog.describe(name);
        assertThat(info.catalogued()).isFalse();
        assertThat(info.name()).isEqualTo(name);
        assertThat(info.category()).isEqualTo(guessed);
        assertThat(info.explanation()).contains(name, "newer than the catalogue", "6.18");
        assertThat(info.history()).contains("newer than the catalogue");
        assertThat(info.causes()).isNotEmpty();
        assertThat(info.nextSteps()).isNotEmpty();
    }

    @Test
    void genericTitleIsBuiltFromTheName() {
        assertThat(catalog.describe("SKB_DROP_REASON_TCP_NEW_OLD_ACK").title()).isEqualTo("TCP new old ACK");
        assertThat(catalog.describe("frobnicate_limit").title()).isEqualTo("Frobnicate limit");
    }

    @Test
    void describeNeverFailsOnMissingNames() {
        for (String raw : new String[] {null, "", "   "}) {
            DropReasonInfo info = catalog.describe(raw);
            assertThat(info.catalogued()).isFalse();
            assertThat(info.title()).isEqualTo("Unnamed drop reason");
            assertThat(info.nextSteps()).isNotEmpty();
        }
    }

    @Test
    void readerRejectsDuplicateNamesAndAliases() {
        String json = file(entry("NO_SOCKET", "NO_LISTENER", ""), entry("NO_SOCKET", "NO_LISTENER", ""),
                entry("OTHER_ONE", "OTHER", "\"aliases\": [\"NO_SOCKET\"],"));
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(DropCatalogException.class)
                .hasMessageContaining("test.json")
                .hasMessageContaining("NO_SOCKET: name or alias NO_SOCKET is listed more than once")
                .hasMessageContaining("OTHER_ONE: name or alias NO_SOCKET is listed more than once");
    }

    @Test
    void readerRejectsUnknownCategoriesAndSeverities() {
        String json = file(entry("A_REASON", "FIREWALL", ""));
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(DropCatalogException.class)
                .hasMessageContaining("A_REASON: unknown category 'FIREWALL'")
                .hasMessageContaining("POLICY");
    }

    @Test
    void readerRejectsIncompleteEntriesAndNamesEveryProblem() {
        String json = """
                {"formatVersion": 1, "reasons": [
                  {"name": "HALF_DONE", "title": "", "explanation": "x", "causes": [], "nextSteps": ["a"],
                   "category": "OTHER", "severity": "USUALLY_BENIGN"}
                ]}""";
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(DropCatalogException.class)
                .hasMessageContaining("HALF_DONE: title is missing or empty")
                .hasMessageContaining("HALF_DONE: causes needs at least one item")
                .hasMessageContaining("HALF_DONE: a USUALLY_BENIGN reason needs a severityNote");
    }

    @Test
    void readerRejectsWrongVersionsAndBrokenJson() {
        assertThatThrownBy(() -> read("{\"formatVersion\": 2, \"reasons\": []}"))
                .isInstanceOf(DropCatalogException.class).hasMessageContaining("format version 2");
        assertThatThrownBy(() -> read("{\"formatVersion\": 1, \"reasons\": [ {\"name\": "))
                .isInstanceOf(DropCatalogException.class).hasMessageContaining("test.json is not valid JSON");
        assertThatThrownBy(() -> read("{\"formatVersion\": 1, \"reasonz\": []}"))
                .isInstanceOf(DropCatalogException.class).hasMessageContaining("reasonz");
    }

    @Test
    void aValidSmallCatalogueReadsBack() {
        DropReasonCatalog small = read(file(entry("ONLY_ONE", "RESOURCE", "\"aliases\": [\"OLD_NAME\"],")));
        assertThat(small.entries()).hasSize(1);
        assertThat(small.lookup("old_name")).hasValueSatisfying(i -> assertThat(i.name()).isEqualTo("ONLY_ONE"));
        assertThat(small.describe("ONLY_ONE").category()).isEqualTo(DropCategory.RESOURCE);
    }

    private static DropReasonCatalog read(String json) {
        InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
        return DropReasonCatalog.read(in, "test.json");
    }

    private static String file(String... entries) {
        return "{\"formatVersion\": 1, \"referenceKernel\": \"6.18\", \"reasons\": [" + String.join(",", entries) + "]}";
    }

    private static String entry(String name, String category, String extra) {
        return "{\"name\": \"" + name + "\", " + extra + " \"title\": \"t\", \"explanation\": \"e\", "
                + "\"causes\": [\"c\"], \"nextSteps\": [\"s\"], \"category\": \"" + category + "\", "
                + "\"severity\": \"ACTIONABLE\"}";
    }
}
