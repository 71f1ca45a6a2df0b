package dev.nightjar.sensor.security;

import static dev.nightjar.sensor.security.SecurityCollectorTest.WAIT;
import static dev.nightjar.sensor.security.SecurityCollectorTest.policy;
import static dev.nightjar.sensor.security.SecurityCollectorTest.security;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.protocol.v1.SecurityEvent;
import dev.nightjar.protocol.v1.SecurityFrame;
import dev.nightjar.protocol.v1.SensorInfo;
import dev.nightjar.testing.KernelTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An event's stacks named on the sensor: a program of the test's, compiled with frame pointers,
 * opens a kernel tunable in a lab pod, through libc and from its own function, while the seed
 * policy (both stacks) runs, and stays alive until the events are seen.
 */
@KernelTest
class SecurityStacksTest {

    @RegisterExtension
    final SecurityLab lab = new SecurityLab();

    @Test
    void userFramesAreNamedWithTheirFilesLibcsOpenAndTheProgramsOwnFunctions() throws Exception {
        lab.collector().applyFilter(Filter.newBuilder().addSecurityPolicies(policy("seed-policy.yaml")).build());
        try (CompiledPrograms programs = new CompiledPrograms()) {
            // -O0: every function keeps a frame (at -O2 gcc gives the leaf open_raw none, and main's frame is skipped).
            Path binary = programs.compile("open_then_wait", "-O0", "-fno-omit-frame-pointer");
            Process process = lab.pod().start(List.of(binary.toString(), "/proc/sys/kernel/ostype"));
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("opened");
                lab.sink().await(security(process.pid(), s -> !s.getSummary()
                        && s.getUserStackList().stream().anyMatch(f -> f.getSymbol().equals("open_raw"))), WAIT,
                        "the second open");
                List<SecurityEvent> opens = lab.sink().matching(security(process.pid(), s -> !s.getSummary())).stream()
                        .map(e -> e.getSecurity()).toList();
                assertThat(opens).hasSize(2).allSatisfy(e -> assertThat(e.getPath()).isEqualTo("/proc/sys/kernel/ostype"));

                // The first open: made in libc's open.
                List<SecurityFrame> libc = opens.get(0).getUserStackList();
                assertThat(libc).as("user stack").isNotEmpty();
                assertThat(libc.get(0).getModule()).as(libc.toString()).endsWith("/libc.so.6");
                assertThat(libc.get(0).getSymbol()).as(libc.toString()).contains("open");
                assertThat(libc.get(0).getAddress()).isNotZero();

                // The second: the program's open_raw made the syscall; its frame pointer leads to main.
                List<SecurityFrame> own = opens.get(1).getUserStackList();
                assertThat(own).as(own.toString()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(own.get(0).getSymbol()).isEqualTo("open_raw");
                assertThat(own.get(0).getModule()).isEqualTo(binary.toString());
                assertThat(own.get(1).getSymbol()).isEqualTo("main");
                assertThat(own.get(1).getModule()).isEqualTo(binary.toString());

                List<SecurityFrame> kernel = opens.get(1).getKernelStackList();
                assertThat(kernel).isNotEmpty().allSatisfy(f -> assertThat(f.getSymbol()).isNotEmpty()
                        .doesNotStartWith("0x"));
                assertThat(kernel).anySatisfy(f -> assertThat(f.getSymbol()).startsWith("do_syscall_64+0x"));
            } finally {
                process.getOutputStream().close();
                if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
        SensorInfo.Builder info = SensorInfo.newBuilder();
        lab.collector().describe(info);
        assertThat(info.getSecurityHooks().getStacksSymbolized()).isTrue();
    }
}
