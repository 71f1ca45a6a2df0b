package dev.nightjar.sensor.requests;

import dev.nightjar.protocol.v1.AppProtocol;
import dev.nightjar.protocol.v1.Filter;
import java.util.EnumSet;
import java.util.Set;

/**
 * The request settings in force, read from the Filter's request_* fields: immutable, so the
 * assembler publishes it through one volatile field.
 *
 * @param protocols empty means every protocol
 */
public record RequestSettings(long slowThresholdNs, double sampleRate, Set<AppProtocol> protocols, boolean unmaskLiterals) {

    public static final long DEFAULT_SLOW_THRESHOLD_NS = 100_000_000L;

    public static final RequestSettings DEFAULTS = new RequestSettings(DEFAULT_SLOW_THRESHOLD_NS, 0, Set.of(), false);

    public static RequestSettings of(Filter filter) {
        long slow = filter.getRequestSlowThresholdNs() == 0 ? DEFAULT_SLOW_THRESHOLD_NS : filter.getRequestSlowThresholdNs();
        double rate = Double.isNaN(filter.getRequestSampleRate()) ? 0 : Math.clamp(filter.getRequestSampleRate(), 0.0, 1.0);
        Set<AppProtocol> protocols = EnumSet.noneOf(AppProtocol.class);
        for (AppProtocol p : filter.getRequestProtocolsList()) {
            if (p != AppProtocol.APP_PROTOCOL_UNSPECIFIED && p != AppProtocol.UNRECOGNIZED) {
                protocols.add(p);
            }
        }
        return new RequestSettings(slow, rate, Set.copyOf(protocols), filter.getRequestUnmaskLiterals());
    }

    public boolean wants(AppProtocol protocol) {
        return protocols.isEmpty() || protocols.contains(protocol);
    }
}
