package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.testing.IcebergTables;
import fivetran.connector.sdk.testing.KillableRun;
import fivetran.connector.sdk.testing.Project;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run} killed through JBang, as a user runs it: at a random instant, after its tables' commits but before the
 * checkpoint's commit point, and between {@code state.json}'s write and rename. Whatever the kill hit, the next run's
 * opening of the catalog leaves every table at the last completed checkpoint, with that checkpoint's state, and a final
 * run completes with every row exactly once. The table has no primary key and each run tags its rows, so a row
 * written twice shows as two rows. Six kills by default ({@code -Dsoak.trials=N} for more).
 */
@Tag("e2e")
class IcebergCrashTest {
    private static final int TRIALS = Integer.getInteger("soak.trials", 6);
    private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
    private static final int CHECKPOINT_EVERY = 500;
    private static final String GENERATE = """
            [{"op": "generate", "table": "events", "rows": %d, "checkpoint_every": %d, "pause_ms": %d}]""";
    private static final String MARK = "crash window: ";

    private enum Aim { ANY_INSTANT, BEFORE_COMMIT_POINT, STATE_FILE_WRITE }

    @Test
    void killedRunsLeaveTheLastCompletedCheckpointAndTheFinalRunWritesEveryRowOnce() throws Exception {
        Random random = new Random(SEED);
        Project project = Project.scripted("iceberg-kill");
        Map<String, Integer> recovered = new TreeMap<>();
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                Aim aim = Aim.values()[trial % Aim.values().length];
                String context = "trial " + trial + " (seed " + SEED + ", aimed at " + aim + ")";
                project.script(GENERATE.formatted(1_000_000_000L, CHECKPOINT_EVERY, 50), "run", "killed-" + trial);
                KillableRun run = KillableRun.startCommand(project, "run",
                        "-Dconnector.sdk.test.crashWindowMillis=" + (aim == Aim.ANY_INSTANT ? 0 : 400));
                try {
                    String window = switch (aim) {
                        case ANY_INSTANT -> "checkpoint recorded";
                        case BEFORE_COMMIT_POINT -> MARK + "before COMMIT";
                        case STATE_FILE_WRITE -> MARK + "state file written, before its rename";
                    };
                    int times = 2 + random.nextInt(3);
                    assertTrue(run.awaitLog(log -> count(log, window) >= times, 240), context + "\n" + run.log());
                    if (aim == Aim.ANY_INSTANT) {
                        Thread.sleep(random.nextInt(400));
                    }
                    assertTrue(run.isAlive(), context + ": the run ended before the kill\n" + run.log());
                    run.kill();
                } finally {
                    run.close();
                }
                // the next run opens the catalog and puts it back to its last commit point; an empty script changes nothing else
                project.script("[]");
                Project.Result reopen = project.command("run");
                assertEquals(0, reopen.exit(), context + "\n" + reopen);
                if (reopen.err().contains("ahead of the last completed checkpoint")) {
                    recovered.merge(aim.name(), 1, Integer::sum);
                }
                assertExactlyTheCommittedRows(project, context);
            }
            long next = committedNext(project);
            long total = next + 2 * CHECKPOINT_EVERY + 7;
            project.script(GENERATE.formatted(total, CHECKPOINT_EVERY, 0), "run", "final");
            Project.Result last = project.jbang("run");
            assertEquals(0, last.exit(), last::toString);
            assertTrue(last.err().contains("state at start: {" + (next == 0 ? "" : "\"next\":" + next) + "}"), last::toString);
            try (IcebergTables iceberg = new IcebergTables(project)) {
                // the last 7 rows came with the final commit, which has no state of its own
                List<Map<String, String>> rows = iceberg.rows("events", "row");
                assertEquals(total, rows.size());
                assertEquals(total, rows.stream().map(row -> row.get("row")).distinct().count(), "a row written twice");
                assertEquals(total - next, rows.stream().filter(row -> "final".equals(row.get("run"))).count());
            }
            assertEquals("{\"next\":" + (total - 7) + "}", project.state().strip());
            System.out.printf("iceberg kill trials: %d (seed %d); tables put back to the commit point after %s%n", TRIALS, SEED, recovered);
            if (TRIALS >= Aim.values().length) {
                assertTrue(recovered.containsKey(Aim.BEFORE_COMMIT_POINT.name()),
                        "no kill between the tables' commits and the commit point was recovered: " + recovered);
            }
        } finally {
            project.delete();
        }
    }

    @Test
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

    /** The table holds rows 0..next-1 of the committed state, each once; state.json is that state. */
    private static void assertExactlyTheCommittedRows(Project project, String context) throws Exception {
        long next = committedNext(project);
        try (IcebergTables iceberg = new IcebergTables(project)) {
            List<Map<String, String>> rows = iceberg.tables().contains("events") ? iceberg.rows("events", "row") : List.of();
            Set<String> distinct = new HashSet<>();
            rows.forEach(row -> distinct.add(row.get("row")));
            assertEquals(next, rows.size(), context + ": rows");
            assertEquals(next, distinct.size(), context + ": a row written twice");
            JsonNode record = iceberg.commitRecord();
            String state = record == null || record.get("state").isNull() ? null : record.get("state").asText();
            assertEquals(state, project.state() == null ? null : project.state().strip(), context + ": state.json");
        }
    }

    private static long committedNext(Project project) throws Exception {
        try (IcebergTables iceberg = new IcebergTables(project)) {
            JsonNode record = iceberg.commitRecord();
            if (record == null || record.get("state").isNull()) {
                return 0;
            }
            return Jackson.MAPPER.readTree(record.get("state").asText()).path("next").asLong(0);
        }
    }

    private static int count(String text, String mark) {
        int count = 0;
        for (int i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + mark.length())) {
            count++;
        }
        return count;
    }
}
