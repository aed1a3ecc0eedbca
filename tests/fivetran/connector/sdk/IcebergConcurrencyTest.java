package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.IcebergTables;
import fivetran.connector.sdk.testing.KillableRun;
import fivetran.connector.sdk.testing.Project;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run} and other writers of the same Iceberg catalog. Another writer's commit to a table while a checkpoint is
 * being committed to it fails that checkpoint with a message naming the table, and the re-run lands every row once;
 * another writer's rows are never lost, neither then nor when they were committed between two runs; a second
 * {@code run} of the project while one is running is refused. The tables have no primary key and each run tags its
 * rows, so a row written twice shows as two rows.
 */
class IcebergConcurrencyTest {
    private static final String GENERATE = """
            [{"op": "generate", "tables": ["events", "audit"], "rows": %d, "checkpoint_every": %d, "pause_ms": %d}]""";
    private static final List<String> TABLES = List.of("events", "audit");
    private static final List<Map<String, Object>> OTHER_ROWS = List.of(otherRow(1), otherRow(2));

    @Test
    @Tag("e2e")
    void anotherWritersCommitInsideACheckpointFailsItNamingTheTableAndTheRerunLandsEveryRowOnceKeepingTheOtherRows() throws Exception {
        Project project = Project.scripted("iceberg-other-writer");
        try {
            assertEquals(0, project.script(GENERATE.formatted(100, 100, 0), "run", "first").command("run").exit());
            // checkpoints of 20,000 rows: committing one to a table takes seconds, which the other writer's commit lands inside
            int every = 20_000;
            project.script(GENERATE.formatted(3 * every, every, 0), "run", "second");
            KillableRun run = KillableRun.startCommand(project, "run", "-Dconnector.sdk.test.crashWindowMillis=0");
            String failed;
            try {
                // a checkpoint's commit starts with this mark, then reads the first table, events, and commits to it
                assertTrue(run.awaitLog(log -> log.contains("calling update()")
                        && log.indexOf("crash window: merging staged operations", log.indexOf("calling update()")) >= 0, 120), run.log());
                Thread.sleep(300);
                try (IcebergTables iceberg = new IcebergTables(project)) {
                    iceberg.append("events", OTHER_ROWS);
                }
                assertEquals(1, run.waitFor(120), run.log());
                failed = run.log();
            } finally {
                run.close();
            }
            int summary = failed.indexOf("SYNC FAILED");
            assertTrue(summary >= 0, failed);
            assertTrue(failed.substring(summary).contains("Iceberg table tester.events was changed by another writer"), "the summary's message: " + failed);
            assertEquals("{\"next\":100}", project.state().strip(), "the failed checkpoint committed nothing");

            Project.Result rerun = project.command("run");
            assertEquals(0, rerun.exit(), rerun::toString);
            assertEquals("{\"next\":" + 3 * every + "}", project.state().strip());
            assertEveryRowOnce(project, 3 * every, true);
        } finally {
            project.delete();
        }
    }

    @Test
    void anotherWritersCommitBetweenTwoRunsIsKept() throws Exception {
        Project project = Project.scripted("iceberg-between-runs");
        try {
            assertEquals(0, project.script(GENERATE.formatted(200, 100, 0), "run", "first").command("run").exit());
            try (IcebergTables iceberg = new IcebergTables(project)) {
                iceberg.append("events", OTHER_ROWS);
            }
            Project.Result next = project.script(GENERATE.formatted(500, 100, 0), "run", "second").command("run");
            assertEquals(0, next.exit(), next::toString);
            assertEveryRowOnce(project, 500, true);
        } finally {
            project.delete();
        }
    }

    @Test
    @Tag("e2e")
    void aSecondRunOfTheProjectIsRefusedWithAClearMessageAndTheFirstFinishes() throws Exception {
        Project project = Project.scripted("iceberg-locked").script(GENERATE.formatted(100, 10, 1_000), "run", "first");
        try {
            KillableRun first = KillableRun.startCommand(project, "run");
            try {
                assertTrue(first.awaitLog(log -> log.contains("checkpoint recorded"), 120), first.log());
                Project.Result second = project.jbang("run");
                assertEquals(1, second.exit(), second::toString);
                assertTrue(second.out().contains("SYNC FAILED"), second::toString);
                assertTrue(second.out().contains("files/iceberg/staging.duckdb is locked by another process (PID"), second::toString);
                assertTrue(first.isAlive(), "the first run should still be running:\n" + first.log());
                assertEquals(0, first.waitFor(120), first.log());
            } finally {
                first.close();
            }
            assertEveryRowOnce(project, 100, false);
            assertEquals("{\"next\":100}", project.state().strip());
        } finally {
            project.delete();
        }
    }

    /** Each table holds the generated rows 0..n-1 once each, and events the other writer's rows when it wrote any. */
    private static void assertEveryRowOnce(Project project, long n, boolean otherWriter) throws Exception {
        try (IcebergTables iceberg = new IcebergTables(project)) {
            for (String table : TABLES) {
                List<Map<String, String>> rows = iceberg.rows(table, "row");
                List<Long> generated = rows.stream().filter(row -> !"other writer".equals(row.get("run")))
                        .map(row -> Long.parseLong(row.get("row"))).sorted().toList();
                assertEquals(n, generated.size(), table + ": rows");
                assertEquals(n, generated.stream().distinct().count(), table + ": a row written twice");
                assertEquals(List.of(0L, n - 1), List.of(generated.get(0), generated.get(generated.size() - 1)), table);
                long other = rows.stream().filter(row -> "other writer".equals(row.get("run"))).count();
                assertEquals(otherWriter && table.equals("events") ? OTHER_ROWS.size() : 0, other, table + ": the other writer's rows");
            }
        }
    }

    private static Map<String, Object> otherRow(long id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", -id);
        row.put("run", "other writer");
        row.put("payload", "written by another writer");
        row.put("_fivetran_id", "other-" + id);
        row.put("_fivetran_synced", OffsetDateTime.now(ZoneOffset.UTC));
        row.put("_fivetran_deleted", false);
        return row;
    }
}
