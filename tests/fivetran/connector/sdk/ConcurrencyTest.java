package fivetran.connector.sdk;

import fivetran.connector.sdk.internal.Jackson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Operations from many threads. In the 16-thread test, writers share a read lock and the checkpointing threads
 * take the write lock, so a checkpoint's state, a snapshot of how far every thread got, names exactly the rows
 * staged before it: the warehouse must then hold exactly those rows.
 */
class ConcurrencyTest {
    private static final int THREADS = 16;
    private static final int ROWS_PER_THREAD = 3_000;
    private static final int CHECKPOINT_EVERY = 250;
    private static final Pattern RECORDED = Pattern.compile("checkpoint recorded: (\\{.*})");

    /** A connector whose threads resume from the state's per-thread progress; one thread may write a bad value. */
    private static Connector connector(String run, int failingThread, int failingRow) {
        return new Connector((configuration, state) -> {
            AtomicLongArray progress = new AtomicLongArray(THREADS);
            for (int t = 0; t < THREADS; t++) {
                progress.set(t, state.getLong("t" + t, 0));
            }
            ReadWriteLock snapshot = new ReentrantReadWriteLock();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (long row = progress.get(thread); row < ROWS_PER_THREAD; row++) {
                        Object amount = thread == failingThread && row == failingRow ? Double.NaN : (double) row;
                        snapshot.readLock().lock();
                        try {
                            Operations.upsert("rows", Map.of("thread", thread, "row", row, "run", run, "amount", amount));
                            progress.set(thread, row + 1);
                        } finally {
                            snapshot.readLock().unlock();
                        }
                        if (thread % 4 == 0 && (row + 1) % CHECKPOINT_EVERY == 0) {
                            snapshot.writeLock().lock();
                            try {
                                for (int i = 0; i < THREADS; i++) {
                                    state.put("t" + i, progress.get(i));
                                }
                                Operations.checkpoint(state);
                            } finally {
                                snapshot.writeLock().unlock();
                            }
                        }
                    }
                    return null;
                }));
            }
            pool.shutdown();
            for (Future<?> future : work) {
                future.get();
            }
        });
    }

    @Test
    void sixteenThreadsLandEveryRowOnceCheckpointInOrderAndOneFailureFailsTheSyncCleanly() throws Exception {
        Project project = Project.empty("threads");
        // every checkpoint logged, not the first ten and one per five seconds: the test compares each with the next
        System.setProperty("connector.sdk.log.checkpoints", "all");
        Captured failed;
        try {
            failed = Captured.run(() -> connector("first", 11, 1_700).debug(project.dir().toString()));
        } finally {
            System.clearProperty("connector.sdk.log.checkpoints");
        }
        assertEquals(1, failed.exit(), failed::toString);
        assertTrue(failed.out().contains("failed while executing update() error: table 'rows', column 'amount': value NaN (Double) "
                + "cannot be stored in DOUBLE: NaN and Infinity are not numbers"), failed::toString);

        JsonNode committed = Jackson.MAPPER.readTree((String) project.value("SELECT state FROM _connector_sdk.state"));
        assertEquals(committed, Jackson.MAPPER.readTree(project.state()), "state.json is the committed state");
        List<JsonNode> recorded = recordedStates(failed.err());
        assertEquals(committed, recorded.get(recorded.size() - 1), "the last checkpoint recorded is the one committed");
        assertEquals((long) recorded.size(), project.value("SELECT checkpoints FROM _connector_sdk.state"));
        for (int i = 1; i < recorded.size(); i++) {
            for (int t = 0; t < THREADS; t++) {
                assertTrue(recorded.get(i).get("t" + t).asLong() >= recorded.get(i - 1).get("t" + t).asLong(),
                        "checkpoint " + i + " went back for thread " + t + ": " + recorded.get(i - 1) + " then " + recorded.get(i));
            }
        }
        for (int t = 0; t < THREADS; t++) {
            assertEquals(List.of(Map.of("rows", committed.get("t" + t).asLong(), "distinct_rows", committed.get("t" + t).asLong())),
                    project.query("SELECT count(*) AS rows, count(DISTINCT \"row\") AS distinct_rows FROM tester.rows WHERE thread = " + t),
                    "thread " + t + " has exactly the rows its last committed checkpoint names");
        }
        assertTrue(committed.get("t11").asLong() <= 1_700, committed::toString);

        Captured rerun = Captured.run(() -> connector("rerun", -1, -1).debug(project.dir().toString()));
        assertEquals(0, rerun.exit(), rerun::toString);
        assertEquals(List.of(Map.of("rows", (long) THREADS * ROWS_PER_THREAD, "distinct_rows", (long) THREADS * ROWS_PER_THREAD, "threads", (long) THREADS)),
                project.query("SELECT count(*) AS rows, count(DISTINCT (thread, \"row\")) AS distinct_rows, count(DISTINCT thread) AS threads FROM tester.rows"));
        project.delete();
    }

    @Test
    void aThreadStillWritingAfterUpdateFailedIsStoppedAndNothingItWroteIsCommitted() throws Exception {
        Project project = Project.empty("straggler");
        AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
        AtomicReference<Thread> straggler = new AtomicReference<>();
        Connector connector = new Connector((configuration, state) -> {
            Operations.upsert("rows", Map.of("id", 0L));
            Operations.checkpoint(Map.of("at", 0));
            CountDownLatch writing = new CountDownLatch(1);
            straggler.set(new Thread(() -> {
                try {
                    for (long id = 1; ; id++) {
                        Operations.upsert("rows", Map.of("id", id));
                        writing.countDown();
                    }
                } catch (RuntimeException e) {
                    stoppedBy.set(e);
                }
            }));
            straggler.get().start();
            writing.await();
            throw new IllegalStateException("update() gives up, leaving its thread behind");
        });
        Captured result = Captured.run(() -> connector.debug(project.dir().toString()));
        straggler.get().join(30_000);
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.out().contains("failed while executing update() error: update() gives up, leaving its thread behind"), result::toString);
        assertFalse(straggler.get().isAlive(), "the thread left behind is still writing");
        assertTrue(stoppedBy.get() instanceof IllegalStateException, String.valueOf(stoppedBy.get()));
        assertEquals(List.of(Map.of("id", 0L)), project.query("SELECT id FROM tester.rows"));
        assertEquals("{\"at\":0}", project.state());
        project.delete();
    }

    private static List<JsonNode> recordedStates(String log) throws Exception {
        List<JsonNode> states = new ArrayList<>();
        Matcher matcher = RECORDED.matcher(log);
        while (matcher.find()) {
            states.add(Jackson.MAPPER.readTree(matcher.group(1)));
        }
        return states;
    }
}
