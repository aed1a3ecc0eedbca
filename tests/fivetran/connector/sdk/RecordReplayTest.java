package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.testing.ExampleApiRun;
import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code debug --record DIR} against a real local API, then {@code debug --replay DIR} with that API gone. */
@Tag("e2e")
class RecordReplayTest {
    private static final String ROWS = "SELECT id, name, updated_at, _fivetran_deleted FROM tester.item ORDER BY id";

    private static String everyFile(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(file).append('\n').append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void aRecordedSyncReplaysOfflineIntoTheSameWarehouseAndStateWithNoSecretInTheRecording() throws IOException {
        Project project = Project.example("patterns/authentication/session_token");
        String url;
        Project.Result recorded;
        try (ExampleApi api = ExampleApiRun.startFor(project)) {
            url = api.url();
            ExampleApiRun.pointAt(project, url);
            recorded = project.jbang("debug", "--record", "recordings");
            assertEquals(0, recorded.exit(), recorded::toString);
        }
        assertTrue(recorded.err().contains("recording HTTP into " + project.file("recordings")), recorded::toString);
        assertTrue(recorded.err().matches("(?s).*recorded \\d+ exchanges to .*"), recorded::toString);
        List<Map<String, Object>> rows = project.query(ROWS);
        String state = project.state();
        assertEquals((long) ExampleApi.ITEMS, (long) rows.size());

        String recording = everyFile(project.file("recordings"));
        assertFalse(recording.contains("demo-password"), "the configuration's password is in the recording:\n" + recording);
        assertFalse(recording.toLowerCase(java.util.Locale.ROOT).contains("authorization"), recording);

        assertEquals(0, project.jbang("reset", "--yes").exit());
        Project.Result replayed = project.jbang("debug", "--replay", "recordings");
        assertEquals(0, replayed.exit(), "the API is stopped: every answer comes from the recording\n" + replayed);
        assertTrue(replayed.err().contains("replaying HTTP from " + project.file("recordings")), replayed::toString);
        assertEquals(rows, project.query(ROWS), "the same rows as the recorded sync's");
        assertEquals(state, project.state(), "the same state as the recorded sync's");

        Path last;
        try (Stream<Path> files = Files.list(project.file("recordings/mappings"))) {
            last = files.sorted().reduce((first, second) -> second).orElseThrow();
        }
        Files.delete(last);
        assertEquals(0, project.jbang("reset", "--yes").exit());
        Project.Result unmatched = project.jbang("debug", "--replay", "recordings");
        assertEquals(1, unmatched.exit(), unmatched::toString);
        assertTrue(unmatched.out().matches("(?s).*SYNC FAILED — total elapsed [0-9:]+: no recorded request matches GET \\{\\{config.base_url}}"
                + "/session/items\\?\\S+ ; nearest recorded: GET \\{\\{config.base_url}}/session/items.*"), unmatched::toString);
        assertFalse(unmatched.all().contains("demo-password"), unmatched::toString);
        project.delete();
    }
}
