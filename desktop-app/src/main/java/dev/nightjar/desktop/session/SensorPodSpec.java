package dev.nightjar.desktop.session;

import dev.nightjar.desktop.cluster.NodeWarnings;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.time.Instant;
import java.util.List;

/**
 * The sensor pod for one node.
 *
 * <p>Why each setting:
 * <ul>
 * <li>{@code nodeName} binds the pod to the chosen node without the scheduler, and the
 *     single {@code operator: Exists} toleration lets it run on tainted nodes
 *     (control plane, dedicated pools), which are often the ones being debugged.</li>
 * <li>Because that toleration also accepts Windows nodes' {@code os=windows} taint, the pod
 *     requires {@code kubernetes.io/os: linux} and an architecture the image is built for
 *     ({@code kubernetes.io/arch} in {@link NodeWarnings#IMAGE_ARCHITECTURES}): the kubelet
 *     checks both on admission even without the scheduler, so a pod sent to the wrong node
 *     fails at once ({@code NodeAffinity}) instead of pulling an image that cannot run.</li>
 * <li>{@code hostPID} lets the sensor see the node's processes (pids, /proc/PID/maps
 *     for symbols); not {@code hostNetwork}: the sensor listens on the pod's own
 *     127.0.0.1 and is reached only through the API server's port-forward.</li>
 * <li>No service-account token: the sensor never talks to the API server.</li>
 * <li>Runs as uid 0 in both modes and so not {@code runAsNonRoot}: Kubernetes puts
 *     added capabilities into the effective set only for uid 0 (it has no ambient
 *     capabilities), and without CAP_BPF/CAP_PERFMON in the effective set no program
 *     loads. Root here is root in the container with only the listed capabilities.</li>
 * <li>Least privilege drops ALL capabilities, adds back those {@link PrivilegeMode} lists
 *     (proved on a real kernel by the image's chroot test in packaging/sensor-image),
 *     forbids privilege escalation, and runs seccomp and AppArmor unconfined: the
 *     runtime-default seccomp profiles of containerd and CRI-O before 2023 allow
 *     {@code bpf()} and {@code perf_event_open()} only with CAP_SYS_ADMIN, and AppArmor
 *     default profiles deny reads under /sys/kernel (tracefs, debugfs) on some
 *     distributions. Privileged containers are not confined by either anyway.</li>
 * <li>Host {@code /proc} at {@code /host/proc} and {@code /sys} at {@code /sys}, both
 *     read-only: the sensor reads BTF ({@code /sys/kernel/btf}), tracefs and debugfs
 *     from /sys, and other processes' maps and cgroups from the host's /proc.</li>
 * <li>Read-only root filesystem with a small in-memory /tmp; requests and limits so
 *     the sensor cannot starve the node it observes; {@code activeDeadlineSeconds}
 *     and {@code restartPolicy: Never} so a forgotten pod ends by itself.</li>
 * </ul>
 */
public final class SensorPodSpec {

    public static final String CONTAINER = "sensor";
    public static final String TOKEN_DIR = "/run/nightjar";
    public static final String HOST_PROC = "/host/proc";
    public static final int LISTEN_PORT = 7700;

    static final String OS_LABEL = "kubernetes.io/os";
    static final String ARCH_LABEL = "kubernetes.io/arch";
    static final String VOLUME_PROC = "host-proc";
    static final String VOLUME_SYS = "host-sys";
    static final String VOLUME_TMP = "tmp";
    static final String VOLUME_TOKEN = "session-token";
    private static final int TOKEN_FILE_MODE = 0400;
    private static final String IDLE_EXIT = "10m";

    private SensorPodSpec() {
    }

    /** Clusters before 1.30 know AppArmor only from this annotation; newer ones require it to match the field. */
    static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/" + CONTAINER;

