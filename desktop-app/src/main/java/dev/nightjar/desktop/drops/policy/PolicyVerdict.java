package dev.nightjar.desktop.drops.policy;

/** What NetworkPolicies say about one packet. */
public enum PolicyVerdict {
    /** At least one side is isolated and every isolated side has a rule (or exemption) admitting the packet. */
    ALLOWED,
    /** The destination pod is isolated for ingress and no ingress rule admits the packet. */
    DENIED_BY_INGRESS,
    /** The source pod is isolated for egress and no egress rule admits the packet. */
    DENIED_BY_EGRESS,
    /** No policy selects either pod for the relevant direction: policies allow everything here. */
    NOT_ISOLATED,
    /** Neither address belongs to a known pod, so policies cannot be evaluated. */
    UNKNOWN_ENDPOINTS
}
