package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.engine.Scratch;
import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scratch warehouse of JShell: what it leaves on disk once closed. */
class ScratchTest {
    @Test
    void closeDeletesTheTemporaryFolderThatOpenMade() {
        Scratch scratch = Scratch.open();
        Path folder = scratch.project();
        Operations.upsert("orders", Map.of("id", 1, "status", "new"));
        Operations.checkpoint(Map.of("cursor", 1));
        assertTrue(Files.isRegularFile(folder.resolve("files/warehouse.db")), folder::toString);
        scratch.close();
        assertFalse(Files.exists(folder), folder + " is left behind");
    }

    @Test
    void closeKeepsAProjectGivenToOpen() {
        Project project = Project.empty("scratch-project");
        Connector connector = new Connector((configuration, state) -> { }, configuration -> List.of(Table.named("orders").primaryKey("id")));
        try (Scratch scratch = Scratch.open(project.dir(), connector)) {
            Operations.upsert("orders", Map.of("id", 1, "status", "new"));
            Operations.checkpoint(Map.of("cursor", 1));
        }
        assertEquals(1L, project.value("SELECT count(*) FROM tester.orders"));
        assertEquals("{\"cursor\":1}", project.state());
        try (Scratch scratch = Scratch.open(project.dir())) {
            Operations.upsert("orders", Map.of("id", 2, "status", "new"));
        }
        assertEquals(2L, project.value("SELECT count(*) FROM tester.orders"), "what close() committed is kept too");
    }
}
