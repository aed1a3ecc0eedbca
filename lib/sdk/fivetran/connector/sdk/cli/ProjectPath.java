package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.HomePath;
import fivetran.connector.sdk.internal.CommandFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The optional {@code [project_path]} of a command: the connector's folder, by default the current one. */
public final class ProjectPath {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_PATH",
            description = "The connector's folder, where files/ is kept (default: the current directory).")
    String path;

    /** The project folder as an absolute, real path; fails with Fivetran's message when it is not a folder. */
    public Path resolve() {
        return resolve(path);
    }

    /** {@code path} (the current directory when null) as an absolute, real folder path. */
    public static Path resolve(String path) {
        if (path != null && path.isBlank()) {
            throw new CommandFailure("project path cannot be empty or contain only whitespace");
        }
        Path dir = Path.of(path == null ? "" : HomePath.expand(path)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure("project path '" + dir + "' does not exist or is not a directory");
        }
        try {
            return dir.toRealPath();
        } catch (java.io.IOException e) {
            throw new CommandFailure("project path '" + dir + "' cannot be read: " + e.getMessage());
        }
    }

}
