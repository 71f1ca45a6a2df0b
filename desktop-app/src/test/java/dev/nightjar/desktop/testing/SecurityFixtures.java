package dev.nightjar.desktop.testing;

import dev.nightjar.desktop.cluster.ClusterSnapshot;
import dev.nightjar.desktop.cluster.ClusterSnapshot.ContainerRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshot.PodRecord;
import dev.nightjar.desktop.cluster.ClusterSnapshotJson;
import dev.nightjar.protocol.bundle.BundleWriter;
import dev.nightjar.protocol.bundle.NodeRecorder;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityEventKind;
import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.protocol.v1.SecurityHooks;
import dev.nightjar.protocol.v1.SecurityProcess;
import dev.nightjar.protocol.v1.SecuritySeverity;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Security events shaped as the sensor sends them, for one node whose cluster snapshot names
 * the container {@link #CART_CONTAINER} as pod shop/cart-0, one second apart from {@link #START_NS}:
 * <ol>
 *   <li>critical sensitive-kernel-paths: cat (4242) in shop/cart-0 opens /proc/sys/kernel/hostname,
 *       started by sh -c "cat /proc/sys/kernel/hostname" (4240) under bash (4100); both stacks;</li>
 *   <li>warning shell-in-container: bash (4100) exec's /bin/sh in shop/cart-0;</li>
 *   <li>critical setuid-to-root on the host: passwd (5001) raises uid 1000 to euid 0;</li>
 *   <li>the rate limit's summary: 1,990 more sensitive-kernel-paths opens by cat (4242) suppressed.</li>
 * </ol>
 */
public final class SecurityFixtures {

    public static final String NODE = "worker-1";
    public static final long START_NS = 1_764_000_000_000_000_000L;
    public static final String CART_CONTAINER = "c0ffee".repeat(10) + "abcd";
    public static final List<String> POLICIES = List.of("kernel-module-loads", "namespace-changes",
            "sensitive-kernel-paths", "service-account-token", "setuid-to-root", "shell-in-container");
    /** do_sys_openat2 at 0xffffffff81400000 + 0x5, as the sensor symbolizes it. */
    public static final long OPENAT2 = 0xffffffff81400005L;

    private SecurityFixtures() {
    }

    public static SecurityProcess bash() {
        return SecurityProcess.newBuilder().setPid(4100).setPpid(4000).setComm("bash").setBinary("/bin/bash")
                .addArgv("bash").setCwd("/").setUid(1000).setEuid(1000).setStartTimeNs(7_000_000_000L).build();
    }

    public static SecurityProcess sh() {
        return SecurityProcess.newBuilder().setPid(4240).setPpid(4100).setComm("sh").setBinary("/bin/sh")
                .addArgv("/bin/sh").addArgv("-c").addArgv("cat /proc/sys/kernel/hostname").setCwd("/srv")
                .setUid(1000).setEuid(1000).setStartTimeNs(8_000_000_000L).build();
    }

    public static SecurityProcess cat() {
        return SecurityProcess.newBuilder().setPid(4242).setPpid(4240).setComm("cat").setBinary("/usr/bin/cat")
                .addArgv("cat").addArgv("/proc/sys/kernel/hostname").setCwd("/srv").setUid(1000).setEuid(1000)
                .setCapPermitted(1L << 21).setCapEffective(1L << 21).setStartTimeNs(9_000_000_000L).build();
    }

    public static List<SensorEvent> events() {
        SecurityEvent open = SecurityEvent.newBuilder().setPolicy("sensitive-kernel-paths")
                .setSeverity(SecuritySeverity.SECURITY_SEVERITY_CRITICAL)
                .setKind(SecurityEventKind.SECURITY_EVENT_KIND_FILE_OPEN).setCall("security_file_open")
                .setHook("tracepoint").setPath("/proc/sys/kernel/hostname").setProcess(cat())
                .addAncestors(sh()).addAncestors(bash()).setContainerId(CART_CONTAINER).setCgroupId(9001)
                .addKernelStack(SecurityFrame.newBuilder().setAddress(OPENAT2).setSymbol("do_sys_openat2+0x5"))
                .addKernelStack(SecurityFrame.newBuilder().setAddress(0xffffffff81400254L)
                        .setSymbol("__x64_sys_openat+0x54"))
                .addKernelStack(SecurityFrame.newBuilder().setAddress(0xffffffffc0a01010L)
                        .setSymbol("nj_probe+0x10 [nightjar_mod]"))
                .addUserStack(SecurityFrame.newBuilder().setAddress(0x7f3a12345678L))
                .addUserStack(SecurityFrame.newBuilder().setAddress(0x55d0c0de1234L))
                .build();
        SecurityEvent shell = SecurityEvent.newBuilder().setPolicy("shell-in-container")
                .setSeverity(SecuritySeverity.SECURITY_SEVERITY_WARNING)
                .setKind(SecurityEventKind.SECURITY_EVENT_KIND_EXEC).setCall("security_bprm_check")
                .setHook("tp_btf/sched_process_exec").setPath("/bin/sh").setProcess(sh()).addAncestors(bash())
                .setContainerId(CART_CONTAINER).build();
        SecurityEvent root = SecurityEvent.newBuilder().setPolicy("setuid-to-root")
                .setSeverity(SecuritySeverity.SECURITY_SEVERITY_CRITICAL)
                .setKind(SecurityEventKind.SECURITY_EVENT_KIND_PRIVILEGE_CHANGE).setCall("commit_creds")
                .setHook("tp_btf/sched_process_exec").setPath("/usr/bin/passwd").addArgs("euid 1000 -> 0")
                .setProcess(SecurityProcess.newBuilder().setPid(5001).setPpid(5000).setComm("passwd")
                        .setBinary("/usr/bin/passwd").addArgv("passwd").setUid(1000).setEuid(0).setCwd("/home/dev"))
                .addAncestors(SecurityProcess.newBuilder().setPid(5000).setComm("bash").setBinary("/bin/bash")
                        .addArgv("-bash").setUid(1000).setEuid(1000))
                .build();
        SecurityEvent summary = SecurityEvent.newBuilder().setPolicy("sensitive-kernel-paths").setSummary(true)
                .setSuppressedCount(1990).setProcess(SecurityProcess.newBuilder().setPid(4242).setComm("cat"))
                .setContainerId(CART_CONTAINER).build();
        List<SecurityEvent> all = List.of(open, shell, root, summary);
        List<SensorEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            long at = START_NS + i * 1_000_000_000L;
            events.add(SensorEvent.newBuilder().setNode(NODE).setTimestampNs(at).setSequence(i + 1)
                    .setSecurity(all.get(i).toBuilder().setTimeNs(at)).build());
        }
        return events;
    }

    public static SensorInfo sensorInfo() {
        return SensorInfo.newBuilder().setNodeName(NODE).setKernelRelease("6.18.0").setArchitecture("x86_64")
                .setProtocolVersion(3).addCapabilities("security-events")
                .setSecurityHooks(SecurityHooks.newBuilder().setFileOpen("tracepoint").addAllPolicies(POLICIES))
                .build();
    }

    /** Names {@link #CART_CONTAINER} as shop/cart-0. */
    public static ClusterSnapshot snapshot() {
        return new ClusterSnapshot(ClusterSnapshot.VERSION, List.of(), List.of(new PodRecord("shop", "cart-0",
                "6f1d2c3b-0000-4000-8000-000000000001", NODE, false, List.of("10.0.2.20"), Map.of("app", "cart"),
                "StatefulSet", "cart", "", List.of(new ContainerRecord("cart", CART_CONTAINER)), List.of())),
                List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A bundle of one node holding {@link #events()}, written by the real writer, with {@link #snapshot()}. */
    public static Path bundle(Path file) throws Exception {
        try (BundleWriter writer = BundleWriter.create(file, "nightjar test")) {
            try (NodeRecorder rec = writer.node(NODE, sensorInfo())) {
                for (SensorEvent e : events()) {
                    rec.append(e);
                }
            }
            writer.setClusterSnapshot(ClusterSnapshotJson.write(snapshot()));
            writer.commit();
        }
        return file;
    }
}
