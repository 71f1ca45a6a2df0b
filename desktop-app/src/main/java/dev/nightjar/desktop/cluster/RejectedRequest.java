package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the API server refused to create an object, read from its Status the way a person
 * would read it: a ResourceQuota used up (or demanding a resource the object does not
 * declare), a LimitRange the object's resources break, a namespace being deleted, Pod
 * Security admission, GKE Autopilot's policy, another admission webhook, RBAC, or an
 * invalid object. All of these but the last come as 403 Forbidden; only the message tells
 * them apart, so only RBAC's own sentence is answered with permissions.
 *
 * @param cause which of those it is
 * @param name the quota's or the webhook's name, when the message gives one; empty otherwise
 * @param detail the part of the message that says what was wrong, e.g. "requested: limits.memory=256Mi,
 *               used: limits.memory=1Gi, limited: limits.memory=1Gi"
 */
public record RejectedRequest(Cause cause, String name, String detail) {

    public enum Cause {
        RESOURCE_QUOTA_EXCEEDED,
        RESOURCE_QUOTA_UNSPECIFIED,
        LIMIT_RANGE,
        NAMESPACE_TERMINATING,
        POD_SECURITY,
        AUTOPILOT,
        ADMISSION_WEBHOOK,
        RBAC,
        INVALID,
        ALREADY_EXISTS,
        OTHER
    }

    private static final Pattern QUOTA_EXCEEDED = Pattern.compile("exceeded quota: ([^,]+), (requested: .*)", Pattern.DOTALL);
    private static final Pattern QUOTA_UNSPECIFIED = Pattern.compile("failed quota: ([^:]+): (must specify .*)", Pattern.DOTALL);
    private static final Pattern LIMIT_RANGE = Pattern.compile(
            "((?:maximum|minimum) \\S+ usage per (?:Container|Pod) is .*|\\S+ max limit to request ratio per (?:Container|Pod) is .*)",
            Pattern.DOTALL);
    private static final Pattern TERMINATING = Pattern.compile("because it is being terminated");
    private static final Pattern WEBHOOK = Pattern.compile("admission webhook \"([^\"]+)\" denied the request:?\\s*(.*)",
            Pattern.DOTALL);
    private static final Pattern AUTOPILOT = Pattern.compile("Autopilot|GKE Warden|autogke-");

    /** What a failed create's exception says. */
    public static RejectedRequest of(KubernetesClientException e) {
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null ? status.getMessage() : String.valueOf(e.getMessage());
        return of(e.getCode(), message, status);
    }

    static RejectedRequest of(int code, String message, Status status) {
        if (terminating(message, status)) {
            return new RejectedRequest(Cause.NAMESPACE_TERMINATING, "", "");
        }
        Matcher m = QUOTA_EXCEEDED.matcher(message);
        if (m.find()) {
            return new RejectedRequest(Cause.RESOURCE_QUOTA_EXCEEDED, m.group(1).strip(), oneLine(m.group(2)));
        }
        m = QUOTA_UNSPECIFIED.matcher(message);
        if (m.find()) {
            return new RejectedRequest(Cause.RESOURCE_QUOTA_UNSPECIFIED, m.group(1).strip(), oneLine(m.group(2)));
        }
        if (message.contains("violates PodSecurity")) {
            return new RejectedRequest(Cause.POD_SECURITY, "", oneLine(message.substring(message.indexOf("violates PodSecurity"))));
        }
        m = WEBHOOK.matcher(message);
        if (m.find()) {
            Cause cause = AUTOPILOT.matcher(message).find() ? Cause.AUTOPILOT : Cause.ADMISSION_WEBHOOK;
            return new RejectedRequest(cause, m.group(1), oneLine(m.group(2)));
        }
        if (AUTOPILOT.matcher(message).find()) {
            return new RejectedRequest(Cause.AUTOPILOT, "", oneLine(message));
        }
        m = LIMIT_RANGE.matcher(message);
        if (m.find()) {
            return new RejectedRequest(Cause.LIMIT_RANGE, "", oneLine(m.group(1).replaceFirst("^\\[", "").replaceFirst("]$", "")));
        }
        if (code == 403 && ForbiddenRequest.parse(message).isPresent()) {
            return new RejectedRequest(Cause.RBAC, "", oneLine(message));
        }
        if (code == 422) {
            return new RejectedRequest(Cause.INVALID, "", oneLine(message));
        }
        if (code == 409) {
            return new RejectedRequest(Cause.ALREADY_EXISTS, "", oneLine(message));
        }
        return new RejectedRequest(Cause.OTHER, "", oneLine(message));
    }

    /** The message, or the cause the API server attaches ({@code NamespaceTerminating}), says so. */
    private static boolean terminating(String message, Status status) {
        if (TERMINATING.matcher(message).find()) {
            return true;
        }
        List<StatusCause> causes = status == null || status.getDetails() == null || status.getDetails().getCauses() == null
                ? List.of() : status.getDetails().getCauses();
        return causes.stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }

    /** The ForbiddenRequest inside an RBAC rejection. */
    public Optional<ForbiddenRequest> forbidden() {
        return cause == Cause.RBAC ? ForbiddenRequest.parse(detail) : Optional.empty();
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
