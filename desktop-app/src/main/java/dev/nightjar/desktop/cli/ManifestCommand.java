package dev.nightjar.desktop.cli;

import dev.nightjar.desktop.session.AttachManifest;
import dev.nightjar.desktop.session.AttachSettings;
import dev.nightjar.desktop.session.ManifestPreview;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionId;
import dev.nightjar.desktop.session.SessionPlan;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.session.SessionSettingsStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nightjar manifest --node NAME ...} prints the exact objects a session would
 * create, as YAML, without touching a cluster: for review, or for an admin who wants
 * to see what the desktop will ask for. {@code --context} uses the session settings the
 * desktop remembers for that kubeconfig context (image, namespace, pull secrets,
 * tolerations, priority class, resources, privilege mode), so the preview is what Start
 * would create there. {@code --attach} prints attach mode's DaemonSet and Role instead.
 */
@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = "Print the Kubernetes objects a sensor session creates (no cluster is contacted).")
public final class ManifestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--node", paramLabel = "NAME",
            description = "A node to run a sensor on (repeat for more nodes). Required unless --attach.")
    List<String> nodes;

    @Option(names = "--context", paramLabel = "NAME",
            description = "Use the session settings the desktop remembers for this kubeconfig context.")
    String context;

    @Option(names = "--least-privilege",
            description = "Drop privileged mode; add only the capabilities the sensor needs (BPF, PERFMON, NET_ADMIN, SYSLOG, SYS_RESOURCE, SYS_PTRACE, DAC_READ_SEARCH).")
    boolean leastPrivilege;

    @Option(names = "--privileged", description = "With --attach: a privileged DaemonSet instead of the least-privilege one.")
    boolean privileged;

    @Option(names = "--image", paramLabel = "REF",
            description = "Sensor image, NAME:TAG or NAME@sha256:DIGEST (default: the context's, else "
                    + SensorSettings.IMAGE_REPOSITORY + ":<this version>).")
    String image;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "Namespace of the session (default: the context's, else nightjar; with --attach: nightjar-attach).")
    String namespace;

    @Option(names = "--session", paramLabel = "ID", description = "Session id (default: a random one).")
    String session;

    @Option(names = "--attach", description = "Print attach mode's objects: namespace, token Secret, DaemonSet, Role.")
    boolean attach;

    /** Where the remembered settings are read from; tests point it elsewhere. */
    @Option(names = "--settings-file", hidden = true)
    Path settingsFile;

    @Override
    public Integer call() {
        try {
            SessionSettings remembered = remembered();
            String out = attach ? attachYaml(remembered) : ManifestPreview.yaml(plan(remembered), remembered.security());
            spec.commandLine().getOut().print(out);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("nightjar manifest: " + e.getMessage());
            return 2;
        }
    }

    private SessionSettings remembered() {
        if (context == null) {
            return SessionSettings.defaults();
        }
        SessionSettingsStore store = settingsFile == null ? SessionSettingsStore.forThisUser()
                : new SessionSettingsStore(settingsFile);
        SessionSettingsStore.Loaded loaded = store.load(context);
        loaded.problem().ifPresent(p -> spec.commandLine().getErr().println("nightjar manifest: " + p));
        return loaded.settings();
    }

    private SessionPlan plan(SessionSettings remembered) {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("Missing required option: '--node=NAME' (or --attach for the DaemonSet).");
        }
        SensorSettings settings = remembered.sensor();
        if (image != null) {
            settings = settings.withImage(image);
        }
        if (namespace != null) {
            settings = settings.withNamespace(namespace);
        }
        PrivilegeMode mode = leastPrivilege ? PrivilegeMode.LEAST_PRIVILEGE : remembered.privilege();
        SessionId id = session == null ? SessionId.random() : new SessionId(session);
        return new SessionPlan(id, nodes, mode, settings, context == null ? "" : context);
    }

    private String attachYaml(SessionSettings remembered) {
        String ns = namespace != null ? namespace : remembered.attach().namespace();
        new AttachSettings(ns, ""); // checks the name
        String ref = image != null ? image : remembered.sensor().image();
        SensorSettings.defaults().withImage(ref); // checks the reference
        return AttachManifest.yaml(ref, ns, privileged ? PrivilegeMode.PRIVILEGED : PrivilegeMode.LEAST_PRIVILEGE);
    }
}
