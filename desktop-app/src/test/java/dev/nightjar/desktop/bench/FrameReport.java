package dev.nightjar.desktop.bench;

import java.util.Locale;

/** The frame benches' one table: a header and one row per page and mode, in Markdown. */
final class FrameReport {

    private FrameReport() {
    }

    static void printHeader() {
        System.out.println("| page | mode | frames | pulse p50 | pulse p99 | work p50 | work p99 | FX cpu/frame p50 | p99"
                + " | pulse cpu p99 | applies | apply cpu p50 | p99"
                + " | gap p50 | gap p99 | gaps > 33 ms | keys | key→text p50 | p99 | max | heap MiB | events fed |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    }

    /** {@code typing} is null when the page had no box to type into. */
    static void printRow(String page, String mode, FxFrameProbe p, TypingProbe typing, long heapMiB, long fed) {
        TypingProbe t = typing == null ? new TypingProbe() : typing;
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.2f"
                        + " | %.2f | %.2f | %.2f | %d | %s | %.1f | %.1f | %.1f | %d | %,d |%n",
                page, mode, p.frames(), p.pulse(0.50), p.pulse(0.99),
                p.work(0.50), p.work(0.99), p.cpu(0.50), p.cpu(0.99), p.pulseCpu(0.99), p.applies(),
                p.applyCpu(0.50), p.applyCpu(0.99), p.gap(0.50), p.gap(0.99), p.gapsOver(33),
                typing == null ? "-" : t.keys() + (t.missed() == 0 ? "" : " (" + t.missed() + " missed)"),
                t.quantileMs(0.50), t.quantileMs(0.99), t.quantileMs(1.0), heapMiB, fed);
    }
}
