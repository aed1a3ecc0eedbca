package fivetran.connector.sdk.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A deterministic stand-in for a source API, so that examples and tests run offline: record {@code n} (from 1) is
 * created at {@link #FIRST} plus {@code n - 1} intervals, and its other fields depend only on the source's name and
 * {@code n}. Every call returns the same records, read lazily, so a range of millions costs no memory.
 */
public final class SampleSource {
    /** When every source's first record is created. */
    public static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<String> CUSTOMERS = List.of("acme", "globex", "initech", "umbrella", "hooli");
    private static final List<String> STATUSES = List.of("new", "paid", "shipped", "returned");

    /** One record of the source. */
    public record Record(long id, String customer, String status, BigDecimal amount, Instant createdAt) {
    }

    private final String name;
    private final Duration interval;

    private SampleSource(String name, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the interval between records must be longer than zero, was " + interval);
        }
        this.name = name;
        this.interval = interval;
    }

    /** A source called {@code name} (which seeds its values) creating one record every {@code interval}. */
    public static SampleSource of(String name, Duration interval) {
        return new SampleSource(name, interval);
    }

    /** Record {@code id}, from 1. */
    public Record get(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("record ids start at 1, was " + id);
        }
        SplittableRandom random = new SplittableRandom(name.hashCode() * 31L + id);
        return new Record(id, CUSTOMERS.get(random.nextInt(CUSTOMERS.size())), STATUSES.get(random.nextInt(STATUSES.size())),
                BigDecimal.valueOf(random.nextLong(100, 100_000), 2), FIRST.plus(interval.multipliedBy(id - 1)));
    }

    /** Records {@code firstId} to {@code firstId + count - 1}. */
    public Stream<Record> range(long firstId, long count) {
        return LongStream.range(firstId, firstId + count).mapToObj(this::get);
    }

    /** The records created in {@code [from, to)}, oldest first. */
    public Stream<Record> createdBetween(Instant from, Instant to) {
        long first = Math.max(1, idAtOrAfter(from));
        long end = idAtOrAfter(to);
        return end <= first ? Stream.empty() : range(first, end - first);
    }

    /** The id of the first record created at or after {@code instant}. */
    private long idAtOrAfter(Instant instant) {
        Duration since = Duration.between(FIRST, instant);
        if (since.isNegative()) {
            return 1;
        }
        long intervals = since.toNanos() / interval.toNanos();
        boolean exact = FIRST.plus(interval.multipliedBy(intervals)).equals(instant);
        return intervals + (exact ? 1 : 2);
    }
}
