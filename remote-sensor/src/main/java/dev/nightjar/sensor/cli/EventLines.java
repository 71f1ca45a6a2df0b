package dev.nightjar.sensor.cli;

import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowRole;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.FlowVerdict;
import dev.nightjar.protocol.v1.L4Protocol;
import dev.nightjar.protocol.v1.LossCounter;
import dev.nightjar.protocol.v1.LostEvents;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.protocol.v1.StackSamples;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import dev.nightjar.protocol.v1.TcpState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One readable line per event, in the spirit of {@code hubble observe}:
 *
 * <pre>
 * 21:43:10.123 node-a FLOW ESTABLISHED both tcp 10.0.0.1:40000 -> 10.0.0.2:8080 ESTABLISHED tx=1.2KB rx=300B pid=123 (curl) -> pid=77 (nginx)
 * 21:43:10.123 node-a FLOW REFUSED client x12 tcp 10.0.0.1:0 -> 10.0.0.9:5432 CLOSE tx=0B rx=0B rst=0/12 closed pid=123 (app)
 * 21:43:10.123 node-a DROP NETFILTER_DROP x3 tcp 10.0.0.1:5 -> 10.0.0.2:80 at nf_hook_slow+0x9c dev eth0
 * 21:43:11.000 node-a PROFILE samples=57 stacks=2 @99Hz pid=4242 (burner)
 * 21:43:11.000 node-a STACK 4242 burner 55 main;nj_outer;nj_middle;nj_inner_spin
 * 21:43:12.000 node-a REQUEST http GET /orders/8123 -> 500 host=shop 12.3ms req=120B resp=1.5KB ERROR tcp 10.0.0.1:40000 -> 10.0.0.2:8080 server pid=77 (api)
 * 21:43:12.000 node-a REQUESTS http GET /orders/{id} 2xx count=4 errors=0 avg=2.0ms max<4.2ms 10.0.0.1 -> 10.0.0.2:8080 server pid=77
 * </pre>
 *
 * Request lines are {@link RequestLines}'.
 *
 * A profile is one line for the process, then one STACK line per folded stack
 * (pid, comm, count, frames root first separated by ';'), the most sampled first.
 *
 * Heartbeats are not shown, and a LostEvents line only when a counter moved
 * (they repeat every few seconds). Not thread-safe: one instance per stream.
 */
final class EventLines {

    private final DateTimeFormatter time;
    private String lastLossLine = "";

    EventLines(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
    }

    /** The line for an event, or null when the event is not shown. */
    String format(SensorEvent event) {
        String body = switch (event.getPayloadCase()) {
            case FLOW -> flow(event.getFlow());
            case DROP -> drop(event.getDrop());
            case SYSCALL_SPAN -> span(event.getSyscallSpan());
            case SYSCALL_HISTOGRAM -> histogram(event.getSyscallHistogram());
            case STACKS -> stacks(event.getStacks());
            case PROCESS -> process(event.getProcess());
            case INFO -> info(event.getInfo());
            case LOST -> lost(event.getLost());
            case REQUEST -> RequestLines.request(event.getRequest());
            case REQUEST_STATS -> RequestLines.stats(event.getRequestStats());
            case SECURITY -> SecurityLines.of(event.getSecurity());
            case HEARTBEAT, PAYLOAD_NOT_SET -> null;
        };
        if (body == null) {
            return null;
        }
        Instant at = Instant.ofEpochSecond(0, event.getTimestampNs());
        String prefix = time.format(at) + " " + event.getNode() + " ";
        return prefix + body.replace("\n", "\n" + prefix);
    }

    private static String flow(FlowUpdate f) {
        StringBuilder line = new StringBuilder("FLOW ");
        if (f.getVerdict() != FlowVerdict.FLOW_VERDICT_UNSPECIFIED) {
            line.append(f.getVerdict().name().substring("FLOW_VERDICT_".length())).append(' ');
        }
        line.append(side(f));
        if (f.getConnections() > 1) {
            line.append('x').append(f.getConnections()).append(' ');
        }
        line.append(tuple(f.getTuple()));
        if (f.getTuple().getProtocol() == L4Protocol.L4_PROTOCOL_TCP && f.getTcpState() != TcpState.TCP_STATE_UNSPECIFIED) {
            line.append(' ').append(f.getTcpState().name().substring("TCP_STATE_".length()));
        }
        line.append(" tx=").append(HumanUnits.bytes(f.getBytesSent()))
                .append(" rx=").append(HumanUnits.bytes(f.getBytesReceived()));
        if (f.getRetransmits() > 0) {
            line.append(" retrans=").append(f.getRetransmits());
        }
        if (f.getResetsSent() + f.getResetsReceived() > 0) {
            line.append(" rst=").append(f.getResetsSent()).append('/').append(f.getResetsReceived());
        }
        if (f.getClosed()) {
            line.append(" closed");
        }
        line.append(task(f.getPid(), f.getComm()));
        if (f.getRole() == FlowRole.FLOW_ROLE_BOTH && f.getServerPid() != 0) {
            line.append(" ->").append(task(f.getServerPid(), f.getServerComm()));
        }
        return line.toString();
    }

    /** Which sockets of the connection are on this node; older sensors say only which one reported. */
    private static String side(FlowUpdate f) {
        return switch (f.getRole()) {
            case FLOW_ROLE_CLIENT -> "client ";
            case FLOW_ROLE_SERVER -> "server ";
            case FLOW_ROLE_BOTH -> "both ";
            default -> switch (f.getDirection()) {
                case FLOW_DIRECTION_OUTBOUND -> "out ";
                case FLOW_DIRECTION_INBOUND -> "in ";
                default -> "";
            };
        };
    }

