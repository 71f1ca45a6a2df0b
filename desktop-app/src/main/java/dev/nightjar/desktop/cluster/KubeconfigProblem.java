package dev.nightjar.desktop.cluster;

/**
 * A kubeconfig that cannot be used: a missing or unreadable file, YAML that does not
 * parse, or a context that names a cluster or user no file defines. The message says
 * what is wrong and in which file; it is meant to be shown to the user as it is.
 */
public final class KubeconfigProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubeconfigProblem(String message) {
        super(message);
    }
}
