package dev.nightjar.sensor.symbols;

import dev.nightjar.protocol.v1.FrameKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JIT's perf map ({@code /tmp/perf-PID.map}): one {@code START SIZE name} line (hex, with or
 * without {@code 0x}) per piece of generated code, appended as code is compiled. Read bounded in
 * bytes and lines; for an address reused by newer code the later line wins.
 */
public final class PerfMap implements CachedTable {

    private final AddressTable table;
    private final long bytesRead;
    private final boolean truncated;

    private PerfMap(AddressTable table, long bytesRead, boolean truncated) {
        this.table = table;
        this.bytesRead = bytesRead;
        this.truncated = truncated;
    }

    /** Reads at most {@code maxBytes} and {@code maxLines}; malformed lines are skipped. */
    public static PerfMap read(Path file, long maxBytes, int maxLines) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 8));
        }
        // Only whole lines: the JIT may be writing the last one right now.
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        AddressTable.Builder builder = new AddressTable.Builder(maxLines, bytes.length);
        int lineStart = 0;
        boolean truncated = false;
        while (lineStart < end) {
            int lineEnd = lineStart;
            while (bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            if (builder.full()) {
                truncated = true;
                break;
            }
            addLine(bytes, lineStart, lineEnd, builder);
            lineStart = lineEnd + 1;
        }
        return new PerfMap(builder.build(true), end, truncated || bytes.length >= maxBytes);
    }

    private static void addLine(byte[] b, int from, int to, AddressTable.Builder builder) {
        int[] cursor = {from};
        long start = hex(b, cursor, to);
        if (start < 0 || cursor[0] >= to || b[cursor[0]] != ' ') {
            return;
        }
        cursor[0]++;
        long size = hex(b, cursor, to);
        if (size < 0 || cursor[0] >= to || b[cursor[0]] != ' ') {
            return;
        }
        int nameStart = cursor[0] + 1;
        int nameLength = Math.min(to - nameStart, ElfReader.MAX_NAME_BYTES);
        if (nameLength > 0) {
            builder.add(start, size, b, nameStart, nameLength);
        }
    }

    /** Parses hex digits (after an optional 0x) at the cursor; -1 when there are none or too many. */
    private static long hex(byte[] b, int[] cursor, int to) {
        int at = cursor[0];
        if (at + 1 < to && b[at] == '0' && (b[at + 1] == 'x' || b[at + 1] == 'X')) {
            at += 2;
        }
        long value = 0;
        int digits = 0;
        while (at < to) {
            int d = Character.digit(b[at], 16);
            if (d < 0) {
                break;
            }
            if (++digits > 16) {
                return -1;
            }
            value = value << 4 | d;
            at++;
        }
        cursor[0] = at;
        return digits == 0 ? -1 : value;
    }

    /** The name of the code at an address, or null. */
    public String nameAt(long address) {
        int i = table.indexOf(address);
        return i < 0 ? null : table.name(i);
    }

    /** Bytes of whole lines consumed: the file has new entries when it is longer than this. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The file was larger than the byte or line bound; entries past it are not known. */
    public boolean truncated() {
        return truncated;
    }

    public int size() {
        return table.size();
    }

    @Override
    public long estimatedBytes() {
        return table.estimatedBytes() + 32;
    }

    /**
     * What kind of code a perf-map name is. Interpreted: CPython's perf trampolines
     * ({@code py::function:file}), a JVM interpreter stub ({@code Interpreter...}), V8 with
     * {@code --interpreted-frames-native-stack} ({@code InterpretedFunction:...}) and V8 code not yet
     * optimized, which V8 marks with {@code ~} after its tag ({@code JS:~f}, {@code LazyCompile:~f}).
     * Everything else in a perf map is JIT-compiled code.
     */
    public static FrameKind kindOf(String name) {
        if (name.startsWith("py::") || name.startsWith("Interpreter") || name.startsWith("InterpretedFunction:")) {
            return FrameKind.FRAME_KIND_INTERPRETED;
        }
        int colon = name.indexOf(':');
        boolean v8Unoptimized = colon > 0 && colon + 1 < name.length() && name.charAt(colon + 1) == '~';
        return v8Unoptimized ? FrameKind.FRAME_KIND_INTERPRETED : FrameKind.FRAME_KIND_JIT;
    }
}
