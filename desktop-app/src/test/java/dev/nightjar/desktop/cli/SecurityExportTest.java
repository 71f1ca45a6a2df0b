package dev.nightjar.desktop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nightjar.desktop.bundle.BundleExport;
import dev.nightjar.desktop.bundle.ExportProgress;
import dev.nightjar.desktop.bundle.ExportRequest;
import dev.nightjar.desktop.bundle.Redaction;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.export.FlowJsonLines;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.desktop.testing.SecurityFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle export-security}: the fixture's events written as Tetragon-shaped JSON lines,
 * parsed back with Jackson and checked field by field; and a redacted bundle's export holds
 * nothing the redaction took out.
 */
class SecurityExportTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private List<JsonNode> export(Path bundle) throws Exception {
        Path jsonl = dir.resolve("security.jsonl");
        assertThat(cli.run("bundle", "export-security", bundle.toString(), "--out", jsonl.toString()))
                .as(cli.err.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            lines.add(FlowJsonLines.MAPPER.readTree(line));
        }
        return lines;
    }

    @Test
    void eachEventIsATetragonEventWithItsProcessPodAndStacks() throws Exception {
        List<JsonNode> lines = export(SecurityFixtures.bundle(dir.resolve("in.njcap")));
        assertThat(cli.out.toString()).endsWith(" 4 security events to " + dir.resolve("security.jsonl") + "\n");
        assertThat(lines).extracting(l -> l.fieldNames().next())
                .containsExactly("process_kprobe", "process_exec", "process_kprobe", "rate_limit_info");

        JsonNode open = lines.getFirst();
        assertThat(open.get("node_name").asText()).isEqualTo("worker-1");
        assertThat(open.get("time").asText()).isEqualTo("2025-11-24T16:00:00Z");
        JsonNode kprobe = open.get("process_kprobe");
        assertThat(kprobe.get("function_name").asText()).isEqualTo("security_file_open");
        assertThat(kprobe.get("policy_name").asText()).isEqualTo("sensitive-kernel-paths");
        assertThat(kprobe.get("action").asText()).isEqualTo("KPROBE_ACTION_POST");
        assertThat(kprobe.get("args").get(0).get("file_arg").get("path").asText()).isEqualTo("/proc/sys/kernel/hostname");
        JsonNode process = kprobe.get("process");
        assertThat(process.get("binary").asText()).isEqualTo("/usr/bin/cat");
        assertThat(process.get("arguments").asText()).isEqualTo("/proc/sys/kernel/hostname");
        assertThat(process.get("pid").asLong()).isEqualTo(4242);
        assertThat(process.get("uid").asLong()).isEqualTo(1000);
        assertThat(process.get("cwd").asText()).isEqualTo("/srv");
        assertThat(process.get("pod").get("namespace").asText()).isEqualTo("shop");
        assertThat(process.get("pod").get("name").asText()).isEqualTo("cart-0");
        assertThat(process.get("pod").get("container").get("id").asText()).isEqualTo(SecurityFixtures.CART_CONTAINER);
        assertThat(process.get("docker").asText()).isEqualTo(SecurityFixtures.CART_CONTAINER.substring(0, 15));
        assertThat(process.get("cap").get("effective").get(0).asText()).isEqualTo("CAP_SYS_ADMIN");
        assertThat(new String(Base64.getDecoder().decode(process.get("exec_id").asText()), StandardCharsets.UTF_8))
                .isEqualTo("worker-1:9000000000:4242");
        assertThat(process.get("parent_exec_id").asText())
                .isEqualTo(kprobe.get("parent").get("exec_id").asText());
        assertThat(kprobe.get("parent").get("binary").asText()).isEqualTo("/bin/sh");
        assertThat(kprobe.get("parent").get("arguments").asText()).isEqualTo("-c \"cat /proc/sys/kernel/hostname\"");
        assertThat(kprobe.get("parent").has("pod")).as("the pod is on the event's own process").isFalse();
        assertThat(kprobe.get("ancestors")).extracting(a -> a.get("binary").asText()).containsExactly("/bin/bash");
        JsonNode top = kprobe.get("kernel_stack_trace").get(0);
        assertThat(top.get("address").isTextual()).as("uint64 as protojson writes it: a string").isTrue();
        assertThat(top.get("address").asText()).isEqualTo(Long.toUnsignedString(SecurityFixtures.OPENAT2));
        assertThat(top.get("symbol").asText()).isEqualTo("do_sys_openat2");
        assertThat(top.get("offset").asText()).isEqualTo("5");
        assertThat(kprobe.get("kernel_stack_trace").get(2).get("module").asText()).isEqualTo("nightjar_mod");
        assertThat(kprobe.get("user_stack_trace").get(0).get("address").asText())
                .isEqualTo(Long.toUnsignedString(0x7f3a12345678L));
        assertThat(kprobe.get("user_stack_trace").get(0).has("symbol")).isFalse();

        JsonNode exec = lines.get(1).get("process_exec");
        assertThat(exec.get("process").get("binary").asText()).isEqualTo("/bin/sh");
        assertThat(exec.get("parent").get("binary").asText()).isEqualTo("/bin/bash");
        assertThat(exec.has("ancestors")).isFalse();

        JsonNode root = lines.get(2).get("process_kprobe");
        assertThat(root.get("process").get("uid").asLong()).as("Tetragon's uid is the effective one").isZero();
        assertThat(root.get("process").get("process_credentials").get("uid").asLong()).isEqualTo(1000);
        assertThat(root.get("process").has("pod")).as("on the host").isFalse();
        assertThat(root.get("args")).extracting(a -> a.get("string_arg").asText())
                .containsExactly("/usr/bin/passwd", "euid 1000 -> 0");

        assertThat(lines.get(3).get("rate_limit_info").get("number_of_dropped_process_events").asText())
                .isEqualTo("1990");
    }

    @Test
    void aRedactedBundlesExportHoldsNoCommandLineOrAddressTheRedactionTookOut() throws Exception {
        Path plain = dir.resolve("plain.njcap");
        Path redacted = dir.resolve("redacted.njcap");
        BundleExport.write(CaptureFixtures.store(), ExportRequest.everything(), plain, ExportProgress.NONE);
        BundleExport.write(CaptureFixtures.store(), new ExportRequest(TimeWindow.ALL, Set.of(), Redaction.ALL),
                redacted, ExportProgress.NONE);

        String before = lines(export(plain));
        assertThat(before).as("the unredacted export holds them (the search works)")
                .contains(CaptureFixtures.SECRET_ARG).contains("/srv/" + CaptureFixtures.SERVER_V4_TEXT);
        List<JsonNode> after = export(redacted);
        assertThat(after).hasSize(CaptureFixtures.NODES.size() * CaptureFixtures.TICKS);
        assertThat(lines(after)).doesNotContain(CaptureFixtures.SECRET_ARG)
                .doesNotContain(CaptureFixtures.SERVER_V4_TEXT).contains("/proc/sys/kernel/hostname");
        JsonNode process = after.getFirst().get("process_kprobe").get("process");
        assertThat(process.has("arguments")).as("command lines dropped").isFalse();
        assertThat(process.get("cwd").asText()).as("the address in the path replaced").startsWith("/srv/")
                .isNotEqualTo("/srv/" + CaptureFixtures.SERVER_V4_TEXT);
    }

    private static String lines(List<JsonNode> lines) {
        return String.join("\n", lines.stream().map(JsonNode::toString).toList());
    }
}
