package dev.nightjar.sensor.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nightjar.testing.Requires;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ELF reader against binutils on real files, and against thousands of corrupted copies. */
class ElfReaderTest {

    private static final Path LIBC = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path JAVA_LAUNCHER = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path dir;

    private static Path libc() {
        if (!Files.isReadable(LIBC)) {
            Requires.unavailable("needs glibc at " + LIBC + " (an x86_64 Debian/Ubuntu layout)");
        }
        return LIBC;
    }

    @Test
    void libcFunctionsAreNamedAsNmNamesThem() throws Exception {
        ElfSymbols symbols = ElfReader.read(libc());
        assertEquals("", symbols.problem());
        // nm -D: every defined function and its aliases at the same address.
        Map<Long, Set<String>> byAddress = new HashMap<>();
        for (String line : NativeChild.run(dir, "nm", "-D", "--defined-only", LIBC.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && "TtWwi".indexOf(f[1].charAt(0)) >= 0) {
                byAddress.computeIfAbsent(Long.parseLong(f[0], 16), a -> new HashSet<>()).add(f[2].replaceFirst("@.*", ""));
            }
        }
        assertTrue(byAddress.size() > 1000, "libc defines thousands of functions: " + byAddress.size());
        List<Long> addresses = new ArrayList<>(byAddress.keySet());
        int checked = 0;
        for (int i = 0; i < addresses.size(); i += 7) {
            long address = addresses.get(i);
            String name = symbols.symbolAt(address);
            assertTrue(byAddress.get(address).contains(name), "at 0x" + Long.toHexString(address) + " nm says "
                    + byAddress.get(address) + ", the reader " + name);
            checked++;
        }
        assertTrue(checked > 100);
    }

    @Test
    void buildIdMatchesReadelf() throws Exception {
        ElfSymbols symbols = ElfReader.read(libc());
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(NativeChild.run(dir, "readelf", "-n", LIBC.toString()));
        assertTrue(m.find(), "readelf shows libc's build id");
        assertEquals(m.group(1), symbols.buildId());
    }

    @Test
    void fileOffsetsOfAnExecutableSegmentTranslateToVirtualAddresses() throws Exception {
        // libc's text segment: readelf -l gives its p_offset and p_vaddr.
        String headers = NativeChild.run(dir, "readelf", "-lW", libc().toString());
        Matcher m = Pattern.compile("LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+\\S+\\s+0x([0-9a-f]+)\\s+\\S+\\s+R E")
                .matcher(headers);
        assertTrue(m.find(), "libc has an executable LOAD segment:\n" + headers);
        long offset = Long.parseLong(m.group(1), 16);
        long vaddr = Long.parseLong(m.group(2), 16);
        ElfSymbols symbols = ElfReader.read(LIBC);
        assertEquals(vaddr + 0x123, symbols.virtualAddress(offset + 0x123));
    }

    @Test
    void notAnElfFileHasNoSymbolsAndSaysWhy() throws IOException {
        Path text = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hello\n");
        ElfSymbols symbols = ElfReader.read(text);
        assertEquals(0, symbols.symbolCount());
        assertEquals("not an ELF file", symbols.problem());
        assertTrue(ElfReader.read(dir.resolve("missing")).problem().startsWith("cannot read"));
    }

