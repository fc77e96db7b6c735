package dev.flotilla.meta.registration;

import dev.flotilla.meta.web.FlotillaException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a registration token's {@code ttl}: a number and a unit ({@code s m h d}) or an ISO-8601 duration. */
final class TokenLifetime {

    static final Duration DEFAULT = Duration.ofHours(24);
    static final Duration MAX = Duration.ofDays(365);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    private TokenLifetime() {
    }

    static Duration parse(String ttl) {
        if (ttl == null || ttl.isBlank()) {
            return DEFAULT;
        }
        Duration lifetime = read(ttl.strip());
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX) > 0) {
            throw invalid(ttl, "must be more than 0 and at most 365d");
        }
        return lifetime;
    }

    private static Duration read(String ttl) {
        Matcher m = SHORT.matcher(ttl);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(ttl);
        } catch (DateTimeParseException e) {
            throw invalid(ttl, "must be a number and a unit (30m, 24h, 7d) or an ISO-8601 duration (PT24H)");
        }
    }

    private static FlotillaException invalid(String ttl, String rule) {
        return FlotillaException.badInput("field 'ttl' " + rule + " (was '" + ttl + "')").with("field", "ttl");
    }
}
