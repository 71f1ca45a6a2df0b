package dev.nightjar.sensor.requests;

/**
 * Whether an exchange falls in a sample: a stable draw in [0, 1) from its start time and client
 * port (SplitMix64), so the assembler and each stream's narrowing agree: a stream whose rate
 * equals the union's keeps every sampled request, one with a lower rate a subset.
 */
public final class RequestSampling {

    private RequestSampling() {
    }

    public static boolean sampled(long startNs, int clientPort, double rate) {
        if (!(rate > 0)) {
            return false;
        }
        long z = startNs * 31 + clientPort + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < rate;
    }
}
