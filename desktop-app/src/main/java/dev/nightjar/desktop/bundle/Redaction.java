package dev.nightjar.desktop.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an export takes out of a bundle before it leaves the machine.
 *
 * @param hashAddresses    replace every IP address (flows, drops, requests, request stats, syscall fd
 *                         targets, command lines, IP literals in request fields)
 *                         with a keyed hash in a reserved range: same family, same input → same output
 *                         within one bundle, never the original (see {@link AddressRedactor})
 * @param dropCommandLines remove process command lines ({@code ProcessInfo.cmdline})
 * @param filterLabels     keep only pod labels whose key is in {@code allowedLabels}
 *                         (applies to the Kubernetes snapshot)
 * @param allowedLabels    the label keys kept when {@code filterLabels} is on
 * @param maskRequestLiterals mask query-string values, SQL literals and Redis keys in requests, also
 *                         where the capture left them unmasked (see {@link RequestLiterals})
 */
public record Redaction(boolean hashAddresses, boolean dropCommandLines, boolean filterLabels,
                        Set<String> allowedLabels, boolean maskRequestLiterals) {

    /** Labels that name what a pod is, not who runs it or what it holds. */
    public static final Set<String> DEFAULT_ALLOWED_LABELS = Set.of(
            "app", "k8s-app", "component", "tier",
            "app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/instance", "app.kubernetes.io/version");

    /** Nothing redacted. */
    public static final Redaction NONE = new Redaction(false, false, false, DEFAULT_ALLOWED_LABELS, false);

    /** Everything redacted, default label allow-list. */
    public static final Redaction ALL = new Redaction(true, true, true, DEFAULT_ALLOWED_LABELS, true);

    /** What the manifest says when request literals were masked. */
    public static final String MASKED_LITERALS_LINE = "request query strings, SQL literals and Redis keys masked";

    public Redaction {
        allowedLabels = Set.copyOf(Objects.requireNonNull(allowedLabels, "allowedLabels"));
    }

    public boolean isNone() {
        return !hashAddresses && !dropCommandLines && !filterLabels && !maskRequestLiterals;
    }

    /**
     * The labels an exported pod keeps: only the allowed keys when label filtering is
     * on, all of them otherwise. For the Kubernetes snapshot writer.
     */
    public Map<String, String> labelsToKeep(Map<String, String> labels) {
        return filterLabels ? keepAllowed(labels, allowedLabels) : labels;
    }

    /** {@code labels} restricted to the keys in {@code allowed}, in the original order. */
    public static Map<String, String> keepAllowed(Map<String, String> labels, Set<String> allowed) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (allowed.contains(k)) {
                    kept.put(k, v);
                }
            });
        }
        return kept;
    }

    /** {@code labels} restricted to {@link #DEFAULT_ALLOWED_LABELS}. */
    public static Map<String, String> keepAllowed(Map<String, String> labels) {
        return keepAllowed(labels, DEFAULT_ALLOWED_LABELS);
    }

    /** One line per redaction, for the manifest's {@code redactions} and for {@code bundle info}. */
    public List<String> manifestLines() {
        List<String> lines = new ArrayList<>();
        if (hashAddresses) {
            lines.add(AddressRedactor.DESCRIPTION);
        }
        if (dropCommandLines) {
            lines.add("process command lines removed");
        }
        if (filterLabels) {
            lines.add("pod labels removed except " + String.join(", ", new TreeSet<>(allowedLabels)));
        }
        if (maskRequestLiterals) {
            lines.add(MASKED_LITERALS_LINE);
        }
        return lines;
    }
}
