package dev.nightjar.desktop.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every step and pod status a deployment reports. */
class RecordingListener implements DeploymentListener {

    final List<String> steps = new CopyOnWriteArrayList<>();
    final List<SensorPodStatus> statuses = new CopyOnWriteArrayList<>();

    @Override
    public void onStep(String message) {
        steps.add(message);
    }

    @Override
    public void onPodStatus(SensorPodStatus status) {
        statuses.add(status);
    }

    List<SensorPodStage> stagesOf(String node) {
        return statuses.stream().filter(s -> s.node().equals(node)).map(SensorPodStatus::stage).toList();
    }
}
