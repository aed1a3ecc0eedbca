package fivetran.connector.sdk;

import static fivetran.connector.sdk.testing.ExactlyOnce.assertExactlyRows;
import static fivetran.connector.sdk.testing.ExactlyOnce.assertOnlyTheLastCheckpoint;
import static fivetran.connector.sdk.testing.ExactlyOnce.committed;
import static fivetran.connector.sdk.testing.ExactlyOnce.debug;
import static fivetran.connector.sdk.testing.ExactlyOnce.generator;
import static fivetran.connector.sdk.testing.ExactlyOnce.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.ExactlyOnce.Committed;
import fivetran.connector.sdk.testing.KillableRun;
import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: whatever stops a sync — SIGKILL at any instant, an exception from {@code update()} or
 * {@code schema()}, a second writer, a damaged file — the warehouse holds exactly the rows of the last committed
 * checkpoint, {@code state.json} is at that checkpoint or one behind, and the next run completes with every row
 * exactly once. The synced table has no primary key and every run tags its rows with a run id, so a row written
 * twice shows as two rows instead of hiding behind a key.
 *
 * <p>The kill harness runs {@code -Dsoak.trials} kills (default 30, about two minutes); for a soak run:
 * {@code ./jbang -Dsoak.trials=300 tests/RunTests.java CrashSafety}. {@code -Dsoak.seed=N} replays a run's
 * random choices (the seed is printed).
 */
@Tag("soak")
class CrashSafetyTest {
    private static final int TRIALS = Integer.getInteger("soak.trials", 30);
    private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
    private static final int CHECKPOINT_EVERY = 2_000;
    private static final long WINDOW_MILLIS = 300;
    private static final String GENERATE = """
            [{"op": "generate", "table": "events", "rows": %d, "checkpoint_every": %d}]""";
    private static final String MARK = "crash window: ";
    private static final String BEFORE_COMMIT = MARK + "before COMMIT";
    private static final String BEFORE_RENAME = MARK + "state file written, before its rename";
    private static final String RECORDED = "checkpoint recorded";

    /** Where a kill is aimed; it lands where the log says. */
    private enum Aim { ANY_INSTANT, INSIDE_COMMIT, STATE_FILE_WRITE }

