package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Commands the README gives, run as written, on a machine as fresh as the test can make it. */
@Tag("e2e")
class ReadmeCommandsTest {
    private static String readmeLine(String containing) throws IOException {
        return Files.readAllLines(Project.root().resolve("README.md")).stream().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("the README has no line with " + containing));
    }

    @Test
    void theOptionalPathLinkWorksInAHomeWithoutLocalBinAndTheReadmesPathLineFindsIt() throws IOException {
        String link = readmeLine("~/.local/bin/jbang");
        String command = link.substring(0, link.indexOf('#')).strip();
        Path home = Files.createTempDirectory("fresh-home-");
        Project.Result linked = Project.runIn(Project.root(), List.of("bash", "-c", command), Map.of("HOME", home.toString()), null);
        assertEquals(0, linked.exit(), command + ": " + linked);
        assertEquals(Project.root().resolve("jbang"), home.resolve(".local/bin/jbang").toRealPath());
        assertEquals(0, Project.runIn(Project.root(), List.of("bash", "-c", command), Map.of("HOME", home.toString()), null).exit(),
                "running it again is harmless");

        String path = readmeLine("export PATH=").strip();
        Project.Result found = Project.runIn(home, List.of("bash", "-c", path + " && command -v jbang && jbang --version"),
                Map.of("HOME", home.toString(), "PATH", "/usr/local/bin:/usr/bin:/bin"), null);
        assertEquals(0, found.exit(), found::toString);
        assertTrue(found.out().startsWith(home.resolve(".local/bin/jbang") + "\n"), found::toString);
        String version = Files.readAllLines(Project.root().resolve("jbang")).stream().filter(l -> l.startsWith("JBANG_CLI_VERSION="))
                .findFirst().orElseThrow().replaceAll(".*:-([^}]+)}.*", "$1");
        assertTrue(found.all().contains(version), "the bootstrap's JBang " + version + ": " + found);
    }
}
