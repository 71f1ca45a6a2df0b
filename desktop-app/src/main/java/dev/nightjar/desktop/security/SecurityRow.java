package dev.nightjar.desktop.security;

import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityProcess;

/**
 * One security event as the Security page shows it.
 *
 * @param node     the node whose sensor saw it
 * @param sequence the event's number in its node's stream (0 when not known)
 * @param pod      "namespace/name" of the pod the process ran in, "container 1a2b3c4d5e6f" when the
 *                 cluster does not name the container, "host" outside containers
 * @param event    the whole record, for the details pane, the process tree and the stacks
 */
public record SecurityRow(String node, long sequence, String pod, SecurityEvent event) {

    /** The same event across refreshes: node and stream number, or what the event says when unnumbered. */
    public String key() {
        SecurityProcess p = event.getProcess();
        return node + "/" + sequence + "/" + event.getTimeNs() + "/" + p.getPid() + "/" + event.getPolicy() + "/"
                + event.getKindValue() + "/" + event.getSummary();
    }

    public long timeNs() {
        return event.getTimeNs();
    }

    /** "critical", "warning", "info"; "" for a rate-limit summary. */
    public String severity() {
        return SecurityWords.severity(event.getSeverity());
    }

    public String policy() {
        return event.getPolicy();
    }

    /** One of {@link SecurityWords#KINDS}. */
    public String kind() {
        return SecurityWords.kind(event);
    }

    /** The executable's path, or its command name in brackets when the sensor did not see its exec. */
    public String binary() {
        SecurityProcess p = event.getProcess();
        return !p.getBinary().isEmpty() ? p.getBinary() : p.getComm().isEmpty() ? "" : "[" + p.getComm() + "]";
    }

    /** The file opened, the binary exec'd or the syscall; for a summary, how many were suppressed. */
    public String what() {
        if (event.getSummary()) {
            return String.format(java.util.Locale.ROOT, "%,d more suppressed by the rate limit",
                    event.getSuppressedCount());
        }
        return event.getArgsList().isEmpty() ? event.getPath()
                : (event.getPath() + " " + String.join(" ", event.getArgsList())).strip();
    }

    public int pid() {
        return event.getProcess().getPid();
    }

    public String comm() {
        return event.getProcess().getComm();
    }

    /** Events this row stands for: one, or a summary's suppressed count. */
    public long count() {
        return event.getSummary() ? event.getSuppressedCount() : 1;
    }

    /**
     * The Flows (and Requests) filter for connections of processes with this one's name on its
     * node ("node=worker-1 comm=curl"): flows name their process by command, not by pid.
     * "" when the sensor did not say the command.
     */
    public String flowFilter() {
        return comm().isEmpty() || comm().chars().anyMatch(Character::isWhitespace) ? ""
                : "node=" + node + " comm=" + comm();
    }

    /** The Syscalls filter for this very process: "node=worker-1 pid=4242". */
    public String syscallFilter() {
        return "node=" + node + " pid=" + pid();
    }
}
