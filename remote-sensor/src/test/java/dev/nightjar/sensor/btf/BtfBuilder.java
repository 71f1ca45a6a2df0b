package dev.nightjar.sensor.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes small BTF blobs by hand, so the parser is tested against the format, not against itself. */
final class BtfBuilder {

    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private int nextId = 1;

    BtfBuilder() {
        strings.write(0); // offset 0 is the empty name
    }

    int name(String s) {
        int offset = strings.size();
        strings.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        strings.write(0);
        return offset;
    }

    private void ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        types.writeBytes(b.array());
    }

    private int type(String name, int kind, int vlen, boolean kindFlag, int sizeOrType) {
        ints(name == null ? 0 : name(name), (kindFlag ? 1 << 31 : 0) | (kind << 24) | vlen, sizeOrType);
        return nextId++;
    }

    int integer(String name, int bytes) {
        int id = type(name, 1, 0, false, bytes);
        ints(bytes * 8);
        return id;
    }

    int pointer(int target) {
        return type(null, 2, 0, false, target);
    }

    int typedef(String name, int target) {
        return type(name, 8, 0, false, target);
    }

    int enumeration(String name, String[] names, int[] values) {
        int id = type(name, 6, names.length, false, 4);
        for (int i = 0; i < names.length; i++) {
            ints(name(names[i]), values[i]);
        }
        return id;
    }

    int enum64(String name, String[] names, long[] values) {
        int id = type(name, 19, names.length, false, 8);
        for (int i = 0; i < names.length; i++) {
            ints(name(names[i]), (int) values[i], (int) (values[i] >>> 32));
        }
        return id;
    }

    int functionProto(int returnType, int... parameterTypes) {
        int id = type(null, 13, parameterTypes.length, false, returnType);
        for (int p : parameterTypes) {
            ints(0, p);
        }
        return id;
    }

    /** Members as (name, type, byte offset) triples. */
    int struct(String name, int size, Object... members) {
        int id = type(name, 4, members.length / 3, false, size);
        for (int i = 0; i < members.length; i += 3) {
            ints(name((String) members[i]), (Integer) members[i + 1], (Integer) members[i + 2] * 8);
        }
        return id;
    }

    int kind(int kind) {
        return type("odd", kind, 0, false, 0);
    }

    byte[] build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(24 + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xEB9F).put((byte) 1).put((byte) 0);
        b.putInt(24).putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        b.put(t).put(s);
        return b.array();
    }
}
