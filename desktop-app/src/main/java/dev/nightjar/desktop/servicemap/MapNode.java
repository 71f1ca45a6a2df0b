package dev.nightjar.desktop.servicemap;

/**
 * One box of the service map: a workload (or pod, service, node, address, see
 * {@code naming.Workload}), or the folded rest.
 *
 * @param id        its name, unique on the map
 * @param exchanges requests it made and answered in the window
 * @param health    the worst health among the edges into it (how it answers); OK for a pure client
 * @param folded    for the "other" node, how many workloads it stands for; 0 otherwise
 */
public record MapNode(String id, long exchanges, Health health, int folded) {

    public boolean isOther() {
        return folded > 0;
    }
}
