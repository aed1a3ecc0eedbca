package fivetran.connector.sdk.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header of an answer: seconds, or an HTTP date. */
final class RetryAfter {
    private RetryAfter() {
    }

    /** The header is absent: empty. Present: the wait it asks for (never negative), or empty when it cannot be read. */
    static Optional<Duration> of(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::strip).flatMap(RetryAfter::parse);
    }

    static Optional<Duration> parse(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
