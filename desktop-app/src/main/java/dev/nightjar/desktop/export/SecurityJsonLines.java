package dev.nightjar.desktop.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.security.ProcessTree;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.text.CapabilityNames;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.protocol.v1.SecurityProcess;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security events as JSON lines shaped like Tetragon's export ({@code tetragon.GetEventsResponse}
 * written by protojson with proto field names), so pipelines that read Tetragon's
 * {@code tetragon.log} read these: one object per event, nodes in name order, each node's events
 * in the order recorded.
 * <ul>
 *   <li>an exec → {@code {"process_exec": {"process", "parent", "ancestors"}, "node_name", "time"}};</li>
 *   <li>an exit → {@code process_exit} of the same shape;</li>
 *   <li>every other match (file open, privilege raise, namespace change, sensitive syscall, connect)
 *       → {@code process_kprobe} with {@code function_name} (the policy's call), {@code args},
 *       {@code action} ({@code KPROBE_ACTION_POST}), {@code policy_name} and the stacks;</li>
 *   <li>a rate-limit summary → {@code {"rate_limit_info": {"number_of_dropped_process_events"}}}.</li>
 * </ul>
 * As protojson writes them: 64-bit numbers as strings, empty fields left out, times in RFC 3339.
 * Only fields our events have a value for are written; docs/SECURITY-EVENTS.md ("Export") lists
 * the differences.
 */
public final class SecurityJsonLines {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The sensor's kernel symbol: "name+0xoffset", optionally followed by " [module]". */
    private static final Pattern SYMBOL = Pattern.compile("(.+?)\\+0x([0-9a-fA-F]+)(?: \\[(.+)])?");

    private SecurityJsonLines() {
    }

    /** @return events written */
    public static long write(CaptureStore store, TimeWindow window, PodOfContainer pods, OutputStream out)
            throws IOException {
        long lines = 0;
        for (String node : store.nodeNames()) {
            List<SensorEvent> events = store.node(node).map(n -> n.events(PayloadKind.SECURITY, window))
                    .orElse(List.of());
            for (SensorEvent event : events) {
                out.write(FlowJsonLines.MAPPER.writeValueAsBytes(line(event, pods)));
                out.write('\n');
                lines++;
            }
        }
        out.flush();
        return lines;
    }

    /** One event as Tetragon's GetEventsResponse. */
    public static ObjectNode line(SensorEvent event, PodOfContainer pods) {
        SecurityEvent e = event.getSecurity();
        String node = event.getNode();
        ObjectNode line = JSON.objectNode();
        if (e.getSummary()) {
            line.putObject("rate_limit_info")
                    .put("number_of_dropped_process_events", Long.toUnsignedString(e.getSuppressedCount()));
        } else if (e.getKind() == SecurityEventKind.SECURITY_EVENT_KIND_EXEC) {
            processEvent(line.putObject("process_exec"), e, node, pods);
        } else if (e.getKind() == SecurityEventKind.SECURITY_EVENT_KIND_EXIT) {
            processEvent(line.putObject("process_exit"), e, node, pods);
        } else {
            kprobe(line.putObject("process_kprobe"), e, node, pods);
        }
        putText(line, "node_name", node);
        line.put("time", Instant.ofEpochSecond(0, e.getTimeNs()).toString());
        return line;
    }

    /** process, parent and the ancestors beyond it, as ProcessExec and ProcessExit have them. */
    private static void processEvent(ObjectNode target, SecurityEvent e, String node, PodOfContainer pods) {
        target.set("process", process(e.getProcess(), e, node, pods, true));
        List<SecurityProcess> ancestors = e.getAncestorsList();
        if (!ancestors.isEmpty()) {
            target.set("parent", process(ancestors.getFirst(), e, node, pods, false));
        }
        if (ancestors.size() > 1) {
            ArrayNode beyond = target.putArray("ancestors");
            ancestors.subList(1, ancestors.size()).forEach(a -> beyond.add(process(a, e, node, pods, false)));
        }
    }

    private static void kprobe(ObjectNode target, SecurityEvent e, String node, PodOfContainer pods) {
        processEvent(target, e, node, pods);
        putText(target, "function_name", e.getCall());
        ArrayNode args = JSON.arrayNode();
        if (e.getKind() == SecurityEventKind.SECURITY_EVENT_KIND_FILE_OPEN) {
            args.addObject().putObject("file_arg").put("path", e.getPath());
        } else if (!e.getPath().isEmpty()) {
            args.addObject().put("string_arg", e.getPath());
        }
        e.getArgsList().forEach(a -> args.addObject().put("string_arg", a));
        if (!args.isEmpty()) {
            target.set("args", args);
        }
        target.put("action", "KPROBE_ACTION_POST");
        putStack(target, "kernel_stack_trace", e.getKernelStackList());
        putText(target, "policy_name", e.getPolicy());
        putStack(target, "user_stack_trace", e.getUserStackList());
    }

    /**
     * A tetragon.Process. {@code uid} is the effective uid, as Tetragon's is; both are in
     * {@code process_credentials}. The pod is the event's container's, on the event's own process only
     * (the ancestors up to the container's init share it; the runtime above it does not).
     */
    private static ObjectNode process(SecurityProcess p, SecurityEvent e, String node, PodOfContainer pods,
                                      boolean own) {
        ObjectNode o = JSON.objectNode();
        if (p.getStartTimeNs() != 0) {
            o.put("exec_id", execId(node, p.getStartTimeNs(), p.getPid()));
        }
        o.put("pid", Integer.toUnsignedLong(p.getPid()));
        o.put("uid", Integer.toUnsignedLong(p.getEuid()));
        putText(o, "cwd", p.getCwd());
        putText(o, "binary", p.getBinary());
        putText(o, "arguments", arguments(p));
        if (p.getArgvTruncated()) {
            o.put("flags", "truncArgs");
        }
        if (own && !e.getContainerId().isEmpty()) {
            pod(o, e.getContainerId(), pods);
        }
        if (p.getPpid() != 0) {
            e.getAncestorsList().stream().filter(a -> a.getPid() == p.getPpid() && a.getStartTimeNs() != 0)
                    .findFirst().ifPresent(parent -> o.put("parent_exec_id",
                            execId(node, parent.getStartTimeNs(), parent.getPid())));
        }
        ObjectNode cap = JSON.objectNode();
        putNames(cap, "permitted", CapabilityNames.of(p.getCapPermitted()));
        putNames(cap, "effective", CapabilityNames.of(p.getCapEffective()));
        if (!cap.isEmpty()) {
            o.set("cap", cap);
        }
        o.putObject("process_credentials").put("uid", Integer.toUnsignedLong(p.getUid()))
                .put("euid", Integer.toUnsignedLong(p.getEuid()));
        return o;
    }

    /** Tetragon's recipe: base64 of "node:start-time:pid" (the start on the kernel's boot clock). */
    static String execId(String node, long startNs, int pid) {
        return Base64.getEncoder().encodeToString((node + ":" + Long.toUnsignedString(startNs) + ":"
                + Integer.toUnsignedString(pid)).getBytes(StandardCharsets.UTF_8));
    }

    /** Tetragon's {@code arguments}: argv after argv[0], in one string, spaces inside an argument quoted. */
    private static String arguments(SecurityProcess p) {
        List<String> argv = p.getArgvList();
        return argv.size() <= 1 ? "" : ProcessTree.shellWords(argv.subList(1, argv.size()));
    }

    private static void pod(ObjectNode process, String containerId, PodOfContainer pods) {
        ObjectNode pod = JSON.objectNode();
        pods.podOf(containerId).ifPresent(name -> {
            int slash = name.indexOf('/');
            putText(pod, "namespace", slash < 0 ? "" : name.substring(0, slash));
            putText(pod, "name", name.substring(slash + 1));
        });
        pod.putObject("container").put("id", containerId);
        process.set("pod", pod);
        process.put("docker", containerId.substring(0, Math.min(15, containerId.length())));
    }

    private static void putStack(ObjectNode target, String field, List<SecurityFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        ArrayNode stack = target.putArray(field);
        for (SecurityFrame f : frames) {
            ObjectNode entry = stack.addObject().put("address", Long.toUnsignedString(f.getAddress()));
            Matcher m = SYMBOL.matcher(f.getSymbol());
            if (m.matches()) {
                entry.put("offset", Long.toUnsignedString(Long.parseUnsignedLong(m.group(2), 16)));
                entry.put("symbol", m.group(1));
                putText(entry, "module", m.group(3) != null ? m.group(3) : f.getModule());
            } else {
                putText(entry, "symbol", f.getSymbol().startsWith("0x") ? "" : f.getSymbol());
                putText(entry, "module", f.getModule());
            }
        }
    }

    private static void putNames(ObjectNode target, String field, List<String> names) {
        if (!names.isEmpty()) {
            ArrayNode array = target.putArray(field);
            names.forEach(array::add);
        }
    }

    /** protojson leaves empty strings out. */
    private static void putText(ObjectNode target, String field, String value) {
        if (value != null && !value.isEmpty()) {
            target.put(field, value);
        }
    }
}
