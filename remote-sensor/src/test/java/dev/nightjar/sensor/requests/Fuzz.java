package dev.nightjar.sensor.requests;

import java.util.Arrays;
import java.util.Random;

/** Seeded mutations of a seed conversation: the fuzz cases of {@link ParserRobustnessTest}. */
final class Fuzz {

    private Fuzz() {
    }

    /** A mutated copy of {@code seed} on connection {@code id}. */
    static Conversation mutate(Conversation seed, long id, Random random) {
        Conversation out = new Conversation(id, seed.l4);
        int start = random.nextInt(8) == 0 ? random.nextInt(seed.calls.size()) : 0; // joined mid-stream
        for (Conversation.Call call : seed.calls.subList(start, seed.calls.size())) {
            byte[] data = call.data().clone();
            long callBytes = call.callBytes();
            switch (random.nextInt(8)) {
                case 0 -> {
                    for (int k = 0, n = 1 + random.nextInt(4); k < n && data.length > 0; k++) {
                        data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> {
                    if (data.length > 1) {
                        int keep = random.nextInt(data.length);
                        data = Arrays.copyOf(data, keep); // cut by the capture: the call moved more
                    }
                }
                case 2 -> {
                    byte[] junk = new byte[random.nextInt(64)];
                    random.nextBytes(junk);
                    byte[] joined = Arrays.copyOf(data, data.length + junk.length);
                    System.arraycopy(junk, 0, joined, data.length, junk.length);
                    data = joined;
                    callBytes = data.length;
                }
                case 3 -> {
                    if (data.length > 2) {
                        int at = 1 + random.nextInt(data.length - 1);
                        out.call(call.fromClient(), Arrays.copyOf(data, at), at);
                        data = Arrays.copyOfRange(data, at, data.length);
                        callBytes = data.length;
                    }
                }
                case 4 -> out.call(call.fromClient(), data.clone(), data.length); // sent twice
                case 5 -> {
                    continue; // lost
                }
                default -> {
                    // unchanged
                }
            }
            out.call(call.fromClient(), data, Math.max(callBytes, data.length));
        }
        return out;
    }
}
