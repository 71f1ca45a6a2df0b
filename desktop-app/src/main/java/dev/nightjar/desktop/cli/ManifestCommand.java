package dev.nightjar.desktop.cli;

import dev.nightjar.desktop.session.ManifestPreview;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionId;
import dev.nightjar.desktop.session.SessionPlan;
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
            description = "Drop privileged mode; add only the capabilities the sensor needs (BPF, PERFMON, NET_ADMIN, SYSLOG, SYS_RESOURCE, SYS_PTRACE, DAC_READ_SEARCH).")
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
        spec.commandLine().getOut().print(ManifestPreview.yaml(plan));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
