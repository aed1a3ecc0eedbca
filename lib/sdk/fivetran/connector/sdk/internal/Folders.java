package fivetran.connector.sdk.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders the SDK made or owns (a scratch or test project, a project's {@code files/}). Internal to the SDK. */
public final class Folders {
    private Folders() {
    }

    /** Deletes {@code folder} and everything in it, deepest first. */
    public static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
