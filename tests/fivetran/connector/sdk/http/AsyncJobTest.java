package fivetran.connector.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Polling a job's status as an API reports it, with the waits measured. */
class AsyncJobTest {
    private static final Function<String, AsyncJob.Status> STATUS = answer -> switch (answer) {
        case "done" -> AsyncJob.Status.SUCCEEDED;
        case "failed: quota exceeded" -> AsyncJob.Status.FAILED;
        default -> AsyncJob.Status.RUNNING;
    };

    @Test
    void pollsUntilTheJobSucceedsWaitingTwiceAsLongEachTimeUpToTheLongestWait() {
        Deque<String> answers = new ArrayDeque<>(List.of("queued", "running", "running", "running", "done", "never asked"));
        List<Long> polledAt = new ArrayList<>();
        long start = System.nanoTime();
        String done = AsyncJob.every(Duration.ofMillis(40)).atMost(Duration.ofMillis(100)).await("report 42", () -> {
            polledAt.add((System.nanoTime() - start) / 1_000_000);
            return answers.poll();
        }, STATUS);
        assertEquals("done", done);
        assertEquals(5, polledAt.size());
        List<Long> waits = new ArrayList<>();
        for (int i = 1; i < polledAt.size(); i++) {
            waits.add(polledAt.get(i) - polledAt.get(i - 1));
        }
        long[] expected = {40, 80, 100, 100};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(waits.get(i) >= expected[i] && waits.get(i) < expected[i] + 80, "waits " + waits);
        }
    }

    @Test
    void aFailedJobAndATimeoutStopWithTheJobsNameAndItsLastAnswer() {
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> AsyncJob.every(Duration.ofMillis(1))
                .await("report 7", new ArrayDeque<>(List.of("running", "failed: quota exceeded"))::poll, STATUS));
        assertEquals("report 7 failed: failed: quota exceeded", failed.getMessage());

        IllegalStateException late = assertThrows(IllegalStateException.class, () -> AsyncJob.every(Duration.ofMillis(20))
                .timeout(Duration.ofMillis(100)).await("export 3", () -> "still   running\n", STATUS));
        assertTrue(late.getMessage().startsWith("export 3 did not finish within 0.1 s ("), late.getMessage());
        assertTrue(late.getMessage().endsWith(" polls); its last status: still running"), late.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AsyncJob.every(Duration.ZERO));
    }
}