    @Test
    void killedAtRandomInstantsTheWarehouseKeepsExactlyTheLastCheckpointAndRerunsCompleteWithoutDuplicates() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(SEED);
        Project project = Project.scripted("kill-harness");
        assertEquals(0, project.jbang("version").exit(), "build the connector first");
        Map<String, Integer> landed = new TreeMap<>();
        int behind = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Aim aim = Aim.values()[trial % Aim.values().length];
            long startNext = committed(project).next();
            project.script(GENERATE.formatted(1_000_000_000L, CHECKPOINT_EVERY), "run", "killed-" + trial);
            KillableRun run = KillableRun.start(project, "-Dconnector.sdk.test.crashWindowMillis=" + (aim == Aim.ANY_INSTANT ? 0 : WINDOW_MILLIS));
            String context = "trial " + trial + " (seed " + SEED + ", aimed at " + aim + ")";
            try {
                switch (aim) {
                    case ANY_INSTANT -> {
                        if (random.nextInt(5) == 0) {
                            Thread.sleep(random.nextInt(2_500));
                        } else {
                            assertTrue(run.awaitLog(log -> log.contains("calling update()"), 120), context + "\n" + run.log());
                            Thread.sleep(random.nextInt(1_500));
                        }
                    }
                    case INSIDE_COMMIT -> awaitInUpdate(run, BEFORE_COMMIT, 1 + random.nextInt(3), context);
                    case STATE_FILE_WRITE -> awaitInUpdate(run, BEFORE_RENAME, 1 + random.nextInt(3), context);
                }
                assertTrue(run.isAlive(), context + ": the sync ended before the kill\n" + run.log());
                run.kill();
                String log = run.log();
                landed.merge(KillableRun.phase(log), 1, Integer::sum);
                behind += assertOnlyTheLastCheckpoint(project, startNext, "killed-" + trial, log, context) ? 1 : 0;
            } finally {
                run.close();
            }
        }
        Committed last = committed(project);
        long total = last.next() + 3 * CHECKPOINT_EVERY + 7;
        project.script(GENERATE.formatted(total, CHECKPOINT_EVERY), "run", "final");
        Project.Result rerun = project.jbang("debug");
        assertEquals(0, rerun.exit(), rerun::toString);
        assertTrue(rerun.err().contains("state at start: {" + (last.next() == 0 ? "" : "\"next\":" + last.next()) + "}"), rerun::toString);
        assertExactlyRows(project, total, "the final run");
        assertEquals(total - last.next(), rows(project, "final"));
        assertEquals("{\"next\":" + (total - 7) + "}", project.state(), "the last checkpoint; its 7 rows came with the final commit");
        System.out.printf("kill harness: %d trials (seed %d), kills landed %s, state.json one checkpoint behind after %d of them, %d rows, %d s%n",
                TRIALS, SEED, landed, behind, total, (System.nanoTime() - started) / 1_000_000_000L);
        if (TRIALS >= Aim.values().length) {
            assertTrue(landed.containsKey("4 inside the commit, before COMMIT"), "no kill landed inside a commit: " + landed);
            assertTrue(landed.containsKey("5 between state.json's write and rename"), "no kill landed in the state file's write: " + landed);
        }
        project.delete();
    }

    @Test
    void anExceptionFromUpdateAtARandomRowLeavesTheLastCheckpointAndTheRerunCompletes() {
        Random random = new Random(SEED);
        Project project = Project.empty("update-throws");
        int every = 97;
        long total = 4_000;
        long next = 0;
        for (int trial = 0; trial < 8; trial++) {
            long failAt = next + random.nextInt(600);
            String run = "failed-" + trial;
            Captured result = debug(project, generator(run, total, every, failAt));
            String context = "trial " + trial + " (seed " + SEED + ", failing at row " + failAt + ")\n" + result;
            assertEquals(1, result.exit(), context);
            assertTrue(result.out().contains("failed while executing update() error: failing at row " + failAt), context);
            long committed = Math.max(next, failAt / every * every);
            assertExactlyRows(project, committed, context);
            assertEquals(committed - next, rows(project, run), context);
            assertEquals(committed == 0 ? null : "{\"next\":" + committed + "}", project.state(), context);
            next = committed;
        }
        Captured rerun = debug(project, generator("rerun", total, every, -1));
        assertEquals(0, rerun.exit(), rerun::toString);
        assertEquals(total - next, rows(project, "rerun"));
        assertExactlyRows(project, total, rerun.toString());
        project.delete();
    }

    @Test
    void anExceptionFromSchemaChangesNothingAndTheRerunCompletes() {
        Project project = Project.empty("schema-throws");
        Connector.Schema failing = configuration -> {
            throw new IllegalStateException("no schema today");
        };
        Captured first = debug(project, new Connector(generator("never", 300, 97, -1).update(), failing));
        assertEquals(1, first.exit(), first::toString);
        assertTrue(first.out().contains("failed while executing schema() error: no schema today"), first::toString);
        assertFalse(first.err().contains("calling update()"), first::toString);
        assertNull(project.state());
        assertExactlyRows(project, 0, first.toString());

        assertEquals(1, debug(project, generator("partial", 300, 97, 250)).exit());
        Captured again = debug(project, new Connector(generator("never", 300, 97, -1).update(), failing));
        assertEquals(1, again.exit(), again::toString);
        assertTrue(again.out().contains("failed while executing schema() error: no schema today"), again::toString);
        assertExactlyRows(project, 194, again.toString());
        assertEquals("{\"next\":194}", project.state());

        Captured rerun = debug(project, generator("rerun", 300, 97, -1));
        assertEquals(0, rerun.exit(), rerun::toString);
        assertEquals(300 - 194, rows(project, "rerun"));
        assertExactlyRows(project, 300, rerun.toString());
        project.delete();
    }

    @Test
    void aSecondDebugRunStopsWithAClearMessageAndTheFirstFinishes() throws Exception {
        Project project = Project.scripted("locked").script("""
                [{"op": "generate", "table": "events", "rows": 100, "checkpoint_every": 10, "pause_ms": 1000}]""", "run", "first");
        assertEquals(0, project.jbang("version").exit(), "build the connector first");
        KillableRun first = KillableRun.start(project);
        try {
            assertTrue(first.awaitLog(log -> log.contains(RECORDED), 120), first.log());
            Project.Result second = project.jbang("debug");
            assertEquals(1, second.exit(), second::toString);
            assertTrue(second.out().contains("is locked by another process (PID"), second::toString);
            assertTrue(second.out().contains("another sync of this project (debug or run), or a program that holds it open. Stop that process and try again."), second::toString);
            Project.Result reset = project.jbang("reset", "--yes");
            assertEquals(1, reset.exit(), reset::toString);
            assertTrue(reset.err().contains("reset failed: the warehouse") && reset.err().contains("is locked by another process"), reset::toString);
            assertTrue(first.isAlive(), "the first sync should still be running:\n" + first.log());
            assertEquals(0, first.waitFor(120), first.log());
        } finally {
            first.close();
        }
        assertExactlyRows(project, 100, "after the first run");
        assertEquals("{\"next\":100}", project.state());
        project.delete();
    }

    @Test
    void anotherProgramHoldingTheWarehouseOpenStopsDebugWithAClearMessageAndKeepsItsConnection() throws Exception {
        Project project = Project.scripted("held-open");
        assertEquals(0, debug(project, generator("first", 30, 10, -1)).exit());
        project.script(GENERATE.formatted(60, 10), "run", "second");
        for (boolean readOnly : List.of(false, true)) {
            Properties options = new Properties();
            options.setProperty("duckdb.read_only", String.valueOf(readOnly));
            try (Connection holder = DriverManager.getConnection("jdbc:duckdb:" + project.file("files/warehouse.db"), options)) {
                Project.Result blocked = project.jbang("debug");
                assertEquals(1, blocked.exit(), blocked::toString);
                assertTrue(blocked.out().contains("is locked by another process (PID " + ProcessHandle.current().pid() + ")"), blocked::toString);
                assertEquals(1, blocked.all().split("is locked by another process", -1).length - 1, "the message once: " + blocked);
                try (var statement = holder.createStatement(); var count = statement.executeQuery("SELECT count(*) FROM tester.events")) {
                    count.next();
                    assertEquals(30, count.getLong(1), "the holder still reads the warehouse");
                }
            }
        }
        assertExactlyRows(project, 30, "after the blocked runs");
        assertEquals("{\"next\":30}", project.state());
        project.delete();
    }

    @Test
    void aDamagedStateFileOrWarehouseIsReportedAndLeftAsItIs() throws Exception {
        Project project = Project.empty("damaged");
        assertEquals(0, debug(project, generator("first", 20_000, 1_000, -1)).exit());
        Path stateFile = project.file("files/state.json");
        Path warehouse = project.file("files/warehouse.db");
        byte[] goodState = Files.readAllBytes(stateFile);
        byte[] goodWarehouse = Files.readAllBytes(warehouse);
        List<Map.Entry<String, byte[]>> damagedStates = List.of(
                Map.entry("is not valid JSON (line 1, column", Arrays.copyOf(goodState, goodState.length / 2)),
                Map.entry("is empty", new byte[0]),
                Map.entry("is not UTF-8 text", new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}));
        for (Map.Entry<String, byte[]> state : damagedStates) {
            Files.write(stateFile, state.getValue());
            Captured result = debug(project, generator("never", 30_000, 1_000, -1));
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.out().contains("state file " + stateFile + " " + state.getKey()), result::toString);
            assertTrue(result.out().contains("it was left untouched: fix it, or delete it to start from an empty state"), result::toString);
            assertArrayEquals(state.getValue(), Files.readAllBytes(stateFile));
            assertExactlyRows(project, 20_000, result.toString());
        }
        Files.write(stateFile, goodState);
        List<Map.Entry<String, byte[]>> damagedWarehouses = List.of(
                Map.entry("Could not read enough bytes from file \"" + warehouse + "\"", Arrays.copyOf(goodWarehouse, goodWarehouse.length / 2)),
                Map.entry("exists, but it is not a valid DuckDB database file", "not a database".repeat(1_000).getBytes()),
                Map.entry("exists, but it is not a valid DuckDB database file", new byte[0]));
        for (Map.Entry<String, byte[]> file : damagedWarehouses) {
            Files.write(warehouse, file.getValue());
            Captured result = debug(project, generator("never", 30_000, 1_000, -1));
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.out().contains(file.getKey()), result::toString);
            assertArrayEquals(file.getValue(), Files.readAllBytes(warehouse));
            assertArrayEquals(goodState, Files.readAllBytes(stateFile));
        }
        Files.write(warehouse, goodWarehouse);
        Captured rerun = debug(project, generator("rerun", 30_000, 1_000, -1));
        assertEquals(0, rerun.exit(), rerun::toString);
        assertExactlyRows(project, 30_000, rerun.toString());
        assertEquals(10_000, rows(project, "rerun"));
        project.delete();
    }

    /** Waits for the {@code count}-th time a commit made by {@code update()} reaches {@code marker}. */
    private static void awaitInUpdate(KillableRun run, String marker, int count, String context) throws InterruptedException {
        assertTrue(run.awaitInUpdate(marker, count, 120), context + "\n" + run.log());
    }
}
