package dev.nightjar.desktop.drops.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.nightjar.desktop.drops.policy.PolicyDsl.all;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.containerPort;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.everyPortOf;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.expr;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.ipBlock;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.labels;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.labelsAndExpr;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.named;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.namespace;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.namespaces;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.pod;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.pods;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.podsInNamespaces;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.policy;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.port;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.range;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.rule;
import static dev.nightjar.desktop.drops.policy.PolicyDsl.withPorts;
import static dev.nightjar.desktop.drops.policy.PolicyVerdict.ALLOWED;
import static dev.nightjar.desktop.drops.policy.PolicyVerdict.DENIED_BY_EGRESS;
import static dev.nightjar.desktop.drops.policy.PolicyVerdict.DENIED_BY_INGRESS;
import static dev.nightjar.desktop.drops.policy.PolicyVerdict.NOT_ISOLATED;
import static dev.nightjar.desktop.drops.policy.PolicyVerdict.UNKNOWN_ENDPOINTS;
import static dev.nightjar.desktop.drops.policy.TransportProtocol.ICMP;
import static dev.nightjar.desktop.drops.policy.TransportProtocol.SCTP;
import static dev.nightjar.desktop.drops.policy.TransportProtocol.TCP;
import static dev.nightjar.desktop.drops.policy.TransportProtocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicy semantics, one table row per rule of the API. Every row
 * builds its own policies over the same small cluster:
 *
 * <pre>
 * namespace shop  team=shop env=prod   backend  10.0.1.10 fd00::10  app=backend tier=api  (node 192.168.0.1)
 *                                                ports http 8080/TCP, metrics 9090/TCP, dns 5353/UDP,
 *                                                diameter 3868/SCTP; sidecar admin 9901/TCP
 *                                      frontend 10.0.1.20 fd00::20  app=frontend
 *                                      canary   10.0.1.21           app=frontend track=canary
 *                                      batch    10.0.1.30           app=batch
 *                                      tools    10.0.1.40           app=tools
 * namespace web   team=web  env=prod   frontend 10.0.2.20           app=frontend
 * namespace dev   env=dev              frontend 10.0.3.20           app=frontend
 *                                      tester   10.0.3.30           app=tester
 * not pod endpoints: 192.168.0.50 (hostNetwork pod), 10.0.9.9 (Succeeded pod)
 * outside the cluster: 203.0.113.0/24, 2001:db8::/32, 198.51.100.0/24
 * </pre>
 */
class NetworkPolicyEvaluatorTest {

    static final String BACKEND = "10.0.1.10";
    static final String BACKEND_V6 = "fd00::10";
    static final String FRONTEND = "10.0.1.20";
    static final String FRONTEND_V6 = "fd00::20";
    static final String CANARY = "10.0.1.21";
    static final String BATCH = "10.0.1.30";
    static final String TOOLS = "10.0.1.40";
    static final String WEB_FRONTEND = "10.0.2.20";
    static final String DEV_FRONTEND = "10.0.3.20";
    static final String DEV_TESTER = "10.0.3.30";
    static final String BACKEND_NODE = "192.168.0.1";
    static final String EXTERNAL = "203.0.113.7";

    static final List<Namespace> NAMESPACES = List.of(
            namespace("shop", "team", "shop", "env", "prod"),
            namespace("web", "team", "web", "env", "prod"),
            namespace("dev", "env", "dev"));

