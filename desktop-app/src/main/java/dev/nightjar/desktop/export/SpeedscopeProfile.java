package dev.nightjar.desktop.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A speedscope file (https://www.speedscope.app/file-format-schema.json): one "sampled"
 * profile per process, largest first, frames shared between them. Each distinct stack is
 * one sample (root first) weighted by its count; the unit is "none" (samples), since the
 * sensor reports counts at its sampling frequency rather than times.
 */
public final class SpeedscopeProfile {

    public static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";

    private SpeedscopeProfile() {
    }

    /** @return profiles written */
    public static int write(CpuProfile profile, String name, String exporter, OutputStream out) throws IOException {
        Map<String, Integer> frameIndex = new HashMap<>();
        List<String> frames = new java.util.ArrayList<>();
        List<CpuProfile.Process> processes = profile.processes();
        for (CpuProfile.Process process : processes) {
            for (List<String> stack : profile.stacks(process).keySet()) {
                for (String frame : stack) {
                    frameIndex.computeIfAbsent(frame, f -> {
                        frames.add(f);
                        return frames.size() - 1;
                    });
                }
            }
        }
        try (JsonGenerator json = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("$schema", SCHEMA);
            json.writeStringField("name", name);
            json.writeStringField("exporter", exporter);
            json.writeNumberField("activeProfileIndex", 0);
            json.writeObjectFieldStart("shared");
            json.writeArrayFieldStart("frames");
            for (String frame : frames) {
                json.writeStartObject();
                json.writeStringField("name", frame);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("profiles");
            for (CpuProfile.Process process : processes) {
                writeProfile(json, process, profile.stacks(process), frameIndex);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.flush();
        return processes.size();
    }

    private static void writeProfile(JsonGenerator json, CpuProfile.Process process, Map<List<String>, Long> stacks,
                                     Map<String, Integer> frameIndex) throws IOException {
        long total = stacks.values().stream().mapToLong(Long::longValue).sum();
        json.writeStartObject();
        json.writeStringField("type", "sampled");
        json.writeStringField("name", process.title());
        json.writeStringField("unit", "none");
        json.writeNumberField("startValue", 0);
        json.writeNumberField("endValue", total);
        json.writeArrayFieldStart("samples");
        for (List<String> stack : stacks.keySet()) {
            json.writeStartArray();
            for (String frame : stack) {
                json.writeNumber(frameIndex.get(frame));
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("weights");
        for (long count : stacks.values()) {
            json.writeNumber(count);
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
