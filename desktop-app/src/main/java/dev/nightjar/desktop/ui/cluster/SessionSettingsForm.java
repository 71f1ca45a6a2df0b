package dev.nightjar.desktop.ui.cluster;

import dev.nightjar.desktop.session.AttachSettings;
import dev.nightjar.desktop.session.ImageReference;
import dev.nightjar.desktop.session.LaunchMode;
import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SecurityPolicySetting;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The session settings dialog's fields as text, checked as the person types: {@link #error()}
 * says what is wrong (the first thing), {@link #settings()} is the valid result or empty. The
 * image is split into name:tag and an optional digest to pin; lists are comma separated. No
 * stage needed: tests fill the fields and read the result.
 */
public final class SessionSettingsForm {

    public final ObjectProperty<LaunchMode> mode = new SimpleObjectProperty<>(LaunchMode.DEPLOY);
    public final ObjectProperty<PrivilegeMode> privilege = new SimpleObjectProperty<>(PrivilegeMode.PRIVILEGED);
    public final StringProperty image = new SimpleStringProperty("");
    public final StringProperty digest = new SimpleStringProperty("");
    public final StringProperty namespace = new SimpleStringProperty("");
    public final StringProperty pullSecrets = new SimpleStringProperty("");
    public final StringProperty cpuRequest = new SimpleStringProperty("");
    public final StringProperty cpuLimit = new SimpleStringProperty("");
    public final StringProperty memoryRequest = new SimpleStringProperty("");
    public final StringProperty memoryLimit = new SimpleStringProperty("");
    public final StringProperty tolerations = new SimpleStringProperty("");
    public final StringProperty priorityClass = new SimpleStringProperty("");
    public final StringProperty attachNamespace = new SimpleStringProperty("");
    public final StringProperty attachTokenFile = new SimpleStringProperty("");
    public final ObjectProperty<SecurityEvents.Mode> security = new SimpleObjectProperty<>(SecurityEvents.Mode.OFF);
    /** The policy files' paths, comma or newline separated. */
    public final StringProperty policyFiles = new SimpleStringProperty("");

    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pinning = new ReadOnlyStringWrapper("");
    private final ObjectProperty<SessionSettings> result = new SimpleObjectProperty<>();

    public SessionSettingsForm(SessionSettings start) {
        show(start);
        List<Observable> fields = List.of(mode, privilege, image, digest, namespace, pullSecrets, cpuRequest, cpuLimit,
                memoryRequest, memoryLimit, tolerations, priorityClass, attachNamespace, attachTokenFile, security,
                policyFiles);
        fields.forEach(f -> f.addListener(o -> check()));
        check();
    }

    /** Puts settings into the fields. */
    public void show(SessionSettings s) {
        SensorSettings p = s.sensor();
        ImageReference ref = p.imageReference();
        mode.set(s.mode());
        privilege.set(s.privilege());
        image.set(ref.withoutDigest());
        digest.set(ref.digest());
        namespace.set(p.namespace());
        pullSecrets.set(String.join(", ", p.imagePullSecrets()));
        cpuRequest.set(p.cpuRequest());
        cpuLimit.set(p.cpuLimit());
        memoryRequest.set(p.memoryRequest());
        memoryLimit.set(p.memoryLimit());
        tolerations.set(String.join(", ", p.tolerations()));
        priorityClass.set(p.priorityClassName());
        attachNamespace.set(s.attach().namespace());
        attachTokenFile.set(s.attach().tokenFile());
        security.set(s.security().mode());
        policyFiles.set(String.join(", ", s.security().files()));
    }

    /** What is wrong with the fields, in words; empty when they make valid settings. */
    public ReadOnlyStringProperty error() {
        return error.getReadOnlyProperty();
    }

    /** Whether the image is pinned by digest, in words, for under the image field. */
    public ReadOnlyStringProperty pinning() {
        return pinning.getReadOnlyProperty();
    }

    /** The settings the fields make, or empty while {@link #error()} says why not. */
    public Optional<SessionSettings> settings() {
        return Optional.ofNullable(result.get());
    }

    private void check() {
        try {
            String ref = image.get().strip() + (digest.get().isBlank() ? "" : "@" + digest.get().strip());
            SensorSettings sensor = SensorSettings.defaults().withImage(ref).withNamespace(namespace.get())
                    .withResources(cpuRequest.get(), cpuLimit.get(), memoryRequest.get(), memoryLimit.get())
                    .withScheduling(list(pullSecrets.get()), list(tolerations.get()), priorityClass.get());
            SessionSettings s = new SessionSettings(mode.get(), privilege.get(), sensor,
                    new AttachSettings(attachNamespace.get(), attachTokenFile.get()),
                    new SecurityPolicySetting(security.get(), list(policyFiles.get())));
            if (s.mode() == LaunchMode.ATTACH && s.attach().tokenFile().isEmpty()) {
                throw new IllegalArgumentException("Attach mode needs the token file the platform team gave you.");
            }
            result.set(s);
            error.set("");
            pinning.set(sensor.imageReference().pinned()
                    ? "Pinned: every node runs exactly this image, whatever the tag points to later."
                    : "Not pinned: the tag can be moved in the registry. Add the digest to pin it"
                            + " (docker buildx imagetools inspect IMAGE shows it).");
        } catch (IllegalArgumentException e) {
            result.set(null);
            error.set(e.getMessage());
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
