package dev.nightjar.sensor.requests.dns;

/**
 * The header and first question of a DNS message: all the sensor reads of it. Answers are
 * counted from the header, never read.
 */
record DnsMessage(int id, boolean response, int rcode, int answers, String name, int type) {

    static final int HEADER_BYTES = 12;
    private static final int MAX_NAME_CHARS = 255;

    /** The message in {@code data[from..to)}, or null when it is not a DNS message with one question. */
    static DnsMessage parse(byte[] data, int from, int to) {
        if (to - from < HEADER_BYTES + 5) {
            return null;
        }
        int id = u16(data, from);
        int flags = u16(data, from + 2);
        int opcode = (flags >> 11) & 0xf;
        int questions = u16(data, from + 4);
        if (opcode != 0 || questions != 1 || (flags & 0x0040) != 0) { // Z must be zero
            return null;
        }
        StringBuilder name = new StringBuilder();
        int i = from + HEADER_BYTES;
        while (true) {
            if (i >= to) {
                return null;
            }
            int length = data[i] & 0xff;
            if (length == 0) {
                i++;
                break;
            }
            if (length > 63 || i + 1 + length > to || name.length() + length + 1 > MAX_NAME_CHARS) {
                return null; // a compression pointer has nothing to point at in the first question
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            for (int k = i + 1; k <= i + length; k++) {
                int c = data[k] & 0xff;
                if (c <= 0x20 || c >= 0x7f) {
                    return null;
                }
                name.append((char) c);
            }
            i += 1 + length;
        }
        if (i + 4 > to) {
            return null;
        }
        int type = u16(data, i);
        int qclass = u16(data, i + 2);
        if (qclass != 1 && qclass != 255 && qclass != 3) {
            return null;
        }
        boolean response = (flags & 0x8000) != 0;
        return new DnsMessage(id, response, flags & 0xf, u16(data, from + 6), name.isEmpty() ? "." : name.toString(),
                type);
    }

    private static int u16(byte[] d, int at) {
        return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
    }
}
