package dev.nightjar.desktop.drops.policy;

/** Which side of a pod a NetworkPolicy rule guards. */
public enum PolicyDirection {
    INGRESS("ingress"),
    EGRESS("egress");

    private final String word;

    PolicyDirection(String word) {
        this.word = word;
    }

    /** Lower case, as in "no ingress rule admits …" and in spec.ingress[0]. */
    public String word() {
        return word;
    }
}
