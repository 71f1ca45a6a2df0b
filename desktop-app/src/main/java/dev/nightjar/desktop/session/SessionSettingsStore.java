package dev.nightjar.desktop.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nightjar.desktop.security.SecurityEvents;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Remembers {@link SessionSettings} per kubeconfig context in one small JSON file
 * ({@value #FILE_NAME} in {@link UserConfigDir}). Blocking file I/O: call it off the UI
 * thread. Writes go to a temporary file that replaces the old one, so a crash never leaves
 * half a file. A file that cannot be read, or a value in it that is no longer valid, gives
 * the defaults for that context and says why; it is never a reason not to start.
 *
 * <p>The image is stored only when it differs from this version's default, so a person who
 * never changed it gets the matching sensor after an upgrade.
 */
public final class SessionSettingsStore {

    public static final String FILE_NAME = "session-settings.json";
    private static final int VERSION = 1;

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SessionSettingsStore(Path file) {
        this.file = file;
    }

    public static SessionSettingsStore forThisUser() {
        return new SessionSettingsStore(UserConfigDir.forThisUser().resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    /** A context's settings, and what was wrong with what the file held for it, if anything. */
    public record Loaded(SessionSettings settings, Optional<String> problem) {
    }

    public synchronized Loaded load(String context) {
        ObjectNode root;
        try {
            root = readRoot();
        } catch (IOException e) {
            return new Loaded(SessionSettings.defaults(), Optional.of("Could not read " + file + " (" + e.getMessage()
                    + "); using the default session settings."));
        }
        JsonNode saved = root.path("contexts").path(context);
        if (!saved.isObject()) {
            return new Loaded(SessionSettings.defaults(), Optional.empty());
        }
        try {
            return new Loaded(fromJson(saved), Optional.empty());
        } catch (IllegalArgumentException e) {
            return new Loaded(SessionSettings.defaults(), Optional.of("The saved session settings of context " + context
                    + " in " + file + " are not valid (" + e.getMessage() + "); using the defaults."));
        }
    }

    /** Saves a context's settings, keeping every other context's. */
    public synchronized void save(String context, SessionSettings settings) throws IOException {
        ObjectNode root;
        try {
            root = readRoot();
        } catch (IOException e) {
            root = json.createObjectNode(); // an unreadable file is replaced rather than blocking every save
        }
        root.put("version", VERSION);
        ObjectNode contexts = root.with("contexts");
        contexts.set(context, toJson(settings));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp");
        try {
            json.writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ObjectNode readRoot() throws IOException {
        if (!Files.isRegularFile(file)) {
            return json.createObjectNode();
        }
        JsonNode node = json.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException("it does not hold a JSON object");
        }
        return (ObjectNode) node;
    }

    private ObjectNode toJson(SessionSettings s) {
        SensorSettings d = SensorSettings.defaults();
        SensorSettings p = s.sensor();
        ObjectNode o = json.createObjectNode();
        o.put("mode", s.mode().name());
        o.put("privilege", s.privilege().name());
        if (!p.image().equals(d.image())) {
            o.put("image", p.image());
        }
        o.put("namespace", p.namespace());
        strings(o.putArray("imagePullSecrets"), p.imagePullSecrets());
        o.put("cpuRequest", p.cpuRequest());
        o.put("cpuLimit", p.cpuLimit());
        o.put("memoryRequest", p.memoryRequest());
        o.put("memoryLimit", p.memoryLimit());
        strings(o.putArray("tolerations"), p.tolerations());
        o.put("priorityClassName", p.priorityClassName());
        o.put("attachNamespace", s.attach().namespace());
        o.put("attachTokenFile", s.attach().tokenFile());
        o.put("securityEvents", s.security().mode().name());
        strings(o.putArray("securityPolicyFiles"), s.security().files());
        return o;
    }

    private static SessionSettings fromJson(JsonNode o) {
        SessionSettings d = SessionSettings.defaults();
        SensorSettings ds = d.sensor();
        SensorSettings sensor = ds.withImage(text(o, "image", ds.image()))
                .withNamespace(text(o, "namespace", ds.namespace()))
                .withResources(text(o, "cpuRequest", ds.cpuRequest()), text(o, "cpuLimit", ds.cpuLimit()),
                        text(o, "memoryRequest", ds.memoryRequest()), text(o, "memoryLimit", ds.memoryLimit()))
                .withScheduling(list(o, "imagePullSecrets", ds.imagePullSecrets()),
                        list(o, "tolerations", ds.tolerations()), text(o, "priorityClassName", ds.priorityClassName()));
        return new SessionSettings(
                enumValue(o, "mode", LaunchMode::valueOf, d.mode()),
                enumValue(o, "privilege", PrivilegeMode::valueOf, d.privilege()),
                sensor,
                new AttachSettings(text(o, "attachNamespace", d.attach().namespace()),
                        text(o, "attachTokenFile", d.attach().tokenFile())),
                new SecurityPolicySetting(enumValue(o, "securityEvents", SecurityEvents.Mode::valueOf,
                        d.security().mode()), list(o, "securityPolicyFiles", d.security().files())));
    }

    private static String text(JsonNode o, String field, String fallback) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static List<String> list(JsonNode o, String field, List<String> fallback) {
        JsonNode v = o.get(field);
        if (v == null || !v.isArray()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode o, String field, Function<String, E> parse, E fallback) {
        String v = text(o, field, null);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + v + "\" is not a valid " + field);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
