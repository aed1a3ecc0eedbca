package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncEngine;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.internal.CommandFailure;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the sync of {@code debug}, committed into Apache Iceberg tables instead of DuckDB: those of the catalog a
 * destination file names ({@code --destination}, else the project's {@code destination.json}), or with none the
 * embedded default: Iceberg's JDBC catalog in {@code files/iceberg/catalog.db} (SQLite) and the tables' files under
 * {@code files/iceberg/warehouse/}. Iceberg's libraries are not on a connector's class path: they
 * are the module {@code lib/iceberg.java} of the SDK the connector depends on, resolved by JBang when {@code run}
 * first needs them and loaded into a class loader of their own.
 */
@Command(name = "run", description = "Run a sync into Apache Iceberg tables: the catalog of destination.json, else the embedded one "
        + "(JDBC catalog files/iceberg/catalog.db, data in files/iceberg/warehouse/); state in the catalog, mirrored in files/state.json.")
final class RunCommand extends DebugCommand {
    /** The Iceberg module's destination factory ({@code lib/iceberg/}). */
    static final String EMBEDDED = "fivetran.connector.sdk.iceberg.EmbeddedIceberg";
    /** The factory of a destination file, constructed on the file's path. */
    static final String CONFIGURED = "fivetran.connector.sdk.iceberg.DestinationFile";
    static final String DESTINATION_FILE = "destination.json";

    @Option(names = "--destination", paramLabel = "FILE",
            description = "The Iceberg catalog and storage to write to (default: the project's destination.json if there is one, else the embedded catalog).")
    Path destination;

    RunCommand(Connector connector) {
        super(connector);
    }

    @Override
    SyncResult sync(SyncEngine engine, Path dir) {
        ClassLoader loader = icebergLoader(dir);
        Path file = destinationFile(dir, destination);
        SyncEngine.DestinationFactory factory;
        try {
            factory = (SyncEngine.DestinationFactory) (file == null ? loader.loadClass(EMBEDDED).getDeclaredConstructor().newInstance()
                    : loader.loadClass(CONFIGURED).getConstructor(Path.class).newInstance(file));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw new CommandFailure(invalid.getMessage());
            }
            throw new CommandFailure("cannot load the SDK's Iceberg module: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new CommandFailure("cannot load the SDK's Iceberg module: " + e, e);
        }
        // Hadoop's Configuration and Iceberg's dynamic loading look classes up through the context class loader
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return super.sync(engine.destination(factory), dir);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** The destination file: {@code option} (relative to the project), else the project's destination.json if any, else null. */
    static Path destinationFile(Path dir, Path option) {
        Path file = option != null ? dir.resolve(option) : Files.isRegularFile(dir.resolve(DESTINATION_FILE)) ? dir.resolve(DESTINATION_FILE) : null;
        if (file != null && !Files.isRegularFile(file)) {
            throw new CommandFailure("destination file " + file + " does not exist");
        }
        return file;
    }

    /** The class loader of the Iceberg module: this one when the module is on the class path already, else its own. */
    static ClassLoader icebergLoader(Path project) {
        ClassLoader own = RunCommand.class.getClassLoader();
        try {
            Class.forName(EMBEDDED, false, own);
            return own;
        } catch (ClassNotFoundException notHere) {
            // resolved below
        }
        SdkOrigin origin = SdkOrigin.of(ConnectorSource.in(project));
        String module = origin == null || origin.checkout() == null ? "fivetran.connector:connector-sdk-iceberg:" + (origin == null ? "0.1.0" : origin.version())
                : origin.checkout().resolve("lib").resolve("iceberg.java").toString();
        String classPath = jbang("info", "classpath", module);
        if (!Files.exists(Path.of(classPath.split(File.pathSeparator)[0]))) {
            // info names the module's jar without building it: build it when its sources changed
            jbang("build", module);
            classPath = jbang("info", "classpath", module);
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new CommandFailure("the Iceberg module's class path holds " + entry + ", which is not a path");
                }
            }
        }
        return new URLClassLoader("connector-sdk-iceberg", urls.toArray(URL[]::new), own);
    }

    /** {@code jbang info classpath <module>} (its jar and dependencies, resolved once, then cached) or {@code jbang build}: the last line printed. */
    private static String jbang(String... args) {
        List<String> command = new ArrayList<>(List.of(SdkTools.jbang()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new CommandFailure("cannot resolve the SDK's Iceberg module with `" + String.join(" ", command) + "` (exit " + exit + ")");
            }
            String[] lines = out.isEmpty() ? new String[] {""} : out.split("\\R");
            return lines[lines.length - 1];
        } catch (IOException e) {
            throw new CommandFailure("cannot run " + command.get(0) + " to resolve the SDK's Iceberg module: " + e.getMessage()
                    + "; run the connector through JBang (jbang connector.java run)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while resolving the SDK's Iceberg module");
        }
    }
}
