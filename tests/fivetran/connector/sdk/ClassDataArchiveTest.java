package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A connector's class-data archive (JBang's //CDS) is renewed once a jar under it changes, so that starts stay fast. */
class ClassDataArchiveTest {
    private static final Pattern ARCHIVE = Pattern.compile("CDS: (Using shared archive classes from|Archiving Classes At Exit at) (\\S+)");

    /** Runs {@code ./jbang --verbose connector.java debug}; returns what JBang did with the archive and its path. */
    private static Matcher debug(Project project) {
        Project.Result result = project.run(List.of(Project.root().resolve("jbang").toString(), "--verbose", "connector.java", "debug"), Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        Matcher archive = ARCHIVE.matcher(result.err());
        assertTrue(archive.find(), result::toString);
        return archive;
    }

    @Test
    void anArchiveOlderThanAJarOnTheClassPathIsDroppedAndWrittenAgain() throws Exception {
        Project project = Project.example("hello");
        // a source of its own, so that this test owns the JBang cache entry and its archive
        project.write("connector.java", Project.read(project.file("connector.java")) + "// archive test " + System.nanoTime() + "\n");
        Matcher first = debug(project);
        assertEquals("Archiving Classes At Exit at", first.group(1));
        Path archive = Path.of(first.group(2));
        assertTrue(Files.exists(archive));
        assertEquals("Using shared archive classes from", debug(project).group(1));

        Path jar = archive.resolveSibling("connector.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 60_000));
        assertEquals("Using shared archive classes from", debug(project).group(1));
        assertFalse(Files.exists(archive), "the stale archive is deleted at the end of the run that was given it");
        Matcher renewed = debug(project);
        assertEquals("Archiving Classes At Exit at", renewed.group(1));
        assertTrue(Files.exists(archive));
        project.delete();
    }
}
