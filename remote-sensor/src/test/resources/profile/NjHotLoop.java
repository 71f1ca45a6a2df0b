/**
 * A Java program for the profiler's JIT test: burns CPU in one distinctive method
 * until the given number of seconds has passed. Run with -XX:+PreserveFramePointer so
 * a frame-pointer stack walk can pass through JIT-compiled code.
 */
public class NjHotLoop {

    static volatile long sink;

    static long njHotSpinKernel(long rounds) {
        long x = 0;
        for (long i = 0; i < rounds; i++) {
            x += i * 2654435761L ^ (x >>> 7);
        }
        return x;
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        System.out.println("burning");
        System.out.flush();
        while (System.nanoTime() < end) {
            sink += njHotSpinKernel(100_000);
        }
    }
}
