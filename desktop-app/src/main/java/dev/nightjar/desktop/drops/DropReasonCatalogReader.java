package dev.nightjar.desktop.drops;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the drop-reason catalogue (JSON) and checks every entry before anything
 * trusts it: all text fields present, a known category and severity, no name or
 * alias listed twice. Every problem found is reported at once, each naming the entry.
 */
final class DropReasonCatalogReader {

    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The file as written; text fields stay strings so bad values get our own message. */
    record CatalogFile(int formatVersion, String referenceKernel, List<Entry> reasons) {
    }

    record Entry(String name, List<String> aliases, String title, String explanation,
                 List<String> causes, List<String> nextSteps, String category, String severity,
                 String severityNote, String since, String history) {
    }

    /** What a valid file holds. */
    record Contents(String referenceKernel, List<DropReasonInfo> entries) {
    }

    private DropReasonCatalogReader() {
    }

    static Contents read(InputStream in, String source) {
        CatalogFile file;
        try {
            file = MAPPER.readValue(in, CatalogFile.class);
        } catch (JacksonException e) {
            throw new DropCatalogException("Drop-reason catalogue " + source + " is not valid JSON for this format: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DropCatalogException("Could not read drop-reason catalogue " + source + ": " + e.getMessage(), e);
        }
        if (file == null) {
            throw new DropCatalogException("Drop-reason catalogue " + source + " is empty.");
        }
        if (file.formatVersion() != FORMAT_VERSION) {
            throw new DropCatalogException("Drop-reason catalogue " + source + " has format version "
                    + file.formatVersion() + "; this Nightjar reads version " + FORMAT_VERSION + ".");
        }
        if (file.reasons() == null || file.reasons().isEmpty()) {
            throw new DropCatalogException("Drop-reason catalogue " + source + " lists no reasons.");
        }
        List<String> problems = new ArrayList<>();
        List<DropReasonInfo> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < file.reasons().size(); i++) {
            Entry entry = file.reasons().get(i);
            DropReasonInfo info = validate(entry, i, problems);
            if (info == null) {
                continue;
            }
            for (String key : keysOf(info)) {
                if (!seen.add(key)) {
                    problems.add(label(entry, i) + ": name or alias " + key + " is listed more than once");
                }
            }
            entries.add(info);
        }
        if (!problems.isEmpty()) {
            throw new DropCatalogException("Drop-reason catalogue " + source + " has " + problems.size()
                    + " problem(s):\n  " + String.join("\n  ", problems));
        }
        String kernel = file.referenceKernel() == null ? "" : file.referenceKernel().strip();
        return new Contents(kernel, List.copyOf(entries));
    }

    static List<String> keysOf(DropReasonInfo info) {
        List<String> keys = new ArrayList<>();
        keys.add(info.name());
        keys.addAll(info.aliases());
        return keys;
    }

    /** The entry as a DropReasonInfo, or null after adding what is wrong with it to problems. */
    private static DropReasonInfo validate(Entry entry, int index, List<String> problems) {
        if (entry == null) {
            problems.add("entry #" + index + " is null");
            return null;
        }
        String label = label(entry, index);
        int before = problems.size();
        String name = DropReasonNames.normalize(entry.name());
        if (name.isEmpty()) {
            problems.add(label + ": name is missing");
        } else if (!name.equals(entry.name())) {
            problems.add(label + ": name must be upper case without the SKB_DROP_REASON_ prefix (" + name + ")");
        }
        requireText(entry.title(), "title", label, problems);
        requireText(entry.explanation(), "explanation", label, problems);
        requireItems(entry.causes(), "causes", label, problems);
        requireItems(entry.nextSteps(), "nextSteps", label, problems);
        DropCategory category = parseEnum(DropCategory.class, entry.category(), "category", label, problems);
        DropSeverity severity = parseEnum(DropSeverity.class, entry.severity(), "severity", label, problems);
        if (severity == DropSeverity.USUALLY_BENIGN && isBlank(entry.severityNote())) {
            problems.add(label + ": a USUALLY_BENIGN reason needs a severityNote saying why");
        }
        List<String> aliases = entry.aliases() == null ? List.of() : entry.aliases();
        for (String alias : aliases) {
            if (isBlank(alias) || !DropReasonNames.normalize(alias).equals(alias)) {
                problems.add(label + ": alias '" + alias + "' must be upper case without the SKB_DROP_REASON_ prefix");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new DropReasonInfo(name, aliases, entry.title().strip(), entry.explanation().strip(),
                entry.causes(), entry.nextSteps(), category, severity,
                strip(entry.severityNote()), strip(entry.since()), strip(entry.history()), true);
    }

    private static String label(Entry entry, int index) {
        return entry.name() == null || entry.name().isBlank() ? "entry #" + index : entry.name();
    }

    private static void requireText(String value, String field, String label, List<String> problems) {
        if (isBlank(value)) {
            problems.add(label + ": " + field + " is missing or empty");
        }
    }

    private static void requireItems(List<String> values, String field, String label, List<String> problems) {
        if (values == null || values.isEmpty()) {
            problems.add(label + ": " + field + " needs at least one item");
            return;
        }
        for (String value : values) {
            if (isBlank(value)) {
                problems.add(label + ": " + field + " has an empty item");
            }
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field, String label,
                                                   List<String> problems) {
        if (isBlank(value)) {
            problems.add(label + ": " + field + " is missing");
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(label + ": unknown " + field + " '" + value + "', expected one of "
                    + Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
