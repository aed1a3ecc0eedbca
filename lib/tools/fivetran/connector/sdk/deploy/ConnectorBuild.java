package fivetran.connector.sdk.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.cli.ConnectorSource;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.Jackson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What JBang builds for a connector, read from {@code jbang info tools}: JBang starts a connector as
 * {@code java -classpath <connector jar>:<dependency jars> <main class> <args>}.
 *
 * @param mainClass      the connector's main class, e.g. {@code connector}
 * @param connectorJar   the jar JBang compiled from the connector's sources
 * @param dependencyJars every other class-path jar, in class-path order
 * @param javaVersion    the Java version the main class was compiled for (from its class file's major version)
 * @param sourceFile     the connector's source file in the project folder, e.g. {@code connector.java}
 */
public record ConnectorBuild(String mainClass, Path connectorJar, List<Path> dependencyJars, int javaVersion, Path sourceFile) {
    private static final int CLASS_FILE_MAGIC = 0xCAFEBABE;
    /** A class file's major version minus this is the Java version it was compiled for (61 is Java 17). */
    private static final int MAJOR_VERSION_OFFSET = 44;

    /**
     * The build of {@code project}'s connector, as JBang makes and runs it: built if needed, then read from
     * {@code jbang info tools} (the compiled jar, the main class and every resolved dependency, the SDK's included).
     */
    public static ConnectorBuild of(Path project) {
        Path source = ConnectorSource.in(project);
        JBang.output(List.of("build", source.toString()), project);
        JsonNode info;
        try {
            info = Jackson.MAPPER.readTree(JBang.output(List.of("info", "tools", source.toString()), project));
        } catch (IOException e) {
            throw new CommandFailure("cannot read what JBang built for " + source + ": " + e.getMessage(), e);
        }
        String mainClass = info.path("mainClass").asText("");
        Path jar = Path.of(info.path("applicationJar").asText(""));
        if (mainClass.isEmpty() || !Files.isRegularFile(jar)) {
            throw new CommandFailure("JBang built no runnable jar for " + source + "; run it once with jbang " + source.getFileName() + " debug");
        }
        List<Path> dependencies = new ArrayList<>();
        for (JsonNode dependency : info.path("resolvedDependencies")) {
            Path path = Path.of(dependency.asText()).toAbsolutePath().normalize();
            if (sameFile(path, jar)) {
                continue;
            }
            if (!Files.isRegularFile(path) || !path.getFileName().toString().endsWith(".jar")) {
                throw new CommandFailure("cannot package the class-path entry " + path + ": only jar files can be packaged");
            }
            dependencies.add(path);
        }
        return new ConnectorBuild(mainClass, jar.toAbsolutePath().normalize(), List.copyOf(dependencies),
                compiledJavaVersion(jar, mainClass), source.toAbsolutePath().normalize());
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the major version of the main class file: the Java release it runs on at the earliest. */
    static int compiledJavaVersion(Path jar, String className) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(className.replace('.', '/') + ".class");
            if (entry == null) {
                throw new CommandFailure(jar + " does not hold the main class " + className);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] header = in.readNBytes(8);
                ByteBuffer bytes = ByteBuffer.wrap(header);
                if (header.length < 8 || bytes.getInt(0) != CLASS_FILE_MAGIC) {
                    throw new CommandFailure(className + ".class in " + jar + " is not a class file");
                }
                return Short.toUnsignedInt(bytes.getShort(6)) - MAJOR_VERSION_OFFSET;
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }
}
