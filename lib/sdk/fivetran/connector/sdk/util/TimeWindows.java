package fivetran.connector.sdk.util;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a time range into consecutive windows, to sync a large range a window at a time and keep the end of
 * the last finished window in state. Windows are half-open, {@code [start, end)}; the last (or, backwards, the
 * first) may be shorter than the others.
 */
public final class TimeWindows {
    /** One window, {@code start} inclusive and {@code end} exclusive. */
    public record Window(Instant start, Instant end) {
    }

    private TimeWindows() {
    }

    /** The windows of {@code size} covering {@code [from, to)}, oldest first; empty when {@code from >= to}. */
    public static List<Window> forward(Instant from, Instant to, Duration size) {
        requirePositive(size);
        List<Window> windows = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(size)) {
            Instant end = start.plus(size);
            windows.add(new Window(start, end.isAfter(to) ? to : end));
        }
        return windows;
    }

    /** The windows of {@code size} covering {@code [from, to)}, newest first, each ending where the previous starts. */
    public static List<Window> backward(Instant from, Instant to, Duration size) {
        requirePositive(size);
        List<Window> windows = new ArrayList<>();
        for (Instant end = to; end.isAfter(from); end = end.minus(size)) {
            Instant start = end.minus(size);
            windows.add(new Window(start.isBefore(from) ? from : start, end));
        }
        return windows;
    }

    private static void requirePositive(Duration size) {
        if (size.isZero() || size.isNegative()) {
            throw new IllegalArgumentException("a time window must be longer than zero, was " + size);
        }
    }
}
