package fivetran.connector.sdk.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Keeps JBang's {@code //CDS} class-data archive of a connector fresh. JBang writes the archive once and passes it
 * to every later run; once a jar on the class path changes (an SDK update, an edited SDK source), the JVM silently
 * ignores the archive and every start is slower. Deleting such an archive makes JBang write a new one at the next run.
 */
public final class ClassDataArchive {
    private static final String OPTION = "-XX:SharedArchiveFile=";

    private ClassDataArchive() {
    }

    /** Deletes the archive this JVM was given when a class-path jar is newer than it. */
    public static void dropIfStale() {
        String[] arguments = ProcessHandle.current().info().arguments().orElse(new String[0]);
        for (String argument : arguments) {
            if (argument.startsWith(OPTION)) {
                try {
                    Path archive = Path.of(argument.substring(OPTION.length()));
                    if (Files.exists(archive) && newerJar(Files.getLastModifiedTime(archive))) {
                        Files.delete(archive);
                    }
                } catch (IOException | InvalidPathException ignored) {
                    // a faster start is a convenience: never fail a run over it
                }
            }
        }
    }

    private static boolean newerJar(FileTime archived) throws IOException {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).compareTo(archived) > 0) {
                return true;
            }
        }
        return false;
    }
}
