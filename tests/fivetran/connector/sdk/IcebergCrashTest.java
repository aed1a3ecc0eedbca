package fivetran.connector.sdk;

import static fivetran.connector.sdk.testing.ExactlyOnce.assertExactlyIcebergRows;
import static fivetran.connector.sdk.testing.ExactlyOnce.committedIcebergNext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.testing.IcebergTables;
import fivetran.connector.sdk.testing.KillableRun;
import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run} killed with SIGKILL through JBang, as a user runs it, while it syncs two tables per checkpoint: at random
 * instants, between one table's Iceberg commit and the next's, after the tables' commits but before the checkpoint's
 * commit point, and between {@code state.json}'s write and rename. After each kill, {@code state.json} is at the
 * committed checkpoint or one behind; the next run's opening of the catalog puts every table back to the last completed
 * checkpoint (and says so), each table then holds that checkpoint's rows exactly once, and {@code state.json} is its
 * state; a final run completes with every row exactly once. The tables have no primary key and each run tags its rows,
 * so a row written twice shows as two rows.
 *
 * <p>{@code -Dsoak.trials} kills (default 30, about four minutes): {@code ./jbang -Dsoak.trials=300 tests/RunTests.java
 * --tier soak IcebergCrash}; {@code -Dsoak.seed=N} replays a run's random choices (the seed is printed).
 * The kill trials are in the soak tier, the class-path check in e2e.
 */
class IcebergCrashTest {
    private static final int TRIALS = Integer.getInteger("soak.trials", 30);
    private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
    private static final int CHECKPOINT_EVERY = 200;
    private static final long WINDOW_MILLIS = 300;
    private static final List<String> TABLES = List.of("events", "audit");
    private static final String GENERATE = """
            [{"op": "generate", "tables": ["events", "audit"], "rows": %d, "checkpoint_every": %d}]""";
    private static final String MARK = "crash window: ";
    private static final String MERGING = MARK + "merging staged operations";
    private static final String BEFORE_COMMIT_POINT = MARK + "before COMMIT";
    private static final String BEFORE_RENAME = MARK + "state file written, before its rename";
    private static final String BETWEEN_TABLES = "3 between the tables' commits";
    private static final String AFTER_TABLES = "4 after the tables' commits, before the commit point";
    private static final String IN_STATE_FILE = "5 between state.json's write and rename";

    /** Where a kill is aimed; where it landed is read from the catalog and state.json it left. */
    private enum Aim { ANY_INSTANT, BETWEEN_TABLE_COMMITS, BEFORE_COMMIT_POINT, STATE_FILE_WRITE }

    @Test
    @Tag("soak")
    void killedRunsLeaveTheLastCompletedCheckpointAndTheFinalRunWritesEveryRowOnce() throws Exception {
        long started = System.nanoTime();
        Random random = new Random(SEED);
        Project project = Project.scripted("iceberg-kill");
        Path catalog = project.file("files/iceberg/catalog.db");
        Map<String, Integer> landed = new TreeMap<>();
        try {
            assertEquals(0, project.jbang("version").exit(), "build the connector first");
            for (int trial = 0; trial < TRIALS; trial++) {
                Aim aim = Aim.values()[trial % Aim.values().length];
                String context = "trial " + trial + " (seed " + SEED + ", aimed at " + aim + ")";
                long startNext = committedIcebergNext(project);
                project.script(GENERATE.formatted(1_000_000_000L, CHECKPOINT_EVERY), "run", "killed-" + trial);
                boolean pauses = aim == Aim.BEFORE_COMMIT_POINT || aim == Aim.STATE_FILE_WRITE;
                KillableRun run = KillableRun.startCommand(project, "run", "-Dconnector.sdk.test.crashWindowMillis=" + (pauses ? WINDOW_MILLIS : 0));
                try {
                    int times = 1 + random.nextInt(3);
                    switch (aim) {
                        case ANY_INSTANT -> {
                            if (random.nextInt(5) == 0) {
                                Thread.sleep(random.nextInt(3_000));
                            } else {
                                assertTrue(run.awaitLog(log -> log.contains("calling update()"), 120), context + "\n" + run.log());
                                Thread.sleep(random.nextInt(1_500));
                            }
                        }
                        case BETWEEN_TABLE_COMMITS -> {
                            // no mark between the tables' commits: the catalog's file changes when the first one is done
                            awaitInUpdate(run, MERGING, times, context);
                            FileTime before = lastModified(catalog);
                            assertTrue(run.awaitLog(log -> !lastModified(catalog).equals(before), 120), context + "\n" + run.log());
                        }
                        case BEFORE_COMMIT_POINT -> awaitInUpdate(run, BEFORE_COMMIT_POINT, times, context);
                        case STATE_FILE_WRITE -> awaitInUpdate(run, BEFORE_RENAME, times, context);
                    }
                    assertTrue(run.isAlive(), context + ": the run ended before the kill\n" + run.log());
                    run.kill();
                    String log = run.log();
                    List<String> ahead = ahead(project);
                    landed.merge(landing(project, log, ahead), 1, Integer::sum);
                    assertRecovered(project, startNext, "killed-" + trial, ahead, context + "\n" + log);
                } finally {
                    run.close();
                }
            }
            long next = committedIcebergNext(project);
            long total = next + 2 * CHECKPOINT_EVERY + 7;
            project.script(GENERATE.formatted(total, CHECKPOINT_EVERY), "run", "final");
            Project.Result last = project.jbang("run");
            assertEquals(0, last.exit(), last::toString);
            assertTrue(last.err().contains("state at start: {" + (next == 0 ? "" : "\"next\":" + next) + "}"), last::toString);
            // the last 7 rows came with the final commit, which has no state of its own
            assertExactlyIcebergRows(project, TABLES, total, "final", total - next, "the final run");
            assertEquals("{\"next\":" + (total - 7) + "}", project.state().strip());
            System.out.printf("iceberg kill trials: %d (seed %d), kills landed %s, %d rows per table, %d s%n",
                    TRIALS, SEED, landed, total, (System.nanoTime() - started) / 1_000_000_000L);
            if (TRIALS >= Aim.values().length) {
                for (String phase : List.of(BETWEEN_TABLES, AFTER_TABLES, IN_STATE_FILE)) {
                    assertTrue(landed.containsKey(phase), "no kill landed " + phase.substring(2) + ": " + landed);
                }
            }
        } finally {
            project.delete();
        }
    }

