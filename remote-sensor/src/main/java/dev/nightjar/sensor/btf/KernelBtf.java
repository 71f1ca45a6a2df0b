package dev.nightjar.sensor.btf;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Type information in the BTF format (Documentation/bpf/btf.rst), parsed in
 * Java: the running kernel's {@code /sys/kernel/btf/vmlinux}, or the .BTF
 * section of a compiled BPF object. Only what the sensor asks is decoded:
 * enum values, typedef'd function prototypes and struct member offsets.
 */
public final class KernelBtf {

    /** The running kernel's BTF, relative to the host's /sys. */
    public static final String VMLINUX = "kernel/btf/vmlinux";

    private static final int MAGIC = 0xEB9F;
    private static final int KIND_INT = 1;
    private static final int KIND_PTR = 2;
    private static final int KIND_ARRAY = 3;
    private static final int KIND_STRUCT = 4;
    private static final int KIND_UNION = 5;
    private static final int KIND_ENUM = 6;
    private static final int KIND_FWD = 7;
    private static final int KIND_TYPEDEF = 8;
    private static final int KIND_VOLATILE = 9;
    private static final int KIND_CONST = 10;
    private static final int KIND_RESTRICT = 11;
    private static final int KIND_FUNC = 12;
    private static final int KIND_FUNC_PROTO = 13;
    private static final int KIND_VAR = 14;
    private static final int KIND_DATASEC = 15;
    private static final int KIND_FLOAT = 16;
    private static final int KIND_DECL_TAG = 17;
    private static final int KIND_TYPE_TAG = 18;
    private static final int KIND_ENUM64 = 19;
    private static final int TYPE_HEADER = 12;

    private final ByteBuffer types;
    private final ByteBuffer strings;
    /** Per type id (index 0 is the void type): offset of its btf_type in {@link #types}. */
    private final int[] offsets;

    private KernelBtf(ByteBuffer types, ByteBuffer strings, int[] offsets) {
        this.types = types;
        this.strings = strings;
        this.offsets = offsets;
    }

    /** The last kernel BTF read, while anyone still holds it: collectors starting together parse it once. */
    private static final Map<Path, WeakReference<KernelBtf>> KERNEL = new HashMap<>();

    /**
     * Reads the kernel's BTF from {@code sysRoot}/kernel/btf/vmlinux (5-6 MB), or gives the one read
     * before if a collector still holds it: the flow and drop collectors open at the same time and
     * would otherwise each parse it. Held weakly, so it is freed once they are done with it.
     */
    public static KernelBtf readKernel(Path sysRoot) {
        Path file = sysRoot.resolve(VMLINUX).toAbsolutePath();
        synchronized (KERNEL) {
            WeakReference<KernelBtf> held = KERNEL.get(file);
            KernelBtf btf = held == null ? null : held.get();
            if (btf == null) {
                btf = read(file);
                KERNEL.put(file, new WeakReference<>(btf));
            }
            return btf;
        }
    }

