package dev.nightjar.protocol.bundle;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nightjar.protocol.v1.SensorEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates real bundles (written by {@link BundleWriter}) and reads each mutant with
 * {@link BundleReader}: bytes, zip length and offset fields, entry names, manifest fields,
 * truncation, duplicated ranges and entries. Every case must end in a {@link BundleException}
 * with a one-line message, or in a correct read (every node's events exactly as written);
 * never another exception, an OutOfMemoryError (the protocol tests run in 96 MiB) or a hang
 * (each case has a timeout).
 *
 * <p>{@code -Dnightjar.fuzz.iterations=N} (default 100,000) runs longer;
 * {@code -Dnightjar.fuzz.seed=S} repeats a run. A failure names the seed, the case number and
 * its mutations, and leaves the mutant in {@code target/fuzz-failures/}.
 */
class BundleFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("nightjar.fuzz.iterations", 100_000);
    private static final long CASE_TIMEOUT_SECONDS = 20;
    private static final int MAX_MESSAGE_CHARS = 2_000;

    @TempDir
    Path dir;

    /** A valid bundle to mutate: its bytes, its entries, and the events of each node entry by SHA-256. */
    private record Base(String name, byte[] bytes, Map<String, byte[]> entries, ObjectNode manifest) {
    }

    private final List<Base> bases = new ArrayList<>();
    private final Map<String, List<SensorEvent>> eventsBySha = new HashMap<>();

    @Test
    void everyMutantEndsInAOneLineBundleExceptionOrACorrectRead() throws Exception {
        long seed = Long.getLong("nightjar.fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        buildBases(new Random(seed ^ 0x5DEECE66DL));
        // Each case is written to a file (ZipFile reads files); in memory-backed /dev/shm when there is one.
        Path shm = Path.of("/dev/shm");
        Path caseDir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "nightjar-fuzz") : dir;
        Path mutantFile = caseDir.resolve("mutant.njcap");
        // Cases run one after another on a worker thread; this thread is the watchdog. Handing
        // each case over separately cost more than the case itself on a busy 2-core machine.
        CaseRunner runner = new CaseRunner(seed, random, mutantFile);
        Thread worker = new Thread(runner, "bundle-fuzz-cases");
        worker.setDaemon(true); // a hung case must not keep the test JVM alive
        worker.start();
        try {
            while (worker.isAlive()) {
                worker.join(100);
                long started = runner.caseStartedNanos;
                if (worker.isAlive() && started != 0
                        && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(CASE_TIMEOUT_SECONDS)) {
                    worker.interrupt();
                    failCase(seed, runner.caseNumber, runner.applied, runner.mutant,
                            "did not finish within " + CASE_TIMEOUT_SECONDS + " s", null);
                }
            }
        } finally {
            Files.deleteIfExists(mutantFile);
            if (!caseDir.equals(dir)) {
                Files.deleteIfExists(caseDir);
            }
        }
        if (runner.failure != null) {
            failCase(seed, runner.caseNumber, runner.applied, runner.mutant, runner.failure.toString(), runner.failure);
        }
        int exceptions = runner.exceptions;
        int reads = runner.reads;
        // CPU time, not wall time: on a shared machine the wall clock says more about the neighbours.
        System.out.printf("bundle fuzz: worker CPU time %.1f s%n", runner.cpuNanos / 1e9);
        System.out.printf("bundle fuzz: %,d mutants (seed %d): %,d BundleExceptions, %,d correct reads%n",
                ITERATIONS, seed, exceptions, reads);
        if (exceptions == 0 || reads == 0) {
            fail("the fuzzer should produce both outcomes (seed " + seed + "): " + exceptions + " exceptions, "
                    + reads + " reads — are the mutations reaching the reader?");
        }
    }

    /** Runs every case in turn; stops at the first failure, which it keeps for the test thread. */
    private final class CaseRunner implements Runnable {
        private final long seed;
        private final Random random;
        private final Path file;
        volatile long caseStartedNanos;
        volatile int caseNumber;
        volatile List<String> applied = List.of();
        volatile byte[] mutant = new byte[0];
        volatile Throwable failure;
        int exceptions;
        int reads;
        volatile long cpuNanos;

        CaseRunner(long seed, Random random, Path file) {
            this.seed = seed;
            this.random = random;
            this.file = file;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < ITERATIONS && !Thread.currentThread().isInterrupted(); i++) {
                    List<String> steps = new ArrayList<>();
                    byte[] bytes = mutate(random, steps);
                    caseNumber = i;
                    applied = steps;
                    mutant = bytes;
                    Files.write(file, bytes);
                    caseStartedNanos = System.nanoTime();
                    if (readCase(file)) {
                        reads++;
                    } else {
                        exceptions++;
                    }
                    caseStartedNanos = 0;
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                cpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
        }
    }

    /**
     * @return true for a correct full read, false for a BundleException with a one-line message
     * @throws AssertionError for a read that succeeded with wrong events, or a bad message
     */
    private Boolean readCase(Path file) {
        try (BundleReader reader = BundleReader.open(file)) {
            for (Manifest.Node node : reader.manifest().nodes()) {
                List<SensorEvent> read = new ArrayList<>();
                reader.replay(node.index(), read::add);
                List<SensorEvent> written = eventsBySha.get(node.sha256());
                if (!read.equals(written)) {
                    throw new AssertionError("node " + node.index() + " read " + read.size()
                            + " events without an error, but they are not the events written with sha256 " + node.sha256());
                }
            }
            return true;
        } catch (BundleException e) {
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0
                    || message.length() > MAX_MESSAGE_CHARS) {
                throw new AssertionError("BundleException message is not one short line: " + message);
            }
            return false;
        }
    }

    private void failCase(long seed, int iteration, List<String> applied, byte[] mutant, String what, Throwable cause)
            throws IOException {
        Path saved = Files.createDirectories(Path.of("target", "fuzz-failures"))
                .resolve("seed" + seed + "-case" + iteration + ".njcap");
        Files.write(saved, mutant);
        AssertionError error = new AssertionError("bundle fuzz case " + iteration + " (seed " + seed
                + ", rerun with -Dnightjar.fuzz.seed=" + seed + "): " + what + "; mutations " + applied
                + "; mutant saved as " + saved.toAbsolutePath());
        if (cause != null) {
            error.initCause(cause);
        }
        throw error;
    }

    // ------------------------------------------------------------------ bases

    private void buildBases(Random random) throws Exception {
        Map<String, List<SensorEvent>> two = new LinkedHashMap<>();
        two.put("node-a", BundleFixtures.everyKind("node-a", 1_000_000));
        two.put("node-b", BundleFixtures.everyKind("node-b", 2_000_000));
        addBase("two-nodes", two);

        List<SensorEvent> pool = BundleFixtures.payloadPool(random, 12);
        List<SensorEvent> busy = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            busy.add(BundleFixtures.stamped(pool.get(i), "worker-1", i));
        }
        Map<String, List<SensorEvent>> one = new LinkedHashMap<>();
        one.put("worker-1", busy);
        one.put("idle", List.of());
        addBase("busy-and-empty", one);
    }

    private void addBase(String name, Map<String, List<SensorEvent>> nodes) throws Exception {
        Path file = BundleFixtures.writeBundle(dir.resolve(name + ".njcap"), nodes);
        byte[] bytes = Files.readAllBytes(file);
        Map<String, byte[]> entries = BundleFixtures.entries(file);
        ObjectNode manifest = (ObjectNode) BundleFixtures.JSON.readTree(entries.get(EntryNames.MANIFEST));
        try (BundleReader reader = BundleReader.open(file)) {
            for (Manifest.Node node : reader.manifest().nodes()) {
                List<SensorEvent> events = new ArrayList<>();
                reader.replay(node.index(), events::add);
                eventsBySha.put(node.sha256(), events);
            }
        }
        bases.add(new Base(name, bytes, entries, manifest));
    }

    // ------------------------------------------------------------------ mutations

    private byte[] mutate(Random random, List<String> applied) throws IOException {
        Base base = bases.get(random.nextInt(bases.size()));
        applied.add(base.name());
        byte[] bytes = switch (random.nextInt(10)) {
            case 0, 1 -> manifestField(random, base, applied);
            case 2 -> manifestText(random, base, applied);
            case 3 -> duplicateEntry(random, base, applied);
            default -> base.bytes().clone();
        };
        int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int r = 0; r < rounds; r++) {
            bytes = switch (random.nextInt(7)) {
                case 0 -> flipBits(random, bytes, applied);
                case 1 -> zipField(random, bytes, applied);
                case 2 -> entryName(random, bytes, applied);
                case 3 -> truncate(random, bytes, applied);
                case 4 -> duplicateRange(random, bytes, applied);
                case 5 -> interestingByte(random, bytes, applied);
                default -> r == 0 && applied.size() > 1 ? bytes : flipBits(random, bytes, applied);
            };
        }
        return bytes;
    }

    private static byte[] flipBits(Random random, byte[] bytes, List<String> applied) {
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
            applied.add("flip@" + at);
        }
        return bytes;
    }

    private static byte[] interestingByte(Random random, byte[] bytes, List<String> applied) {
        int[] values = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe};
        if (bytes.length > 0) {
            int at = random.nextInt(bytes.length);
            bytes[at] = (byte) values[random.nextInt(values.length)];
            applied.add("set@" + at + "=" + (bytes[at] & 0xff));
        }
        return bytes;
    }

    private static byte[] truncate(Random random, byte[] bytes, List<String> applied) {
        int length = random.nextInt(bytes.length + 1);
        applied.add("truncate@" + length);
        return Arrays.copyOf(bytes, length);
    }

    private static byte[] duplicateRange(Random random, byte[] bytes, List<String> applied) {
        if (bytes.length == 0) {
            return bytes;
        }
        int from = random.nextInt(bytes.length);
        int length = 1 + random.nextInt(Math.min(256, bytes.length - from));
        int at = random.nextInt(bytes.length + 1);
        byte[] out = new byte[bytes.length + length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, from, out, at, length);
        System.arraycopy(bytes, at, out, at + length, bytes.length - at);
        applied.add("dup[" + from + "+" + length + "]@" + at);
        return out;
    }

    /** Zip record offsets: local headers, central directory records, end record. */
    private static List<int[]> records(byte[] b) {
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K') {
                int kind = b[i + 2] * 256 + b[i + 3];
                if (kind == 0x0304 || kind == 0x0102 || kind == 0x0506) {
                    found.add(new int[] {i, kind});
                }
            }
        }
        return found;
    }

    private static byte[] zipField(Random random, byte[] bytes, List<String> applied) {
        List<int[]> records = records(bytes);
        if (records.isEmpty()) {
            return flipBits(random, bytes, applied);
        }
        int[] record = records.get(random.nextInt(records.size()));
        // {offset, width} of the length, count, offset and method fields of each record kind.
        int[][] fields = switch (record[1]) {
            case 0x0304 -> new int[][] {{8, 2}, {14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}, {6, 2}};
            case 0x0102 -> new int[][] {{10, 2}, {16, 4}, {20, 4}, {24, 4}, {28, 2}, {30, 2}, {32, 2}, {42, 4}, {8, 2}};
            default -> new int[][] {{8, 2}, {10, 2}, {12, 4}, {16, 4}, {20, 2}};
        };
        int[] field = fields[random.nextInt(fields.length)];
        int at = record[0] + field[0];
        if (at + field[1] > bytes.length) {
            return bytes;
        }
        long old = field[1] == 2 ? u16(bytes, at) : u32(bytes, at);
        long max = field[1] == 2 ? 0xffffL : 0xffffffffL;
        long[] choices = {0, 1, max, max - 1, old + 1, old - 1, old * 2, old / 2, random.nextLong() & max, 0x7fffffffL & max};
        long value = choices[random.nextInt(choices.length)] & max;
        for (int i = 0; i < field[1]; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
        applied.add(String.format("zip%04x+%d=%d", record[1], field[0], value));
        return bytes;
    }

    private static long u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }

    private static final String[] HOSTILE_NAMES = {"../manifest.jso", "/nodes/0/events.p", "C:/nodes/0/events",
            "nodes\\0\\events.pb", "nodes/01/events.pb", "nodes/x/events.pb", "nodes/1/events.pb", "nodes/0/events.pb",
            "manifest.json", "nodes/0/", "nodes/9999/events.pb", "\u0000\n\u001b[31m"};

    /** Overwrites an entry's name (in its local header or central record) with a hostile one, same length. */
    private static byte[] entryName(Random random, byte[] bytes, List<String> applied) {
        List<int[]> named = records(bytes).stream().filter(r -> r[1] != 0x0506).toList();
        if (named.isEmpty()) {
            return flipBits(random, bytes, applied);
        }
        int[] record = named.get(random.nextInt(named.size()));
        int lengthAt = record[0] + (record[1] == 0x0304 ? 26 : 28);
        int nameAt = record[0] + (record[1] == 0x0304 ? 30 : 46);
        if (lengthAt + 2 > bytes.length) {
            return bytes;
        }
        int length = (int) u16(bytes, lengthAt);
        byte[] name = HOSTILE_NAMES[random.nextInt(HOSTILE_NAMES.length)].getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < length && nameAt + i < bytes.length; i++) {
            bytes[nameAt + i] = i < name.length ? name[i] : (byte) '/';
        }
        applied.add("name@" + nameAt + "=" + new String(name, StandardCharsets.UTF_8).replace("\n", "\\n"));
        return bytes;
    }

    /** A copy of one entry under a placeholder name of the same length, then renamed to the original: a duplicate name. */
    private static byte[] duplicateEntry(Random random, Base base, List<String> applied) throws IOException {
        List<String> names = new ArrayList<>(base.entries().keySet());
        String original = names.get(random.nextInt(names.size()));
        String placeholder = original.replace('s', 'Q'); // "nodes/0/events.pb" and "manifest.json" both contain an s
        Map<String, byte[]> entries = new LinkedHashMap<>(base.entries());
        entries.put(placeholder, base.entries().get(original));
        byte[] zip = zip(entries);
        byte[] from = placeholder.getBytes(StandardCharsets.UTF_8);
        byte[] to = original.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + from.length <= zip.length; i++) {
            if (Arrays.equals(zip, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, zip, i, to.length);
            }
        }
        applied.add("duplicate-entry " + original);
        return zip;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] withManifest(Base base, byte[] manifest) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(base.entries());
        entries.put(EntryNames.MANIFEST, manifest);
        return zip(entries);
    }

    /** One field of the manifest (anywhere in the tree) replaced, removed, or a sibling added. */
    private static byte[] manifestField(Random random, Base base, List<String> applied) throws IOException {
        ObjectNode manifest = base.manifest().deepCopy();
        List<String> paths = new ArrayList<>();
        List<JsonNode> parents = new ArrayList<>();
        collect(manifest, "", paths, parents);
        int pick = random.nextInt(paths.size());
        JsonNode parent = parents.get(pick);
        String path = paths.get(pick);
        String key = path.substring(path.lastIndexOf('/') + 1);
        JsonNode replacement = hostileValue(random, parent instanceof ObjectNode o ? o.get(key) : ((ArrayNode) parent).get(Integer.parseInt(key)));
        if (parent instanceof ObjectNode object) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    object.remove(key);
                    applied.add("remove " + path);
                }
                case 1 -> {
                    object.set("unknownField" + random.nextInt(3), replacement);
                    applied.add("add unknown beside " + path);
                }
                default -> {
                    object.set(key, replacement);
                    applied.add("set " + path + "=" + abbreviate(replacement));
                }
            }
        } else {
            ArrayNode array = (ArrayNode) parent;
            int index = Integer.parseInt(key);
            if (random.nextBoolean()) {
                array.add(array.get(index).deepCopy());
                applied.add("duplicate " + path);
            } else {
                array.set(index, replacement);
                applied.add("set " + path + "=" + abbreviate(replacement));
            }
        }
        return withManifest(base, BundleFixtures.json(manifest));
    }

    private static void collect(JsonNode node, String path, List<String> paths, List<JsonNode> parents) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                paths.add(path + "/" + field.getKey());
                parents.add(node);
                collect(field.getValue(), path + "/" + field.getKey(), paths, parents);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.add(path + "/" + i);
                parents.add(node);
                collect(node.get(i), path + "/" + i, paths, parents);
            }
        }
    }

    private static JsonNode hostileValue(Random random, JsonNode old) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        long number = old != null && old.isNumber() ? old.asLong() : 1;
        String text = old != null && old.isTextual() ? old.asText() : "x";
        JsonNode[] values = {
                f.nullNode(), f.textNode(""), f.textNode(text + "x"), f.textNode(Long.toString(number)),
                f.numberNode(-1), f.numberNode(0), f.numberNode(2), f.numberNode(number + 1), f.numberNode(number - 1),
                f.numberNode(Long.MAX_VALUE), f.numberNode(Long.MIN_VALUE), f.numberNode(1.5), f.booleanNode(true),
                f.arrayNode(), f.objectNode(), f.textNode("y".repeat(10_000)),
                f.textNode(text.toUpperCase(java.util.Locale.ROOT)), f.textNode("nodes/1/events.pb"),
                f.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
        };
        return values[random.nextInt(values.length)];
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    /** The manifest's text damaged: cut short, a key duplicated, trailing content, or bytes changed. */
    private static byte[] manifestText(Random random, Base base, List<String> applied) throws IOException {
        byte[] json = base.entries().get(EntryNames.MANIFEST);
        String text = new String(json, StandardCharsets.UTF_8);
        byte[] out = switch (random.nextInt(4)) {
            case 0 -> {
                applied.add("manifest cut");
                yield Arrays.copyOf(json, random.nextInt(json.length));
            }
            case 1 -> {
                applied.add("manifest duplicate key");
                yield text.replaceFirst("\"createdBy\"", "\"formatVersion\" : 1, \"createdBy\"").getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                applied.add("manifest trailing content");
                yield (text + (random.nextBoolean() ? "{}" : " x")).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                byte[] changed = json.clone();
                int at = random.nextInt(changed.length);
                String damage = "{}[]\",:019en \u0000";
                changed[at] = (byte) damage.charAt(random.nextInt(damage.length()));
                applied.add("manifest byte@" + at);
                yield changed;
            }
        };
        return withManifest(base, out);
    }
}
