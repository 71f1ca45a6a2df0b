package dev.nightjar.sensor.requests.http2;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * An HPACK decoder (RFC 7541) for one direction of a connection, with its dynamic table bounded
 * at {@link #MAX_TABLE_BYTES} whatever the peer asks for. The table holds every header the peer
 * indexed (as HPACK requires to decode later blocks); only the names and values the listener
 * keeps ever leave it. A block that cannot be decoded (a bad index, bad Huffman code, a table
 * larger than the bound) breaks the decoder for the rest of the connection, since its table is
 * then unknown.
 *
 * <p>A decoder that joined a connection mid-stream ({@code knowsStart} false) knows only the
 * entries added since: they are the newest, so their indexes are right; an index past them names
 * an entry added before the join, decoded as an unknown header (empty name and value) and
 * reported by {@link #lastBlockPartial()} instead of breaking the decoder.
 */
final class HpackDecoder {

    static final int MAX_TABLE_BYTES = 64 * 1024;
    static final int MAX_STRING_CHARS = 8 * 1024;

    interface Listener {
        void header(String name, String value);
    }

    private record Entry(String name, String value) {
        int size() {
            return name.length() + value.length() + 32;
        }
    }

    private static final Entry UNKNOWN = new Entry("", "");

    private final ArrayDeque<Entry> dynamic = new ArrayDeque<>();
    private final boolean knowsStart;
    private boolean partial;
    private final char[] huffman = new char[MAX_STRING_CHARS];
    private int tableBytes;
    private int maxTableBytes = 4096;
    private boolean broken;
    private int position;

    HpackDecoder(boolean knowsStart) {
        this.knowsStart = knowsStart;
    }

    boolean broken() {
        return broken;
    }

    /** The last block referred to entries added before a mid-stream join: some headers were unknown. */
    boolean lastBlockPartial() {
        return partial;
    }

    /** Decodes one complete header block; false (and broken from now on) when it is not valid HPACK. */
    boolean decode(byte[] block, int from, int to, Listener listener) {
        if (broken) {
            return false;
        }
        position = from;
        partial = false;
        try {
            while (position < to) {
                int b = block[position] & 0xff;
                if ((b & 0x80) != 0) {
                    Entry e = entry(integer(block, to, 7));
                    listener.header(e.name(), e.value());
                } else if ((b & 0x40) != 0) {
                    Entry e = literal(block, to, 6);
                    add(e);
                    listener.header(e.name(), e.value());
                } else if ((b & 0x20) != 0) {
                    int size = integer(block, to, 5);
                    if (size > MAX_TABLE_BYTES) {
                        throw new HpackException("a table of " + size + " bytes");
                    }
                    maxTableBytes = size;
                    evict(0);
                } else {
                    Entry e = literal(block, to, 4);
                    listener.header(e.name(), e.value());
                }
            }
            return true;
        } catch (HpackException e) {
            broken = true;
            dynamic.clear();
            tableBytes = 0;
            return false;
        }
    }

    private static final class HpackException extends Exception {
        HpackException(String what) {
            super(what, null, false, false);
        }
    }

    private Entry literal(byte[] block, int to, int prefix) throws HpackException {
        int index = integer(block, to, prefix);
        String name = index == 0 ? string(block, to) : entry(index).name();
        return new Entry(name, string(block, to));
    }

    private Entry entry(int index) throws HpackException {
        if (index <= 0) {
            throw new HpackException("index 0");
        }
        if (index <= HpackStaticTable.SIZE) {
            return new Entry(HpackStaticTable.name(index), HpackStaticTable.value(index));
        }
        int dynamicIndex = index - HpackStaticTable.SIZE - 1;
        if (dynamicIndex >= dynamic.size()) {
            if (!knowsStart) {
                partial = true;
                return UNKNOWN;
            }
            throw new HpackException("index " + index + " beyond the table");
        }
        Iterator<Entry> it = dynamic.iterator();
        for (int i = 0; i < dynamicIndex; i++) {
            it.next();
        }
        return it.next();
    }

    private void add(Entry e) {
        evict(e.size());
        if (e.size() <= maxTableBytes) {
            dynamic.addFirst(e);
            tableBytes += e.size();
        }
    }

    private void evict(int room) {
        while (!dynamic.isEmpty() && tableBytes + room > maxTableBytes) {
            tableBytes -= dynamic.removeLast().size();
        }
    }

    private int integer(byte[] block, int to, int prefixBits) throws HpackException {
        int mask = (1 << prefixBits) - 1;
        int value = block[position++] & mask;
        if (value < mask) {
            return value;
        }
        int shift = 0;
        while (true) {
            if (position >= to || shift > 21) {
                throw new HpackException("an integer that does not end");
            }
            int b = block[position++] & 0xff;
            value += (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private String string(byte[] block, int to) throws HpackException {
        if (position >= to) {
            throw new HpackException("a string past the block");
        }
        boolean huffmanCoded = (block[position] & 0x80) != 0;
        int length = integer(block, to, 7);
        if (length > to - position) {
            throw new HpackException("a string past the block");
        }
        int start = position;
        position += length;
        if (!huffmanCoded) {
            if (length > MAX_STRING_CHARS) {
                throw new HpackException("a string over " + MAX_STRING_CHARS + " bytes");
            }
            return new String(block, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        int chars = HpackHuffman.decode(block, start, start + length, huffman);
        if (chars < 0) {
            throw new HpackException(chars == -2 ? "a string over " + MAX_STRING_CHARS + " bytes" : "bad Huffman code");
        }
        return new String(huffman, 0, chars);
    }
}
