package dev.nightjar.protocol.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * manifest.json to and from {@link Manifest}. Parsing goes JSON text → tree →
 * version check → records, so a manifest from a newer format is recognised
 * by its version before its (possibly different) shape is judged.
 */
final class ManifestCodec {

    // Strict where leniency would hide a damaged or forged manifest: no duplicate
    // keys, no "12" for 12, no 1.5 for an int, no null for a number (and nothing
    // after the object: see readTree). Unknown fields are ignored so a v1 writer
    // may add some.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxTokenCount(BundleLimits.MAX_MANIFEST_JSON_TOKENS).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ManifestCodec() {
    }

    static byte[] toJson(Manifest manifest) throws IOException {
        return MAPPER.writeValueAsBytes(manifest);
    }

    /**
     * Why a reader would refuse to load this manifest (over a byte or token limit),
     * or null when it would not. The writer asks before it commits.
     */
    static String overLimit(byte[] json) {
        if (json.length > BundleLimits.MAX_MANIFEST_BYTES) {
            return json.length + " bytes, over the " + BundleLimits.mib(BundleLimits.MAX_MANIFEST_BYTES) + " limit";
        }
        try (JsonParser parser = MAPPER.createParser(json)) {
            while (parser.nextToken() != null) {
                // Only counting: the same constraints as parse() apply.
            }
            return null;
        } catch (StreamConstraintsException e) {
            return "over a parsing limit (" + BundleException.printable(e.getOriginalMessage()) + ")";
        } catch (IOException e) {
            throw new IllegalStateException("the manifest this build serialised does not parse", e);
        }
    }

    /**
     * @param file the bundle's file name, for the version messages, which are about the whole file
     */
    static Manifest parse(byte[] json, String file) throws BundleException {
        JsonNode tree = readTree(json);
        checkVersion(tree, file);
        try {
            return MAPPER.treeToValue(tree, Manifest.class);
        } catch (JsonMappingException e) {
            throw new BundleException(EntryNames.MANIFEST, path(e) + BundleException.printable(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new BundleException(EntryNames.MANIFEST, "cannot read: " + BundleException.printable(e.getOriginalMessage()), e);
        }
    }

    private static JsonNode readTree(byte[] json) throws BundleException {
        JsonNode tree;
        try (JsonParser parser = MAPPER.createParser(json)) {
            tree = MAPPER.readTree(parser);
            if (tree != null && parser.nextToken() != null) {
                throw new BundleException(EntryNames.MANIFEST, "not valid JSON" + at(parser.currentTokenLocation())
                        + ": more content after the manifest's object");
            }
        } catch (StreamConstraintsException e) {
            throw new BundleException(EntryNames.MANIFEST, "refusing to load it" + at(e.getLocation())
                    + ", over a limit that keeps memory bounded (" + BundleException.printable(e.getOriginalMessage())
                    + ")", e);
        } catch (JsonProcessingException e) {
            throw new BundleException(EntryNames.MANIFEST, "not valid JSON" + at(e.getLocation()) + ": "
                    + BundleException.printable(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new BundleException(EntryNames.MANIFEST, "cannot read: " + BundleException.detail(e), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new BundleException(EntryNames.MANIFEST, "is empty; expected a JSON object");
        }
        if (!tree.isObject()) {
            throw new BundleException(EntryNames.MANIFEST, "expected a JSON object at the top level, found "
                    + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return tree;
    }

    private static void checkVersion(JsonNode tree, String file) throws BundleException {
        JsonNode version = tree.get("formatVersion");
        if (version == null || version.isNull()) {
            throw new BundleException(EntryNames.MANIFEST,
                    "has no formatVersion: not a Nightjar bundle manifest (or a damaged one)");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new BundleException(EntryNames.MANIFEST,
                    "formatVersion must be a whole number, found " + BundleException.printable(version.toString()));
        }
        int v = version.intValue();
        if (v > Manifest.FORMAT_VERSION) {
            JsonNode createdBy = tree.get("createdBy");
            String writer = createdBy != null && createdBy.isTextual()
                    ? BundleException.quote(createdBy.textValue()) : "an unknown program";
            throw new BundleException(file, "written by a newer Nightjar (format " + v + ", created by " + writer
                    + "); this build reads formats " + Manifest.OLDEST_READABLE_VERSION + " to "
                    + Manifest.FORMAT_VERSION + " — upgrade Nightjar to open it");
        }
        if (v < Manifest.OLDEST_READABLE_VERSION) {
            throw new BundleException(file, "manifest.json declares formatVersion " + v
                    + ", which no Nightjar has written (versions start at 1): the bundle is damaged or forged");
        }
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** {@code nodes[2].sha256: } from Jackson's reference chain; empty at the top level. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(BundleException.printable(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : path + ": ";
    }
}
