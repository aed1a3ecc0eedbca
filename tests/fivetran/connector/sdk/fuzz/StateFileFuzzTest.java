package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code files/state.json}, any bytes: the sync starts from the JSON object it holds, and checkpointing that state back
 * writes the same JSON; or it is refused with CommandFailure, exit 1, the file left as it was and nothing written.
 */
class StateFileFuzzTest {
    @FuzzTest
    void theSyncStartsFromItsObjectOrRefusesItLeavingItUntouched(byte[] content) throws Exception {
        Project project = Project.empty("fuzz-state");
        try {
            Files.createDirectories(project.file("files"));
            Files.write(project.file("files/state.json"), content);
            AtomicReference<Map<String, Object>> started = new AtomicReference<>();
            Connector connector = new Connector((configuration, state) -> {
                started.set(state);
                Operations.upsert("t", Map.of("id", 1));
                Operations.checkpoint(state);
            });
            Fuzzing.Sync sync = Fuzzing.sync(project, connector);
            if (!sync.succeeded()) {
                sync.assertRefused(Fuzzing.FILE_REFUSAL, "state file ");
                assertArrayEquals(content, Files.readAllBytes(project.file("files/state.json")), "the state file was changed");
                assertEquals(null, started.get(), "update() ran");
                return;
            }
            assertEquals(Jackson.MAPPER.readTree(content), Jackson.MAPPER.valueToTree(started.get()), "the sync did not start from the file's state");
            assertEquals(Jackson.MAPPER.readTree(content), Jackson.MAPPER.readTree(project.state()), "the checkpointed state differs");
        } finally {
            project.delete();
        }
    }
}
