package dev.nightjar.desktop.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * What the FX thread does per frame, bounded to the first {@link #FRAMES_CAP} frames:
 * <ul>
 *   <li><b>pulse</b>: wall time from the pulse's start (an AnimationTimer runs first in a
 *       pulse) to the end of its layout pass (a post-layout pulse listener);</li>
 *   <li><b>work</b>: pulse plus the view applies run with runLater since the previous pulse
 *       (timed by {@link #ui()}, the executor the pages apply on) — the FX work a frame waits for;</li>
 *   <li><b>cpu</b>: the FX thread's CPU time between two pulse starts (everything it did:
 *       pulses, applies, repaints, input), which is what a frame costs when nothing preempts it;</li>
 *   <li><b>gap</b>: wall time between pulse starts (60 Hz idle is 16.7 ms).</li>
 * </ul>
 */
final class FxFrameProbe {

    private static final int FRAMES_CAP = 100_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] pulse = new long[FRAMES_CAP];
    private final long[] work = new long[FRAMES_CAP];
    private final long[] cpu = new long[FRAMES_CAP];
    private final long[] gaps = new long[FRAMES_CAP];
    private final long[] pulseCpu = new long[FRAMES_CAP];
    private final long[] applyCpu = new long[FRAMES_CAP];
    private int applies;
    private long pulseCpuStart;
    private final Scene scene;
    private final AnimationTimer timer;
    private final Runnable postLayout;
    private int frames;
    private long pulseStart;
    private long lastPulseStart;
    private long lastCpu = -1;
    // Applies timed since the last pulse; only touched on the FX thread.
    private long appliesSinceLastPulse;
    private long appliesBeforeThisPulse;
    private volatile boolean recording;

    FxFrameProbe(Scene scene) {
        this.scene = scene;
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                long c = THREADS.getCurrentThreadCpuTime();
                if (recording && lastPulseStart != 0 && frames < FRAMES_CAP) {
                    gaps[frames] = t - lastPulseStart;
                    cpu[frames] = lastCpu < 0 ? 0 : c - lastCpu;
                }
                lastCpu = c;
                pulseCpuStart = c;
                lastPulseStart = t;
                pulseStart = t;
                appliesBeforeThisPulse = appliesSinceLastPulse;
                appliesSinceLastPulse = 0;
            }
        };
        this.postLayout = () -> {
            if (recording && pulseStart != 0 && frames < FRAMES_CAP) {
                long p = System.nanoTime() - pulseStart;
                pulse[frames] = p;
                pulseCpu[frames] = THREADS.getCurrentThreadCpuTime() - pulseCpuStart;
                work[frames] = p + appliesBeforeThisPulse;
                frames++;
                pulseStart = 0;
            }
        };
    }

    /** The executor pages apply their builds on: Platform.runLater, timed. */
    Executor ui() {
        return r -> Platform.runLater(() -> {
            long t = System.nanoTime();
            long c = THREADS.getCurrentThreadCpuTime();
            try {
                r.run();
            } finally {
                appliesSinceLastPulse += System.nanoTime() - t;
                if (recording && applies < FRAMES_CAP) {
                    applyCpu[applies++] = THREADS.getCurrentThreadCpuTime() - c;
                }
            }
        });
    }

    void install() throws InterruptedException {
        onFx(() -> {
            timer.start();
            scene.addPostLayoutPulseListener(postLayout);
        });
    }

    /** Starts a new measurement: earlier frames are forgotten. */
    void start() throws InterruptedException {
        onFx(() -> {
            frames = 0;
            applies = 0;
            lastPulseStart = 0;
            recording = true;
        });
    }

    void stop() throws InterruptedException {
        onFx(() -> recording = false);
    }

    int frames() {
        return frames;
    }

    double pulse(double q) {
        return quantileMs(pulse, q);
    }

    double work(double q) {
        return quantileMs(work, q);
    }

    double cpu(double q) {
        return quantileMs(cpu, q);
    }

    /** CPU time of the pulse itself (CSS, layout), without the applies before it. */
    double pulseCpu(double q) {
        return quantileMs(pulseCpu, q);
    }

    /** CPU time of one apply (a page handing a build to its controls). */
    double applyCpu(double q) {
        if (applies == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(applyCpu, applies);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
    }

    int applies() {
        return applies;
    }

    double gap(double q) {
        return quantileMs(gaps, q);
    }

    long gapsOver(long ms) {
        return Arrays.stream(gaps, 1, Math.max(1, frames)).filter(g -> g > ms * 1_000_000L).count();
    }

    /** The frame's first sample is skipped: its gap and cpu span the time before recording. */
    private double quantileMs(long[] values, double q) {
        int n = frames;
        if (n < 2) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOfRange(values, 1, n);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
    }

    static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        done.await();
    }
}
