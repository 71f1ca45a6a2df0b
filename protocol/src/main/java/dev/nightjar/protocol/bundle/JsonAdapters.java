package dev.nightjar.protocol.bundle;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.nightjar.protocol.v1.SensorInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Jackson adapters for the two manifest fields Jackson cannot map by itself
 * without extra modules: an {@link Instant} as ISO-8601 text, and a
 * {@link SensorInfo} as its protobuf JSON mapping ({@link JsonFormat}).
 */
final class JsonAdapters {

    private static final ObjectMapper PLAIN = JsonMapper.builder().build();

    private JsonAdapters() {
    }

    static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                        "not an ISO-8601 instant such as 2026-11-25T10:15:30Z");
            }
        }
    }

    static final class SensorInfoSerializer extends JsonSerializer<SensorInfo> {
        @Override
        public void serialize(SensorInfo info, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            // Through a tree rather than writeRawValue, so the manifest's indentation stays consistent.
            gen.writeTree(PLAIN.readTree(JsonFormat.printer().print(info)));
        }
    }

    static final class SensorInfoDeserializer extends JsonDeserializer<SensorInfo> {
        @Override
        public SensorInfo deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            if (!tree.isObject()) {
                return (SensorInfo) ctxt.reportInputMismatch(SensorInfo.class,
                        "sensorInfo must be a JSON object, found %s", tree.getNodeType());
            }
            SensorInfo.Builder info = SensorInfo.newBuilder();
            try {
                // A newer sensor may report fields this build does not know: keep what we know.
                JsonFormat.parser().ignoringUnknownFields().merge(tree.toString(), info);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                // RuntimeException too: a third-party parser on hostile input must
                // not turn a bad field into an unexplained crash.
                return (SensorInfo) ctxt.reportInputMismatch(SensorInfo.class,
                        "not a valid nightjar.v1.SensorInfo (%s)", BundleException.detail(e));
            }
            return info.build();
        }
    }
}