    static final List<Pod> PODS = List.of(
            withPorts(pod("shop", "backend", BACKEND_NODE, List.of(BACKEND, BACKEND_V6), "app", "backend", "tier", "api"),
                    List.of(containerPort("http", 8080, "TCP"), containerPort("metrics", 9090, null),
                            containerPort("dns", 5353, "UDP"), containerPort("diameter", 3868, "SCTP")),
                    new ContainerBuilder().withName("proxy").withRestartPolicy("Always")
                            .withPorts(containerPort("admin", 9901, "TCP")).build(),
                    new ContainerBuilder().withName("migrate")
                            .withPorts(containerPort("migrate", 7000, "TCP")).build()),
            pod("shop", "frontend", "192.168.0.2", List.of(FRONTEND, FRONTEND_V6), "app", "frontend",
                    "pod-template-hash", "7d9f").build(),
            pod("shop", "canary", "192.168.0.2", List.of(CANARY), "app", "frontend", "track", "canary").build(),
            pod("shop", "batch", "192.168.0.2", List.of(BATCH), "app", "batch").build(),
            pod("shop", "tools", "192.168.0.2", List.of(TOOLS), "app", "tools").build(),
            pod("web", "frontend", "192.168.0.3", List.of(WEB_FRONTEND), "app", "frontend").build(),
            pod("dev", "frontend", "192.168.0.3", List.of(DEV_FRONTEND), "app", "frontend").build(),
            pod("dev", "tester", "192.168.0.3", List.of(DEV_TESTER), "app", "tester").build(),
            pod("kube-system", "node-agent", "192.168.0.50", List.of("192.168.0.50"), "app", "agent")
                    .editSpec().withHostNetwork(true).endSpec().build(),
            pod("shop", "finished-job", "192.168.0.2", List.of("10.0.9.9"), "app", "frontend")
                    .editStatus().withPhase("Succeeded").endStatus().build());

    /**
     * One row: the policies, the packet, and what must come out.
     *
     * @param admittedBy the admitting rule(s) as "ns/name (spec.x[i])", or none
     * @param port       the ports entry of the admitting rule in words, or null to skip
     * @param says       a fragment the one-sentence explanation must contain
     */
    record Case(List<NetworkPolicy> policies, PacketFlow flow, PolicyVerdict verdict, List<String> admittedBy,
                String port, String says) {
    }

    static Arguments row(String name, List<PolicyDsl.Policy> policies, PacketFlow flow, PolicyVerdict verdict,
                         String admittedBy, String port, String says) {
        List<String> admitting = admittedBy == null ? List.of() : Arrays.asList(admittedBy.split(" \\+ "));
        return Arguments.of(name, new Case(policies.stream().map(PolicyDsl.Policy::build).toList(), flow, verdict,
                admitting, port, says));
    }

    static PacketFlow tcp(String src, String dst, int port) {
        return PacketFlow.of(src, 40000, dst, port, TCP);
    }

    static PacketFlow udp(String src, String dst, int port) {
        return PacketFlow.of(src, 40000, dst, port, UDP);
    }

    static PolicyDsl.Policy denyAllIngress() {
        return policy("shop", "deny-all-ingress").types("Ingress");
    }

    static PolicyDsl.Policy denyAllEgress() {
        return policy("shop", "deny-all-egress").types("Egress");
    }

    /** ingress to app=backend from the given peers on the given ports. */
    static PolicyDsl.Policy allowToBackend(String name, PolicyDsl.Rule rule) {
        return policy("shop", name).select(labels("app", "backend")).types("Ingress").ingress(rule);
    }

