package fivetran.connector.sdk.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSourceTest {
    private final SampleSource orders = SampleSource.of("orders", Duration.ofMinutes(10));

    @Test
    void recordsAreTheSameOnEveryCallAndDependOnTheSourceName() {
        assertEquals(orders.get(42), SampleSource.of("orders", Duration.ofMinutes(10)).get(42));
        assertEquals(orders.range(1, 50).toList(), orders.range(1, 50).toList());
        assertNotEquals(orders.range(1, 50).map(SampleSource.Record::amount).toList(),
                SampleSource.of("invoices", Duration.ofMinutes(10)).range(1, 50).map(SampleSource.Record::amount).toList());
        assertEquals(2, orders.get(1).amount().scale());
        assertThrows(IllegalArgumentException.class, () -> orders.get(0));
    }

    @Test
    void recordNIsCreatedNMinusOneIntervalsAfterTheFirst() {
        assertEquals(SampleSource.FIRST, orders.get(1).createdAt());
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"), orders.get(7).createdAt());
    }

    @Test
    void createdBetweenIsHalfOpen() {
        assertEquals(List.of(7L, 8L, 9L, 10L, 11L, 12L), ids(orders, "2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"));
        assertEquals(List.of(8L), ids(orders, "2024-01-01T01:00:01Z", "2024-01-01T01:10:01Z"));
        assertEquals(List.of(1L, 2L), ids(orders, "2023-06-01T00:00:00Z", "2024-01-01T00:10:01Z"));
        assertEquals(List.of(), ids(orders, "2024-01-01T01:01:00Z", "2024-01-01T01:09:00Z"));
    }

    private static List<Long> ids(SampleSource source, String from, String to) {
        return source.createdBetween(Instant.parse(from), Instant.parse(to)).map(SampleSource.Record::id).toList();
    }
}
