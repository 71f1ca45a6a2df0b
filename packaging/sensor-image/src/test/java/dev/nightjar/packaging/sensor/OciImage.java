package dev.nightjar.packaging.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One platform's image of an OCI image archive, opened the way an engine reads it:
 * index.json names the tag's image index, that index names a manifest per
 * platform, the manifest names the config and the layers, and every blob is
 * checked against its digest before it is trusted.
 *
 * @param index the tag's image index (the blob index.json points at)
 * @param platform this image's entry in it
 */
record OciImage(Path layout, JsonNode index, JsonNode platform, JsonNode manifest, JsonNode config, List<Path> layers) {

    static final String LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Untars {@code archive} into {@code layoutDir} (emptied first) and reads its amd64 image. */
    static OciImage open(Path archive, Path layoutDir) throws IOException, InterruptedException {
        unpack(archive, layoutDir);
        return read(layoutDir, "amd64");
    }

    /** Untars {@code archive} into {@code layoutDir}, emptied first. */
    static void unpack(Path archive, Path layoutDir) throws IOException, InterruptedException {
        Commands.run(layoutDir.getParent(), List.of("rm", "-rf", layoutDir.toString()), 60);
        Files.createDirectories(layoutDir);
        Commands.run(layoutDir, List.of("tar", "-xf", archive.toString(), "-C", layoutDir.toString()), 120);
    }

    /** index.json of an unpacked layout. */
    static JsonNode layoutIndex(Path layoutDir) throws IOException {
        JsonNode layoutVersion = JSON.readTree(layoutDir.resolve("oci-layout").toFile());
        if (!"1.0.0".equals(layoutVersion.path("imageLayoutVersion").asText())) {
            throw new IOException("oci-layout says " + layoutVersion + ", expected imageLayoutVersion 1.0.0");
        }
        return JSON.readTree(layoutDir.resolve("index.json").toFile());
    }

    /** The tag's image index: the one entry of index.json, an index itself. */
    static JsonNode imageIndex(Path layoutDir) throws IOException {
        JsonNode entry = layoutIndex(layoutDir).path("manifests").path(0);
        if (!IMAGE_INDEX.equals(entry.path("mediaType").asText())) {
            throw new IOException("index.json's entry is a " + entry.path("mediaType").asText()
                    + ", expected an image index (" + IMAGE_INDEX + ")");
        }
        return JSON.readTree(blob(layoutDir, entry).toFile());
    }

    /** The image for {@code architecture} (amd64, arm64) in an unpacked layout. */
    static OciImage read(Path layoutDir, String architecture) throws IOException {
        JsonNode index = imageIndex(layoutDir);
        JsonNode entry = null;
        for (JsonNode m : index.path("manifests")) {
            if (architecture.equals(m.path("platform").path("architecture").asText())
                    && "linux".equals(m.path("platform").path("os").asText())) {
                entry = m;
            }
        }
        if (entry == null || !IMAGE_MANIFEST.equals(entry.path("mediaType").asText())) {
            throw new IOException("the image index has no linux/" + architecture + " image manifest: " + index);
        }
        JsonNode manifest = JSON.readTree(blob(layoutDir, entry).toFile());
        JsonNode config = JSON.readTree(blob(layoutDir, manifest.path("config")).toFile());
        List<Path> layers = new ArrayList<>();
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        if (diffIds.size() != manifest.path("layers").size()) {
            throw new IOException("the config lists " + diffIds.size() + " diff_ids for "
                    + manifest.path("layers").size() + " layers");
        }
        for (JsonNode layer : manifest.path("layers")) {
            if (!LAYER_TAR_GZIP.equals(layer.path("mediaType").asText())) {
                throw new IOException("layer " + layer.path("digest").asText() + " has media type "
                        + layer.path("mediaType").asText() + "; this reader knows " + LAYER_TAR_GZIP);
            }
            Path blob = blob(layoutDir, layer);
            // An engine checks the uncompressed tar against the config's diff_id on pull.
            String diffId = "sha256:" + sha256OfGunzipped(blob);
            String expected = diffIds.path(layers.size()).asText();
            if (!diffId.equals(expected)) {
                throw new IOException("layer " + layers.size() + " (" + layer.path("digest").asText()
                        + ") uncompresses to " + diffId + ", the config's diff_id is " + expected);
            }
            layers.add(blob);
        }
        return new OciImage(layoutDir, index, entry, manifest, config, List.copyOf(layers));
    }

    List<String> entrypoint() {
        return strings(config.path("config").path("Entrypoint"));
    }

    List<String> cmd() {
        return strings(config.path("config").path("Cmd"));
    }

    String user() {
        return config.path("config").path("User").asText("");
    }

    /** The config's Env as a map, in order. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : strings(config.path("config").path("Env"))) {
            int eq = pair.indexOf('=');
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return env;
    }

    /** The blob a descriptor points at, after checking its size and sha256 digest. */
    private static Path blob(Path layout, JsonNode descriptor) throws IOException {
        String digest = descriptor.path("digest").asText();
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IOException("descriptor without a sha256 digest: " + descriptor);
        }
        Path file = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        if (!Files.isRegularFile(file)) {
            throw new IOException("blob " + digest + " is named in the image but missing from the archive");
        }
        long size = Files.size(file);
        if (size != descriptor.path("size").asLong(-1)) {
            throw new IOException("blob " + digest + " is " + size + " bytes, its descriptor says "
                    + descriptor.path("size"));
        }
        String actual = "sha256:" + sha256(file);
        if (!actual.equals(digest)) {
            throw new IOException("blob " + digest + " hashes to " + actual);
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.newInputStream(file));
    }

    static String sha256OfGunzipped(Path file) throws IOException {
        return sha256(new GZIPInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static String sha256(InputStream content) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(content, sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return List.copyOf(values);
    }
}