    static Stream<Arguments> semantics() {
        return Stream.of(
                // --- isolation and default deny
                row("no policy selects either pod: not isolated",
                        List.of(), tcp(FRONTEND, BACKEND, 8080), NOT_ISOLATED, null, null,
                        "No NetworkPolicy isolates shop/backend (app=backend,tier=api) for ingress or shop/frontend (app=frontend) for egress"),
                row("default deny ingress (policyTypes Ingress, no rules)",
                        List.of(denyAllIngress()), tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null,
                        "Likely blocked by NetworkPolicy shop/deny-all-ingress: no ingress rule admits shop/frontend (app=frontend) to shop/backend (app=backend,tier=api) on TCP 8080."),
                row("default deny ingress without policyTypes (defaults to Ingress)",
                        List.of(policy("shop", "implicit-deny")), tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null,
                        "shop/implicit-deny: no ingress rule admits"),
                row("default deny egress (policyTypes Egress, no rules)",
                        List.of(denyAllEgress()), tcp(FRONTEND, BACKEND, 8080), DENIED_BY_EGRESS, null, null,
                        "Likely blocked by NetworkPolicy shop/deny-all-egress: no egress rule admits shop/frontend (app=frontend) to shop/backend (app=backend,tier=api) on TCP 8080."),
                row("explicit ingress: [] denies all ingress",
                        List.of(policy("shop", "empty-ingress").types("Ingress", "Egress").egress(rule())),
                        tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, "shop/empty-ingress (spec.egress[0])", "any port",
                        "Likely blocked by NetworkPolicy shop/empty-ingress: no ingress rule admits"),
                row("an Egress-only policy does not isolate ingress",
                        List.of(policy("shop", "egress-only").types("Egress")), tcp(EXTERNAL, BACKEND, 8080),
                        NOT_ISOLATED, null, null, "No NetworkPolicy isolates shop/backend (app=backend,tier=api) for ingress (203.0.113.7 is not a known pod)"),
                row("an Egress-only policy does isolate the source's egress",
                        List.of(policy("shop", "egress-only").types("Egress")), tcp(FRONTEND, BACKEND, 8080),
                        DENIED_BY_EGRESS, null, null, "shop/egress-only: no egress rule admits"),
                row("egress rules without policyTypes isolate egress too",
                        List.of(policy("shop", "implicit-egress").select(labels("app", "frontend"))
                                .egress(rule().peers(ipBlock("198.51.100.0/24")))),
                        tcp(FRONTEND, BACKEND, 8080), DENIED_BY_EGRESS, null, null, "shop/implicit-egress"),
                row("ingress rules without policyTypes do not isolate egress",
                        List.of(policy("shop", "ingress-only").select(labels("app", "frontend")).ingress(rule())),
                        tcp(FRONTEND, BACKEND, 8080), NOT_ISOLATED, null, null, "No NetworkPolicy isolates"),
                row("an empty podSelector selects only pods in the policy's own namespace",
                        List.of(policy("web", "deny-all-in-web").types("Ingress")), tcp(FRONTEND, BACKEND, 8080),
                        NOT_ISOLATED, null, null, "No NetworkPolicy isolates"),
                row("a policy whose podSelector misses the pod does not isolate it",
                        List.of(policy("shop", "db-only").select(labels("app", "db")).types("Ingress")),
                        tcp(FRONTEND, BACKEND, 8080), NOT_ISOLATED, null, null, "No NetworkPolicy isolates"),

                // --- peers: podSelector, namespaceSelector, both, ipBlock
                row("podSelector peer admits a matching pod in the policy's namespace",
                        List.of(denyAllIngress(), allowToBackend("allow-frontend", rule().peers(pods(labels("app", "frontend"))))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/allow-frontend (spec.ingress[0])", "any port",
                        "Allowed by shop/allow-frontend (spec.ingress[0]); the drop has another cause."),
                row("podSelector-only peer ignores a pod with the same labels in another namespace",
                        List.of(allowToBackend("allow-frontend", rule().peers(pods(labels("app", "frontend"))))),
                        tcp(WEB_FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null,
                        "Likely blocked by NetworkPolicy shop/allow-frontend: no ingress rule admits web/frontend (app=frontend)"),
                row("empty podSelector peer admits every pod of the policy's namespace",
                        List.of(allowToBackend("allow-shop", rule().peers(pods(all())))),
                        tcp(BATCH, BACKEND, 8080), ALLOWED, "shop/allow-shop (spec.ingress[0])", null, "Allowed by shop/allow-shop"),
                row("empty podSelector peer still excludes other namespaces",
                        List.of(allowToBackend("allow-shop", rule().peers(pods(all())))),
                        tcp(DEV_TESTER, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "dev/tester (app=tester)"),
                row("namespaceSelector alone admits every pod of matching namespaces",
                        List.of(allowToBackend("allow-web", rule().peers(namespaces(labels("team", "web"))))),
                        tcp(WEB_FRONTEND, BACKEND, 8080), ALLOWED, "shop/allow-web (spec.ingress[0])", null, "Allowed by shop/allow-web"),
                row("namespaceSelector alone does not admit other namespaces",
                        List.of(allowToBackend("allow-web", rule().peers(namespaces(labels("team", "web"))))),
                        tcp(DEV_FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "dev/frontend (app=frontend)"),
                row("namespaceSelector alone does not admit the policy's own namespace unless it matches",
                        List.of(allowToBackend("allow-web", rule().peers(namespaces(labels("team", "web"))))),
                        tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/allow-web"),
                row("empty namespaceSelector admits pods of all namespaces",
                        List.of(allowToBackend("allow-cluster", rule().peers(namespaces(all())))),
                        tcp(DEV_TESTER, BACKEND, 8080), ALLOWED, "shop/allow-cluster (spec.ingress[0])", null, "Allowed"),
                row("namespaceSelector matches the kubernetes.io/metadata.name label every namespace has",
                        List.of(allowToBackend("allow-dev", rule().peers(namespaces(labels("kubernetes.io/metadata.name", "dev"))))),
                        tcp(DEV_TESTER, BACKEND, 8080), ALLOWED, "shop/allow-dev (spec.ingress[0])", null, "Allowed"),
                row("podSelector and namespaceSelector in one peer are AND-ed: both match",
                        List.of(allowToBackend("prod-frontends", rule().peers(podsInNamespaces(labels("app", "frontend"), labels("env", "prod"))))),
                        tcp(WEB_FRONTEND, BACKEND, 8080), ALLOWED, "shop/prod-frontends (spec.ingress[0])", null, "Allowed"),
                row("podSelector and namespaceSelector in one peer are AND-ed: namespace misses",
                        List.of(allowToBackend("prod-frontends", rule().peers(podsInNamespaces(labels("app", "frontend"), labels("env", "prod"))))),
                        tcp(DEV_FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "dev/frontend"),
                row("podSelector and namespaceSelector in one peer are AND-ed: pod misses",
                        List.of(allowToBackend("prod-frontends", rule().peers(podsInNamespaces(labels("app", "frontend"), labels("env", "prod"))))),
                        tcp(BATCH, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/batch (app=batch)"),
                row("separate peers are OR-ed: the namespace peer admits",
                        List.of(allowToBackend("dev-or-frontend", rule().peers(namespaces(labels("env", "dev")), pods(labels("app", "frontend"))))),
                        tcp(DEV_TESTER, BACKEND, 8080), ALLOWED, "shop/dev-or-frontend (spec.ingress[0])", null, "Allowed"),
                row("separate peers are OR-ed: the pod peer admits",
                        List.of(allowToBackend("dev-or-frontend", rule().peers(namespaces(labels("env", "dev")), pods(labels("app", "frontend"))))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/dev-or-frontend (spec.ingress[0])", null, "Allowed"),

                // --- matchExpressions
                row("matchExpressions In admits a listed value",
                        List.of(allowToBackend("in", rule().peers(pods(expr("app", "In", "frontend", "batch"))))),
                        tcp(BATCH, BACKEND, 8080), ALLOWED, "shop/in (spec.ingress[0])", null, "Allowed"),
                row("matchExpressions In rejects other values",
                        List.of(allowToBackend("in", rule().peers(pods(expr("app", "In", "frontend", "batch"))))),
                        tcp(TOOLS, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/tools (app=tools)"),
                row("matchExpressions NotIn admits a pod without the key",
                        List.of(allowToBackend("not-canary", rule().peers(pods(expr("track", "NotIn", "canary"))))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/not-canary (spec.ingress[0])", null, "Allowed"),
                row("matchExpressions NotIn rejects a listed value",
                        List.of(allowToBackend("not-canary", rule().peers(pods(expr("track", "NotIn", "canary"))))),
                        tcp(CANARY, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/canary (app=frontend,track=canary)"),
                row("matchExpressions Exists admits a pod with the key",
                        List.of(allowToBackend("tracked", rule().peers(pods(expr("track", "Exists"))))),
                        tcp(CANARY, BACKEND, 8080), ALLOWED, "shop/tracked (spec.ingress[0])", null, "Allowed"),
                row("matchExpressions Exists rejects a pod without the key",
                        List.of(allowToBackend("tracked", rule().peers(pods(expr("track", "Exists"))))),
                        tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/tracked"),
                row("matchExpressions DoesNotExist admits a pod without the key",
                        List.of(allowToBackend("untracked", rule().peers(pods(expr("track", "DoesNotExist"))))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/untracked (spec.ingress[0])", null, "Allowed"),
                row("matchExpressions DoesNotExist rejects a pod with the key",
                        List.of(allowToBackend("untracked", rule().peers(pods(expr("track", "DoesNotExist"))))),
                        tcp(CANARY, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/untracked"),
                row("matchLabels and matchExpressions are AND-ed",
                        List.of(allowToBackend("stable-frontend", rule().peers(pods(labelsAndExpr("app", "frontend", "track", "DoesNotExist"))))),
                        tcp(CANARY, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/stable-frontend"),
                row("an operator the API does not know matches nothing",
                        List.of(allowToBackend("bad-operator", rule().peers(pods(expr("app", "Like", "frontend"))))),
                        tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/bad-operator"),

                // --- ipBlock
                row("ipBlock admits an IPv4 address inside cidr",
                        List.of(allowToBackend("partners", rule().peers(ipBlock("203.0.113.0/24", "203.0.113.0/28")))),
                        tcp("203.0.113.100", BACKEND, 8080), ALLOWED, "shop/partners (spec.ingress[0])", null, "Allowed by shop/partners"),
                row("ipBlock except carves an IPv4 hole",
                        List.of(allowToBackend("partners", rule().peers(ipBlock("203.0.113.0/24", "203.0.113.0/28")))),
                        tcp(EXTERNAL, BACKEND, 8080), DENIED_BY_INGRESS, null, null,
                        "no ingress rule admits 203.0.113.7 to shop/backend (app=backend,tier=api) on TCP 8080"),
                row("ipBlock admits an IPv6 address inside cidr",
                        List.of(allowToBackend("partners-v6", rule().peers(ipBlock("2001:db8::/32", "2001:db8::/64")))),
                        tcp("2001:db8:1::7", BACKEND_V6, 8080), ALLOWED, "shop/partners-v6 (spec.ingress[0])", null, "Allowed"),
                row("ipBlock except carves an IPv6 hole",
                        List.of(allowToBackend("partners-v6", rule().peers(ipBlock("2001:db8::/32", "2001:db8::/64")))),
                        tcp("2001:db8::7", BACKEND_V6, 8080), DENIED_BY_INGRESS, null, null, "no ingress rule admits 2001:db8::7 to shop/backend"),
                row("an IPv6 block never matches an IPv4 address",
                        List.of(allowToBackend("all-v6", rule().peers(ipBlock("::/0")))),
                        tcp(EXTERNAL, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "shop/all-v6"),
                row("ipBlock matching a pod IP admits, with the caveat",
                        List.of(allowToBackend("pod-range", rule().peers(ipBlock("10.0.0.0/8")))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/pod-range (spec.ingress[0])", null,
                        "note that shop/pod-range (spec.ingress[0]) matched ipBlock 10.0.0.0/8 on a pod IP, which Kubernetes leaves to the network plugin"),
                row("dual-stack pods are found by their IPv6 address",
                        List.of(allowToBackend("allow-frontend", rule().peers(pods(labels("app", "frontend"))))),
                        tcp(FRONTEND_V6, BACKEND_V6, 8080), ALLOWED, "shop/allow-frontend (spec.ingress[0])", null, "Allowed"),

                // --- ports
                row("numeric port admits that port",
                        List.of(allowToBackend("http", rule().ports(port(8080)))),
                        tcp(EXTERNAL, BACKEND, 8080), ALLOWED, "shop/http (spec.ingress[0])", "TCP 8080", "Allowed"),
                row("empty from admits every source on the listed port",
                        List.of(allowToBackend("http", rule().ports(port(8080)))),
                        tcp(DEV_TESTER, BACKEND, 8080), ALLOWED, "shop/http (spec.ingress[0])", "TCP 8080", "Allowed"),
                row("numeric port rejects other ports",
                        List.of(allowToBackend("http", rule().ports(port(8080)))),
                        tcp(EXTERNAL, BACKEND, 9090), DENIED_BY_INGRESS, null, null, "on TCP 9090"),
                row("protocol defaults to TCP, so UDP on the same port is rejected",
                        List.of(allowToBackend("http", rule().ports(port(8080)))),
                        udp(EXTERNAL, BACKEND, 8080), DENIED_BY_INGRESS, null, null, "on UDP 8080"),
                row("protocol mismatch: a TCP rule does not admit UDP",
                        List.of(allowToBackend("dns-tcp", rule().ports(port("TCP", 5353)))),
                        udp(EXTERNAL, BACKEND, 5353), DENIED_BY_INGRESS, null, null, "on UDP 5353"),
                row("UDP rule admits UDP",
                        List.of(allowToBackend("dns-udp", rule().ports(port("UDP", 5353)))),
                        udp(EXTERNAL, BACKEND, 5353), ALLOWED, "shop/dns-udp (spec.ingress[0])", "UDP 5353", "Allowed"),
                row("SCTP rule admits SCTP",
                        List.of(allowToBackend("diameter", rule().ports(port("SCTP", 3868)))),
                        PacketFlow.of(EXTERNAL, 3868, BACKEND, 3868, SCTP), ALLOWED, "shop/diameter (spec.ingress[0])", "SCTP 3868", "Allowed"),
                row("a protocol without port admits every port of that protocol",
                        List.of(allowToBackend("all-udp", rule().ports(everyPortOf("UDP")))),
                        udp(EXTERNAL, BACKEND, 40123), ALLOWED, "shop/all-udp (spec.ingress[0])", "all UDP ports", "Allowed"),
                row("endPort range admits a port inside",
                        List.of(allowToBackend("range", rule().ports(range("TCP", 8000, 8100)))),
                        tcp(EXTERNAL, BACKEND, 8080), ALLOWED, "shop/range (spec.ingress[0])", "TCP 8000-8100", "Allowed"),
                row("endPort range includes its first port",
                        List.of(allowToBackend("range", rule().ports(range("TCP", 8000, 8100)))),
                        tcp(EXTERNAL, BACKEND, 8000), ALLOWED, "shop/range (spec.ingress[0])", "TCP 8000-8100", "Allowed"),
                row("endPort range includes its last port",
                        List.of(allowToBackend("range", rule().ports(range("TCP", 8000, 8100)))),
                        tcp(EXTERNAL, BACKEND, 8100), ALLOWED, "shop/range (spec.ingress[0])", "TCP 8000-8100", "Allowed"),
                row("endPort range rejects the port after it",
                        List.of(allowToBackend("range", rule().ports(range("TCP", 8000, 8100)))),
                        tcp(EXTERNAL, BACKEND, 8101), DENIED_BY_INGRESS, null, null, "on TCP 8101"),
                row("endPort range rejects the port before it",
                        List.of(allowToBackend("range", rule().ports(range("TCP", 8000, 8100)))),
                        tcp(EXTERNAL, BACKEND, 7999), DENIED_BY_INGRESS, null, null, "on TCP 7999"),
                row("named port resolves against the destination pod's container ports",
                        List.of(allowToBackend("named-http", rule().ports(named("http")))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/named-http (spec.ingress[0])", "TCP http (8080)", "Allowed"),
                row("named port does not admit another port of the pod",
                        List.of(allowToBackend("named-http", rule().ports(named("http")))),
                        tcp(FRONTEND, BACKEND, 9090), DENIED_BY_INGRESS, null, null, "on TCP 9090"),
                row("named port: a container port without protocol is TCP",
                        List.of(allowToBackend("named-metrics", rule().ports(named("metrics")))),
                        tcp(FRONTEND, BACKEND, 9090), ALLOWED, "shop/named-metrics (spec.ingress[0])", "TCP metrics (9090)", "Allowed"),
                row("named port with UDP matches the UDP container port",
                        List.of(allowToBackend("named-dns", rule().ports(named("UDP", "dns")))),
                        udp(FRONTEND, BACKEND, 5353), ALLOWED, "shop/named-dns (spec.ingress[0])", "UDP dns (5353)", "Allowed"),
                row("named port: the rule's default TCP does not match a UDP container port",
                        List.of(allowToBackend("named-dns-tcp", rule().ports(named("dns")))),
                        tcp(FRONTEND, BACKEND, 5353), DENIED_BY_INGRESS, null, null, "on TCP 5353"),
                row("named port of a sidecar (restartable init container) resolves",
                        List.of(allowToBackend("named-admin", rule().ports(named("admin")))),
                        tcp(FRONTEND, BACKEND, 9901), ALLOWED, "shop/named-admin (spec.ingress[0])", "TCP admin (9901)", "Allowed"),
                row("named port of a plain init container does not resolve",
                        List.of(allowToBackend("named-migrate", rule().ports(named("migrate")))),
                        tcp(FRONTEND, BACKEND, 7000), DENIED_BY_INGRESS, null, null, "shop/named-migrate"),
                row("egress named port resolves against the destination pod",
                        List.of(policy("shop", "frontend-egress").select(labels("app", "frontend")).types("Egress")
                                .egress(rule().peers(pods(labels("app", "backend"))).ports(named("http")))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/frontend-egress (spec.egress[0])", "TCP http (8080)",
                        "Allowed by shop/frontend-egress (spec.egress[0]); the drop has another cause."),
                row("egress named port cannot match an ipBlock-only destination",
                        List.of(policy("shop", "egress-named").select(labels("app", "frontend")).types("Egress")
                                .egress(rule().peers(ipBlock("0.0.0.0/0")).ports(named("http")))),
                        tcp(FRONTEND, EXTERNAL, 8080), DENIED_BY_EGRESS, null, null,
                        "no egress rule admits shop/frontend (app=frontend) to 203.0.113.7 on TCP 8080"),
                row("egress numeric port to an external address",
                        List.of(policy("shop", "egress-https").select(labels("app", "frontend")).types("Egress")
                                .egress(rule().peers(ipBlock("0.0.0.0/0")).ports(port(443)))),
                        tcp(FRONTEND, EXTERNAL, 443), ALLOWED, "shop/egress-https (spec.egress[0])", "TCP 443", "Allowed"),
                row("an empty rule admits everything",
                        List.of(allowToBackend("open", rule())),
                        udp(DEV_TESTER, BACKEND, 5353), ALLOWED, "shop/open (spec.ingress[0])", "any port", "Allowed"),

                // --- several policies
                row("policies are OR-ed: one allowing policy beats a deny-all",
                        List.of(denyAllIngress(), allowToBackend("allow-tools", rule().peers(pods(labels("app", "tools")))),
                                allowToBackend("allow-frontend", rule().peers(pods(labels("app", "frontend"))))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/allow-frontend (spec.ingress[0])", null, "Allowed by shop/allow-frontend"),
                row("when no policy admits, every selecting policy is named",
                        List.of(denyAllIngress(), allowToBackend("allow-tools", rule().peers(pods(labels("app", "tools"))))),
                        tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, null, null,
                        "Likely blocked by NetworkPolicies shop/allow-tools and shop/deny-all-ingress: no ingress rule admits"),
                row("rules within a policy are OR-ed and the admitting one is reported",
                        List.of(allowToBackend("two-rules", rule().peers(pods(labels("app", "tools"))))
                                .ingress(rule().peers(pods(labels("app", "frontend"))).ports(port(8080)))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED, "shop/two-rules (spec.ingress[1])", "TCP 8080", "spec.ingress[1]"),
                row("egress and ingress both allow: both rules are reported",
                        List.of(policy("shop", "frontend-egress").select(labels("app", "frontend")).types("Egress")
                                        .egress(rule().peers(pods(labels("app", "backend")))),
                                allowToBackend("allow-frontend", rule().peers(pods(labels("app", "frontend"))))),
                        tcp(FRONTEND, BACKEND, 8080), ALLOWED,
                        "shop/frontend-egress (spec.egress[0]) + shop/allow-frontend (spec.ingress[0])", null,
                        "Allowed by shop/frontend-egress (spec.egress[0]) and shop/allow-frontend (spec.ingress[0]); the drop has another cause."),
                row("egress allows but the destination's ingress denies",
                        List.of(policy("shop", "frontend-egress").select(labels("app", "frontend")).types("Egress")
                                        .egress(rule().peers(pods(labels("app", "backend")))),
                                policy("shop", "backend-closed").select(labels("app", "backend")).types("Ingress")),
                        tcp(FRONTEND, BACKEND, 8080), DENIED_BY_INGRESS, "shop/frontend-egress (spec.egress[0])", null,
                        "Likely blocked by NetworkPolicy shop/backend-closed: no ingress rule admits"),
                row("both sides deny: egress is reported first, ingress mentioned",
                        List.of(denyAllIngress(), denyAllEgress()), tcp(FRONTEND, BACKEND, 8080), DENIED_BY_EGRESS, null, null,
                        "(and shop/deny-all-ingress would block it on ingress too)"),

                // --- exemptions and unknown endpoints
                row("a pod cannot block traffic to itself",
                        List.of(denyAllIngress(), denyAllEgress()), tcp(BACKEND, BACKEND, 8080), ALLOWED, null, null,
                        "Allowed because a pod cannot block traffic to itself; the drop has another cause."),
                row("traffic from the pod's own node is always allowed",
                        List.of(denyAllIngress()), tcp(BACKEND_NODE, BACKEND, 8080), ALLOWED, null, null,
                        "traffic between a pod and the node it runs on is always allowed"),
                row("neither address is a pod: unknown endpoints",
                        List.of(denyAllIngress()), tcp("198.51.100.1", "198.51.100.2", 443), UNKNOWN_ENDPOINTS, null, null,
                        "Neither 198.51.100.1 nor 198.51.100.2 is the IP of a known pod"),
                row("hostNetwork and finished pods are not policy endpoints",
                        List.of(denyAllIngress()), tcp("192.168.0.50", "10.0.9.9", 443), UNKNOWN_ENDPOINTS, null, null,
                        "cannot be evaluated"),

                // --- protocols without ports
                row("ICMP is not admitted by a rule that lists ports",
                        List.of(allowToBackend("http", rule().ports(port(8080)))),
                        PacketFlow.of(FRONTEND, 0, BACKEND, 0, ICMP), DENIED_BY_INGRESS, null, null,
                        "on ICMP; NetworkPolicy is defined for TCP, UDP and SCTP, so network plugins may treat ICMP differently"),
                row("ICMP is admitted by a rule without ports, with the caveat",
                        List.of(allowToBackend("from-frontend", rule().peers(pods(labels("app", "frontend"))))),
                        PacketFlow.of(FRONTEND, 0, BACKEND, 0, ICMP), ALLOWED, "shop/from-frontend (spec.ingress[0])", "any port",
                        "network plugins may treat ICMP differently"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("semantics")
    void networkPolicySemantics(String name, Case c) {
        PolicyEvaluation result = new NetworkPolicyEvaluator(c.policies(), PODS, NAMESPACES).evaluate(c.flow());

        assertThat(result.verdict()).as("verdict; explanation was: %s", result.explanation()).isEqualTo(c.verdict());
        assertThat(result.admittingRules()).extracting(AdmittingRule::describe).as("admitting rules")
                .containsExactlyElementsOf(c.admittedBy());
        if (c.port() != null) {
            assertThat(result.admittingRules()).extracting(AdmittingRule::port).containsExactly(c.port());
        }
        assertThat(result.explanation()).contains(c.says());
        assertThat(result.explanation()).as("one sentence").endsWith(".").doesNotContain("\n");
        assertThat(result.flow()).isEqualTo(c.flow());
    }

    @Test
    void reportsWhichPoliciesSelectedEachSide() {
        List<NetworkPolicy> policies = List.of(denyAllIngress().build(), denyAllEgress().build(),
                policy("shop", "backend-only").select(labels("app", "backend")).types("Ingress").build(),
                policy("web", "elsewhere").types("Ingress", "Egress").build());
        PolicyEvaluation result = new NetworkPolicyEvaluator(policies, PODS, NAMESPACES).evaluate(tcp(FRONTEND, BACKEND, 8080));

        DirectionResult egress = result.egress().orElseThrow();
        DirectionResult ingress = result.ingress().orElseThrow();
        assertThat(egress.subject().describe()).isEqualTo("shop/frontend (app=frontend)");
        assertThat(egress.selectingPolicies()).extracting(PolicyRef::toString).containsExactly("shop/deny-all-egress");
        assertThat(ingress.selectingPolicies()).extracting(PolicyRef::toString)
                .containsExactly("shop/backend-only", "shop/deny-all-ingress");
        assertThat(result.selectingPolicies()).hasSize(3);
        assertThat(egress.isolated()).isTrue();
        assertThat(egress.allowed()).isFalse();
    }

    @Test
    void neverChangesTheObjectsItIsGiven() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<NetworkPolicy> policies = List.of(denyAllIngress().build(),
                allowToBackend("named", rule().peers(pods(labels("app", "frontend")), ipBlock("10.0.0.0/8", "10.9.0.0/16"))
                        .ports(named("http"), range("TCP", 8000, 8100))).build());
        String policiesBefore = json.writeValueAsString(policies);
        String podsBefore = json.writeValueAsString(PODS);
        String namespacesBefore = json.writeValueAsString(NAMESPACES);

        NetworkPolicyEvaluator evaluator = new NetworkPolicyEvaluator(policies, PODS, NAMESPACES);
        for (String source : List.of(FRONTEND, WEB_FRONTEND, EXTERNAL, BACKEND_NODE)) {
            evaluator.evaluate(tcp(source, BACKEND, 8080));
        }

        assertThat(json.writeValueAsString(policies)).isEqualTo(policiesBefore);
        assertThat(json.writeValueAsString(PODS)).isEqualTo(podsBefore);
        assertThat(json.writeValueAsString(NAMESPACES)).isEqualTo(namespacesBefore);
    }
}
