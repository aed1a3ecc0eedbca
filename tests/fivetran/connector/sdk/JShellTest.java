package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** JShell as the README starts it, the shell command and the example's script: no warning, and no folder left behind. */
@Tag("e2e")
class JShellTest {
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";

    @Test
    void theShellStartsWithoutAWarningAndItsScratchFolderIsGoneAfterClose() {
        Project.Result shell = Project.runIn(Project.root(), List.of("./jbang", "connector-sdk.java", "shell"), Map.of(), """
                var scratch = Scratch.open();
                Operations.upsert("orders", Map.of("id", 1, "status", "new"));
                scratch.close();
                System.out.println("left behind: " + Files.exists(scratch.project()));
                /exit
                """);
        assertEquals(0, shell.exit(), shell::toString);
        assertTrue(shell.out().contains("Welcome to JShell"), shell::toString);
        assertFalse(shell.all().contains(INCUBATOR_WARNING), shell::toString);
        assertTrue(shell.out().contains("left behind: false"), shell::toString);
    }

    @Test
    void theScratchScriptCallsAConnectorWithoutAWarningAndLeavesNoFolderBehind() {
        Project example = Project.example("quickstart/using_jshell");
        Project.Result script = example.run(List.of(Project.root().resolve("jbang").toString(), "scratch.jsh"), Map.of(), null);
        assertEquals(0, script.exit(), script::toString);
        assertFalse(script.all().contains(INCUBATOR_WARNING), script::toString);
        assertTrue(script.out().matches("(?s).*\\nid \\| carrier \\| _fivetran_synced[^\\n]*\\n[-+]+\\n3  \\| post    \\| [^\\n]*\\n"
                + "4  \\| post    \\| [^\\n]*\\n\\(2 rows\\)\\n\\{cursor=4}\\n.*"), script::toString);
        Matcher warehouse = Pattern.compile("scratch warehouse: (.+)/files/warehouse\\.db").matcher(script.out());
        assertTrue(warehouse.find(), script::toString);
        assertFalse(Files.exists(Path.of(warehouse.group(1))), warehouse.group(1) + " is left behind");
    }
}