    @Test
    void corruptedCopiesNeverThrowAndStayBounded() throws IOException {
        Path original = Files.isReadable(JAVA_LAUNCHER) ? JAVA_LAUNCHER : libc();
        byte[] pristine = Files.readAllBytes(original);
        assertTrue(ElfReader.read(original).symbolCount() > 0, "the fuzzed file has symbols to begin with");
        Random random = new Random(4);
        Path victim = dir.resolve("fuzzed");
        long deadline = System.nanoTime() + 60_000_000_000L;
        int rounds = 0;
        for (; rounds < 3000 && System.nanoTime() < deadline; rounds++) {
            byte[] bytes = mutate(pristine, random);
            Files.write(victim, bytes);
            ElfSymbols symbols = ElfReader.read(victim); // must return, whatever the bytes
            assertFalse(symbols.problem().startsWith("corrupt ELF file"),
                    "round " + rounds + ": bounds checks, not the last-resort catch, handle it: " + symbols.problem());
            assertTrue(symbols.symbolCount() <= bytes.length / 24 * 2 + 1, "a symbol takes 24 bytes of the file");
            assertTrue(symbols.estimatedBytes() <= 200L * bytes.length + (1 << 20),
                    "round " + rounds + ": " + symbols.estimatedBytes() + " bytes held for a " + bytes.length + "-byte file");
            symbols.symbolAt(random.nextLong());
            symbols.symbolAtFileOffset(random.nextLong());
        }
        assertTrue(rounds >= 500, "enough rounds ran: " + rounds);
    }

    /** One of: bit flips, truncation, a header/section/symbol field set to an extreme or random value. */
    private static byte[] mutate(byte[] pristine, Random random) {
        byte[] bytes = pristine.clone();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] extremes = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0xffff_ffffL, bytes.length, bytes.length - 1, 1L << 40};
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = random.nextInt(16) + 1; i > 0; i--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 2 -> {
                int[] fields = {32, 40, 54, 56, 58, 60, 62}; // phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx
                int field = fields[random.nextInt(fields.length)];
                if (field < 54) {
                    buffer.putLong(field, extremes[random.nextInt(extremes.length)]);
                } else {
                    buffer.putShort(field, (short) random.nextInt(1 << 16));
                }
            }
            case 3 -> {
                long shoff = buffer.getLong(40);
                int shnum = Short.toUnsignedInt(buffer.getShort(60));
                if (shnum > 0 && shoff > 0 && shoff + 64L * shnum <= bytes.length) {
                    int header = (int) shoff + 64 * random.nextInt(shnum);
                    int[] fields = {24, 32, 56}; // sh_offset, sh_size, sh_entsize
                    if (random.nextBoolean()) {
                        buffer.putLong(header + fields[random.nextInt(3)], extremes[random.nextInt(extremes.length)]);
                    } else {
                        buffer.putInt(header + 40, random.nextInt(shnum + 2)); // sh_link
                    }
                }
            }
            default -> {
                int at = random.nextInt(bytes.length / 8) * 8;
                buffer.putLong(at, extremes[random.nextInt(extremes.length)]);
            }
        }
        return bytes;
    }

    @Test
    void readsAnAarch64ElfFile() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/clang"))) {
            Requires.unavailable("needs clang (to cross-compile an aarch64 object) at /usr/bin/clang");
        }
        Files.writeString(dir.resolve("arm.c"), "int nj_arm_func(int x) { return x * 3 + 1; }\n"
                + "int nj_arm_other(int y) { return y - 2; }\n");
        NativeChild.run(dir, "clang", "--target=aarch64-linux-gnu", "-O1", "-fPIC", "-c", "-o", "arm.o", "arm.c");
        Path object = dir.resolve("arm.o");
        assertTrue(NativeChild.run(dir, "readelf", "-h", object.toString()).contains("AArch64"));
        Map<String, Long> sizes = NativeChild.sizes(object);
        ElfSymbols symbols = ElfReader.read(object);
        assertEquals(2, symbols.symbolCount(), "two functions (the $x/$d mapping symbols are not functions)");
        long other = sizes.get("nj_arm_func"); // nj_arm_other follows nj_arm_func in .text
        assertEquals("nj_arm_func", symbols.symbolAt(0));
        assertEquals("nj_arm_func", symbols.symbolAt(sizes.get("nj_arm_func") - 1));
        assertEquals("nj_arm_other", symbols.symbolAt(other + 4));
        assertEquals(null, symbols.symbolAt(other + sizes.get("nj_arm_other")), "past the last function");
    }
}
