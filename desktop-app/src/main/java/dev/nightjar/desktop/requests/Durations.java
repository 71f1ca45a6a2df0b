package dev.nightjar.desktop.requests;

import dev.nightjar.desktop.flows.FilterSyntaxException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a filter takes them: a number and a unit, {@code 100ms}, {@code 1.5s}, {@code 250us}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s)");
    private static final Map<String, Long> NS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L);

    private Durations() {
    }

    static long parseNs(String text, int position) throws FilterSyntaxException {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new FilterSyntaxException("'" + text + "' is not a duration: a number and a unit (ns, us, ms, s),"
                    + " e.g. 100ms, 1.5s, 250us", position);
        }
        BigDecimal ns = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NS_PER_UNIT.get(m.group(2))));
        if (ns.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new FilterSyntaxException("'" + text + "' is longer than any latency", position);
        }
        return ns.longValue();
    }
}
