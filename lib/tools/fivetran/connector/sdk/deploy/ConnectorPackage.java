package fivetran.connector.sdk.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.internal.CommandFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A connector package: a zip that runs without Maven or JBang. Its layout:
 * <ul>
 *   <li>{@code manifest.json}: the main class, the Java version the connector was compiled for, the SDK version,
 *       the class path, and the SHA-256 of every other entry;</li>
 *   <li>{@code src/}: the project's files (see {@link ProjectFiles}) and every file the connector's source pulls in
 *       with {@code //SOURCES} or {@code //FILES} (see {@link SourceDirectives}); when one lies outside the project,
 *       {@code src/} is rooted at the nearest folder holding both, so relative directives still resolve;</li>
 *   <li>{@code lib/}: the compiled connector jar and every resolved dependency jar, the SDK's included, so that
 *       {@code java -cp "lib/*" <main class> <command>} runs the connector from the unzipped folder.</li>
 * </ul>
 * The same inputs give a byte-identical zip: entries are sorted and carry a fixed timestamp. Jars are stored, being
 * compressed already; the other entries are deflated.
 */
public final class ConnectorPackage {
    public static final String MANIFEST = "manifest.json";
    public static final String SOURCES = "src/";
    public static final String LIBRARIES = "lib/";
    /** The first instant a zip timestamp can hold in every time zone. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One entry: its name in the zip, the file it copies, and that file's size, SHA-256 and CRC-32. */
    public record Entry(String name, Path file, long size, String sha256, long crc) {
        public boolean isJar() {
            return name.startsWith(LIBRARIES);
        }
    }

    private final ConnectorBuild build;
    private final String connectorSource;
    private final String connectorJar;
    private final List<Entry> sources;
    private final List<Entry> jars;

    private ConnectorPackage(ConnectorBuild build, String connectorSource, String connectorJar, List<Entry> sources, List<Entry> jars) {
        this.build = build;
        this.connectorSource = connectorSource;
        this.connectorJar = connectorJar;
        this.sources = sources;
        this.jars = jars;
    }

    /** Where a project's package goes: {@code files/<project folder name>.zip}. */
    public static Path location(Path project) {
        Path name = project.getFileName();
        return project.resolve(ProjectFiles.OUTPUT_FOLDER).resolve((name == null ? "code" : name.toString()) + ".zip");
    }

    /**
     * Collects the package of {@code build}, whose project folder is {@code project}. Fails when the connector pulls in
     * an excluded file (a hidden file, a configuration, an ignored file): the compiled jar would carry its content.
     */
    public static ConnectorPackage of(Path project, ConnectorBuild build) {
        ProjectFiles.Selection selection = ProjectFiles.select(project);
        List<Path> sourceFiles = new ArrayList<>();
        for (String relative : selection.included()) {
            sourceFiles.add(project.resolve(relative));
        }
        String sourceExclusion = selection.exclusionOf(ProjectFiles.relative(project, build.sourceFile()));
        if (sourceExclusion != null) {
            throw new CommandFailure(build.sourceFile() + " is " + sourceExclusion + ", so it cannot be packaged");
        }
        Path sourceRoot = project;
        for (SourceDirectives.PulledIn pulled : SourceDirectives.of(build.sourceFile())) {
            Path file = pulled.file();
            if (file.startsWith(project)) {
                String reason = selection.exclusionOf(ProjectFiles.relative(project, file));
                if (reason != null) {
                    throw refusal(pulled, reason);
                }
            } else {
                refuseExcludedOutside(project, pulled);
                sourceFiles.add(file);
                sourceRoot = commonFolder(sourceRoot, file);
            }
        }
        List<Entry> sources = new ArrayList<>();
        for (Path file : sourceFiles) {
            sources.add(entry(SOURCES + ProjectFiles.relative(sourceRoot, file), file));
        }
        sources.sort(Comparator.comparing(Entry::name));
        List<Entry> jars = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Entry connectorJar = entry(LIBRARIES + uniqueName(build.connectorJar(), names), build.connectorJar());
        jars.add(connectorJar);
        for (Path jar : build.dependencyJars()) {
            jars.add(entry(LIBRARIES + uniqueName(jar, names), jar));
        }
        String connectorSource = SOURCES + ProjectFiles.relative(sourceRoot, build.sourceFile());
        return new ConnectorPackage(build, connectorSource, connectorJar.name(), List.copyOf(sources), List.copyOf(jars));
    }

    private static CommandFailure refusal(SourceDirectives.PulledIn pulled, String reason) {
        return new CommandFailure(pulled.declaredIn().getFileName() + " pulls in " + pulled.file() + " with //" + pulled.directive()
                + ", but that file is " + reason + " and must not be packaged: the compiled connector jar would carry its content. "
                + "Stop pulling it in, or (for a .gitignore rule) stop excluding it.");
    }

    /** A file outside the project has no .gitignore of ours, but hidden files and configurations stay out. */
    private static void refuseExcludedOutside(Path project, SourceDirectives.PulledIn pulled) {
        for (Path part : commonFolder(project, pulled.file()).relativize(pulled.file())) {
            if (part.toString().startsWith(".")) {
                throw refusal(pulled, "hidden");
            }
        }
        if (pulled.file().getFileName().toString().equals(ProjectFiles.CONFIGURATION)) {
            throw refusal(pulled, "a configuration, which holds secrets");
        }
    }

    private static Path commonFolder(Path folder, Path file) {
        Path common = folder;
        while (!file.startsWith(common)) {
            common = common.getParent();
        }
        return common;
    }

    /** The jar's file name, numbered when another jar of the class path has the same name. */
    private static String uniqueName(Path jar, Set<String> taken) {
        String name = jar.getFileName().toString();
        String base = name.substring(0, name.length() - ".jar".length());
        for (int n = 2; !taken.add(name); n++) {
            name = base + "-" + n + ".jar";
        }
        return name;
    }

    private static Entry entry(String name, Path file) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                sha256.update(buffer, 0, n);
                crc.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Entry(name, file, size, HexFormat.of().formatHex(sha256.digest()), crc.getValue());
    }

    /** {@code bytes} for people: {@code 812 B}, {@code 2.9 KiB}, {@code 88.3 MiB}. */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format(java.util.Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, unit), "KMGT".charAt(unit - 1));
    }

    public ConnectorBuild build() {
        return build;
    }

    /** The connector's source file in the package, e.g. {@code src/connector.java}. */
    public String connectorSource() {
        return connectorSource;
    }

    /** The compiled connector jar in the package, e.g. {@code lib/connector.jar}. */
    public String connectorJar() {
        return connectorJar;
    }

    /** The {@code src/} entries, sorted. */
    public List<Entry> sources() {
        return sources;
    }

    /** The {@code lib/} entries in class-path order: the connector jar, then the dependencies. */
    public List<Entry> jars() {
        return jars;
    }

    /** The content of {@code manifest.json}. */
    public byte[] manifest() {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("main_class", build.mainClass());
        manifest.put("java_version", build.javaVersion());
        manifest.put("sdk_version", Connector.SDK_VERSION);
        manifest.put("connector_source", connectorSource);
        manifest.put("connector_jar", connectorJar);
        manifest.put("class_path", jars.stream().map(Entry::name).toList());
        manifest.put("run", "java -cp \"lib/*\" " + build.mainClass() + " <command>");
        Map<String, String> sha256 = new LinkedHashMap<>();
        sorted(jars).forEach(entry -> sha256.put(entry.name(), entry.sha256()));
        sources.forEach(entry -> sha256.put(entry.name(), entry.sha256()));
        manifest.put("sha256", sha256);
        try {
            return (JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Entry> sorted(List<Entry> entries) {
        return entries.stream().sorted(Comparator.comparing(Entry::name)).toList();
    }

    /** Writes the zip to {@code zip}, replacing it only once complete; returns its size in bytes. */
    public long writeTo(Path zip) {
        Path partial = zip.resolveSibling(zip.getFileName() + ".partial");
        try {
            Files.createDirectories(zip.getParent());
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
                // lib/... < manifest.json < src/...: this is name order
                for (Entry jar : sorted(jars)) {
                    write(out, jar);
                }
                writeManifest(out, manifest());
                for (Entry source : sources) {
                    write(out, source);
                }
            }
            Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(zip);
        } catch (IOException e) {
            throw new CommandFailure("cannot write the package " + zip + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // left in files/, which is never packaged
            }
        }
    }

    private static void writeManifest(ZipOutputStream out, byte[] manifest) throws IOException {
        ZipEntry entry = new ZipEntry(MANIFEST);
        entry.setTimeLocal(FIXED_TIME);
        out.putNextEntry(entry);
        out.write(manifest);
        out.closeEntry();
    }

    private static void write(ZipOutputStream out, Entry entry) throws IOException {
        ZipEntry zipEntry = new ZipEntry(entry.name());
        zipEntry.setTimeLocal(FIXED_TIME);
        if (entry.isJar()) {
            zipEntry.setMethod(ZipEntry.STORED);
            zipEntry.setSize(entry.size());
            zipEntry.setCompressedSize(entry.size());
            zipEntry.setCrc(entry.crc());
        }
        out.putNextEntry(zipEntry);
        try (InputStream in = Files.newInputStream(entry.file())) {
            in.transferTo(out);
        }
        out.closeEntry();
    }
}
