package dev.nightjar.desktop.drops;

import java.util.List;
import java.util.Objects;

/**
 * What Nightjar knows about one kernel drop reason ({@code enum skb_drop_reason}),
 * in words for an on-call engineer.
 *
 * @param name         the reason without the {@code SKB_DROP_REASON_} prefix, e.g. {@code NETFILTER_DROP}
 * @param aliases      other names the kernel used for this reason (older kernels, enum spellings)
 * @param title        a few plain words
 * @param explanation  what the kernel decided, 1–3 sentences
 * @param causes       the usual causes on a Kubernetes/Linux node
 * @param nextSteps    what to check next, mostly concrete commands
 * @param category     the group the Drops view files it under
 * @param severity     whether it usually needs action
 * @param severityNote why the severity is what it is; empty when there is nothing to add
 * @param since        first kernel version with this name, empty when unknown
 * @param history      renames, removals or other history; empty when there is none
 * @param catalogued   false for a generic entry made up for a name the catalogue does not know
 */
public record DropReasonInfo(
        String name,
        List<String> aliases,
        String title,
        String explanation,
        List<String> causes,
        List<String> nextSteps,
        DropCategory category,
        DropSeverity severity,
        String severityNote,
        String since,
        String history,
        boolean catalogued) {

    public DropReasonInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        aliases = List.copyOf(aliases);
        causes = List.copyOf(causes);
        nextSteps = List.copyOf(nextSteps);
        severityNote = Objects.requireNonNullElse(severityNote, "");
        since = Objects.requireNonNullElse(since, "");
        history = Objects.requireNonNullElse(history, "");
    }

    /** True when the catalogue knows the first kernel version with this name. */
    public boolean sinceKnown() {
        return !since.isEmpty();
    }
}
