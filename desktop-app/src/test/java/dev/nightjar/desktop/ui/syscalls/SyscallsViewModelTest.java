package dev.nightjar.desktop.ui.syscalls;

import static dev.nightjar.desktop.syscalls.SyscallEvents.histogram;
import static dev.nightjar.desktop.syscalls.SyscallEvents.process;
import static dev.nightjar.desktop.syscalls.SyscallEvents.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.StoreLimits;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.syscalls.ProcessGroup;
import dev.nightjar.desktop.syscalls.SyscallStats;
import dev.nightjar.desktop.syscalls.TimelineSpan;
import dev.nightjar.protocol.v1.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyscallsViewModelTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_764_000_000_000_000_000L;

    private final List<Runnable> uiQueue = new ArrayList<>();
    private final CaptureStore store = new CaptureStore(StoreLimits.uniform(100, 4));
    private long seq;

    private void pulse() {
        List<Runnable> now = new ArrayList<>(uiQueue);
        uiQueue.clear();
        now.forEach(Runnable::run);
    }

    private void accept(SensorEvent e) {
        store.accept(e.toBuilder().setSequence(seq++).build());
    }

    @Test
    void showsTheStoresSpansAndFiguresAndRefreshesOncePerPulse() {
        try (SyscallsViewModel vm = new SyscallsViewModel(store, uiQueue::add)) {
            accept(process("worker-1", 42, "sleeper", ""));
            accept(span("worker-1", 42, "sleeper", "nanosleep", T0, 5 * MS, 0, ""));
            accept(histogram("worker-1", 42, "nanosleep", 22, 1, 0, 5 * MS, T0, T0 + 1000 * MS));
            assertThat(uiQueue).as("three events, one pending refresh").hasSize(1);
            pulse();

            assertThat(vm.slowest()).singleElement().satisfies(s -> {
                assertThat(s.syscall()).isEqualTo("nanosleep");
                assertThat(s.durationNs()).isEqualTo(5 * MS);
            });
            assertThat(vm.stats()).singleElement().satisfies(s -> {
                assertThat(s.count()).isEqualTo(1);
                assertThat(s.slowSpans()).isEqualTo(1);
            });
            assertThat(vm.timelineProperty().get().groups()).extracting(ProcessGroup::label)
                    .containsExactly("host · worker-1");
            assertThat(vm.summaryProperty().get()).contains("1 slow spans in 1 processes");
        }
    }

    @Test
    void pausingFreezesWhatIsShownWhileTheStoreKeepsRecording() {
        try (SyscallsViewModel vm = new SyscallsViewModel(store, uiQueue::add)) {
            accept(span("worker-1", 42, "a", "read", T0, MS, 0, ""));
            pulse();
            vm.pausedProperty().set(true);
            accept(span("worker-1", 42, "a", "write", T0 + 5 * MS, MS, 0, ""));
            pulse();
            assertThat(vm.slowest()).extracting(TimelineSpan::syscall).containsExactly("read");

            vm.pausedProperty().set(false);
            pulse();
            assertThat(vm.slowest()).extracting(TimelineSpan::syscall).containsExactlyInAnyOrder("read", "write");
        }
    }

    @Test
    void showWindowNarrowsTimelineAndFiguresAndAllWidensThemAgain() {
        try (SyscallsViewModel vm = new SyscallsViewModel(store, uiQueue::add)) {
            assertThat(vm.window()).isEqualTo(TimeWindow.ALL);
            accept(span("worker-1", 42, "a", "read", T0, MS, 0, ""));
            accept(histogram("worker-1", 42, "read", 20, 10, 0, 10 * MS, T0, T0 + 10 * MS));
            accept(span("worker-1", 42, "a", "fsync", T0 + 100 * MS, 30 * MS, 0, "/var/lib/db"));
            accept(histogram("worker-1", 42, "fsync", 24, 3, 0, 60 * MS, T0 + 90 * MS, T0 + 140 * MS));
            pulse();
            assertThat(vm.stats()).extracting(SyscallStats::syscall).containsExactly("fsync", "read");

            vm.showWindow(new TimeWindow(T0 + 50 * MS, T0 + 200 * MS));
            pulse();
            assertThat(vm.slowest()).extracting(TimelineSpan::syscall).containsExactly("fsync");
            assertThat(vm.stats()).extracting(SyscallStats::syscall).containsExactly("fsync");

            vm.showWindow(TimeWindow.ALL);
            pulse();
            assertThat(vm.slowest()).hasSize(2);
        }
    }

    @Test
    void podNamesRegroupProcessesOnTheNextRefresh() {
        try (SyscallsViewModel vm = new SyscallsViewModel(store, uiQueue::add)) {
            accept(process("worker-1", 7, "nginx", "abc123"));
            accept(span("worker-1", 7, "nginx", "accept4", T0, 2 * MS, 0, "tcp 0.0.0.0:80"));
            pulse();
            assertThat(vm.timelineProperty().get().groups()).extracting(ProcessGroup::label)
                    .containsExactly("container abc123");

            vm.usePods(id -> id.equals("abc123") ? Optional.of("shop/frontend-1") : Optional.empty());
            pulse();
            assertThat(vm.timelineProperty().get().groups()).extracting(ProcessGroup::label)
                    .containsExactly("shop/frontend-1");
        }
    }

    @Test
    void focusingASpanPublishesItForTheTimeline() {
        try (SyscallsViewModel vm = new SyscallsViewModel(store, uiQueue::add)) {
            accept(span("worker-1", 42, "a", "read", T0, MS, 0, ""));
            pulse();
            vm.focus(vm.slowest().getFirst());
            assertThat(vm.focusedProperty().get()).isSameAs(vm.slowest().getFirst());
        }
    }

    @Test
    void aHiddenPageSkipsRefreshesAndCatchesUpWhenShown() {
        try (SyscallsViewModel vm = new SyscallsViewModel(store, uiQueue::add)) {
            pulse();
            vm.setShown(false);
            accept(span("worker-1", 42, "a", "read", T0, MS, 0, ""));
            pulse();
            assertThat(vm.slowest()).isEmpty();

            vm.setShown(true);
            pulse();
            assertThat(vm.slowest()).extracting(TimelineSpan::syscall).containsExactly("read");
        }
    }

    @Test
    void aPodNarrowsTheTimelineAndTheFiguresToItsProcesses() {
        try (SyscallsViewModel vm = new SyscallsViewModel(store, uiQueue::add)) {
            vm.usePods(id -> java.util.Optional.ofNullable(switch (id) {
                case "c-cart" -> "shop/cart-5f";
                case "c-pay" -> "shop/payments-9";
                default -> null;
            }));
            accept(process("worker-1", 7, "cart", "c-cart"));
            accept(process("worker-1", 8, "payments", "c-pay"));
            accept(span("worker-1", 7, "cart", "openat", T0, 2 * MS, 2, ""));
            accept(span("worker-1", 8, "payments", "read", T0, 9 * MS, 0, ""));
            pulse();
            assertThat(vm.timelineProperty().get().spanCount()).isEqualTo(2);

            vm.podProperty().set("shop/cart-5f");
            pulse();
            assertThat(vm.timelineProperty().get().groups()).singleElement()
                    .satisfies(g -> assertThat(g.label()).isEqualTo("shop/cart-5f"));
            assertThat(vm.stats()).extracting(s -> s.syscall()).containsExactly("openat");

            vm.podProperty().set("");
            pulse();
            assertThat(vm.timelineProperty().get().spanCount()).isEqualTo(2);
        }
    }
}
