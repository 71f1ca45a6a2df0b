package dev.nightjar.desktop.requests;

import java.util.regex.Pattern;

/** {@code *} for any run of characters, everything else literal. */
final class GlobPattern {

    private GlobPattern() {
    }

    static Pattern of(String glob, boolean ignoreCase) {
        String[] literals = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }
}
