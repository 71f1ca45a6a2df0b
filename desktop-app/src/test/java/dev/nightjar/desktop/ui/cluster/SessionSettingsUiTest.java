package dev.nightjar.desktop.ui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.desktop.security.SecurityEvents;
import dev.nightjar.desktop.session.AttachSettings;
import dev.nightjar.desktop.session.LaunchBoard;
import dev.nightjar.desktop.session.LaunchMode;
import dev.nightjar.desktop.session.LaunchStep;
import dev.nightjar.desktop.session.PrivilegeMode;
import dev.nightjar.desktop.session.SensorPodStage;
import dev.nightjar.desktop.session.SensorPodStatus;
import dev.nightjar.desktop.session.SensorSettings;
import dev.nightjar.desktop.session.SessionSettings;
import dev.nightjar.desktop.session.SessionSettingsStore;
import dev.nightjar.desktop.stream.StreamState;
import dev.nightjar.desktop.ui.util.BackgroundTasks;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The settings form, the remembered settings, and the launch table's model, without a stage. */
class SessionSettingsUiTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private final List<Runnable> ui = new ArrayList<>();
    /** Background work runs at once on the test's thread; UI work waits in {@link #ui}. */
    private final BackgroundTasks tasks = new BackgroundTasks(Executors.newSingleThreadExecutor(), r -> {
        synchronized (ui) {
            ui.add(r);
        }
    });

    private void runUi() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        do {
            List<Runnable> now;
            synchronized (ui) {
                now = new ArrayList<>(ui);
                ui.clear();
            }
            now.forEach(Runnable::run);
            Thread.sleep(20);
        } while (System.nanoTime() < deadline && !uiIdle());
    }

    private boolean uiIdle() {
        synchronized (ui) {
            return ui.isEmpty();
        }
    }

    @Test
    void theFormChecksAsOneTypesAndSplitsTheDigestOff() {
        SessionSettingsForm form = new SessionSettingsForm(SessionSettings.defaults());
        assertThat(form.error().get()).isEmpty();
        assertThat(form.pinning().get()).startsWith("Not pinned");

        form.image.set("registry.corp.example/mirror/nightjar-sensor:0.2.0");
        form.digest.set(DIGEST);
        form.namespace.set("team-debug");
        form.pullSecrets.set("regcred, other-cred");
        form.tolerations.set("dedicated=observability:NoSchedule,\ngpu");
        form.priorityClass.set("debug-low");
        form.privilege.set(PrivilegeMode.LEAST_PRIVILEGE);

        SessionSettings s = form.settings().orElseThrow();
        assertThat(s.sensor().image()).isEqualTo("registry.corp.example/mirror/nightjar-sensor:0.2.0@" + DIGEST);
        assertThat(form.pinning().get()).startsWith("Pinned");
        assertThat(s.sensor().imagePullSecrets()).containsExactly("regcred", "other-cred");
        assertThat(s.sensor().tolerations()).containsExactly("dedicated=observability:NoSchedule", "gpu");
        assertThat(s.privilege()).isEqualTo(PrivilegeMode.LEAST_PRIVILEGE);

        form.cpuRequest.set("2");
        assertThat(form.error().get()).contains("CPU request 2 is above its limit 200m");
        assertThat(form.settings()).isEmpty();
        form.cpuRequest.set("100m");
        form.mode.set(LaunchMode.ATTACH);
        assertThat(form.error().get()).contains("token file");
        form.attachTokenFile.set("/home/alice/attach.token");
        assertThat(form.settings()).isPresent();

        // Security events: off unless chosen; policy files need files.
        assertThat(form.settings().orElseThrow().security().mode()).isEqualTo(SecurityEvents.Mode.OFF);
        form.security.set(SecurityEvents.Mode.POLICY_FILES);
        assertThat(form.error().get()).contains("choose the TracingPolicy YAML files");
        assertThat(form.settings()).isEmpty();
        form.policyFiles.set("/home/alice/seed.yaml,\n/home/alice/more.yaml");
        assertThat(form.settings().orElseThrow().security().files())
                .containsExactly("/home/alice/seed.yaml", "/home/alice/more.yaml");

        // Shown again, the same settings come back out.
        SessionSettingsForm again = new SessionSettingsForm(form.settings().orElseThrow());
        assertThat(again.settings()).isEqualTo(form.settings());
        assertThat(again.digest.get()).isEqualTo(DIGEST);
        assertThat(again.security.get()).isEqualTo(SecurityEvents.Mode.POLICY_FILES);
    }

    @Test
    void settingsAreReadWhenAContextIsChosenAndSavedOffTheUiThread() throws Exception {
        Map<String, SessionSettings> saved = new ConcurrentHashMap<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        SessionSettings prod = SessionSettings.defaults().withPrivilege(PrivilegeMode.LEAST_PRIVILEGE)
                .withSensor(SensorSettings.defaults().withNamespace("team-debug"));
        saved.put("prod", prod);
        SessionSettingsModel model = new SessionSettingsModel(new SessionSettingsModel.Store() {
            @Override
            public SessionSettingsStore.Loaded load(String context) {
                threads.add(Thread.currentThread().getName());
                return new SessionSettingsStore.Loaded(saved.getOrDefault(context, SessionSettings.defaults()),
                        Optional.empty());
            }

            @Override
            public void save(String context, SessionSettings settings) throws IOException {
                threads.add(Thread.currentThread().getName());
                saved.put(context, settings);
            }
        }, tasks);

        model.select("prod");
        runUi();
        assertThat(model.current()).isEqualTo(prod);
        model.select("staging");
        runUi();
        assertThat(model.current()).isEqualTo(SessionSettings.defaults());
        model.setPrivilege(PrivilegeMode.LEAST_PRIVILEGE);
        model.save(model.current().withAttach(new AttachSettings("sensors", "")));
        runUi();
        assertThat(saved.get("staging").privilege()).isEqualTo(PrivilegeMode.LEAST_PRIVILEGE);
        assertThat(saved.get("staging").attach().namespace()).isEqualTo("sensors");
        assertThat(saved.get("prod")).isEqualTo(prod);
        assertThat(threads).isNotEmpty().noneMatch(t -> t.equals(Thread.currentThread().getName()));
    }

    @Test
    void theLaunchTableFollowsTheBoardAndRedeploysInTheBackground() throws Exception {
        LaunchBoard board = new LaunchBoard(List.of("worker-1", "worker-3"), Clock.systemUTC());
        LaunchTableModel table = new LaunchTableModel(board, r -> {
            synchronized (ui) {
                ui.add(r);
            }
        }, tasks);
        assertThat(table.rows()).extracting(r -> r.step()).containsOnly(LaunchStep.CREATING);

        board.onPodStatus(new SensorPodStatus("worker-1", "p1", SensorPodStage.PULLING_IMAGE, "pulling image x"));
        board.onPodStatus(new SensorPodStatus("worker-3", "p3", SensorPodStage.RUNNING, "running on worker-3"));
        board.onStream("worker-3", new StreamState(StreamState.Phase.STREAMING, "streaming from 127.0.0.1:4", Instant.now()));
        runUi();
        assertThat(table.rows()).extracting(r -> r.node() + " " + r.step()).containsExactly(
                "worker-1 PULLING", "worker-3 STREAMING");
        assertThat(table.summaryProperty().get()).isEqualTo("1 of 2 streaming · 1 pulling image");

        board.onPodStatus(new SensorPodStatus("worker-3", "p3", SensorPodStage.FAILED, "the sensor ended",
                "pod Completed: idle exit"));
        runUi();
        assertThat(table.rows().get(1).reason()).isEqualTo("the sensor on worker-3 is gone (pod Completed: idle exit)");
        assertThat(table.rows().get(1).redeployable()).isTrue();

        table.redeploy("worker-3");
        assertThat(table.problemProperty().get()).contains("still starting");
        List<String> redeployed = new CopyOnWriteArrayList<>();
        table.redeployWith(redeployed::add);
        table.redeploy("worker-3");
        runUi();
        assertThat(redeployed).containsExactly("worker-3");
        assertThat(table.problemProperty().get()).isEmpty();
    }
}
