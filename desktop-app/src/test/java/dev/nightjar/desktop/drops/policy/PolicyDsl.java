package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact way to write the fabric8 objects the evaluator reads, so a test case
 * reads like the manifest it stands for. Everything here builds real fabric8
 * model objects with fabric8's own builders.
 */
final class PolicyDsl {

    private PolicyDsl() {
    }

    // ----------------------------------------------------------------- selectors

    /** matchLabels from key/value pairs; no pairs is the empty selector {} (everything). */
    static LabelSelector labels(String... keyValues) {
        return new LabelSelectorBuilder().withMatchLabels(map(keyValues)).build();
    }

    static LabelSelector all() {
        return new LabelSelectorBuilder().build();
    }

    static LabelSelector expr(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addToMatchExpressions(new LabelSelectorRequirementBuilder()
                .withKey(key).withOperator(operator).withValues(values).build()).build();
    }

    static LabelSelector labelsAndExpr(String key, String value, String exprKey, String operator, String... values) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of(key, value))
                .addToMatchExpressions(new LabelSelectorRequirementBuilder()
                        .withKey(exprKey).withOperator(operator).withValues(values).build()).build();
    }

    // --------------------------------------------------------------------- peers

    static NetworkPolicyPeer pods(LabelSelector selector) {
        return new NetworkPolicyPeerBuilder().withPodSelector(selector).build();
    }

    static NetworkPolicyPeer namespaces(LabelSelector selector) {
        return new NetworkPolicyPeerBuilder().withNamespaceSelector(selector).build();
    }

    static NetworkPolicyPeer podsInNamespaces(LabelSelector pods, LabelSelector namespaces) {
        return new NetworkPolicyPeerBuilder().withPodSelector(pods).withNamespaceSelector(namespaces).build();
    }

    static NetworkPolicyPeer ipBlock(String cidr, String... except) {
        return new NetworkPolicyPeerBuilder()
                .withIpBlock(new IPBlockBuilder().withCidr(cidr).withExcept(except).build()).build();
    }

    // --------------------------------------------------------------------- ports

    /** A numeric port with no protocol field: the API default, TCP. */
    static NetworkPolicyPort port(int number) {
        return new NetworkPolicyPortBuilder().withPort(new IntOrString(number)).build();
    }

    static NetworkPolicyPort port(String protocol, int number) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(number)).build();
    }

    static NetworkPolicyPort named(String name) {
        return new NetworkPolicyPortBuilder().withPort(new IntOrString(name)).build();
    }

    static NetworkPolicyPort named(String protocol, String name) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(name)).build();
    }

    static NetworkPolicyPort range(String protocol, int from, int to) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(from))
                .withEndPort(to).build();
    }

    static NetworkPolicyPort everyPortOf(String protocol) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).build();
    }

    // --------------------------------------------------------------------- rules

    static Rule rule() {
        return new Rule();
    }

    static final class Rule {
        private final List<NetworkPolicyPeer> peers = new ArrayList<>();
        private final List<NetworkPolicyPort> ports = new ArrayList<>();

        Rule peers(NetworkPolicyPeer... more) {
            peers.addAll(Arrays.asList(more));
            return this;
        }

        Rule ports(NetworkPolicyPort... more) {
            ports.addAll(Arrays.asList(more));
            return this;
        }
    }

    // ------------------------------------------------------------------ policies

    static Policy policy(String namespace, String name) {
        return new Policy(namespace, name);
    }

    static final class Policy {
        private final String namespace;
        private final String name;
        private LabelSelector podSelector = all();
        private final List<String> types = new ArrayList<>();
        private final List<Rule> ingress = new ArrayList<>();
        private final List<Rule> egress = new ArrayList<>();

        private Policy(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        Policy select(LabelSelector selector) {
            this.podSelector = selector;
            return this;
        }

        /** Explicit spec.policyTypes; leave out to test the API's defaulting. */
        Policy types(String... policyTypes) {
            types.addAll(Arrays.asList(policyTypes));
            return this;
        }

        Policy ingress(Rule... rules) {
            ingress.addAll(Arrays.asList(rules));
            return this;
        }

        Policy egress(Rule... rules) {
            egress.addAll(Arrays.asList(rules));
            return this;
        }

        NetworkPolicy build() {
            return new NetworkPolicyBuilder()
                    .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                    .withNewSpec()
                    .withPodSelector(podSelector)
                    .withPolicyTypes(types)
                    .withIngress(ingress.stream().map(r -> new NetworkPolicyIngressRuleBuilder()
                            .withFrom(r.peers).withPorts(r.ports).build()).toList())
                    .withEgress(egress.stream().map(r -> new NetworkPolicyEgressRuleBuilder()
                            .withTo(r.peers).withPorts(r.ports).build()).toList())
                    .endSpec()
                    .build();
        }
    }

    // ------------------------------------------------------------ pods, namespaces

    static Namespace namespace(String name, String... labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(map(labels)).endMetadata().build();
    }

    static ContainerPort containerPort(String name, int number, String protocol) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).withProtocol(protocol).build();
    }

    static PodBuilder pod(String namespace, String name, String nodeIp, List<String> ips, String... labels) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(map(labels)).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").build()).endSpec()
                .withNewStatus().withPhase("Running").withHostIP(nodeIp).withPodIP(ips.getFirst())
                .withPodIPs(ips.stream().map(ip -> new PodIP(ip)).toList()).endStatus();
    }

    static Pod withPorts(PodBuilder pod, List<ContainerPort> appPorts, Container... initContainers) {
        return pod.editSpec()
                .withContainers(new ContainerBuilder().withName("app").withPorts(appPorts).build())
                .withInitContainers(initContainers)
                .endSpec().build();
    }

    private static Map<String, String> map(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key/value pairs: " + Arrays.toString(keyValues));
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
