package dev.nightjar.sensor.btf;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Kernel text symbols from {@code /proc/kallsyms}, as one array sorted by
 * address for binary search. Without CAP_SYSLOG (or with
 * kernel.kptr_restrict=2) the kernel shows every address as zero; then
 * {@link #available()} is false, {@link #unavailableReason()} says so, and
 * addresses are shown in hex.
 */
public final class KernelSymbols {

    private static final int INITIAL_CAPACITY = 1 << 17;

    private final long[] addresses;
    private final String[] names;
    private final String unavailableReason;

    private KernelSymbols(long[] addresses, String[] names, String unavailableReason) {
        this.addresses = addresses;
        this.names = names;
        this.unavailableReason = unavailableReason;
    }

    /** Reads {@code procRoot}/kallsyms; never throws, an unreadable file gives an unavailable table. */
    public static KernelSymbols load(Path procRoot) {
        Path file = procRoot.resolve("kallsyms");
        long[] addresses = new long[INITIAL_CAPACITY];
        String[] names = new String[INITIAL_CAPACITY];
        int count = 0;
        boolean anyNonZero = false;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
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
                    names = Arrays.copyOf(names, count * 2);
                }
                addresses[count] = address;
                names[count] = name;
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
        return sorted(Arrays.copyOf(addresses, count), Arrays.copyOf(names, count));
    }

    private static KernelSymbols unavailable(String reason) {
        return new KernelSymbols(new long[0], new String[0], reason);
    }

    private static KernelSymbols sorted(long[] addresses, String[] names) {
        Integer[] order = new Integer[addresses.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(addresses[a], addresses[b]));
        long[] sortedAddresses = new long[addresses.length];
        String[] sortedNames = new String[names.length];
        for (int i = 0; i < order.length; i++) {
            sortedAddresses[i] = addresses[order[i]];
            sortedNames[i] = names[order[i]];
        }
        return new KernelSymbols(sortedAddresses, sortedNames, "");
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
        return i < 0 ? Optional.empty() : Optional.of(names[i]);
    }

    /** "name+0xoffset" (with " [module]" for module symbols), or the address in hex when unknown. */
    public String symbolize(long address) {
        int i = floor(address);
        if (i < 0) {
            return "0x" + Long.toHexString(address);
        }
        String name = names[i];
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
