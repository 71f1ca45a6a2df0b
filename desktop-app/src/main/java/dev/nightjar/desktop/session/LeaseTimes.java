package dev.nightjar.desktop.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Writes and reads the lease-expiry annotation (RFC 3339). */
public final class LeaseTimes {

    private LeaseTimes() {
    }

    /** UTC, whole seconds: {@code 2026-11-25T22:10:00Z}. */
    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Empty for a missing or malformed value (any RFC 3339 offset is accepted). */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
