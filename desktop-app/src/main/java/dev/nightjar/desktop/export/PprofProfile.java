package dev.nightjar.desktop.export;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * CPU samples as a pprof profile: the {@code perftools.profiles.Profile} message of
 * google/pprof's {@code proto/profile.proto}, gzip-compressed, as {@code go tool pprof},
 * Pyroscope and Grafana read it. Written field by field with protobuf's wire encoder (the
 * message is small and stable; no generated code for it is shipped).
 *
 * <p>One sample type, {@code samples/count} (the sensor sends counts at its sampling
 * frequency, not times). One Function and one Location per distinct frame name (no
 * addresses or mappings: frames are already named on the node). Each sample is one stack
 * of one process, leaf first, labelled {@code node}, {@code comm} and {@code pid}.
 */
public final class PprofProfile {

    // Field numbers of profile.proto.
    private static final int PROFILE_SAMPLE_TYPE = 1;
    private static final int PROFILE_SAMPLE = 2;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;
    private static final int PROFILE_PERIOD_TYPE = 11;
    private static final int PROFILE_PERIOD = 12;
    private static final int PROFILE_DEFAULT_SAMPLE_TYPE = 14;
    private static final int VALUE_TYPE_TYPE = 1;
    private static final int VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1;
    private static final int SAMPLE_VALUE = 2;
    private static final int SAMPLE_LABEL = 3;
    private static final int LABEL_KEY = 1;
    private static final int LABEL_STR = 2;
    private static final int LABEL_NUM = 3;
    private static final int LOCATION_ID = 1;
    private static final int LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1;
    private static final int FUNCTION_ID = 1;
    private static final int FUNCTION_NAME = 2;
    private static final int FUNCTION_SYSTEM_NAME = 3;

    /** string_table[0] must be "". */
    private final Map<String, Long> strings = new LinkedHashMap<>(Map.of("", 0L));
    /** Frame name → function id = location id (from 1). */
    private final Map<String, Long> frames = new HashMap<>();
    private final List<String> frameOrder = new ArrayList<>();

    private PprofProfile() {
    }

    /** @return samples written (one per process and distinct stack) */
    public static long write(CpuProfile profile, OutputStream out) throws IOException {
        return new PprofProfile().encode(profile, out);
    }

    private long encode(CpuProfile profile, OutputStream out) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream p = CodedOutputStream.newInstance(body);
        long samples = 0;
        p.writeByteArray(PROFILE_SAMPLE_TYPE, valueType("samples", "count"));
        for (CpuProfile.Process process : profile.processes()) {
            for (Map.Entry<List<String>, Long> stack : profile.stacks(process).entrySet()) {
                p.writeByteArray(PROFILE_SAMPLE, sample(process, stack.getKey(), stack.getValue()));
                samples++;
            }
        }
        for (String name : frameOrder) {
            long id = frames.get(name);
            p.writeByteArray(PROFILE_LOCATION, location(id));
            p.writeByteArray(PROFILE_FUNCTION, function(id, name));
        }
        p.writeByteArray(PROFILE_PERIOD_TYPE, valueType("samples", "count"));
        p.writeInt64(PROFILE_PERIOD, 1);
        p.writeInt64(PROFILE_DEFAULT_SAMPLE_TYPE, string("samples"));
        // The string table last: every index above was taken while writing the rest.
        for (String s : strings.keySet()) {
            p.writeString(PROFILE_STRING_TABLE, s);
        }
        p.flush();
        // Compressed in memory (a profile is kilobytes to a few megabytes): closing the gzip
        // stream ends its Deflater, and the caller's stream stays open for ExportFiles to close.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            body.writeTo(gzip);
        }
        compressed.writeTo(out);
        out.flush();
        return samples;
    }

    private byte[] valueType(String type, String unit) throws IOException {
        return message(m -> {
            m.writeInt64(VALUE_TYPE_TYPE, string(type));
            m.writeInt64(VALUE_TYPE_UNIT, string(unit));
        });
    }

    /** The stack is root first in CpuProfile; pprof wants the leaf first. */
    private byte[] sample(CpuProfile.Process process, List<String> rootFirst, long count) throws IOException {
        List<Long> ids = new ArrayList<>(rootFirst.size());
        for (int i = rootFirst.size() - 1; i >= 0; i--) {
            ids.add(frame(rootFirst.get(i)));
        }
        byte[] node = label("node", process.node());
        byte[] comm = label("comm", process.comm());
        byte[] pid = message(m -> {
            m.writeInt64(LABEL_KEY, string("pid"));
            m.writeInt64(LABEL_NUM, process.pid());
        });
        return message(m -> {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            CodedOutputStream ids64 = CodedOutputStream.newInstance(packed);
            for (long id : ids) {
                ids64.writeUInt64NoTag(id);
            }
            ids64.flush();
            m.writeByteArray(SAMPLE_LOCATION_ID, packed.toByteArray());
            ByteArrayOutputStream values = new ByteArrayOutputStream();
            CodedOutputStream v = CodedOutputStream.newInstance(values);
            v.writeInt64NoTag(count);
            v.flush();
            m.writeByteArray(SAMPLE_VALUE, values.toByteArray());
            m.writeByteArray(SAMPLE_LABEL, node);
            m.writeByteArray(SAMPLE_LABEL, comm);
            m.writeByteArray(SAMPLE_LABEL, pid);
        });
    }

    private byte[] label(String key, String value) throws IOException {
        return message(m -> {
            m.writeInt64(LABEL_KEY, string(key));
            m.writeInt64(LABEL_STR, string(value));
        });
    }

    private byte[] location(long id) throws IOException {
        byte[] line = message(m -> m.writeUInt64(LINE_FUNCTION_ID, id));
        return message(m -> {
            m.writeUInt64(LOCATION_ID, id);
            m.writeByteArray(LOCATION_LINE, line);
        });
    }

    private byte[] function(long id, String name) throws IOException {
        return message(m -> {
            m.writeUInt64(FUNCTION_ID, id);
            m.writeInt64(FUNCTION_NAME, string(name));
            m.writeInt64(FUNCTION_SYSTEM_NAME, string(name));
        });
    }

    private long frame(String name) {
        Long id = frames.get(name);
        if (id == null) {
            id = (long) frames.size() + 1;
            frames.put(name, id);
            frameOrder.add(name);
        }
        return id;
    }

    private long string(String s) {
        return strings.computeIfAbsent(s, k -> (long) strings.size());
    }

    private interface Fields {
        void write(CodedOutputStream m) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(bytes);
        fields.write(m);
        m.flush();
        return bytes.toByteArray();
    }
}
