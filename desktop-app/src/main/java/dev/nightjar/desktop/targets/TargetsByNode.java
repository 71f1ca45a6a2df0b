package dev.nightjar.desktop.targets;

import dev.nightjar.desktop.security.SecurityEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a live session traces on each of its sensors. A session with one sensor (on this machine,
 * or connected to directly) has one set of targets, whatever node a choice names; a cluster
 * session has one per node, and a choice changes only the targets of the node it was made on.
 * Nodes nobody chose anything on trace the session's {@code base}: {@link TraceTargets#DEFAULT}
 * with the session's security policies. Security policies are the session's, not a node's: a
 * change of them changes every node's targets.
 *
 * @param byNode     each node's targets where they differ from the base (one sensor: under "")
 * @param routed     whether a choice goes to its own node's sensor (a cluster session)
 * @param namesNodes whether what the user reads names the node (more than one node in the session)
 * @param base       what a node traces until something is chosen on it
 */
public record TargetsByNode(Map<String, TraceTargets> byNode, boolean routed, boolean namesNodes,
                            TraceTargets base) {

    /** A new session with one sensor: every choice is that sensor's, and no node is named. */
    public static final TargetsByNode ONE_SENSOR = new TargetsByNode(Map.of(), false, false);

    public TargetsByNode {
        byNode = Map.copyOf(byNode);
        Objects.requireNonNull(base, "base");
    }

    /** A session whose nodes start from {@link TraceTargets#DEFAULT}. */
    public TargetsByNode(Map<String, TraceTargets> byNode, boolean routed, boolean namesNodes) {
        this(byNode, routed, namesNodes, TraceTargets.DEFAULT);
    }

    /** A new cluster session over {@code nodes} nodes: choices go to their own node. */
    public static TargetsByNode cluster(int nodes) {
        return new TargetsByNode(Map.of(), true, nodes > 1);
    }

    /** The session's security policies, as every node runs them. */
    public SecurityEvents security() {
        return base.security();
    }

    /** The same, with every node (and every node that joins later) running {@code security}. */
    public TargetsByNode withSecurity(SecurityEvents security) {
        Map<String, TraceTargets> next = new LinkedHashMap<>();
        byNode.forEach((node, targets) -> next.put(node, targets.withSecurity(security)));
        return new TargetsByNode(next, routed, namesNodes, base.withSecurity(security));
    }

    /** The sensor a choice is for: its node in a cluster session; the one sensor's ("") otherwise. */
    public String sensorOf(TaskChoice choice) {
        return routed ? choice.node() : "";
    }

    /** What {@code sensor} (a node, or "" for the one sensor) traces now. */
    public TraceTargets of(String sensor) {
        return byNode.getOrDefault(sensor, base);
    }

    /** The same, with {@code sensor}'s targets replaced. */
    public TargetsByNode with(String sensor, TraceTargets targets) {
        Map<String, TraceTargets> next = new LinkedHashMap<>(byNode);
        next.put(Objects.requireNonNull(sensor, "sensor"), Objects.requireNonNull(targets, "targets"));
        return new TargetsByNode(next, routed, namesNodes, base);
    }

    /** The sensors whose CPU profile is narrowed to chosen tasks, sorted. */
    public List<String> narrowedProfiles() {
        return byNode.entrySet().stream().filter(e -> !e.getValue().profile().wholeNode()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** A choice as the user reads it: "nginx (4242)", or "nginx (4242) on node-b" when the session has several nodes. */
    public String name(TaskChoice choice) {
        return namesNodes && choice.knowsNode() ? choice.label() + " on " + choice.node() : choice.label();
    }

    /**
     * What is traced, in words. One node: "syscalls of nginx (4242) · CPU profile of the whole node".
     * Several: each chosen node's, then what the others do ("node-b: syscalls of …; other nodes: …").
     */
    public String describe() {
        if (!namesNodes) {
            return byNode.values().stream().findFirst().orElse(base).describe();
        }
        List<String> parts = new ArrayList<>();
        byNode.entrySet().stream().filter(e -> chosen(e.getValue()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + ": " + e.getValue().describe()));
        parts.add((parts.isEmpty() ? "every node: " : "other nodes: ") + base.describe());
        return String.join("; ", parts);
    }

    /** Whether a node traces anything but what a new session does (a profile back on its whole node does not). */
    private static boolean chosen(TraceTargets targets) {
        return targets.syscalls() != null || !targets.profile().wholeNode();
    }
}
