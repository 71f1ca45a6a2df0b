package dev.nightjar.desktop.cli;

import dev.nightjar.desktop.session.ManifestYaml;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SensorManifest;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionId;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.SessionToken;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nightjar manifest --node NAME ...} prints the exact objects a session would
 * create, as YAML, without touching a cluster: for review, or for an admin who wants
 * to see what the desktop will ask for.
 */
@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = "Print the Kubernetes objects a sensor session creates (no cluster is contacted).")
public final class ManifestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "NAME",
            description = "A node to run a sensor on (repeat for more nodes).")
    List<String> nodes;

    @Option(names = "--least-privilege",
            description = "Drop privileged mode; add only CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE, CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH.")
    boolean leastPrivilege;

    @Option(names = "--image", paramLabel = "REF", description = "Sensor image (default: ${DEFAULT-VALUE}).")
    String image = SensorSettings.defaults().image();

    @Option(names = "--session", paramLabel = "ID", description = "Session id (default: a random one).")
    String session;

    @Override
    public Integer call() {
        SessionPlan plan;
        try {
            SensorSettings settings = SensorSettings.defaults().withImage(image);
            SessionId id = session == null ? SessionId.random() : new SessionId(session);
            plan = new SessionPlan(id, nodes, leastPrivilege ? PrivilegeMode.LEAST_PRIVILEGE : PrivilegeMode.PRIVILEGED,
                    settings);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("nightjar manifest: " + e.getMessage());
            return 2;
        }
        Instant lease = Instant.now().plus(plan.settings().lease());
        SensorManifest manifest = SensorManifest.of(plan, SessionToken.placeholder(), lease);
        String header = """
                Nightjar sensor session %s: the objects the desktop creates, in order.
                The Secret's token below is a placeholder (%s): at deploy time the
                desktop puts a fresh random token there (32 bytes, base64url), new for every session.
                The lease annotation is renewed by the desktop while it is connected; objects applied by
                hand are removed by the next Nightjar orphan sweep once that lease has passed.""".formatted(
                plan.id(), SessionToken.PLACEHOLDER);
        spec.commandLine().getOut().print(ManifestYaml.write(manifest, header));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
