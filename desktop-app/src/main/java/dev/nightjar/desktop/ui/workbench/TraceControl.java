package dev.nightjar.desktop.ui.workbench;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.naming.PodOfContainer;
import dev.nightjar.desktop.security.SecurityCoverage;
import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.security.SecurityOutcome;
import dev.nightjar.desktop.targets.TargetsByNode;
import dev.nightjar.desktop.targets.TaskChoice;
import dev.nightjar.desktop.targets.TraceCandidates;
import dev.nightjar.desktop.targets.TraceTargets;
import dev.nightjar.desktop.ui.page.TraceActions;
import dev.nightjar.desktop.ui.syscalls.SyscallsViewModel;
import dev.nightjar.desktop.ui.util.ViewExecutors;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A live session's choice of what its sensors trace: the pages' "Trace syscalls of …" and the
 * Syscalls page's picker end here. A choice changes only the targets of the sensor it is for (in a
 * cluster session, the node it was made on). A new choice shows at once (the Syscalls page's hint
 * says what is traced) and goes back to the previous one if the sensor refuses it. All on the UI
 * thread.
 */
final class TraceControl implements TraceActions {

    private final CaptureStore store;
    private final PodOfContainer pods;
    private final ViewExecutors executors;
    private final SyscallsViewModel syscalls;
    private final Runnable showSyscalls;
    private final ReadOnlyObjectWrapper<TargetsByNode> targets = new ReadOnlyObjectWrapper<>(TargetsByNode.ONE_SENSOR);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper done = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(false);
    private Retargeter retargeter;

    /**
     * @param showSyscalls brings the Syscalls page up (after "Trace syscalls of …")
     */
    TraceControl(CaptureStore store, PodOfContainer pods, ViewExecutors executors, SyscallsViewModel syscalls,
                 Runnable showSyscalls) {
        this.store = store;
        this.pods = pods;
        this.executors = executors;
        this.syscalls = syscalls;
        this.showSyscalls = showSyscalls;
    }

    void use(Retargeter retargeter, TargetsByNode initial) {
        this.retargeter = Objects.requireNonNull(retargeter, "retargeter");
        targets.set(Objects.requireNonNull(initial, "initial"));
        live.set(true);
        syscalls.setEmptyHint(emptySyscallsHint());
    }

    /** The session stopped: nothing to ask any more. */
    void stopped() {
        live.set(false);
        syscalls.setEmptyHint("");
    }

    ReadOnlyObjectProperty<TargetsByNode> targetsProperty() {
        return targets.getReadOnlyProperty();
    }

    ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the sensor did with the last choice, in words; empty while it is being asked. */
    ReadOnlyStringProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    @Override
    public boolean live() {
        return live.get();
    }

    @Override
    public TargetsByNode current() {
        return targets.get();
    }

    @Override
    public List<String> nodes() {
        return store.nodeNames().stream().sorted().toList();
    }

    @Override
    public Optional<TaskChoice> pod(String pod) {
        String label = "pod " + pod;
        return TraceCandidates.of(store, pods).stream()
                .filter(c -> c.kind() == TraceCandidates.Kind.POD && c.label().equals(label))
                .map(TraceCandidates.Candidate::choice).findFirst();
    }

    @Override
    public void candidates(Consumer<List<TraceCandidates.Candidate>> onUi) {
        Runnable work = () -> {
            List<TraceCandidates.Candidate> found = TraceCandidates.of(store, pods);
            executors.ui().execute(() -> onUi.accept(found));
        };
        if (executors.buildsInBackground()) {
            executors.background().execute(work);
        } else {
            work.run();
        }
    }

    @Override
    public void traceSyscalls(TaskChoice choice) {
        if (retarget(choice, TraceTargets::withSyscalls, "Tracing syscalls of ")) {
            showSyscalls.run();
        }
    }

    @Override
    public void profileOnly(TaskChoice choice) {
        retarget(choice, TraceTargets::withProfile, "Profiling ");
    }

