package fivetran.connector.sdk.deploy;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.cli.CommandFailure;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What JBang built for the running connector, read from this JVM: JBang starts a connector as
 * {@code java -classpath <connector jar>:<dependency jars> <main class> <args>}, so the main class is the class whose
 * {@code main} called {@link Connector#run}, its jar is where that class was loaded from, and every other class-path
 * entry is a resolved dependency (the SDK's own jar included).
 *
 * @param mainClass      the connector's main class, e.g. {@code connector}
 * @param connectorJar   the jar JBang compiled from the connector's sources
 * @param dependencyJars every other class-path jar, in class-path order
 * @param javaVersion    the Java version the main class was compiled for (from its class file's major version)
 * @param sourceFile     the connector's source file in the project folder, e.g. {@code connector.java}
 */
public record ConnectorBuild(String mainClass, Path connectorJar, List<Path> dependencyJars, int javaVersion, Path sourceFile) {
    /** JBang caches a compiled script as {@code <cache>/jars/<script file name>.<sha-256>/<name>.jar}. */
    private static final Pattern JBANG_CACHE_FOLDER = Pattern.compile("(.+\\.java)\\.[0-9a-f]{64}");
    private static final int CLASS_FILE_MAGIC = 0xCAFEBABE;
    /** A class file's major version minus this is the Java version it was compiled for (61 is Java 17). */
    private static final int MAJOR_VERSION_OFFSET = 44;

    /** The build of the connector running in this JVM, whose project folder is {@code project}. */
    public static ConnectorBuild ofRunningConnector(Path project) {
        Class<?> mainClass = connectorMainClass();
        Path connectorJar = jarOf(mainClass);
        List<Path> dependencies = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (sameFile(path, connectorJar)) {
                continue;
            }
            if (!Files.isRegularFile(path) || !path.getFileName().toString().endsWith(".jar")) {
                throw new CommandFailure("cannot package the class-path entry " + path + ": only jar files can be packaged");
            }
            dependencies.add(path);
        }
        return new ConnectorBuild(mainClass.getName(), connectorJar, List.copyOf(dependencies),
                compiledJavaVersion(connectorJar, mainClass.getName()), sourceFile(project, connectorJar));
    }

    /** The class whose {@code main} called {@link Connector#run}: the first caller below the Connector frames. */
    private static Class<?> connectorMainClass() {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            boolean insideConnector = false;
            for (StackWalker.StackFrame frame : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                if (frame.getDeclaringClass() == Connector.class) {
                    insideConnector = true;
                } else if (insideConnector) {
                    return frame.getDeclaringClass();
                }
            }
            return null;
        });
        if (caller == null || !hasMainMethod(caller)) {
            throw new CommandFailure("package and deploy run from the connector's main method, as in: jbang connector.java package");
        }
        return caller;
    }

    private static boolean hasMainMethod(Class<?> type) {
        try {
            Method main = type.getDeclaredMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Path jarOf(Class<?> mainClass) {
        CodeSource source = mainClass.getProtectionDomain().getCodeSource();
        try {
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            if (location == null || !Files.isRegularFile(location)) {
                throw new CommandFailure("the connector was not compiled into a jar (it runs from " + location
                        + "); package it with JBang: jbang connector.java package");
            }
            return location.toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new CommandFailure("cannot locate the connector's jar: " + e.getMessage(), e);
        }
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

    /** The script JBang compiled, named by its cache folder, in the project; {@code connector.java} otherwise. */
    private static Path sourceFile(Path project, Path connectorJar) {
        Path folder = connectorJar.getParent();
        Matcher cached = JBANG_CACHE_FOLDER.matcher(folder == null ? "" : folder.getFileName().toString());
        String name = cached.matches() ? cached.group(1) : "connector.java";
        Path source = project.resolve(name);
        if (!Files.isRegularFile(source)) {
            throw new CommandFailure(name + " not found in " + project + "; run package and deploy from the connector's project folder, "
                    + "or give that folder as PROJECT_PATH");
        }
        return source;
    }
}
