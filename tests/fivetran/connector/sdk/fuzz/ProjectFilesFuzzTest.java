package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.deploy.ProjectFiles;
import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A project folder of any file names, in any case, with {@code .gitignore} files of any rules at any level (negations
 * included): what {@code package} selects never holds a hidden file or a file in a hidden folder, a configuration.json or a
 * destination.json in any letter case (on a case-insensitive disk that is the file the SDK reads), or the files/ folder.
 */
class ProjectFilesFuzzTest {
    private static final List<String> NAMES = List.of("configuration.json", "Configuration.JSON", "destination.json",
            "DESTINATION.json", ".env", ".hidden", "files", "src", "a", "connector.java", ".gitignore", ".gitignore");
    private static final List<String> RULES = List.of("!configuration.json", "!*.json", "!.*", "!/**", "*", "!destination.json",
            "!files/", "/*", "**/", "!**/.env", "!Configuration.JSON", "*.java", "!a/", "\\!x", "[", "!");

    @FuzzTest
    void noSecretNorHiddenFileIsEverSelected(FuzzedDataProvider data) throws IOException {
        Project project = Project.empty("fuzz-package");
        try {
            for (int i = data.consumeInt(1, 12); i > 0; i--) {
                create(project.dir(), data);
            }
            for (String path : ProjectFiles.select(project.dir()).included()) {
                String[] segments = path.split("/");
                String name = segments[segments.length - 1].toLowerCase(Locale.ROOT);
                for (String segment : segments) {
                    assertFalse(segment.startsWith("."), "a hidden file or folder is selected: " + path);
                }
                assertFalse(name.equals("configuration.json") || name.equals("destination.json"), "a secret file is selected: " + path);
                assertFalse(segments.length > 1 && segments[0].equals("files"), "a file of the output folder is selected: " + path);
            }
        } finally {
            project.delete();
        }
    }

    /** A file at a depth of up to three folders; a .gitignore holds rules, any other file text. */
    private static void create(Path project, FuzzedDataProvider data) throws IOException {
        Path file = project;
        for (int depth = data.consumeInt(1, 3); depth > 0; depth--) {
            String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(20);
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")) {
                return;
            }
            try {
                file = file.resolve(name);
            } catch (InvalidPathException notAFileName) {
                return;
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            lines.add(data.consumeBoolean() ? data.pickValue(RULES) : data.consumeString(20));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException | InvalidPathException cannotBeCreated) {
            // a name this file system refuses (too long, not encodable), or a folder where a file is: not a project anyone has
        }
    }
}
