package dev.nightjar.desktop.session;

/**
 * One thing a capture needs the API server to allow: a verb on a resource, in a namespace
 * or cluster-wide, optionally for one name only.
 *
 * @param group       API group, "" for the core group
 * @param subresource e.g. {@code portforward}, or empty
 * @param namespace   the namespace, or empty for cluster scope
 * @param name        the one object name the permission is about, or empty for all
 * @param neededFor   what Nightjar does with it, in words
 * @param essential   false when a capture still works without it (names stay unresolved, say)
 */
public record RequiredPermission(String verb, String group, String resource, String subresource, String namespace,
                                 String name, String neededFor, boolean essential) {

    /** "create pods/portforward in nightjar", "list nodes (cluster-wide)", "delete namespaces/nightjar". */
    public String describe() {
        String what = resource + (subresource.isEmpty() ? "" : "/" + subresource);
        String where = !namespace.isEmpty() ? " in " + namespace : name.isEmpty() ? " (cluster-wide)" : "";
        return verb + " " + (group.isEmpty() ? "" : group + "/") + what + (name.isEmpty() ? "" : " " + name) + where;
    }

    /** The {@code kubectl auth can-i} line that asks the same question. */
    public String canI() {
        String what = resource + (group.isEmpty() ? "" : "." + group) + (name.isEmpty() ? "" : "/" + name);
        return "kubectl auth can-i " + verb + " " + what + (subresource.isEmpty() ? "" : " --subresource=" + subresource)
                + (namespace.isEmpty() ? "" : " -n " + namespace);
    }
}
