package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rows and state commit together at each checkpoint; a failure or a kill leaves exactly the last checkpoint. */
class CheckpointAndFailureTest {
    private static final String GENERATE = """
            [{"op": "generate", "table": "events", "rows": %d, "checkpoint_every": %d, "pause_ms": %d, "fail_at": %d}]""";

    private static long rows(Project project, String run) {
        return (Long) project.value("SELECT count(*) FROM tester.events WHERE run = '" + run + "'");
    }

    /** Every row 0..n-1 exactly once, whatever run wrote it. */
    private static void assertExactlyRows(Project project, long n) {
        assertEquals(List.of(Map.of("rows", n, "distinct_rows", n, "low", 0L, "high", n - 1)),
                project.query("SELECT count(*) AS rows, count(DISTINCT \"row\") AS distinct_rows, min(\"row\")::BIGINT AS low, "
                        + "max(\"row\")::BIGINT AS high FROM tester.events"));
    }

    @Test
    void anExceptionInUpdateLeavesTheLastCheckpointAndTheNextRunResumesFromIt() {
        Project project = Project.scripted("fail-resume").script(GENERATE.formatted(50, 10, 0, 35), "run", "first");
        Project.Result failed = project.jbang("debug");
        assertEquals(1, failed.exit(), failed::toString);
        assertTrue(failed.out().contains("SYNC FAILED"), failed::toString);
        assertTrue(failed.all().contains("failed while executing update() error: failing at row 35 as the script says"), failed::toString);
        assertEquals("{\"next\":30}", project.state());
        assertEquals(30L, rows(project, "first"));
        assertExactlyRows(project, 30);

        project.script(GENERATE.formatted(50, 10, 0, -1), "run", "second");
        Project.Result resumed = project.jbang("debug");
        assertEquals(0, resumed.exit(), resumed::toString);
        assertTrue(resumed.err().contains("state at start: {\"next\":30}"), resumed::toString);
        assertEquals(20L, rows(project, "second"));
        assertExactlyRows(project, 50);
    }

