package dev.nightjar.sensor.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.nightjar.protocol.text.IpAddressText;
import dev.nightjar.protocol.v1.FiveTuple;
import dev.nightjar.protocol.v1.RequestStats;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.StackSamples;

/**
 * One JSON object per line: the SensorEvent in protobuf's JSON mapping
 * (lowerCamelCase names, 64-bit numbers as strings, bytes as base64), so
 * {@code JsonFormat.parser().ignoringUnknownFields()} reads it back exactly.
 *
 * <p>Addresses are bytes on the wire, which base64 makes unreadable, so every
 * {@code tuple} also gets {@code srcIp} and {@code dstIp} as text (e.g.
 * {@code "10.0.0.1"}, {@code "fd00::1"}), next to the original
 * {@code srcAddr}/{@code dstAddr}: {@code jq '.flow.tuple.dstIp'} works and
 * nothing is lost. Requests' tuples get the same; request counts get
 * {@code clientIp} and {@code serverIp}.
 *
 * <p>A profile's folded stacks are indexes into its frame table; each stack
 * also gets {@code folded}, its frame names root first joined by ';'
 * ({@code jq -r '.stacks.stacks[].folded'}).
 */
final class JsonLines {

    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

    String format(SensorEvent event) {
        String json;
        try {
            json = printer.print(event);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a SensorEvent always has a JSON form", e);
        }
        if (event.getPayloadCase() == SensorEvent.PayloadCase.STACKS) {
            return withFolded(json, event.getStacks());
        }
        if (event.getPayloadCase() == SensorEvent.PayloadCase.REQUEST_STATS) {
            return withStatsAddresses(json, event.getRequestStats());
        }
        FiveTuple tuple = switch (event.getPayloadCase()) {
            case FLOW -> event.getFlow().getTuple();
            case DROP -> event.getDrop().getTuple();
            case REQUEST -> event.getRequest().getTuple();
            default -> null;
        };
        if (tuple == null) {
            return json;
        }
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        String payload = switch (event.getPayloadCase()) {
            case FLOW -> "flow";
            case DROP -> "drop";
            default -> "request";
        };
        JsonObject payloadJson = root.getAsJsonObject(payload);
        JsonObject tupleJson = payloadJson.has("tuple") ? payloadJson.getAsJsonObject("tuple") : new JsonObject();
        tupleJson.addProperty("srcIp", IpAddressText.of(tuple.getSrcAddr()));
        tupleJson.addProperty("dstIp", IpAddressText.of(tuple.getDstAddr()));
        payloadJson.add("tuple", tupleJson);
        return root.toString();
    }

    /** Request counts name their ends by address: clientIp and serverIp as text, next to the bytes. */
    private static String withStatsAddresses(String json, RequestStats stats) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        JsonObject statsJson = root.getAsJsonObject("requestStats");
        statsJson.addProperty("clientIp", IpAddressText.of(stats.getClientAddr()));
        statsJson.addProperty("serverIp", IpAddressText.of(stats.getServerAddr()));
        return root.toString();
    }

    private static String withFolded(String json, StackSamples samples) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        JsonObject stacksJson = root.getAsJsonObject("stacks");
        if (stacksJson == null || !stacksJson.has("stacks")) {
            return json;
        }
        JsonArray folded = stacksJson.getAsJsonArray("stacks");
        for (int i = 0; i < folded.size() && i < samples.getStacksCount(); i++) {
            folded.get(i).getAsJsonObject().addProperty("folded", StackText.folded(samples, samples.getStacks(i)));
        }
        return root.toString();
    }
}
