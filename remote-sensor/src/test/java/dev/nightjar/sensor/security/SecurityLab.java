package dev.nightjar.sensor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.sensor.collect.KernelCollectorsConfig;
import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.sensor.lab.RecordingSink;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What each of the security collector's kernel tests starts with, as a JUnit extension: a lab
 * pod, and a running collector (flushing every 200 ms) publishing into a recording sink. After
 * the test the collector stops, then the pod goes. Skips the test where BPF is missing
 * (outside CI).
 */
final class SecurityLab implements BeforeEachCallback, AfterEachCallback {

    private SecurityPod pod;
    private RecordingSink sink;
    private SecurityCollector collector;

    @Override
    public void beforeEach(ExtensionContext context) {
        KernelTestSupport.requireBpf();
        pod = SecurityPod.create();
        sink = new RecordingSink();
        collector = new SecurityCollector(KernelCollectorsConfig.defaults().withFlushInterval(Duration.ofMillis(200)));
        collector.start(sink);
        assertThat(collector.state().getRunning()).as(collector.state().getReason()).isTrue();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (collector != null) {
            collector.close();
        }
        if (pod != null) {
            pod.close();
        }
    }

    SecurityPod pod() {
        return pod;
    }

    RecordingSink sink() {
        return sink;
    }

    SecurityCollector collector() {
        return collector;
    }
}
