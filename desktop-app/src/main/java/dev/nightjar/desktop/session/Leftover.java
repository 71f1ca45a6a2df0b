package dev.nightjar.desktop.session;

/**
 * An object a teardown could not confirm gone.
 *
 * @param kind        {@code pod}, {@code secret} or {@code namespace}
 * @param namespace   the object's namespace (the namespace's own name for a namespace)
 * @param why         what happened ("no answer from the API server within 20 s", "403: …")
 * @param terminating the API server accepted the delete but the object is still there
 *                    (a pod on an unreachable node stays Terminating until the node answers)
 */
public record Leftover(String kind, String namespace, String name, String why, boolean terminating) {

    /** "pod nightjar/nightjar-ab12-node-a-3f2e1d (no answer from the API server within 20 s)". */
    public String describe() {
        return kind + " " + (kind.equals("namespace") ? name : namespace + "/" + name) + " (" + why + ")";
    }
}
