package fivetran.connector.sdk.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A warehouse that lost its last commits (a power cut before DuckDB's log reached the disk) beside a {@code state.json}
 * the SDK wrote after them: the next sync resumes from the warehouse, so that no row is skipped; a file edited by hand
 * is still taken as edited.
 */
class StateAheadOfWarehouseTest {
    /** Each sync adds two rows after the state's cursor, in a table without a primary key, and checkpoints the cursor. */
    private static final Connector TWO_MORE = new Connector((configuration, state) -> {
        long n = state.getLong("n", 0L);
        for (long i = n + 1; i <= n + 2; i++) {
            Operations.upsert("events", Map.of("seq", i));
        }
        Operations.checkpoint(Map.of("n", n + 2));
    });

    private static Captured debug(Project project) {
        return Captured.run(() -> TWO_MORE.debug(project.dir().toString()));
    }

    /** The warehouse after the first sync, put back after the second: the second's commit lost, its state.json kept. */
    private static Project warehouseOneCheckpointBehindItsStateFile(String name) throws Exception {
        Project project = Project.empty(name);
        assertEquals(0, debug(project).exit());
        Path warehouse = project.file("files/warehouse.db");
        Path kept = project.file("warehouse-after-the-first-sync.db");
        Files.copy(warehouse, kept);
        assertEquals(0, debug(project).exit());
        assertEquals("{\"n\":4}", project.state());
        Files.move(kept, warehouse, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(project.file("files/warehouse.db.wal"));
        return project;
    }

    @Test
    void aStateFileAheadOfTheWarehouseIsNotTrustedAndEveryRowLandsOnce() throws Exception {
        Project project = warehouseOneCheckpointBehindItsStateFile("state-ahead");
        try {
            Captured third = debug(project);
            assertEquals(0, third.exit(), third::toString);
            assertTrue(third.err().contains("state.json is ahead of the warehouse: it was written after checkpoint 2, the warehouse holds "
                    + "checkpoint 1"), third::toString);
            assertEquals(List.of(1L, 2L, 3L, 4L), project.query("SELECT seq FROM tester.events ORDER BY seq").stream().map(r -> r.get("seq")).toList());
            assertEquals("{\"n\":4}", project.state());
        } finally {
            project.delete();
        }
    }

    @Test
    void aStateFileEditedByHandIsStillTakenAsEdited() throws Exception {
        Project project = warehouseOneCheckpointBehindItsStateFile("state-edited");
        try {
            project.write("files/state.json", "{\"n\":10}");
            Captured third = debug(project);
            assertEquals(0, third.exit(), third::toString);
            assertTrue(third.err().contains("state.json differs from the state last committed to the warehouse; using the file as edited"),
                    third::toString);
            assertEquals(List.of(1L, 2L, 11L, 12L), project.query("SELECT seq FROM tester.events ORDER BY seq").stream().map(r -> r.get("seq")).toList());
        } finally {
            project.delete();
        }
    }
}
