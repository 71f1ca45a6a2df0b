package dev.nightjar.desktop.bundle;

import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.protocol.v1.DropEvent;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.FlowUpdate;
import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityProcess;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SyscallSpan;

/**
 * Applies a {@link Redaction} to sensor events on their way into an exported bundle.
 * Every field that can hold an address is listed here, by payload kind: a new field
 * that can hold one must be added, and {@code RedactionTest} checks the bundle's bytes.
 *
 * <ul>
 *   <li>flow and drop: the five-tuple's source and destination address;</li>
 *   <li>syscall span: addresses written in {@code fd_target} ("tcp 10.0.0.1:80->10.0.0.2:5000");</li>
 *   <li>process: addresses inside command-line arguments (or the whole command line, when dropped);</li>
 *   <li>request and request stats: see {@link RequestRedactor};</li>
 *   <li>security event: the process's and its ancestors' command lines as for a process, and
 *       addresses in its path, its call's arguments and the processes' working directories.</li>
 * </ul>
 * SensorInfo, heartbeats, loss counters, histograms and stack samples hold no addresses.
 * One instance per export, so one address maps to one stand-in across the whole bundle.
 */
public final class EventRedactor {

    private final Redaction redaction;
    private final AddressRedactor addresses;
    private final RequestRedactor requests;

    public EventRedactor(Redaction redaction) {
        this(redaction, new AddressRedactor());
    }

    EventRedactor(Redaction redaction, AddressRedactor addresses) {
        this.redaction = redaction;
        this.addresses = addresses;
        this.requests = new RequestRedactor(redaction, addresses);
    }

    /**
     * The cluster snapshot as the redacted bundle may carry it: labels cut to the allow-list,
     * and every pod, service, node and endpoint address replaced by the same stand-in as in
     * the events, so the offline bundle still names its endpoints.
     */
    public ClusterSnapshot snapshot(ClusterSnapshot snapshot) {
        ClusterSnapshot result = snapshot;
        if (redaction.filterLabels()) {
            result = result.withLabels(redaction::labelsToKeep);
        }
        if (redaction.hashAddresses()) {
            result = result.withAddresses(addresses::text);
        }
        return result;
    }

    public SensorEvent apply(SensorEvent event) {
        if (redaction.isNone()) {
            return event;
        }
        return switch (event.getPayloadCase()) {
            case FLOW -> redaction.hashAddresses() ? event.toBuilder().setFlow(flow(event.getFlow())).build() : event;
            case DROP -> redaction.hashAddresses() ? event.toBuilder().setDrop(drop(event.getDrop())).build() : event;
            case SYSCALL_SPAN -> redaction.hashAddresses()
                    ? event.toBuilder().setSyscallSpan(span(event.getSyscallSpan())).build() : event;
            case PROCESS -> event.toBuilder().setProcess(process(event.getProcess())).build();
            case REQUEST -> event.toBuilder().setRequest(requests.request(event.getRequest())).build();
            case REQUEST_STATS -> event.toBuilder().setRequestStats(requests.stats(event.getRequestStats())).build();
            case SECURITY -> event.toBuilder().setSecurity(security(event.getSecurity())).build();
            default -> event;
        };
    }

    private FlowUpdate flow(FlowUpdate flow) {
        return flow.toBuilder().setTuple(tuple(flow.getTuple())).build();
    }

    private DropEvent drop(DropEvent drop) {
        return drop.toBuilder().setTuple(tuple(drop.getTuple())).build();
    }

    private FiveTuple tuple(FiveTuple t) {
        return t.toBuilder().setSrcAddr(addresses.address(t.getSrcAddr()))
                .setDstAddr(addresses.address(t.getDstAddr())).build();
    }

    private SyscallSpan span(SyscallSpan span) {
        return span.toBuilder().setFdTarget(addresses.text(span.getFdTarget())).build();
    }

    private ProcessInfo process(ProcessInfo process) {
        ProcessInfo.Builder b = process.toBuilder();
        if (redaction.dropCommandLines()) {
            b.clearCmdline();
        } else if (redaction.hashAddresses()) {
            b.clearCmdline();
            for (String arg : process.getCmdlineList()) {
                b.addCmdline(addresses.text(arg));
            }
        }
        return b.build();
    }

    private SecurityEvent security(SecurityEvent event) {
        SecurityEvent.Builder b = event.toBuilder().setProcess(securityProcess(event.getProcess())).clearAncestors();
        event.getAncestorsList().forEach(a -> b.addAncestors(securityProcess(a)));
        if (redaction.hashAddresses()) {
            b.setPath(addresses.text(event.getPath())).clearArgs();
            event.getArgsList().forEach(arg -> b.addArgs(addresses.text(arg)));
        }
        return b.build();
    }

    private SecurityProcess securityProcess(SecurityProcess process) {
        SecurityProcess.Builder b = process.toBuilder();
        if (redaction.dropCommandLines()) {
            b.clearArgv();
        } else if (redaction.hashAddresses()) {
            b.clearArgv();
            process.getArgvList().forEach(arg -> b.addArgv(addresses.text(arg)));
        }
        if (redaction.hashAddresses()) {
            b.setCwd(addresses.text(process.getCwd()));
        }
        return b.build();
    }
}
