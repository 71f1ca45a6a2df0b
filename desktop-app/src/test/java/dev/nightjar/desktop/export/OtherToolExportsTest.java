package dev.nightjar.desktop.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nightjar.desktop.capture.CaptureStore;
import dev.nightjar.desktop.capture.TimeWindow;
import dev.nightjar.desktop.testing.CaptureFixtures;
import dev.nightjar.protocol.PayloadKind;
import dev.nightjar.protocol.v1.FoldedStack;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherToolExportsTest {

    private final CaptureStore store = CaptureFixtures.store();
    private final TimeWindow window = new TimeWindow(CaptureFixtures.at(5), CaptureFixtures.at(24));

    @Test
    void flowJsonLinesParseBackWithJacksonIntoTheLatestStateOfEachFlowInTheWindow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = FlowJsonLines.write(store, window, out);

        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertThat(text).endsWith("\n");
        assertThat(lines).hasSize((int) written);
        List<FlowLine> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(new ObjectMapper().readValue(line, FlowLine.class));
        }
        // Expected from the store: per node and flow id, the last update with a timestamp in the window.
        Map<String, SensorEvent> latest = new LinkedHashMap<>();
        for (String node : store.nodeNames()) {
            for (SensorEvent e : store.node(node).orElseThrow().events(PayloadKind.FLOW)) {
                if (window.contains(e.getTimestampNs())) {
                    latest.put(node + "/" + e.getFlow().getFlowId(), e);
                }
            }
        }
        assertThat(parsed).hasSize(3 * 7);
        assertThat(parsed).containsExactlyInAnyOrderElementsOf(latest.values().stream().map(FlowJsonLines::line).toList());
        FlowLine tick24 = parsed.stream().filter(f -> f.node().equals("node-b") && f.flowId() == 24 % 7).findFirst().orElseThrow();
        assertThat(tick24.timestampNs()).isEqualTo(CaptureFixtures.at(24));
        assertThat(tick24.bytesSent()).isEqualTo(24_000);
        assertThat(tick24.srcAddr()).isEqualTo(CaptureFixtures.CLIENT_V4_TEXT);
        assertThat(tick24.dstAddr()).isEqualTo(CaptureFixtures.SERVER_V4_TEXT);
        assertThat(tick24.protocol()).isEqualTo("TCP");
        assertThat(tick24.tcpState()).isEqualTo("ESTABLISHED");
        JsonNode raw = new ObjectMapper().readTree(lines.getFirst());
        assertThat(raw.fieldNames()).toIterable().startsWith("node", "flowId", "timestampNs", "protocol", "srcAddr");
    }

    /** Counts per folded line, computed straight from the events: comm first, then root-first frame names. */
    private Map<String, Long> expectedFolded() {
        Map<String, Long> expected = new HashMap<>();
        for (String node : store.nodeNames()) {
            for (SensorEvent e : store.node(node).orElseThrow().events(PayloadKind.STACKS)) {
                if (!window.contains(e.getTimestampNs())) {
                    continue;
                }
                StackSamples s = e.getStacks();
                for (FoldedStack stack : s.getStacksList()) {
                    StringBuilder line = new StringBuilder(s.getComm());
                    stack.getFramesList().forEach(i -> line.append(';').append(s.getFrames(i).getName().replace(';', ':')));
                    expected.merge(line.toString(), stack.getCount(), Long::sum);
                }
            }
        }
        return expected;
    }

    @Test
    void foldedStacksParseBackToTheSameCountsRootFirst() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FoldedStacks.write(CpuProfile.of(store, window), out);

        Map<String, Long> parsed = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            int space = line.lastIndexOf(' ');
            assertThat(parsed.put(line.substring(0, space), Long.parseLong(line.substring(space + 1))))
                    .as("each stack once: %s", line).isNull();
        }
        assertThat(parsed).isEqualTo(expectedFolded());
        assertThat(parsed).containsKey("curl;main;work;hash:inner").containsKey("java;main;read");
        // Ticks 5..24: curl on even ticks (6,8,...,24 → counts t+1), three nodes.
        long curlHash = 0;
        for (int t = 6; t <= 24; t += 2) {
            curlHash += t + 1;
        }
        assertThat(parsed.get("curl;main;work;hash:inner")).isEqualTo(3 * curlHash);
    }

    @Test
    void theSpeedscopeFileValidatesAgainstSpeedscopesSchemaAndCarriesTheSameCounts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int profiles = SpeedscopeProfile.write(CpuProfile.of(store, window), "capture", "nightjar test", out);

        ObjectMapper json = new ObjectMapper();
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/speedscope/file-format-schema.json")) {
            schema = json.readTree(in);
        }
        JsonNode file = json.readTree(out.toByteArray());
        assertThat(new JsonSchemaCheck(schema).validate(file)).isEmpty();
        assertThat(profiles).isEqualTo(3 * 2);
        assertThat(file.get("profiles")).hasSize(profiles);

        Map<String, Long> fromSpeedscope = new HashMap<>();
        JsonNode frames = file.get("shared").get("frames");
        for (JsonNode profile : file.get("profiles")) {
            assertThat(profile.get("type").asText()).isEqualTo("sampled");
            String comm = profile.get("name").asText().split(" ")[0];
            long total = 0;
            for (int i = 0; i < profile.get("samples").size(); i++) {
                StringBuilder line = new StringBuilder(comm);
                profile.get("samples").get(i).forEach(f -> line.append(';').append(frames.get(f.asInt()).get("name").asText().replace(';', ':')));
                long weight = profile.get("weights").get(i).asLong();
                fromSpeedscope.merge(line.toString(), weight, Long::sum);
                total += weight;
            }
            assertThat(profile.get("endValue").asLong()).isEqualTo(total);
        }
        assertThat(fromSpeedscope).isEqualTo(expectedFolded());
    }

    @Test
    void theSchemaCheckerCatchesWhatTheSchemaForbids() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/speedscope/file-format-schema.json")) {
            schema = json.readTree(in);
        }
        JsonSchemaCheck check = new JsonSchemaCheck(schema);
        assertThat(check.validate(json.readTree("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\","
                + "\"shared\":{\"frames\":[{\"name\":\"a\"}]},\"profiles\":[{\"type\":\"sampled\",\"name\":\"p\","
                + "\"unit\":\"none\",\"startValue\":0,\"endValue\":1,\"samples\":[[0]],\"weights\":[1]}]}"))).isEmpty();
        assertThat(check.validate(json.readTree("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\","
                + "\"shared\":{\"frames\":[{}]},\"profiles\":[{\"type\":\"sampled\",\"name\":\"p\","
                + "\"unit\":\"ticks\",\"startValue\":0,\"endValue\":1,\"samples\":[[0]]}]}")))
                .anySatisfy(p -> assertThat(p).contains("shared.frames[0]").contains("name"))
                .anySatisfy(p -> assertThat(p).contains("profiles[0]").contains("anyOf"));
    }
}
