package fivetran.connector.sdk.http;

import fivetran.connector.sdk.Logging;
import java.time.Duration;
import java.util.Locale;

/**
 * Stops hammering a failing API: after {@code threshold} consecutive failed attempts (5xx answers or I/O errors) the
 * breaker opens and every request fails at once with an {@link HttpException} (status 0), without being sent, for
 * {@code openFor}. Then one trial request is let through: success closes the breaker, failure opens it again.
 *
 * <pre>{@code
 * Http api = Http.builder(url).retries(2).circuitBreaker(new CircuitBreaker(3, Duration.ofMinutes(1))).build();
 * }</pre>
 */
public final class CircuitBreaker {
    private final int threshold;
    private final Duration openFor;
    private int consecutiveFailures;
    private long openUntil;
    private boolean open;

    public CircuitBreaker(int threshold, Duration openFor) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
        }
        this.threshold = threshold;
        this.openFor = openFor;
    }

    /** Whether requests are refused now. */
    public synchronized boolean isOpen() {
        return open && System.nanoTime() < openUntil;
    }

    synchronized void allow(String described) {
        if (isOpen()) {
            throw new HttpException(String.format(Locale.ROOT, "%s not sent: the circuit breaker is open after %d consecutive failures"
                    + " (for %.1f s more)", described, consecutiveFailures, (openUntil - System.nanoTime()) / 1e9), 0, null);
        }
    }

    synchronized void recordSuccess() {
        consecutiveFailures = 0;
        open = false;
    }

    synchronized void recordFailure() {
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            if (!isOpen()) {
                Logging.warning(String.format(Locale.ROOT, "circuit breaker opened after %d consecutive failures; no request is sent for %.1f s",
                        consecutiveFailures, openFor.toMillis() / 1000.0));
            }
            open = true;
            openUntil = System.nanoTime() + openFor.toNanos();
        }
    }
}
