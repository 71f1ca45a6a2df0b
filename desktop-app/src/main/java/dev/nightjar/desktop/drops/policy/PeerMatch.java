package dev.nightjar.desktop.drops.policy;

/**
 * How one {@code from}/{@code to} peer matched an endpoint.
 *
 * @param matched         the peer admits the endpoint
 * @param ipBlockOnPodIp  it matched through an ipBlock although the address belongs to a pod, which
 *                        Kubernetes leaves to the network plugin
 * @param description     the peer in words, e.g. "podSelector app=frontend", "ipBlock 10.0.0.0/8"
 */
record PeerMatch(boolean matched, boolean ipBlockOnPodIp, String description) {

    static PeerMatch no(String description) {
        return new PeerMatch(false, false, description);
    }
}
