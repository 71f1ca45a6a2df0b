package dev.nightjar.sensor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Feature;
import dev.nightjar.protocol.v1.FeatureState;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.sensor.proc.ProcFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SensorServerInfoTest {

    @Test
    void getInfoReportsTheNodeTheSensorAndEveryFeaturesState() throws Exception {
        FeatureState dropsDown = FeatureState.newBuilder().setFeature(Feature.FEATURE_DROPS).setRunning(false)
                .setReason("tracepoint skb:kfree_skb not found: kernel older than 5.17").build();
        List<dev.nightjar.sensor.collect.Collector> collectors = List.of(
                ScriptedCollector.running(Feature.FEATURE_FLOWS),
                new ScriptedCollector(Feature.FEATURE_DROPS, dropsDown, List.of(), new CopyOnWriteArrayList<>()));
        try (LoopbackSensor sensor = LoopbackSensor.start(collectors)) {
            SensorInfo info = sensor.client().getInfo(5, TimeUnit.SECONDS);

            assertThat(info.getFeaturesList()).contains(
                    FeatureState.newBuilder().setFeature(Feature.FEATURE_FLOWS).setRunning(true).build(), dropsDown);
            assertThat(info.getFeaturesList()).filteredOn(f -> f.getFeature() == Feature.FEATURE_SYSCALLS)
                    .singleElement().satisfies(f -> {
                        assertThat(f.getRunning()).isFalse();
                        assertThat(f.getReason()).contains("no collector");
                    });
            assertThat(info.getFeaturesList()).extracting(FeatureState::getFeature).containsExactlyInAnyOrder(
                    Feature.FEATURE_FLOWS, Feature.FEATURE_DROPS, Feature.FEATURE_SYSCALLS,
                    Feature.FEATURE_PROFILE, Feature.FEATURE_PROCESSES, Feature.FEATURE_REQUESTS,
                    Feature.FEATURE_SECURITY);

            assertThat(info.getNodeName()).isEqualTo(LoopbackSensor.NODE);
            assertThat(info.getKernelRelease()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
            assertThat(info.getArchitecture()).isIn("x86_64", "aarch64");
            assertThat(info.getBtfPresent()).isEqualTo(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")));
            assertThat(info.getSensorVersion()).isNotBlank();
            assertThat(info.getResources().getRssBytes()).isPositive();
            long now = ProcFiles.epochNanosNow();
            assertThat(info.getBootTimeNs()).isPositive().isLessThan(info.getStartedAtNs());
            assertThat(info.getStartedAtNs()).isLessThanOrEqualTo(now);
        }
    }

    @Test
    void infoSaysTheProtocolItSpeaksAndHowLongStartingTook() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(ScriptedCollector.running(Feature.FEATURE_FLOWS)))) {
            SensorInfo info = sensor.client().getInfo(5, TimeUnit.SECONDS);
            assertThat(info.getProtocolVersion()).isEqualTo(3);
            assertThat(info.getCapabilitiesList()).contains("targets", "update-subscription", "per-stream-filters",
                    "requests");
            assertThat(info.getSubscriptionId()).as("only a stream's opening info names a subscription").isZero();
            assertThat(info.getStartupNs()).as("process start to collectors attached").isPositive()
                    .isLessThanOrEqualTo(ProcFiles.selfAgeNanos());
        }
    }

    @Test
    void theVersionInTheConfigIsTheOneSensorInfoReports() throws Exception {
        try (LoopbackSensor sensor = LoopbackSensor.start(List.of(), b -> b.sensorVersion("9.8.7-test"))) {
            assertThat(sensor.client().getInfo(5, TimeUnit.SECONDS).getSensorVersion()).isEqualTo("9.8.7-test");
        }
    }
}
