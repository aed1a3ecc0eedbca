package fivetran.connector.sdk;

import static fivetran.connector.sdk.testing.ExactlyOnce.assertExactlyRows;
import static fivetran.connector.sdk.testing.ExactlyOnce.debug;
import static fivetran.connector.sdk.testing.ExactlyOnce.generator;
import static fivetran.connector.sdk.testing.ExactlyOnce.rowsByRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Torn writes of DuckDB's write-ahead log: during a sync every commit stays in {@code files/warehouse.db.wal}
 * (the SDK's checkpoint threshold is 1 GB), so a power cut on a disk that lies about its flushes can leave the
 * log's last transaction, the last checkpoint, cut short or overwritten. After a tear at any byte of that
 * transaction the next {@code debug} finds the warehouse at the checkpoint before it, says so when the log had to be
 * cut, keeps the damaged log, and resumes so that every row lands exactly once.
 *
 * <p>The soak trial tears every byte of the last transaction once, or {@code -Dsoak.tornTrials=N} times (up to
 * three tears per byte), e.g. {@code ./jbang -Dsoak.tornTrials=1000 tests/RunTests.java --tier soak TornWal};
 * {@code -Dsoak.seed=N} replays the garbage.
 */
class TornWalTest {
    private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
    private static final long EVERY = 100;
    /** Checkpoint k-1's cursor; checkpoint k adds one row, so that its transaction is small enough to tear at every byte. */
    private static final long BEFORE_LAST = 3 * EVERY;
    private static final long LAST = BEFORE_LAST + 1;
    private static final long TOTAL = 4 * EVERY;
    private static final String WAL = "warehouse.db.wal";
    private static final String DAMAGED_WARNING = "write-ahead log";

    /** How the log's tail is damaged from the tear on. */
    private enum Tear { TRUNCATED, ZERO_FILLED, GARBAGE }

    /** The files/ folder after checkpoint k-1 and after checkpoint k; the log's bytes [start, end) are checkpoint k's transaction. */
    private record LastTransaction(Project source, Path before, Path after, byte[] log, int start, int end) {
        void delete() {
            source.delete();
        }
    }

    @Test
    void aLogTornInItsLastTransactionOpensAtTheCheckpointBeforeAndTheResumedSyncWritesEveryRowOnce() throws Exception {
        LastTransaction last = lastTransaction();
        Random random = new Random(SEED);
        try {
            assertEquals(BEFORE_LAST, trial(last, last.start(), Tear.TRUNCATED, false, random));
            assertEquals(BEFORE_LAST, trial(last, (last.start() + last.end()) / 2, Tear.ZERO_FILLED, false, random));
            assertEquals(BEFORE_LAST, trial(last, last.start() + 20, Tear.GARBAGE, true, random));
            assertEquals(LAST, trial(last, last.end(), Tear.ZERO_FILLED, false, random), "an intact log keeps its last checkpoint");
        } finally {
            last.delete();
        }
    }

    @Test
    @Tag("e2e")
    void throughJBangATornLogIsReportedCutAtTheDamageAndTheSyncResumes() throws Exception {
        LastTransaction last = lastTransaction();
        try {
            jbangTrial(last, (last.start() + last.end()) / 2, Tear.ZERO_FILLED);
            jbangTrial(last, last.start() + 20, Tear.GARBAGE);
        } finally {
            last.delete();
        }
    }

    /** A tear inside an entry's data, which DuckDB refuses, then {@code ./jbang connector.java debug} of the scripted connector. */
    private static void jbangTrial(LastTransaction last, int offset, Tear tear) throws IOException {
        Project project = Project.scripted("torn-jbang");
        try {
            byte[] torn = tear(last.log(), offset, tear, new Random(SEED));
            copyFolder(last.after(), project.file("files"));
            Files.write(project.file("files/" + WAL), torn);
            project.script("""
                    [{"op": "generate", "table": "events", "rows": %d, "checkpoint_every": %d}]""".formatted(TOTAL, EVERY), "run", "resume");
            Project.Result result = project.jbang("debug");
            String context = tear + " at byte " + offset + "\n" + result;
            assertEquals(0, result.exit(), context);
            assertTrue(result.err().contains("the warehouse's write-ahead log " + project.file("files/" + WAL) + " is damaged at byte "), context);
            assertTrue(result.err().contains(" of " + torn.length + " (its last commit did not fully reach the disk: a power cut or a lost write); "
                    + "it was kept as " + WAL + ".damaged and cut there, so the warehouse opens at its last intact commit"), context);
            assertTrue(result.err().contains("state.json is ahead of the warehouse"), context);
            assertTrue(result.err().contains("state at start: {\"next\":" + BEFORE_LAST + "}"), context);
            assertArrayEquals(torn, Files.readAllBytes(project.file("files/" + WAL + ".damaged")), context);
            assertExactlyRows(project, TOTAL, context);
            assertEquals(Map.of("first", BEFORE_LAST, "resume", TOTAL - BEFORE_LAST), rowsByRun(project), context);
            assertEquals("{\"next\":" + TOTAL + "}", project.state(), context);
        } finally {
            project.delete();
        }
    }

    @Test
    @Tag("soak")
    void aLogTornAtEveryByteOfItsLastTransactionAlwaysResumesAtACheckpointBoundary() throws Exception {
        long started = System.nanoTime();
        LastTransaction last = lastTransaction();
        Random random = new Random(SEED);
        int length = last.end() - last.start();
        int trials = Math.min(3 * length, Integer.getInteger("soak.tornTrials", Math.max(100, length)));
        int atLast = 0;
        try {
            for (int trial = 0; trial < trials; trial++) {
                // the first pass tears each byte once, the variants taking turns; later passes give each byte the other variants
                int offset = last.start() + trial % length;
                Tear tear = Tear.values()[(trial % length + trial / length) % Tear.values().length];
                atLast += trial(last, offset, tear, trial % 2 == 1, random) == LAST ? 1 : 0;
            }
        } finally {
            last.delete();
        }
        System.out.printf("torn log: %d trials over bytes [%d, %d) (seed %d), landed at checkpoint k-1: %d, at k: %d, %d s%n", trials,
                last.start(), last.end(), SEED, trials - atLast, atLast, (System.nanoTime() - started) / 1_000_000_000L);
    }

    /**
     * One sync, copied twice while it runs, as a kill would leave it: after checkpoint k-1 ({@code {"next": 300}}) and
     * after checkpoint k ({@code {"next": 301}}, one row); between them the log only grew by checkpoint k's commit.
     */
    private static LastTransaction lastTransaction() throws IOException {
        Project project = Project.empty("torn-source");
        Path before = project.file("before-last");
        Path after = project.file("after-last");
        Path files = project.file("files");
        Captured first = debug(project, new Connector((configuration, state) -> {
            for (long row = 0; row < LAST; row++) {
                Operations.upsert("events", Map.of("row", row, "run", "first", "payload", "value " + row));
                if ((row + 1) % EVERY == 0 || row + 1 == LAST) {
                    state.put("next", row + 1);
                    Operations.checkpoint(state);
                    if (row + 1 >= BEFORE_LAST) {
                        copyFolder(files, row + 1 == LAST ? after : before);
                    }
                }
            }
            throw new IllegalStateException("stopped after the last checkpoint");
        }));
        assertEquals(1, first.exit(), first::toString);
        byte[] logBefore = Files.readAllBytes(before.resolve(WAL));
        byte[] logAfter = Files.readAllBytes(after.resolve(WAL));
        assertTrue(logAfter.length > logBefore.length, "checkpoint k added to the log");
        assertArrayEquals(logBefore, Arrays.copyOf(logAfter, logBefore.length), "the log only grew");
        assertArrayEquals(Files.readAllBytes(before.resolve("warehouse.db")), Files.readAllBytes(after.resolve("warehouse.db")),
                "no checkpoint of DuckDB's rewrote the database file between them");
        return new LastTransaction(project, before, after, logAfter, logBefore.length, logAfter.length);
    }

    /**
     * The files/ after checkpoint k with the log torn at {@code offset} ({@code stateBehind}: with state.json of
     * checkpoint k-1, as a kill before its rename leaves it), then a sync to the end; returns the cursor it resumed from.
     */
    private static long trial(LastTransaction last, int offset, Tear tear, boolean stateBehind, Random random) {
        Project project = Project.empty("torn");
        try {
            Path files = project.file("files");
            copyFolder(last.after(), files);
            if (stateBehind) {
                for (String name : new String[] {"state.json", "state.json.checkpoint"}) {
                    Files.copy(last.before().resolve(name), files.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            byte[] torn = tear(last.log(), offset, tear, random);
            Files.write(files.resolve(WAL), torn);
            Captured result = debug(project, generator("resume", TOTAL, EVERY, -1));
            String context = "torn at byte " + offset + " of [" + last.start() + ", " + last.end() + "), " + tear
                    + (stateBehind ? ", state.json one behind" : "") + " (seed " + SEED + ")\n" + result;
            assertEquals(0, result.exit(), context);
            boolean intact = Arrays.equals(torn, last.log());
            long resumedFrom = intact ? LAST : BEFORE_LAST;
            assertEquals(Map.of("first", resumedFrom, "resume", TOTAL - resumedFrom), rowsByRun(project),
                    "a torn last checkpoint is lost whole, an intact one kept: " + context);
            assertExactlyRows(project, TOTAL, context);
            assertEquals("{\"next\":" + TOTAL + "}", project.state(), context);
            if (!intact && !stateBehind) {
                assertTrue(result.err().contains("state.json is ahead of the warehouse"), context);
            }
            Path damaged = files.resolve(WAL + ".damaged");
            assertEquals(Files.exists(damaged), result.err().contains(DAMAGED_WARNING), "the log is kept when it is cut: " + context);
            if (Files.exists(damaged)) {
                assertArrayEquals(torn, Files.readAllBytes(damaged), context);
            }
            if (tear == Tear.TRUNCATED) {
                assertFalse(Files.exists(damaged), "DuckDB itself drops an incomplete last transaction: " + context);
            }
            return resumedFrom;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            project.delete();
        }
    }

    /** {@code log} damaged from {@code offset} on. */
    private static byte[] tear(byte[] log, int offset, Tear tear, Random random) {
        byte[] torn = tear == Tear.TRUNCATED ? Arrays.copyOf(log, offset) : log.clone();
        for (int i = offset; i < torn.length; i++) {
            torn[i] = tear == Tear.ZERO_FILLED ? 0 : (byte) random.nextInt(256);
        }
        return torn;
    }

    private static void copyFolder(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
