package dev.nightjar.desktop.flows;

import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.TcpState;
import java.util.List;
import java.util.Set;

/**
 * A flow's verdict as the table and the filter write it. Sensors from after
 * 0.1.0 send one; for flows of older sensors (and bundles they wrote) it is
 * inferred from what they did send: a TCP connection that closed without a
 * byte either way never got an answer (TIMED_OUT), or got a reset (REFUSED).
 * DROPPED is never sent: {@link DroppedFlows} gives it when a drop record matches.
 */
public final class Verdicts {

    public static final String CONNECTING = "CONNECTING";
    public static final String ESTABLISHED = "ESTABLISHED";
    public static final String CLOSED = "CLOSED";
    public static final String REFUSED = "REFUSED";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String RESET = "RESET";
    public static final String UNREACHABLE = "UNREACHABLE";
    public static final String DROPPED = "DROPPED";

    /** Every verdict, in the order a legend lists them. */
    public static final List<String> ALL = List.of(ESTABLISHED, CLOSED, CONNECTING, REFUSED, TIMED_OUT, RESET,
            UNREACHABLE, DROPPED);

    private static final Set<String> FAILURES = Set.of(REFUSED, TIMED_OUT, RESET, UNREACHABLE, DROPPED);
    /** Never answered: the verdicts a matching drop turns into DROPPED. */
    private static final Set<String> UNANSWERED = Set.of(CONNECTING, TIMED_OUT, REFUSED, UNREACHABLE);

    private Verdicts() {
    }

    public static boolean isFailure(String verdict) {
        return FAILURES.contains(verdict);
    }

    static boolean neverAnswered(String verdict) {
        return UNANSWERED.contains(verdict);
    }

    /** The verdict of a flow update, sent or inferred. */
    public static String of(FlowUpdate f) {
        if (f.getVerdict() != FlowVerdict.FLOW_VERDICT_UNSPECIFIED && f.getVerdict() != FlowVerdict.UNRECOGNIZED) {
            return f.getVerdict().name().substring("FLOW_VERDICT_".length());
        }
        if (f.getTuple().getProtocol() != L4Protocol.L4_PROTOCOL_TCP) {
            return f.getClosed() ? CLOSED : ESTABLISHED;
        }
        if (!f.getClosed()) {
            return f.getTcpState() == TcpState.TCP_STATE_SYN_SENT ? CONNECTING : ESTABLISHED;
        }
        // bytes_acked and bytes_received count the SYN and FIN: a connection that never got
        // an answer has 0 received; one that got only a reset has 0 as well.
        if (f.getBytesReceived() == 0 && f.getBytesSent() <= 1) {
            return f.getResetsReceived() > 0 ? REFUSED : TIMED_OUT;
        }
        return f.getResetsSent() + f.getResetsReceived() > 0 ? RESET : CLOSED;
    }
}
