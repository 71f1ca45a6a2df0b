package dev.nightjar.desktop.session;

import java.util.regex.Pattern;

/** Kubernetes' name rules, checked before anything is sent, with messages that say which rule. */
final class KubeNames {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubeNames() {
    }

    /** A namespace name: an RFC 1123 label (63 characters at most). */
    static String namespace(String value, String what) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > 63 || !DNS_LABEL.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " \"" + v + "\" is not a valid namespace name: use at most 63"
                    + " lowercase letters, digits and '-', starting and ending with a letter or digit.");
        }
        return v;
    }

    /** An object name (Secret, PriorityClass): an RFC 1123 subdomain (253 characters at most). */
    static String objectName(String value, String what) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > 253 || !DNS_SUBDOMAIN.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " \"" + v + "\" is not a valid Kubernetes name: use lowercase"
                    + " letters, digits, '-' and '.', starting and ending with a letter or digit.");
        }
        return v;
    }
}
