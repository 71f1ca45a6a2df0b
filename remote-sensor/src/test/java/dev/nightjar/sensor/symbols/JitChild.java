package dev.nightjar.sensor.symbols;

/**
 * A JVM child for {@link JvmPerfMapTest}: makes {@link #njHotMethod} hot enough to be
 * JIT-compiled, says "ready", then waits for its stdin to close.
 */
public final class JitChild {

    private static volatile long sink;

    private JitChild() {
    }

    static long njHotMethod(long seed) {
        long x = seed;
        for (int i = 0; i < 100; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (long i = 0; System.nanoTime() < deadline; i++) {
            sink += njHotMethod(i);
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait until the test closes stdin (or kills us)
        }
    }
}