    @Test
    @Tag("e2e")
    void aConnectorsClassPathHoldsNoIcebergNorHadoop() {
        Project project = Project.scripted("iceberg-class-path");
        try {
            Project.Result classPath = project.run(List.of(Project.root().resolve("jbang").toString(), "info", "classpath", "connector.java"), Map.of(), null);
            assertEquals(0, classPath.exit(), classPath::toString);
            assertTrue(classPath.out().contains("duckdb"), classPath::toString);
            for (String absent : List.of("iceberg", "hadoop", "sqlite-jdbc", "parquet")) {
                assertTrue(!classPath.out().contains(absent), absent + " on a connector's class path: " + classPath.out());
            }
        } finally {
            project.delete();
        }
    }

    /**
     * After a kill: state.json at the commit point's state or the one before; the next run (with nothing to sync) puts
     * back exactly the tables that were ahead of the commit point, saying so; then every table holds rows 0..n-1 of the
     * committed state {@code {"next": n}} once each, the killed run's rows those from where the previous run committed,
     * and state.json is the committed state.
     */
    private static void assertRecovered(Project project, long startNext, String run, List<String> ahead, String where) throws Exception {
        JsonNode record = commitRecord(project);
        String state = project.state() == null ? null : project.state().strip();
        if (record != null && !record.get("state").isNull()) {
            String committed = record.get("state").asText();
            String previous = record.path("previous_state").asText("{}");
            assertTrue(sameJson(committed, state) || sameJson(previous, state == null ? "{}" : state),
                    "state.json " + state + " is neither the committed state " + committed + " nor the one before: " + where);
        }
        project.script("[]");
        Project.Result reopen = project.command("run");
        assertEquals(0, reopen.exit(), where + "\n" + reopen);
        for (String table : TABLES) {
            boolean putBack = reopen.err().contains("Iceberg table " + table + " is ahead of the last completed checkpoint")
                    || reopen.err().contains("Iceberg table " + table + " was created by a checkpoint that did not complete");
            assertEquals(ahead.contains(table), putBack, table + " ahead " + ahead + ", put back: " + putBack + "\n" + where + "\n" + reopen);
        }
        assertEquals(List.of(), ahead(project), where);
        long next = committedIcebergNext(project);
        assertTrue(next >= startNext, where);
        assertExactlyIcebergRows(project, TABLES, next, run, next - startNext, where);
        record = commitRecord(project);
        String committed = record == null || record.get("state").isNull() ? null : record.get("state").asText();
        assertEquals(committed, project.state() == null ? null : project.state().strip(), "state.json: " + where);
    }

    /** Where the kill landed, from the log and what the catalog and state.json show before the next run opens them. */
    private static String landing(Project project, String log, List<String> ahead) throws Exception {
        if (!log.contains("calling update()")) {
            return "1 before update() (JVM start, catalog open, schema)";
        }
        if (ahead.size() == TABLES.size()) {
            return AFTER_TABLES;
        }
        if (!ahead.isEmpty()) {
            return BETWEEN_TABLES;
        }
        JsonNode record = commitRecord(project);
        String state = project.state();
        if (record != null && !record.get("state").isNull() && !sameJson(record.get("state").asText(), state == null ? "{}" : state)) {
            return IN_STATE_FILE;
        }
        return "2 staging rows, or in a commit before its first table's";
    }

    /** The tables ahead of the commit point, read before anything else opens the catalog; none when there is no catalog yet. */
    private static List<String> ahead(Project project) throws Exception {
        if (!Files.exists(project.file("files/iceberg/catalog.db"))) {
            return List.of();
        }
        try (IcebergTables iceberg = new IcebergTables(project)) {
            return iceberg.aheadOfTheCommitPoint();
        }
    }

    private static JsonNode commitRecord(Project project) throws Exception {
        if (!Files.exists(project.file("files/iceberg/catalog.db"))) {
            return null;
        }
        try (IcebergTables iceberg = new IcebergTables(project)) {
            return iceberg.commitRecord();
        }
    }


    private static FileTime lastModified(Path file) {
        try {
            return Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the {@code count}-th time a commit made by {@code update()} reaches {@code marker}. */
    private static void awaitInUpdate(KillableRun run, String marker, int count, String context) throws InterruptedException {
        assertTrue(run.awaitInUpdate(marker, count, 120), context + "\n" + run.log());
    }

    private static boolean sameJson(String a, String b) {
        try {
            return b != null && Jackson.MAPPER.readTree(a).equals(Jackson.MAPPER.readTree(b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