    private static String drop(DropEvent d) {
        String reason = d.getReasonName().isEmpty() ? "reason#" + d.getReasonCode() : d.getReasonName();
        StringBuilder line = new StringBuilder("DROP ").append(reason).append(" x").append(d.getCount())
                .append(' ').append(tuple(d.getTuple()));
        if (!d.getLocation().isEmpty()) {
            line.append(" at ").append(d.getLocation());
        }
        if (!d.getIfname().isEmpty()) {
            line.append(" dev ").append(d.getIfname());
        }
        return line.append(task(d.getPid(), "")).toString();
    }

    private static String span(SyscallSpan s) {
        StringBuilder line = new StringBuilder("SYSCALL ").append(syscall(s.getSyscallName(), s.getSyscallNr()))
                .append(' ').append(HumanUnits.nanos(s.getDurationNs()));
        if (s.getFd() >= 0 && !s.getFdTarget().isEmpty()) {
            line.append(" fd=").append(s.getFd()).append(' ').append(s.getFdTarget());
        }
        line.append(" = ").append(s.getReturnValue());
        if (s.getErrno() != 0) {
            line.append(" errno=").append(s.getErrno());
        }
        return line.append(task(s.getPid(), s.getComm())).toString();
    }

    private static String histogram(SyscallHistogram h) {
        long average = h.getCount() == 0 ? 0 : h.getTotalLatencyNs() / h.getCount();
        return "SYSCALLS " + syscall(h.getSyscallName(), h.getSyscallNr()) + " count=" + h.getCount()
                + " errors=" + h.getErrors() + " avg=" + HumanUnits.nanos(average) + task(h.getPid(), h.getComm());
    }

    private static String stacks(StackSamples s) {
        long samples = s.getStacksList().stream().mapToLong(st -> st.getCount()).sum();
        StringBuilder lines = new StringBuilder("PROFILE samples=").append(samples).append(" stacks=")
                .append(s.getStacksCount()).append(" @").append(s.getFrequencyHz()).append("Hz")
                .append(container(s.getContainerId())).append(task(s.getPid(), s.getComm()));
        String comm = s.getComm().isEmpty() ? "?" : s.getComm().replace(' ', '_');
        s.getStacksList().stream().sorted((a, b) -> Long.compare(b.getCount(), a.getCount())).forEach(stack ->
                lines.append("\nSTACK ").append(s.getPid()).append(' ').append(comm).append(' ')
                        .append(stack.getCount()).append(' ').append(StackText.folded(s, stack)));
        return lines.toString();
    }

    private static String process(ProcessInfo p) {
        if (p.getExited()) {
            return "EXIT" + task(p.getPid(), p.getComm());
        }
        return "PROC" + task(p.getPid(), p.getComm()) + " ppid=" + p.getPpid() + container(p.getContainerId())
                + (p.getCmdlineCount() == 0 ? "" : " cmd=" + String.join(" ", p.getCmdlineList()));
    }

    private static String info(SensorInfo i) {
        StringJoiner features = new StringJoiner(" ");
        for (FeatureState f : i.getFeaturesList()) {
            String name = f.getFeature().name().substring("FEATURE_".length()).toLowerCase(Locale.ROOT);
            features.add(name + "=" + (f.getRunning() ? "on" : "off"));
        }
        return "INFO sensor " + i.getSensorVersion() + " kernel " + i.getKernelRelease() + " " + i.getArchitecture()
                + " btf=" + (i.getBtfPresent() ? "yes" : "no") + " " + features
                + (i.getStartupNs() > 0 ? " started-in=" + i.getStartupNs() / 1_000_000 + "ms" : "")
                + (i.hasSyscallTracing() ? " syscall-path=" + i.getSyscallTracing().getPath() : "");
    }

    private String lost(LostEvents lost) {
        StringJoiner counters = new StringJoiner(" ");
        for (LossCounter c : lost.getCountersList()) {
            if (c.getLostTotal() > 0) {
                counters.add(c.getStage().name().substring("LOSS_STAGE_".length()).toLowerCase(Locale.ROOT) + "/"
                        + c.getKind().name().substring("EVENT_KIND_".length()).toLowerCase(Locale.ROOT)
                        + "=" + c.getLostTotal());
            }
        }
        String line = counters.toString();
        if (line.equals(lastLossLine)) {
            return null;
        }
        lastLossLine = line;
        return "LOST " + line + " (cumulative)";
    }

    static String tuple(FiveTuple t) {
        String protocol = switch (t.getProtocol()) {
            case L4_PROTOCOL_TCP -> "tcp";
            case L4_PROTOCOL_UDP -> "udp";
            case L4_PROTOCOL_ICMP -> "icmp";
            case L4_PROTOCOL_ICMPV6 -> "icmpv6";
            default -> "proto#" + t.getProtocolValue();
        };
        boolean ports = t.getProtocol() == L4Protocol.L4_PROTOCOL_TCP || t.getProtocol() == L4Protocol.L4_PROTOCOL_UDP;
        return protocol + " " + endpoint(IpAddressText.of(t.getSrcAddr()), t.getSrcPort(), ports)
                + " -> " + endpoint(IpAddressText.of(t.getDstAddr()), t.getDstPort(), ports);
    }

    private static String endpoint(String address, int port, boolean withPort) {
        return withPort ? HostPort.format(address, port) : address;
    }

    private static String syscall(String name, int nr) {
        return name.isEmpty() ? "syscall#" + nr : name;
    }

    private static String task(int pid, String comm) {
        if (pid == 0) {
            return "";
        }
        return " pid=" + pid + (comm.isEmpty() ? "" : " (" + comm + ")");
    }

    private static String container(String id) {
        return id.isEmpty() ? "" : " container=" + id.substring(0, Math.min(12, id.length()));
    }
}
