package fivetran.connector.sdk.launcher;

import fivetran.connector.sdk.deploy.JBang;
import fivetran.connector.sdk.cli.VersionCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code shell [connector.java]}: JShell with the SDK, and optionally a connector's classes, on the class path, and
 * the SDK's packages imported. {@code Scratch.open()} then gives a warehouse to try operations on.
 */
@Command(name = "shell",
        description = "Open JShell with the SDK (and a connector's classes) on the class path; try Scratch.open() there.")
public final class ShellCommand implements Callable<Integer> {
    static final String IMPORTS = """
            import fivetran.connector.sdk.*;
            import fivetran.connector.sdk.engine.Scratch;
            import java.math.*;
            import java.time.*;
            import java.util.*;
            """;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONNECTOR", description = "A connector's .java file whose classes to add.")
    Path connector;

    @Override
    public Integer call() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        String classPath = System.getProperty("java.class.path");
        if (connector != null) {
            if (!Files.isRegularFile(connector)) {
                System.err.println("no such connector: " + connector);
                return 1;
            }
            JBang.output(List.of("build", connector.toString()), cwd);
            classPath = JBang.output(List.of("info", "classpath", connector.toString()), cwd).strip() + java.io.File.pathSeparator + classPath;
        }
        Path startup = Files.createTempFile("connector-sdk-", ".jsh");
        Files.writeString(startup, IMPORTS + "System.out.println(\"Connector SDK for Java: try  var scratch = Scratch.open();\");\n");
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        ProcessBuilder builder = new ProcessBuilder(jshell.toString(), "--class-path", classPath,
                "--startup", "DEFAULT", "--startup", startup.toString()).inheritIO();
        try {
            return builder.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            try {
                Files.deleteIfExists(startup);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
