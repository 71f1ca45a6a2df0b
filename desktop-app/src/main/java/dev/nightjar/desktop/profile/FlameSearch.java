package dev.nightjar.desktop.profile;

import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Finds frames by name: a case-insensitive substring, or a regular expression searched within the name. */
public final class FlameSearch {

    private final Pattern pattern;
    private final String lowerCaseText;

    private FlameSearch(Pattern pattern, String lowerCaseText) {
        this.pattern = pattern;
        this.lowerCaseText = lowerCaseText;
    }

    /** A plain substring search ignoring case; every character stands for itself. */
    public static FlameSearch substring(String text) {
        return new FlameSearch(null, text.toLowerCase(Locale.ROOT));
    }

    /**
     * A regular expression search.
     *
     * @throws IllegalArgumentException with a message a person can act on when the expression is invalid
     */
    public static FlameSearch regex(String expression) {
        try {
            return new FlameSearch(Pattern.compile(expression, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), null);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Not a valid regular expression: " + e.getDescription()
                    + " near position " + e.getIndex() + ". Fix it, or untick Regex to search for the text as typed.");
        }
    }

    public FlameMatch apply(FlameTree tree) {
        // Test each distinct name once; trees repeat names far more often than they have them.
        BitSet matchingNames = new BitSet(tree.distinctNames());
        if (pattern == null) {
            String[] lower = tree.lowerCaseNames();
            for (int id = 0; id < lower.length; id++) {
                if (lower[id].contains(lowerCaseText)) {
                    matchingNames.set(id);
                }
            }
        } else {
            Matcher matcher = pattern.matcher("");
            for (int id = 0; id < tree.distinctNames(); id++) {
                if (matcher.reset(tree.nameById(id)).find()) {
                    matchingNames.set(id);
                }
            }
        }
        BitSet matched = new BitSet(tree.size());
        // covered: the node or one of its ancestors matched. Parents precede children, so one pass.
        BitSet covered = new BitSet(tree.size());
        long samples = 0;
        for (int node = 1; node < tree.size(); node++) {
            boolean parentCovered = covered.get(tree.parent(node));
            if (matchingNames.get(tree.nameId(node))) {
                matched.set(node);
                if (!parentCovered) {
                    // The topmost match on a path: its total counts each sample below it exactly once.
                    samples += tree.total(node);
                }
                covered.set(node);
            } else if (parentCovered) {
                covered.set(node);
            }
        }
        return new FlameMatch(matched, samples, tree.totalSamples());
    }
}
