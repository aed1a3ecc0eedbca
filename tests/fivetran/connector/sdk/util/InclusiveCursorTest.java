package fivetran.connector.sdk.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two syncs of a source read with "at or after the cursor", the second from the first's saved state. */
class InclusiveCursorTest {
    private static final Instant T1 = Instant.parse("2024-02-05T10:00:00Z");
    private static final Instant T2 = Instant.parse("2024-02-05T11:00:00Z");

    @Test
    void theNextSyncSkipsTheRowsReadAtTheCursorButNotOnesChangedInTheSameInstantAfterTheRead() {
        InclusiveCursor<Instant> first = InclusiveCursor.fromState(null, Instant::parse);
        assertNull(first.value());
        assertTrue(first.advance(T1, 1));
        assertTrue(first.advance(T2, List.of(2, "a")));
        assertTrue(first.advance(T2, 3));
        assertTrue(first.advance(T1, 4), "older than the cursor (the source does not order by it): written");
        assertFalse(first.advance(T2, 3), "the same row twice in one read");
        assertTrue(first.advance(null, 5), "no value: written, the cursor stays");
        Map<String, Object> saved = first.toState();
        assertEquals(Map.of("cursor", "2024-02-05T11:00:00Z", "keys_at_cursor", List.of("[2, a]", "3")), saved);

        InclusiveCursor<Instant> second = InclusiveCursor.fromState(saved, Instant::parse);
        assertEquals(T2, second.value());
        assertEquals("2024-02-05T11:00:00Z", second.text());
        assertFalse(second.advance(T2, List.of(2, "a")), "read by the first sync");
        assertFalse(second.advance(T2, 3));
        assertTrue(second.advance(T2, 6), "changed in the same instant, after the first read");
        assertTrue(second.advance(T2.plusSeconds(1), 3), "changed again later");
        assertEquals(Map.of("cursor", "2024-02-05T11:00:01Z", "keys_at_cursor", List.of("3")), second.toState());
    }

    @Test
    void aDecimalIsSavedWithoutExponentAndAnUnreadableStateIsRefusedNamingIt() {
        InclusiveCursor<BigDecimal> versions = InclusiveCursor.start();
        versions.advance(new BigDecimal("1E+3"), "k");
        assertEquals("1000", versions.toState().get("cursor"));
        assertEquals(Map.of("cursor", "", "keys_at_cursor", List.of()), InclusiveCursor.start().toState());
        assertNull(InclusiveCursor.fromState(Map.of("cursor", ""), Instant::parse).value());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> InclusiveCursor.fromState(Map.of("cursor", "yesterday"), Instant::parse));
        assertTrue(bad.getMessage().startsWith("the saved cursor value 'yesterday' cannot be read: "), bad.getMessage());
        IllegalArgumentException notAnObject = assertThrows(IllegalArgumentException.class,
                () -> InclusiveCursor.fromState("2024-02-05", Instant::parse));
        assertEquals("the saved cursor is not an object of 'cursor' and 'keys_at_cursor': 2024-02-05", notAnObject.getMessage());
    }
}
