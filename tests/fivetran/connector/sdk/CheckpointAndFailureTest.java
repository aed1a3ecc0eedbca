package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Progress lines, and where a sync's state comes from: state.json repaired, edited, or given by flag or environment. Kills, failures and locks: {@link CrashSafetyTest}. */
class CheckpointAndFailureTest {
    private static final String GENERATE = """
            [{"op": "generate", "table": "events", "rows": %d, "checkpoint_every": %d}]""";

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
    @Tag("e2e")
    void aLongSyncPrintsProgressWithRowsAndRate() {
        Project project = Project.scripted("progress").script(GENERATE.formatted(20_000, 10_000), "run", "progress");
        List<String> command = List.of(Project.root().resolve("jbang").toString(), "-Dconnector.sdk.progress.seconds=0", "connector.java", "debug");
        Project.Result result = project.run(command, Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().matches("(?s).*⚡ debugger  progress: 16,384 rows, [0-9,]+ rows/s\n.*"), result::toString);
    }

    @Test
    void aSyncOfManyCheckpointsLogsTheFirstTenAndTheLastInsteadOfEachOneAtTheDefaultLevel() {
        Project project = Project.scripted("many-checkpoints").script(GENERATE.formatted(300, 2), "run", "many");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        List<String> lines = result.err().lines().filter(line -> line.contains("checkpoint recorded: ")).toList();
        assertTrue(lines.size() < 150, "150 checkpoints, a line each:\n" + result.err());
        assertTrue(result.err().lines().filter(line -> line.contains("debugger  committed ")).count() < 150, result::toString);
        for (int i = 0; i < 10; i++) {
            assertTrue(lines.get(i).endsWith("checkpoint recorded: {\"next\":" + 2 * (i + 1) + "}"), lines::toString);
        }
        assertTrue(lines.get(lines.size() - 1).contains("checkpoint recorded: {\"next\":300}"), lines::toString);
        assertTrue(result.err().contains(" checkpoints since the last such line)"), lines::toString);
        assertEquals("{\"next\":300}", project.state());
    }

    @Test
    void stateJsonOneCheckpointBehindIsRepairedFromTheWarehouse() throws IOException {
        Project project = Project.scripted("behind").script(GENERATE.formatted(30, 10), "run", "first");
        assertEquals(0, project.debug().exit());
        assertEquals("{\"next\":30}", project.state());
        Files.writeString(project.file("files/state.json"), "{\"next\": 20}");
        project.script(GENERATE.formatted(40, 10), "run", "second");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().contains("state.json was one checkpoint behind the warehouse"), result::toString);
        assertEquals(10L, rows(project, "second"));
        assertExactlyRows(project, 40);
    }

    @Test
    void aHandEditedStateJsonIsUsedAsEdited() throws IOException {
        Project project = Project.scripted("edited").script(GENERATE.formatted(30, 10), "run", "first");
        assertEquals(0, project.debug().exit());
        Files.writeString(project.file("files/state.json"), "{\"next\": 25}");
        project.script(GENERATE.formatted(30, 10), "run", "second");
        Project.Result result = project.debug();
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().contains("differs from the state last committed to the warehouse; using the file as edited"), result::toString);
        assertTrue(result.err().contains("state at start: {\"next\":25}"), result::toString);
    }

    @Test
    @Tag("e2e")
    void stateCanComeFromAFileGivenByFlagOrEnvironment() throws IOException {
        Project project = Project.scripted("state-flag").script(GENERATE.formatted(10, 5), "run", "flag");
        project.write("start.json", "{\"next\": 5}");
        Project.Result flag = project.debug("--state", "start.json");
        assertEquals(0, flag.exit(), flag::toString);
        assertEquals(5L, rows(project, "flag"));
        project.write("env.json", "{\"next\": 8}");
        project.script(GENERATE.formatted(10, 1), "run", "env");
        Project.Result env = project.jbangWith(Map.of("FIVETRAN_STATE", "env.json"), "debug");
        assertEquals(0, env.exit(), env::toString);
        assertEquals(2L, rows(project, "env"));
        assertEquals("{\"next\":10}", project.state());
    }
}
