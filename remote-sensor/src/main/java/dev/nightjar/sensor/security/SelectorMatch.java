package dev.nightjar.sensor.security;

import dev.nightjar.sensor.security.policy.Selector;

/** Whether a process (and the hook's path) satisfies every part of a selector. */
final class SelectorMatch {

    private final long[] hostNamespaces;

    /** @param hostNamespaces the host's namespace inodes, what host_ns stands for */
    SelectorMatch(long[] hostNamespaces) {
        this.hostNamespaces = hostNamespaces.clone();
    }

    /** A null selector (a rule without selectors) matches everything. */
    boolean matches(Selector selector, ProcessTree.Node process, String path) {
        if (selector == null) {
            return true;
        }
        for (Selector.ArgMatch arg : selector.args()) {
            if (!arg.test(path)) {
                return false;
            }
        }
        for (Selector.SetMatch binaries : selector.binaries()) {
            if (!binaries.test(process.binary)) {
                return false;
            }
        }
        for (Selector.NamespaceMatch ns : selector.namespaces()) {
            long inode = process.namespaces[ns.type().ordinal()];
            boolean listed = ns.inodes().contains(inode)
                    || (ns.hostNs() && inode == hostNamespaces[ns.type().ordinal()]);
            if (listed != ns.in()) {
                return false;
            }
        }
        for (Selector.CapabilityMatch caps : selector.capabilities()) {
            long set = caps.effective() ? process.capEffective : process.capPermitted;
            if (((set & caps.mask()) != 0) != caps.in()) {
                return false;
            }
        }
        return true;
    }
}
