package dev.nightjar.sensor.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Decides whether {@code serve} may listen on an address. The stream is plain
 * HTTP/2 and the token is its only guard, so by default only loopback is
 * allowed: the desktop reaches the sensor through a port-forward. A name is
 * resolved and every address it resolves to must be loopback (the first one is
 * bound), so a name cannot smuggle in a routable address.
 */
final class ListenPolicy {

    /** Name resolution, swappable in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private ListenPolicy() {
    }

    static InetSocketAddress check(HostPort listen, boolean allowRemote, Resolver resolver) throws CliFailure {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(listen.host());
        } catch (UnknownHostException e) {
            throw new CliFailure(CliFailure.USAGE, "cannot resolve '" + listen.host() + "' in --listen " + listen
                    + "; use an IP address such as 127.0.0.1");
        }
        if (addresses.length == 0) {
            throw new CliFailure(CliFailure.USAGE, "'" + listen.host() + "' resolves to no address");
        }
        if (!allowRemote) {
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    throw new CliFailure(CliFailure.USAGE, "refusing to listen on " + listen + ": "
                            + address.getHostAddress() + " is not a loopback address, and the sensor's stream is"
                            + " unencrypted with the token as its only guard. Listen on 127.0.0.1 and reach it"
                            + " through a port-forward, or add --allow-remote if anyone who can reach this address"
                            + " may try.");
                }
            }
        }
        return new InetSocketAddress(addresses[0], listen.port());
    }
}
