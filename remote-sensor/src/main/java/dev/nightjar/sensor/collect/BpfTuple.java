package dev.nightjar.sensor.collect;

import com.google.protobuf.ByteString;
import dev.nightjar.protocol.v1.FiveTuple;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes {@code struct nj_tuple} (bpf/include/nightjar_net.h), 40 bytes:
 * saddr[16] @0, daddr[16] @16, sport @32, dport @34 (host order), family @36,
 * protocol @37. IPv4 addresses use the first 4 bytes; IPv4-mapped IPv6
 * addresses of dual-stack sockets are shown as IPv4, as the packets carry them.
 */
public final class BpfTuple {

    public static final int SIZE = 40;
    static final int SADDR = 0;
    static final int DADDR = 16;
    static final int SPORT = 32;
    static final int DPORT = 34;
    static final int FAMILY = 36;
    static final int PROTOCOL = 37;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private BpfTuple() {
    }

    /** The tuple as stored, src first. */
    public static FiveTuple decode(MemorySegment tuple) {
        return builder(tuple, false).build();
    }

    /** The tuple with src and dst swapped. */
    public static FiveTuple decodeReversed(MemorySegment tuple) {
        return builder(tuple, true).build();
    }

    private static FiveTuple.Builder builder(MemorySegment t, boolean reversed) {
        int family = Byte.toUnsignedInt(t.get(ValueLayout.JAVA_BYTE, FAMILY));
        ByteString src = address(t, SADDR, family);
        ByteString dst = address(t, DADDR, family);
        int sport = Short.toUnsignedInt(t.get(U16, SPORT));
        int dport = Short.toUnsignedInt(t.get(U16, DPORT));
        FiveTuple.Builder b = FiveTuple.newBuilder()
                .setProtocolValue(Byte.toUnsignedInt(t.get(ValueLayout.JAVA_BYTE, PROTOCOL)));
        return reversed
                ? b.setSrcAddr(dst).setSrcPort(dport).setDstAddr(src).setDstPort(sport)
                : b.setSrcAddr(src).setSrcPort(sport).setDstAddr(dst).setDstPort(dport);
    }

    /** The address at {@code offset}: 4 bytes for AF_INET, 16 (or 4 when IPv4-mapped) for AF_INET6. */
    public static ByteString address(MemorySegment t, long offset, int family) {
        if (family == AF_INET) {
            return ByteString.copyFrom(t.asSlice(offset, 4).toArray(ValueLayout.JAVA_BYTE));
        }
        if (family == AF_INET6) {
            byte[] a = t.asSlice(offset, 16).toArray(ValueLayout.JAVA_BYTE);
            return isV4Mapped(a) ? ByteString.copyFrom(a, 12, 4) : ByteString.copyFrom(a);
        }
        return ByteString.EMPTY;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** A NUL-terminated char array of at most {@code length} bytes. */
    public static String cString(MemorySegment s, long offset, int length) {
        byte[] bytes = s.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