    public static Pod build(SessionPlan plan, String nodeName, Instant leaseExpires) {
        SessionId session = plan.id();
        SensorSettings s = plan.settings();
        Pod pod = new PodBuilder()
                .withMetadata(SessionObjectMeta.of(SensorObjectNames.pod(session, nodeName), session, leaseExpires))
                .withNewSpec()
                .withNodeName(nodeName)
                .addToNodeSelector(OS_LABEL, "linux")
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm().addNewMatchExpression().withKey(ARCH_LABEL).withOperator("In")
                        .withValues(NodeWarnings.IMAGE_ARCHITECTURES.stream().sorted().toList())
                    .endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .addNewToleration().withOperator("Exists").endToleration()
                .withHostPID(true)
                .withHostNetwork(false)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withRestartPolicy("Never")
                .withActiveDeadlineSeconds(s.activeDeadline().toSeconds())
                .withTerminationGracePeriodSeconds(s.terminationGraceSeconds())
                .withContainers(container(plan))
                .addNewVolume().withName(VOLUME_PROC)
                    .withNewHostPath().withPath("/proc").withType("Directory").endHostPath().endVolume()
                .addNewVolume().withName(VOLUME_SYS)
                    .withNewHostPath().withPath("/sys").withType("Directory").endHostPath().endVolume()
                .addNewVolume().withName(VOLUME_TMP)
                    .withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("16Mi")).endEmptyDir().endVolume()
                .addNewVolume().withName(VOLUME_TOKEN)
                    .withNewSecret().withSecretName(SensorObjectNames.secret(session)).withDefaultMode(TOKEN_FILE_MODE)
                    .addNewItem().withKey(SensorTokenSecret.TOKEN_KEY).withPath(SensorTokenSecret.TOKEN_KEY).endItem()
                    .endSecret().endVolume()
                .endSpec()
                .build();
        if (plan.mode() == PrivilegeMode.LEAST_PRIVILEGE) {
            pod.getMetadata().getAnnotations().put(APPARMOR_ANNOTATION, "unconfined");
        }
        return pod;
    }

    private static Container container(SessionPlan plan) {
        SensorSettings s = plan.settings();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(s.image())
                .withImagePullPolicy("IfNotPresent")
                .withArgs(args())
                .addNewEnv().withName("NODE_NAME")
                    .withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom()
                .endEnv()
                .withNewResources()
                    .addToRequests("cpu", new Quantity(s.cpuRequest()))
                    .addToRequests("memory", new Quantity(s.memoryRequest()))
                    .addToLimits("cpu", new Quantity(s.cpuLimit()))
                    .addToLimits("memory", new Quantity(s.memoryLimit()))
                .endResources()
                .withSecurityContext(securityContext(plan.mode()))
                .addNewVolumeMount().withName(VOLUME_PROC).withMountPath(HOST_PROC).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName(VOLUME_SYS).withMountPath("/sys").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName(VOLUME_TMP).withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName(VOLUME_TOKEN).withMountPath(TOKEN_DIR).withReadOnly(true).endVolumeMount()
                .build();
    }

    /** The sensor's command line; {@code $(NODE_NAME)} is expanded by the kubelet from the env var. */
    static List<String> args() {
        return List.of("serve",
                "--listen", "127.0.0.1:" + LISTEN_PORT,
                "--token-file", TOKEN_DIR + "/" + SensorTokenSecret.TOKEN_KEY,
                "--proc-root", HOST_PROC,
                "--idle-exit", IDLE_EXIT,
                "--node-name", "$(NODE_NAME)");
    }

    static SecurityContext securityContext(PrivilegeMode mode) {
        SecurityContextBuilder b = new SecurityContextBuilder()
                .withReadOnlyRootFilesystem(true)
                .withRunAsUser(0L)
                .withRunAsNonRoot(false);
        if (mode == PrivilegeMode.PRIVILEGED) {
            // The API server rejects allowPrivilegeEscalation=false together with privileged=true.
            return b.withPrivileged(true).build();
        }
        Capabilities caps = new CapabilitiesBuilder().withDrop("ALL").withAdd(mode.capabilities()).build();
        return b.withPrivileged(false)
                .withAllowPrivilegeEscalation(false)
                .withCapabilities(caps)
                .withNewSeccompProfile().withType("Unconfined").endSeccompProfile()
                .withNewAppArmorProfile().withType("Unconfined").endAppArmorProfile()
                .build();
    }
}