    public static KernelBtf read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BtfFormatException("cannot read BTF from " + file + ": " + e.getMessage()
                    + " (the kernel needs CONFIG_DEBUG_INFO_BTF=y; in a pod, mount the host's /sys)", e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses raw BTF (header, types, strings); {@code source} names it in errors. */
    public static KernelBtf parse(byte[] bytes, String source) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 24) {
            throw new BtfFormatException(source + " is too short for a BTF header (" + bytes.length + " bytes)");
        }
        int magic = b.getShort(0) & 0xffff;
        if (magic != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if ((b.getShort(0) & 0xffff) != MAGIC) {
                throw new BtfFormatException(source + " is not BTF (magic 0x" + Integer.toHexString(magic) + ")");
            }
        }
        int headerLength = b.getInt(4);
        int typeOffset = b.getInt(8);
        int typeLength = b.getInt(12);
        int stringOffset = b.getInt(16);
        int stringLength = b.getInt(20);
        long typeStart = (long) headerLength + typeOffset;
        long stringStart = (long) headerLength + stringOffset;
        if (typeStart + typeLength > bytes.length || stringStart + stringLength > bytes.length) {
            throw new BtfFormatException(source + ": BTF sections run past the end of the data");
        }
        ByteBuffer types = b.slice((int) typeStart, typeLength).order(b.order());
        ByteBuffer strings = b.slice((int) stringStart, stringLength).order(b.order());
        return new KernelBtf(types, strings, index(types, source));
    }

    private static int[] index(ByteBuffer types, String source) {
        int[] offsets = new int[1 << 16];
        int count = 0;
        offsets[count++] = -1; // type id 0: void
        int pos = 0;
        while (pos < types.limit()) {
            if (pos + TYPE_HEADER > types.limit()) {
                throw new BtfFormatException(source + ": truncated type at byte " + pos);
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = pos;
            int info = types.getInt(pos + 4);
            pos += TYPE_HEADER + extraBytes(kind(info), vlen(info), source, count - 1);
        }
        return Arrays.copyOf(offsets, count);
    }

    private static int kind(int info) {
        return (info >>> 24) & 0x1f;
    }

    private static int vlen(int info) {
        return info & 0xffff;
    }

    private static int extraBytes(int kind, int vlen, String source, int typeId) {
        return switch (kind) {
            case KIND_INT, KIND_VAR, KIND_DECL_TAG -> 4;
            case KIND_ARRAY -> 12;
            case KIND_STRUCT, KIND_UNION, KIND_DATASEC, KIND_ENUM64 -> vlen * 12;
            case KIND_ENUM, KIND_FUNC_PROTO -> vlen * 8;
            case KIND_PTR, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC,
                 KIND_FLOAT, KIND_TYPE_TAG -> 0;
            default -> throw new BtfFormatException(source + ": type " + typeId + " has BTF kind " + kind
                    + ", newer than this sensor understands");
        };
    }

    public int typeCount() {
        return offsets.length - 1;
    }

    private String string(int offset) {
        int end = offset;
        while (end < strings.limit() && strings.get(end) != 0) {
            end++;
        }
        byte[] chars = new byte[end - offset];
        strings.get(offset, chars);
        return new String(chars, StandardCharsets.UTF_8);
    }

    private int kindOf(int id) {
        return kind(types.getInt(offsets[id] + 4));
    }

    private String nameOf(int id) {
        return string(types.getInt(offsets[id]));
    }

    /** First type id of one of the kinds with this name, or -1. Compares bytes to avoid decoding every name. */
    private int find(String name, int... kinds) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int id = 1; id < offsets.length; id++) {
            int k = kindOf(id);
            boolean kindMatches = false;
            for (int candidate : kinds) {
                kindMatches |= candidate == k;
            }
            if (kindMatches && nameEquals(types.getInt(offsets[id]), wanted)) {
                return id;
            }
        }
        return -1;
    }

    private boolean nameEquals(int offset, byte[] wanted) {
        if (offset + wanted.length >= strings.limit()) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (strings.get(offset + i) != wanted[i]) {
                return false;
            }
        }
        return strings.get(offset + wanted.length) == 0;
    }

    /** Enumerator names to values of the named enum (32- or 64-bit), in declaration order. */
    public Optional<Map<String, Long>> enumValues(String enumName) {
        int id = find(enumName, KIND_ENUM, KIND_ENUM64);
        if (id < 0) {
            return Optional.empty();
        }
        int base = offsets[id];
        int info = types.getInt(base + 4);
        boolean signed = (info >>> 31) != 0;
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < vlen(info); i++) {
            if (kind(info) == KIND_ENUM) {
                int at = base + TYPE_HEADER + i * 8;
                int raw = types.getInt(at + 4);
                values.put(string(types.getInt(at)), signed ? (long) raw : Integer.toUnsignedLong(raw));
            } else {
                int at = base + TYPE_HEADER + i * 12;
                long lo = Integer.toUnsignedLong(types.getInt(at + 4));
                long hi = Integer.toUnsignedLong(types.getInt(at + 8));
                values.put(string(types.getInt(at)), (hi << 32) | lo);
            }
        }
        return Optional.of(values);
    }

    /** Whether a typedef of this name exists (e.g. btf_trace_kfree_skb, one per tracepoint). */
    public boolean hasTypedef(String name) {
        return find(name, KIND_TYPEDEF) >= 0;
    }

    /**
     * Parameter count of the function a typedef'd function pointer points to,
     * e.g. {@code btf_trace_kfree_skb} → 5 on 6.10+ (ctx, skb, location, reason, rx_sk).
     */
    public OptionalInt functionPointerParameters(String typedefName) {
        int id = find(typedefName, KIND_TYPEDEF);
        for (int hops = 0; id > 0 && hops < 8; hops++) {
            int k = kindOf(id);
            if (k == KIND_FUNC_PROTO) {
                return OptionalInt.of(vlen(types.getInt(offsets[id] + 4)));
            }
            if (k != KIND_TYPEDEF && k != KIND_PTR && k != KIND_CONST && k != KIND_VOLATILE) {
                return OptionalInt.empty();
            }
            id = types.getInt(offsets[id] + 8);
        }
        return OptionalInt.empty();
    }

    /** A struct member: name and offset in bytes (bitfields are not decoded). */
    public record Member(String name, long byteOffset) {
    }

    /** Byte size and members of a struct, e.g. a map value type in a BPF object's BTF. */
    public record StructType(String name, long byteSize, List<Member> members) {
        public long offsetOf(String member) {
            return members.stream().filter(m -> m.name().equals(member)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("struct " + name + " has no member " + member))
                    .byteOffset();
        }
    }

    public Optional<StructType> struct(String name) {
        int id = find(name, KIND_STRUCT);
        if (id < 0) {
            return Optional.empty();
        }
        int base = offsets[id];
        int info = types.getInt(base + 4);
        boolean bitfieldEncoding = (info >>> 31) != 0;
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < vlen(info); i++) {
            int at = base + TYPE_HEADER + i * 12;
            int offset = types.getInt(at + 8);
            long bits = bitfieldEncoding ? (offset & 0xffffff) : Integer.toUnsignedLong(offset);
            members.add(new Member(string(types.getInt(at)), bits / 8));
        }
        return Optional.of(new StructType(nameOf(id), Integer.toUnsignedLong(types.getInt(base + 8)), members));
    }
}
