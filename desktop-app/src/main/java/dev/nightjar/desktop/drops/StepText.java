package dev.nightjar.desktop.drops;

import java.util.ArrayList;
import java.util.List;

/**
 * A "what to check next" step as the catalogue writes it — prose with commands between
 * backticks — split into its parts, so the page can show commands in a monospace font
 * (without the backticks) and offer each one to copy.
 */
public final class StepText {

    /** A run of prose, or a command (what was between backticks). */
    public record Part(String text, boolean command) {

        /** Worth a block with a Copy button: something to run, not a word like {@code r}. */
        public boolean copyable() {
            return command && text.strip().contains(" ");
        }
    }

    private StepText() {
    }

    /** An unpaired backtick is kept as a character: the text is never lost. */
    public static List<Part> parse(String step) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < step.length()) {
            int open = step.indexOf('`', at);
            int close = open < 0 ? -1 : step.indexOf('`', open + 1);
            if (open < 0 || close < 0) {
                parts.add(new Part(step.substring(at), false));
                break;
            }
            if (open > at) {
                parts.add(new Part(step.substring(at, open), false));
            }
            if (close > open + 1) {
                parts.add(new Part(step.substring(open + 1, close), true));
            }
            at = close + 1;
        }
        return List.copyOf(parts);
    }

    /** The commands of a step worth copying, in order. */
    public static List<String> commands(String step) {
        return parse(step).stream().filter(Part::copyable).map(Part::text).toList();
    }
}
