package dev.nightjar.desktop.drops.policy;

import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * NetworkPolicy ipBlock: the address is inside {@code cidr} and inside none of
 * the {@code except} blocks. An unparsable cidr matches nothing (the API server
 * rejects such policies, so this only guards against hand-made objects).
 */
final class IpBlockMatcher {

    private IpBlockMatcher() {
    }

    static boolean matches(IPBlock block, InetAddress address) {
        Optional<Cidr> cidr = Cidr.parse(block.getCidr());
        if (cidr.isEmpty() || !cidr.get().contains(address)) {
            return false;
        }
        List<String> except = block.getExcept() == null ? List.of() : block.getExcept();
        for (String excluded : except) {
            Optional<Cidr> hole = Cidr.parse(excluded);
            if (hole.isPresent() && hole.get().contains(address)) {
                return false;
            }
        }
        return true;
    }

    /** "10.0.0.0/8 except 10.1.0.0/16" */
    static String describe(IPBlock block) {
        List<String> except = block.getExcept() == null ? List.of() : block.getExcept();
        return except.isEmpty() ? block.getCidr() : block.getCidr() + " except " + String.join(", ", except);
    }
}
