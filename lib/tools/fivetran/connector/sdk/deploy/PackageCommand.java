package fivetran.connector.sdk.deploy;

import fivetran.connector.sdk.internal.CommandFailure;
import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.cli.ConfigurationOption;
import fivetran.connector.sdk.cli.ProjectPath;
import fivetran.connector.sdk.cli.PromptMode;
import fivetran.connector.sdk.cli.VersionCommand;
import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.logging.LogSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code package}: writes {@code files/<project folder name>.zip}, a package that runs with {@code java -cp "lib/*"}
 * and no Maven (see {@link ConnectorPackage}), and prints its path, size and contents.
 */
@Command(name = "package",
        description = {"Write files/<project folder name>.zip, which runs with plain java: the sources, the compiled jar and every "
                + "dependency jar. Never packaged: configuration.json, destination.json, files/, hidden files and what .gitignore excludes.",
                "Run unzipped: java -cp \"lib/*\" <main class> debug"})
public final class PackageCommand implements Callable<Integer> {
    private static final Logger SDK = LoggerFactory.getLogger("sdk");

    @Mixin
    ProjectPath project;

    @Override
    public Integer call() {
        LogSetup.configureLocal(Level.INFO);
        try {
            Path dir = project.resolve();
            SDK.info("packaging connector at: {}", dir);
            ConnectorPackage contents = ConnectorPackage.of(dir, ConnectorBuild.of(dir));
            Path zip = ConnectorPackage.location(dir);
            long size = contents.writeTo(zip);
            printSummary(contents, zip, size);
            return 0;
        } catch (CommandFailure e) {
            SDK.error(e.getMessage());
            return 1;
        }
    }

    private static void printSummary(ConnectorPackage contents, Path zip, long size) {
        System.out.println("package created at: " + zip);
        System.out.printf("size: %s (%,d bytes)%n", ConnectorPackage.humanSize(size), size);
        System.out.println("main class: " + contents.build().mainClass() + ", compiled for Java " + contents.build().javaVersion()
                + ", SDK " + Connector.SDK_VERSION);
        int jars = contents.jars().size();
        System.out.println("contents: " + ConnectorPackage.MANIFEST + ", " + contents.sources().size() + " files in " + ConnectorPackage.SOURCES
                + ", " + jars + " jars in " + ConnectorPackage.LIBRARIES + " (the connector's and " + (jars - 1) + " dependencies)");
        List<ConnectorPackage.Entry> entries = new ArrayList<>(contents.sources());
        entries.addAll(contents.jars());
        int width = entries.stream().mapToInt(entry -> entry.name().length()).max().orElse(0);
        for (ConnectorPackage.Entry entry : entries) {
            System.out.printf("  %-" + width + "s  %10s%n", entry.name(), ConnectorPackage.humanSize(entry.size()));
        }
    }
}