    @Test
    void anExceptionInSchemaFailsTheSyncBeforeUpdate() {
        Project project = Project.scripted("schema-fails").script("[]", "schema_error", "no schema today");
        Project.Result result = project.jbang("debug");
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.all().contains("failed while executing schema() error: no schema today"), result::toString);
        assertFalse(result.err().contains("calling update()"), result::toString);
    }

    @Test
    void aKilledSyncLeavesTheRowsOfItsLastCheckpointAndTheRerunCompletesWithoutDuplicates() throws Exception {
        Project project = Project.scripted("kill").script(GENERATE.formatted(200_000, 500, 20, -1), "run", "killed");
        assertEquals(0, project.jbang("version").exit(), "build the connector first");
        Path log = Files.createTempFile("kill", ".log");
        Process sync = new ProcessBuilder(Project.root().resolve("jbang").toString(), "connector.java", "debug")
                .directory(project.dir().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (checkpoints(log) < 5 && System.nanoTime() < deadline && sync.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(sync.isAlive(), "the sync should still be running: " + Files.readString(log));
        sync.descendants().forEach(ProcessHandle::destroyForcibly);
        sync.destroyForcibly();
        sync.waitFor(30, TimeUnit.SECONDS);

        long committed = (Long) project.value("SELECT checkpoints FROM _connector_sdk.state");
        long rows = rows(project, "killed");
        assertTrue(committed >= 5, "checkpoints committed: " + committed);
        assertEquals(committed * 500, rows, "rows in the warehouse are exactly those of the committed checkpoints");
        assertExactlyRows(project, rows);
        String state = project.state();
        assertTrue(state.equals("{\"next\":" + rows + "}") || state.equals("{\"next\":" + (rows - 500) + "}"),
                "state.json is at the last checkpoint or one behind: " + state + " with " + rows + " rows");

        project.script(GENERATE.formatted(rows + 1500, 500, 0, -1), "run", "rerun");
        Project.Result rerun = project.jbang("debug");
        assertEquals(0, rerun.exit(), rerun::toString);
        assertTrue(rerun.err().contains("state at start: {\"next\":" + rows + "}"), rerun::toString);
        assertEquals(1500L, rows(project, "rerun"));
        assertExactlyRows(project, rows + 1500);
        Files.delete(log);
    }

    private static int checkpoints(Path log) throws IOException {
        Matcher matcher = Pattern.compile("checkpoint recorded").matcher(Files.readString(log));
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    @Test
    void aLongSyncPrintsProgressWithRowsAndRate() {
        Project project = Project.scripted("progress").script(GENERATE.formatted(20_000, 10_000, 0, -1), "run", "progress");
        List<String> command = List.of(Project.root().resolve("jbang").toString(), "-Dconnector.sdk.progress.seconds=0", "connector.java", "debug");
        Project.Result result = project.run(command, Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().matches("(?s).*⚡ debugger  progress: 16,384 rows, [0-9,]+ rows/s\n.*"), result::toString);
    }

    @Test
    void stateJsonOneCheckpointBehindIsRepairedFromTheWarehouse() throws IOException {
        Project project = Project.scripted("behind").script(GENERATE.formatted(30, 10, 0, -1), "run", "first");
        assertEquals(0, project.jbang("debug").exit());
        assertEquals("{\"next\":30}", project.state());
        Files.writeString(project.file("files/state.json"), "{\"next\": 20}");
        project.script(GENERATE.formatted(40, 10, 0, -1), "run", "second");
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().contains("state.json was one checkpoint behind the warehouse"), result::toString);
        assertEquals(10L, rows(project, "second"));
        assertExactlyRows(project, 40);
    }

    @Test
    void aHandEditedStateJsonIsUsedAsEdited() throws IOException {
        Project project = Project.scripted("edited").script(GENERATE.formatted(30, 10, 0, -1), "run", "first");
        assertEquals(0, project.jbang("debug").exit());
        Files.writeString(project.file("files/state.json"), "{\"next\": 25}");
        project.script(GENERATE.formatted(30, 10, 0, -1), "run", "second");
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().contains("differs from the state last committed to the warehouse; using the file as edited"), result::toString);
        assertTrue(result.err().contains("state at start: {\"next\":25}"), result::toString);
    }

    @Test
    void aStateJsonThatIsNotAnObjectIsReportedAndLeftUntouched() throws IOException {
        Project project = Project.scripted("bad-state").script("[]");
        Files.createDirectories(project.file("files"));
        Files.writeString(project.file("files/state.json"), "[1, 2");
        Project.Result result = project.jbang("debug");
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.all().contains("state file " + project.file("files/state.json").toRealPath() + " is not valid JSON"), result::toString);
        assertEquals("[1, 2", project.state());
        Files.writeString(project.file("files/state.json"), "[1, 2]");
        Project.Result array = project.jbang("debug");
        assertTrue(array.all().contains("must hold a JSON object, found array"), array::toString);
    }

    @Test
    void stateCanComeFromAFileGivenByFlagOrEnvironment() throws IOException {
        Project project = Project.scripted("state-flag").script(GENERATE.formatted(10, 5, 0, -1), "run", "flag");
        project.write("start.json", "{\"next\": 5}");
        Project.Result flag = project.jbang("debug", "--state", "start.json");
        assertEquals(0, flag.exit(), flag::toString);
        assertEquals(5L, rows(project, "flag"));
        project.write("env.json", "{\"next\": 8}");
        project.script(GENERATE.formatted(10, 1, 0, -1), "run", "env");
        Project.Result env = project.jbangWith(Map.of("FIVETRAN_STATE", "env.json"), "debug");
        assertEquals(0, env.exit(), env::toString);
        assertEquals(2L, rows(project, "env"));
        assertEquals("{\"next\":10}", project.state());
    }

    @Test
    void aSecondSyncOfTheSameProjectStopsWithAClearMessageAndTheFirstFinishes() throws Exception {
        Project project = Project.scripted("locked").script(GENERATE.formatted(100, 10, 1000, -1), "run", "first");
        assertEquals(0, project.jbang("version").exit());
        Path log = Files.createTempFile("first", ".log");
        Process first = new ProcessBuilder(Project.root().resolve("jbang").toString(), "connector.java", "debug")
                .directory(project.dir().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (checkpoints(log) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Project.Result second = project.jbang("debug");
        assertEquals(1, second.exit(), second::toString);
        assertTrue(second.all().contains("is locked by another process (PID"), second::toString);
        Project.Result reset = project.jbang("reset", "--yes");
        assertEquals(1, reset.exit(), reset::toString);
        assertTrue(reset.err().contains("reset failed: the warehouse") && reset.err().contains("is locked by another process"), reset::toString);
        assertTrue(first.isAlive(), "the first sync should still be running");
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(log));
        assertExactlyRows(project, 100);
        Files.delete(log);
    }

    @Test
    void badInputNamesTableColumnValueAndRuleAndWritesNothingPastTheLastCheckpoint() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"{\"id\": 2, \"qty\": \"many\"}", "table 'orders', column 'qty': value 'many' (String) is not a number, which INT needs"});
        cases.add(new String[] {"{\"id\": 2, \"qty\": 3000000000}", "table 'orders', column 'qty': value 3000000000 (Long) is out of range for INT"});
        cases.add(new String[] {"{\"id\": 2, \"price\": 12345.5}", "table 'orders', column 'price': value 12345.5 (Double) does not fit DECIMAL(5,2)"});
        cases.add(new String[] {"{\"id\": 2, \"paid_at\": \"2024-01-01T10:00:00\"}",
                "table 'orders', column 'paid_at': value '2024-01-01T10:00:00' (String) is not a UTC_DATETIME"});
        cases.add(new String[] {"{\"qty\": 1}", "table 'orders': upsert is missing primary-key column 'id'"});
        cases.add(new String[] {"{\"id\": null, \"qty\": 1}", "table 'orders': upsert has a null value for primary-key column 'id'"});
        String schema = "[{\"table\": \"orders\", \"primary_key\": [\"id\"], \"columns\": {\"id\": \"INT\", \"qty\": \"INT\", "
                + "\"price\": {\"type\": \"DECIMAL\", \"precision\": 5, \"scale\": 2}, \"paid_at\": \"UTC_DATETIME\"}}]";
        for (String[] bad : cases) {
            Project project = Project.scripted("bad-value").schema(schema, """
                    [{"op": "upsert", "table": "orders", "data": {"id": 1, "qty": 1}},
                     {"op": "checkpoint", "state": {"at": 1}},
                     {"op": "upsert", "table": "orders", "data": {"id": 3, "qty": 3}},
                     {"op": "upsert", "table": "orders", "data": %s}]""".formatted(bad[0]));
            Project.Result result = project.jbang("debug");
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.out().contains(bad[1]), "expected «" + bad[1] + "» in\n" + result);
            assertEquals(List.of(Map.of("id", 1)), project.query("SELECT id FROM tester.orders"));
            assertEquals("{\"at\":1}", project.state());
            project.delete();
        }
    }

    @Test
    void invalidDeclarationsAndOperationsOnUnknownTablesAreRefused() {
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("decimal", new String[] {"[{\"table\": \"t\", \"columns\": {\"amount\": \"DECIMAL\"}}]", "[]",
                "table 't', column 'amount': DECIMAL needs the form {\"type\": \"DECIMAL\", \"precision\": p, \"scale\": s}"});
        cases.put("type", new String[] {"[{\"table\": \"t\", \"columns\": {\"amount\": \"MONEY\"}}]", "[]", "Unrecognized column type 'MONEY'"});
        cases.put("empty-name", new String[] {"[{\"table\": \" \"}]", "[]", "table name must not be empty or blank"});
        cases.put("twice", new String[] {"[{\"table\": \"t\"}, {\"table\": \"t\"}]", "[]", "Table already defined: t"});
        cases.put("unknown", new String[] {"[]", "[{\"op\": \"delete\", \"table\": \"nowhere\", \"data\": {\"id\": 1}}]",
                "table 'nowhere': delete on a table that was never declared nor written"});
        cases.put("blank-op", new String[] {"[]", "[{\"op\": \"upsert\", \"table\": \"\", \"data\": {\"id\": 1}}]",
                "table name must not be empty or blank"});
        for (Map.Entry<String, String[]> bad : cases.entrySet()) {
            Project project = Project.scripted(bad.getKey()).schema(bad.getValue()[0], bad.getValue()[1]);
            Project.Result result = project.jbang("debug");
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.out().contains(bad.getValue()[2]), "expected «" + bad.getValue()[2] + "» in\n" + result);
            project.delete();
        }
    }
}
