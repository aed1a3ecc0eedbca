package fivetran.connector.sdk.http;

import java.time.Duration;

/** Spaces calls at least {@code interval} apart, across threads. */
final class RateLimit {
    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    RateLimit(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    void acquire() {
        long slot;
        synchronized (this) {
            slot = Math.max(nextSlot, System.nanoTime());
            nextSlot = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpException("interrupted while waiting for the rate limit", 0, e);
            }
        }
    }
}