    /**
     * Asks every sensor of the session for {@code choice} (a cluster session: every node of the
     * session, those whose pods have not streamed yet included). A sensor that refuses keeps its policies and its choice goes back; when all refuse,
     * the session's choice goes back too, so a node that joins later is not asked for a refused one.
     */
    @Override
    public void chooseSecurity(SecurityEvents choice, SecurityAnswer outcome) {
        TargetsByNode before = targets.get();
        if (!live()) {
            outcome.said("The session is stopped: nothing was asked.", true);
            return;
        }
        List<String> sensors = before.routed() ? sessionSensors() : List.of("");
        targets.set(before.withSecurity(choice));
        problem.set("");
        done.set("");
        if (sensors.isEmpty()) {
            outcome.said("No node streams yet; nothing was asked.", true);
            return;
        }
        SecurityOutcome tally = new SecurityOutcome(choice, sensors.size(), before.namesNodes());
        for (String sensor : sensors) {
            retargeter.retarget(sensor, targets.get().of(sensor), result -> {
                if (tally.answered(sensor, null)) {
                    finish(tally, before, outcome);
                }
            }, failure -> {
                targets.set(targets.get().with(sensor, before.of(sensor)));
                if (tally.answered(sensor, failure.getMessage())) {
                    finish(tally, before, outcome);
                }
            });
        }
    }

    /** The nodes that sent something and those the session has whose pods have not streamed yet. */
    private List<String> sessionSensors() {
        return Stream.concat(nodes().stream(), retargeter.sensors().stream()).distinct().sorted().toList();
    }

    private void finish(SecurityOutcome tally, TargetsByNode before, SecurityAnswer outcome) {
        if (tally.allRefused()) {
            targets.set(targets.get().withSecurity(before.security()));
        }
        List<String> notice = tally.choice().mode() == SecurityEvents.Mode.OFF ? List.of()
                : SecurityCoverage.whyNone(store);
        String text = tally.describe() + (notice.isEmpty() ? "" : " " + String.join("; ", notice) + ".");
        if (tally.anyRefused()) {
            problem.set(text);
        } else {
            done.set(text);
        }
        outcome.said(text, tally.anyRefused() || !notice.isEmpty());
    }

    /** @return whether the sensor was asked */
    private boolean retarget(TaskChoice choice, BiFunction<TraceTargets, TaskChoice, TraceTargets> change, String doing) {
        if (!live()) {
            return false;
        }
        TargetsByNode before = targets.get();
        String what = doing + before.name(choice);
        done.set("");
        if (before.routed() && !choice.knowsNode()) {
            // Its pids and cgroups are some node's; sent to every node they would mean other tasks there.
            problem.set("Could not change what is traced (" + what.toLowerCase(Locale.ROOT) + "): the choice does"
                    + " not say on which node it was made, so no node was asked. Choose it again from a row or"
                    + " from \"Choose what to trace…\" in this session.");
            return false;
        }
        String sensor = before.sensorOf(choice);
        TraceTargets next = change.apply(before.of(sensor), choice);
        targets.set(before.with(sensor, next));
        problem.set("");
        syscalls.setEmptyHint(emptySyscallsHint());
        retargeter.retarget(sensor, next, result -> done.set(what + ": " + result), failure -> {
            // Only this sensor's choice goes back: another node may have been asked meanwhile.
            targets.set(targets.get().with(sensor, before.of(sensor)));
            syscalls.setEmptyHint(emptySyscallsHint());
            problem.set("Could not change what is traced (" + what.toLowerCase(Locale.ROOT) + "): "
                    + failure.getMessage());
        });
        return true;
    }

    /** What the empty Syscalls page says: what to do when nothing is traced, what is traced otherwise. */
    private String emptySyscallsHint() {
        if (!live()) {
            return "";
        }
        TargetsByNode now = targets.get();
        List<String> chosen = now.byNode().values().stream().map(TraceTargets::syscalls).filter(Objects::nonNull)
                .map(now::name).sorted().toList();
        return chosen.isEmpty()
                ? "No syscalls are traced yet: they are traced only for what you choose. Click \"Choose what to"
                + " trace…\" above, or right-click a process or pod on the Flows or Drops page and pick"
                + " \"Trace syscalls of …\"."
                : "Tracing syscalls of " + String.join(", ", chosen) + ": no call slower than the sensor's threshold"
                + " (1 ms) yet.";
    }
}
