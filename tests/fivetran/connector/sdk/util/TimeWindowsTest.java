package fivetran.connector.sdk.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fivetran.connector.sdk.util.TimeWindows.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeWindowsTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    @Test
    void forwardCoversTheRangeOldestFirstWithAShorterLastWindow() {
        assertEquals(List.of(new Window(hour(0), hour(2)), new Window(hour(2), hour(4)), new Window(hour(4), hour(5))),
                TimeWindows.forward(hour(0), hour(5), Duration.ofHours(2)));
    }

    @Test
    void backwardCoversTheRangeNewestFirstWithAShorterOldestWindow() {
        assertEquals(List.of(new Window(hour(3), hour(5)), new Window(hour(1), hour(3)), new Window(hour(0), hour(1))),
                TimeWindows.backward(hour(0), hour(5), Duration.ofHours(2)));
    }

    @Test
    void anEmptyRangeHasNoWindowAndAWindowMustHaveALength() {
        assertEquals(List.of(), TimeWindows.forward(hour(3), hour(3), Duration.ofHours(1)));
        assertEquals(List.of(), TimeWindows.backward(hour(4), hour(3), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.forward(hour(0), hour(1), Duration.ZERO));
    }
}
