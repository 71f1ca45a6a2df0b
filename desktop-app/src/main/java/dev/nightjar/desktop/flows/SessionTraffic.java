package dev.nightjar.desktop.flows;

import java.util.function.Predicate;

/**
 * This session's own connection to its sensor: the gRPC stream the events arrive on. The
 * sensor sees it like any other flow, and being the busiest connection on the node it would
 * top every "top talkers" list, so those lists leave it out (and say so). It is the loopback
 * connection to the sensor's listening port: a local sensor listens on 127.0.0.1, a cluster
 * sensor on its pod's 127.0.0.1, reached through the API server's port-forward.
 */
public record SessionTraffic(int sensorPort) implements Predicate<FlowRow> {

    /** No sensor stream to hide: a bundle opened offline. */
    public static final SessionTraffic NONE = new SessionTraffic(-1);

    @Override
    public boolean test(FlowRow row) {
        return sensorPort > 0
                && (row.source().port() == sensorPort || row.destination().port() == sensorPort)
                && loopback(row.source().ip()) && loopback(row.destination().ip());
    }

    public boolean hidesSomething() {
        return sensorPort > 0;
    }

    private static boolean loopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1") || ip.startsWith("::ffff:127.");
    }
}
