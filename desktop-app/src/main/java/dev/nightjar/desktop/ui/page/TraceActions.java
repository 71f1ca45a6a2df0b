package dev.nightjar.desktop.ui.page;

import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceCandidates;
import dev.nightjar.desktop.targets.TargetsByNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What "Trace syscalls of this process" and "Profile only this pod" do, wherever a row names a
 * process or a pod: the workbench's, handed to its pages. Offline, or for a sensor that cannot
 * be asked again, {@link #live()} is false and pages offer nothing.
 */
public interface TraceActions {

    /** For a capture opened from a file: nothing to retarget. */
    TraceActions NONE = new TraceActions() {
        @Override
        public boolean live() {
            return false;
        }

        @Override
        public TargetsByNode current() {
            return TargetsByNode.ONE_SENSOR;
        }

        @Override
        public List<String> nodes() {
            return List.of();
        }

        @Override
        public Optional<TaskChoice> pod(String pod) {
            return Optional.empty();
        }

        @Override
        public void candidates(Consumer<List<TraceCandidates.Candidate>> onUi) {
            onUi.accept(List.of());
        }

        @Override
        public void traceSyscalls(TaskChoice choice) {
        }

        @Override
        public void profileOnly(TaskChoice choice) {
        }

        @Override
        public void chooseSecurity(SecurityEvents choice, SecurityAnswer answer) {
            answer.said("This capture is not live: its security events are the ones recorded.", true);
        }
    };

    /** A live session whose sensor takes a new choice. */
    boolean live();

    /** What is traced now, on each sensor. */
    TargetsByNode current();

    /** The nodes seen in the capture, sorted: where "the whole node" can be chosen. */
    List<String> nodes();

    /** A pod ("namespace/name") as something to trace, if its containers have been seen on a node. */
    Optional<TaskChoice> pod(String pod);

    /** The pods and processes that can be chosen, worked out off the UI thread and handed back on it. */
    void candidates(Consumer<List<TraceCandidates.Candidate>> onUi);

    /** From now on, syscalls of {@code choice} (replacing the previous syscall choice on its node). UI thread. */
    void traceSyscalls(TaskChoice choice);

    /** From now on, CPU samples of {@code choice} only on its node ({@link TaskChoice#wholeNode} for all again). UI thread. */
    void profileOnly(TaskChoice choice);

    /**
     * From now on, the session's security policies are {@code choice}, on every sensor of the
     * session. UI thread; {@code answer} is told on it what the sensors did, in words (a sensor's
     * refusal of a policy names its line and field).
     */
    void chooseSecurity(SecurityEvents choice, SecurityAnswer answer);

    /** What the sensors did with a choice of security policies. */
    @FunctionalInterface
    interface SecurityAnswer {
        /** @param refused whether something was refused or could not be asked (a problem to show as one) */
        void said(String text, boolean refused);
    }
}
