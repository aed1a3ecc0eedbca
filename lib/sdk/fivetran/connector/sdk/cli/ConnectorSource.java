package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.CommandFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The connector of a project folder: {@code connector.java}, else its only {@code .java} file that creates a Connector. */
public final class ConnectorSource {
    private ConnectorSource() {
    }

    /** The project's connector source; fails naming what was found when there is not exactly one. */
    public static Path in(Path project) {
        Path conventional = project.resolve("connector.java");
        if (Files.isRegularFile(conventional)) {
            return conventional;
        }
        try (Stream<Path> files = Files.list(project)) {
            List<Path> connectors = files.filter(f -> f.toString().endsWith(".java")).filter(ConnectorSource::createsConnector).toList();
            if (connectors.size() == 1) {
                return connectors.get(0);
            }
            throw new CommandFailure(connectors.isEmpty()
                    ? "no connector in " + project + ": expected connector.java (create one with jbang init -t connector@connector-sdk connector.java)"
                    : "several connectors in " + project + ": " + connectors.stream().map(p -> p.getFileName().toString()).toList()
                    + "; run one with jbang <file>.java <command>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean createsConnector(Path file) {
        try {
            return Files.readString(file).contains("new Connector(");
        } catch (IOException e) {
            return false;
        }
    }
}
