package dev.nightjar.sensor.btf;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kernel text symbols from {@code /proc/kallsyms}, sorted by address for binary
 * search. Without CAP_SYSLOG (or with kernel.kptr_restrict=2) the kernel shows
 * every address as zero; then {@link #available()} is false,
 * {@link #unavailableReason()} says so, and addresses are shown in hex.
 *
 * <p>Compact: a node lists about 120,000 text symbols. They are kept as one
 * array of addresses, one of name offsets and one byte array of all names
 * (about 4 MiB) rather than a String each (about 9 MiB); a name becomes a
 * String only when an address is symbolized. Collectors that open within
 * {@value #SHARE_SECONDS} s of each other share one table ({@link #load}).
 */
public final class KernelSymbols {

    private static final int INITIAL_CAPACITY = 1 << 17;
    static final long SHARE_SECONDS = 60;
    private static final Map<Path, Loaded> RECENT = new HashMap<>();

    private final long[] addresses;
    /** Name i is names[nameOffsets[i], nameOffsets[i + 1]), "sym" or "sym [module]", ASCII. */
    private final int[] nameOffsets;
    private final byte[] names;
    private final String unavailableReason;

    private record Loaded(KernelSymbols symbols, long atNanos) {
    }

    private KernelSymbols(long[] addresses, int[] nameOffsets, byte[] names, String unavailableReason) {
        this.addresses = addresses;
        this.nameOffsets = nameOffsets;
        this.names = names;
        this.unavailableReason = unavailableReason;
    }

    /**
     * Reads {@code procRoot}/kallsyms, or gives the table read from the same file less than
     * {@value #SHARE_SECONDS} s ago (the drop and profile collectors open together; kallsyms
     * is only read at open). Never throws: an unreadable file gives an unavailable table.
     */
    public static KernelSymbols load(Path procRoot) {
        Path file = procRoot.resolve("kallsyms").toAbsolutePath();
        // One reader at a time: collectors starting together wait for the first one's table.
        synchronized (RECENT) {
            long now = System.nanoTime();
            RECENT.values().removeIf(l -> now - l.atNanos() >= SHARE_SECONDS * 1_000_000_000L);
            Loaded recent = RECENT.get(file);
            if (recent != null) {
                return recent.symbols();
            }
            KernelSymbols symbols = read(file);
            if (symbols.available()) {
                RECENT.put(file, new Loaded(symbols, now));
            }
            return symbols;
        }
    }

    private static KernelSymbols read(Path file) {
        long[] addresses = new long[INITIAL_CAPACITY];
        int[] offsets = new int[INITIAL_CAPACITY + 1];
        ByteArrayOutputStream text = new ByteArrayOutputStream(INITIAL_CAPACITY * 24);
        int count = 0;
        boolean anyNonZero = false;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = reader.readLine()) != null) {
                int firstSpace = line.indexOf(' ');
                int secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
                if (secondSpace < 0 || secondSpace != firstSpace + 2) {
                    continue;
                }
                char type = line.charAt(firstSpace + 1);
                if (type != 't' && type != 'T' && type != 'w' && type != 'W') {
                    continue; // text symbols only: drop locations are code addresses
                }
                long address = Long.parseUnsignedLong(line, 0, firstSpace, 16);
                anyNonZero |= address != 0;
                int nameEnd = line.indexOf('\t', secondSpace + 1);
                String name = line.substring(secondSpace + 1, nameEnd < 0 ? line.length() : nameEnd);
                if (nameEnd >= 0) {
                    name = name + " " + line.substring(nameEnd + 1).strip(); // "sym [module]"
                }
                if (count == addresses.length) {
                    addresses = Arrays.copyOf(addresses, count * 2);
                    offsets = Arrays.copyOf(offsets, count * 2 + 1);
                }
                addresses[count] = address;
                offsets[count] = text.size();
                text.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
                count++;
            }
        } catch (IOException | RuntimeException e) {
            return unavailable("cannot read " + file + ": " + e.getMessage());
        }
        if (count == 0) {
            return unavailable(file + " lists no kernel text symbols");
        }
        if (!anyNonZero) {
            return unavailable(file + " shows every address as 0: the sensor needs CAP_SYSLOG and"
                    + " kernel.kptr_restrict below 2 to symbolize kernel locations");
        }
        offsets[count] = text.size();
        return sorted(addresses, offsets, text.toByteArray(), count);
    }

    private static KernelSymbols unavailable(String reason) {
        return new KernelSymbols(new long[0], new int[1], new byte[0], reason);
    }

    private static KernelSymbols sorted(long[] addresses, int[] offsets, byte[] text, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(addresses[a], addresses[b]));
        long[] sortedAddresses = new long[count];
        int[] sortedOffsets = new int[count + 1];
        byte[] sortedText = new byte[text.length];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int from = order[i];
            int length = offsets[from + 1] - offsets[from];
            sortedAddresses[i] = addresses[from];
            sortedOffsets[i] = at;
            System.arraycopy(text, offsets[from], sortedText, at, length);
            at += length;
        }
        sortedOffsets[count] = at;
        return new KernelSymbols(sortedAddresses, sortedOffsets, sortedText, "");
    }

    private String name(int i) {
        return new String(names, nameOffsets[i], nameOffsets[i + 1] - nameOffsets[i], StandardCharsets.ISO_8859_1);
    }

    public boolean available() {
        return addresses.length > 0;
    }

    /** Empty when available. */
    public String unavailableReason() {
        return unavailableReason;
    }

    public int size() {
        return addresses.length;
    }

    /** The symbol containing {@code address}: the nearest one at or below it. */
    public Optional<String> symbolOf(long address) {
        int i = floor(address);
        return i < 0 ? Optional.empty() : Optional.of(name(i));
    }

    /** "name+0xoffset" (with " [module]" for module symbols), or the address in hex when unknown. */
    public String symbolize(long address) {
        int i = floor(address);
        if (i < 0) {
            return "0x" + Long.toHexString(address);
        }
        String name = name(i);
        String offset = "+0x" + Long.toHexString(address - addresses[i]);
        int module = name.indexOf(' ');
        return module < 0 ? name + offset : name.substring(0, module) + offset + name.substring(module);
    }

    private int floor(long address) {
        int lo = 0;
        int hi = addresses.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
