package dev.nightjar.sensor.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations the way people type them: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 1h30m}, and {@code 0}. Units: ns, us, ms, s, m, h, d.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** @throws CommandLine.TypeConversionException with a message that shows the accepted forms */
    public static Duration parse(String text) {
        String value = text.strip();
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(value);
        Duration total = Duration.ZERO;
        int at = 0;
        try {
            while (at < value.length() && m.find(at) && m.start() == at) {
                total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
                at = m.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(text, "too large");
        }
        if (at == 0 || at != value.length()) {
            throw invalid(text, "use a number with a unit, e.g. 500ms, 30s, 5m, 1h30m");
        }
        return total;
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    private static CommandLine.TypeConversionException invalid(String text, String why) {
        return new CommandLine.TypeConversionException("invalid duration '" + text + "': " + why);
    }
}
