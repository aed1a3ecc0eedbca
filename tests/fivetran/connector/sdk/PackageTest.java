package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.deploy.ProjectFiles;
import fivetran.connector.sdk.deploy.SourceDirectives;
import fivetran.connector.sdk.testing.Project;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code package}: what goes into files/<project>.zip, what never does, and that the unzipped package runs. */
@Tag("e2e")
class PackageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-never-packaged";
    /** The README's commands that run a package unzipped into /tmp/hello, from the project folder. */
    private static final String README_UNZIP = "unzip files/hello.zip -d /tmp/hello";
    private static final String README_RUN = "cd /tmp/hello && java -cp \"lib/*\" connector debug";
    private static final String README_COPY_CONFIGURATION = "cp configuration.json /tmp/hello/";
    private static final String README_CONFIGURATION_PATH = " --configuration /path/to/project/configuration.json";
    /** A connector that uses a class from outside its folder (//SOURCES) and a resource (//FILES). */
    private static final String CONNECTOR = """
            ///usr/bin/env jbang "$0" "$@" ; exit $?
            //DEPS SDK_HOME/connector-sdk.java
            //SOURCES ../shared/Greeting.java
            //FILES greeting.txt

            import fivetran.connector.sdk.Configuration;
            import fivetran.connector.sdk.Connector;
            import fivetran.connector.sdk.Operations;
            import fivetran.connector.sdk.State;
            import java.io.InputStream;
            import java.nio.charset.StandardCharsets;
            import java.util.Map;

            class connector {
                static void update(Configuration configuration, State state) throws Exception {
                    try (InputStream greeting = connector.class.getResourceAsStream("/greeting.txt")) {
                        String text = new String(greeting.readAllBytes(), StandardCharsets.UTF_8).strip();
                        Operations.upsert("greetings", Map.of("id", 1, "text", Greeting.compose(text, configuration.require("name"))));
                    }
                    Operations.checkpoint(state);
                }

                public static void main(String[] args) {
                    new Connector(connector::update).run(args);
                }
            }
            """;

    /** A project folder {@code connector_project} beside {@code shared/}, which holds a source it pulls in. */
    private static Project greetingProject(String name) {
        return Project.empty(name)
                .write("connector_project/connector.java", CONNECTOR.replace("SDK_HOME", Project.root().toString()))
                .write("connector_project/greeting.txt", "hello\n")
                .write("shared/Greeting.java", "class Greeting {\n    static String compose(String greeting, String name) {\n"
                        + "        return greeting + \", \" + name;\n    }\n}\n");
    }

    private static Project.Result packageIt(Project project) {
        return project.run(List.of(Project.root().resolve("jbang").toString(), "connector_project/connector.java", "package", "connector_project"),
                Map.of(), null);
    }

    @Test
    void thePackageHoldsSourcesJarsAndAManifestButNoSecretOrExcludedFileIsByteIdenticalWhenRepeatedAndRunsWithPlainJava() throws Exception {
        Project project = greetingProject("package")
                .write("connector_project/README.md", "# greetings\n")
                .write("connector_project/configuration.json", "{\"name\": \"" + SECRET + "\"}")
                .write("connector_project/docs/configuration.json", "{\"name\": \"" + SECRET + "\"}")
                .write("connector_project/destination.json", "{\"catalog\": {\"token\": \"" + SECRET + "\"}}")
                .write("connector_project/.env", "TOKEN=" + SECRET)
                .write("connector_project/.idea/workspace.xml", SECRET)
                .write("connector_project/files/state.json", "{}")
                .write("connector_project/.gitignore", "*.log\n!keep.log\n/build/\n")
                .write("connector_project/docs/.gitignore", "draft.md\n!debug.log\n")
                .write("connector_project/app.log", SECRET)
                .write("connector_project/keep.log", "kept")
                .write("connector_project/build/out.txt", SECRET)
                .write("connector_project/docs/build/notes.txt", "only the root build/ is ignored")
                .write("connector_project/docs/draft.md", SECRET)
                .write("connector_project/docs/debug.log", "re-included by docs/.gitignore")
                .write("connector_project/docs/guide.md", "guide");
        Path zip = project.file("connector_project/files/connector_project.zip");

        Project.Result result = packageIt(project);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().startsWith("package created at: " + zip + "\nsize: "), result::toString);
        assertTrue(result.out().contains("main class: connector, compiled for Java "), result::toString);
        assertTrue(result.out().contains("  src/shared/Greeting.java") && result.out().contains("  lib/connector-sdk.jar"), result::toString);

        Map<String, byte[]> entries = unzip(Files.readAllBytes(zip));
        Set<String> sources = entries.keySet().stream().filter(name -> name.startsWith("src/")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("src/connector_project/README.md", "src/connector_project/connector.java",
                "src/connector_project/docs/build/notes.txt", "src/connector_project/docs/debug.log", "src/connector_project/docs/guide.md",
                "src/connector_project/greeting.txt", "src/connector_project/keep.log", "src/shared/Greeting.java")), sources);
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            assertFalse(new String(entry.getValue(), StandardCharsets.ISO_8859_1).contains(SECRET), entry.getKey() + " holds the secret");
        }

        JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
        assertEquals("connector", manifest.get("main_class").asText());
        assertEquals(Connector.SDK_VERSION, manifest.get("sdk_version").asText());
        assertEquals("src/connector_project/connector.java", manifest.get("connector_source").asText());
        assertEquals(majorVersionOf(entries.get("lib/connector.jar"), "connector.class") - 44, manifest.get("java_version").asInt());
        Set<String> jars = entries.keySet().stream().filter(name -> name.startsWith("lib/")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> classPath = new TreeSet<>();
        manifest.get("class_path").forEach(entry -> classPath.add(entry.asText()));
        assertEquals(jars, classPath);
        assertTrue(jars.containsAll(List.of("lib/connector.jar", "lib/connector-sdk.jar", "lib/duckdb_jdbc-1.5.6.0.jar")), jars::toString);
        Map<String, String> hashes = new TreeMap<>();
        manifest.get("sha256").properties().forEach(hash -> hashes.put(hash.getKey(), hash.getValue().asText()));
        Set<String> hashed = new TreeSet<>(entries.keySet());
        hashed.remove("manifest.json");
        assertEquals(hashed, hashes.keySet());
        for (Map.Entry<String, String> hash : hashes.entrySet()) {
            assertEquals(hash.getValue(), sha256(entries.get(hash.getKey())), hash.getKey());
        }

        byte[] first = Files.readAllBytes(zip);
        Files.setLastModifiedTime(project.file("connector_project/README.md"), FileTime.from(Instant.now().plusSeconds(3600)));
        Project.Result again = packageIt(project);
        assertEquals(0, again.exit(), again::toString);
        assertArrayEquals(first, Files.readAllBytes(zip), "packaging twice gives byte-identical zips");

        Path folder = project.file("connector_project");
        Project unzipped = Project.empty("unzipped");
        Path copiedIn = unzipped.file("copied-in");
        Project.Result copied = readme(folder, copiedIn, README_UNZIP, README_COPY_CONFIGURATION, README_RUN);
        assertEquals(0, copied.exit(), copied::toString);
        assertTrue(copied.out().contains("SYNC SUCCEEDED"), copied::toString);
        assertEquals("hello, " + SECRET, Project.query(copiedIn.resolve("files/warehouse.db"), "SELECT text FROM tester.greetings").get(0).get("text"));

        Path named = unzipped.file("named");
        Project.Result withPath = readme(folder, named, README_UNZIP, README_RUN + README_CONFIGURATION_PATH);
        assertEquals(0, withPath.exit(), withPath::toString);
        assertTrue(withPath.out().contains("SYNC SUCCEEDED"), withPath::toString);

        Project.Result missing = readme(folder, named, README_RUN + " --configuration my-configuration.json");
        assertEquals(1, missing.exit(), missing::toString);
        assertTrue(missing.all().contains("configuration file " + named.resolve("my-configuration.json") + " does not exist or is not a file"),
                missing::toString);
        assertTrue(missing.all().contains("does not exist or is not a file; a package never holds configuration.json (it holds secrets): "
                + "copy the project's configuration.json into " + named + ", or give --configuration its path"), missing::toString);
        Project.Result none = readme(folder, named, README_RUN);
        assertEquals(1, none.exit(), none::toString);
        assertTrue(none.all().contains("configuration is missing required key 'name'"), none::toString);
        project.delete();
        unzipped.delete();
    }

    /**
     * Runs {@code lines} with bash in the project {@code folder}, as the README writes them but for the names: its zip
     * for {@code files/hello.zip}, {@code into} for {@code /tmp/hello}, the folder for {@code /path/to/project}; and
     * {@code java} is this JVM's.
     */
    private static Project.Result readme(Path folder, Path into, String... lines) {
        String script = String.join("\n", lines).replace("files/hello.zip", "files/" + folder.getFileName() + ".zip")
                .replace("/tmp/hello", into.toString()).replace("/path/to/project", folder.toString());
        String path = Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");
        return Project.runIn(folder, List.of("bash", "-ec", script), Map.of("PATH", path), null);
    }

    /**
     * A jar named by its path in //DEPS (a vendor's driver that is not on Maven Central) is on the class path, so it goes
     * into lib/ as it is, whether it lies in the project (here kept out of git, and so of src/, by .gitignore) or
     * outside it; the unzipped package runs with it.
     */
    @Test
    void jarsNamedByTheirPathInDepsArePackagedInLibAndTheUnzippedPackageRunsWithThem() throws Exception {
        Project project = Project.empty("package-local-jars")
                .write("connector_project/connector.java", """
                        ///usr/bin/env jbang "$0" "$@" ; exit $?
                        //DEPS SDK_HOME/connector-sdk.java
                        //DEPS drivers/vendor-driver.jar
                        //DEPS ../shared/other-vendor.jar

                        import fivetran.connector.sdk.Connector;
                        import fivetran.connector.sdk.Operations;
                        import java.nio.charset.StandardCharsets;
                        import java.util.Map;

                        class connector {
                            public static void main(String[] args) {
                                new Connector((configuration, state) -> {
                                    for (String name : new String[] {"vendor.txt", "other.txt"}) {
                                        try (var in = connector.class.getResourceAsStream("/" + name)) {
                                            Operations.upsert("resources", Map.of("name", name, "text", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                                        }
                                    }
                                    Operations.checkpoint(state);
                                }).run(args);
                            }
                        }
                        """.replace("SDK_HOME", Project.root().toString()))
                .write("connector_project/.gitignore", "drivers/*.jar\n");
        byte[] vendor = jar("vendor.txt", "from the vendor's jar");
        byte[] other = jar("other.txt", "from a jar outside the project");
        Files.createDirectories(project.file("connector_project/drivers"));
        Files.createDirectories(project.file("shared"));
        Files.write(project.file("connector_project/drivers/vendor-driver.jar"), vendor);
        Files.write(project.file("shared/other-vendor.jar"), other);

        Project.Result result = packageIt(project);
        assertEquals(0, result.exit(), result::toString);
        Map<String, byte[]> entries = unzip(Files.readAllBytes(project.file("connector_project/files/connector_project.zip")));
        assertArrayEquals(vendor, entries.get("lib/vendor-driver.jar"), entries.keySet()::toString);
        assertArrayEquals(other, entries.get("lib/other-vendor.jar"), entries.keySet()::toString);
        assertFalse(entries.containsKey("src/drivers/vendor-driver.jar"), "excluded by .gitignore from src/, not from the class path");
        List<String> classPath = new java.util.ArrayList<>();
        JSON.readTree(entries.get("manifest.json")).get("class_path").forEach(entry -> classPath.add(entry.asText()));
        assertTrue(classPath.containsAll(List.of("lib/vendor-driver.jar", "lib/other-vendor.jar")), classPath::toString);

        Path into = Project.empty("package-local-jars-unzipped").dir();
        Project.Result run = readme(project.file("connector_project"), into, README_UNZIP, README_RUN);
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of(Map.of("name", "other.txt", "text", "from a jar outside the project"), Map.of("name", "vendor.txt", "text", "from the vendor's jar")),
                Project.query(into.resolve("files/warehouse.db"), "SELECT name, text FROM tester.resources ORDER BY name"));
        project.delete();
        fivetran.connector.sdk.internal.Folders.delete(into);
    }

    /** A jar holding one resource. */
    private static byte[] jar(String name, String content) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(bytes)) {
            jar.putNextEntry(new ZipEntry(name));
            jar.write(content.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aFileTheConnectorPullsInButThatMustStayOutIsRefusedNotPackaged() {
        Project project = greetingProject("package-refused").write("connector_project/.gitignore", "greeting.txt\n");
        Project.Result result = packageIt(project);
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.err().contains("connector.java pulls in " + project.file("connector_project/greeting.txt") + " with //FILES, "
                + "but that file is excluded by .gitignore and must not be packaged"), result::toString);
        assertFalse(Files.exists(project.file("connector_project/files/connector_project.zip")));
        project.delete();
    }

    @Test
    void gitignoreFilesAreMatchedAsGitDoesAndTheFixedExclusionsCannotBeNegated() {
        Project project = Project.empty("ignore")
                .write(".gitignore", "*.log\n!keep.log\n/build/\nsecrets/\n!secrets/public.txt\ndocs/**/tmp\n\\#literal.txt\n"
                        + "!configuration.json\n!.env\n# a comment\n")
                .write("docs/.gitignore", "draft.md\n!debug.log\n")
                .write("connector.java", "")
                .write("app.log", "").write("keep.log", "").write("sub/deep.log", "")
                .write("build/out.txt", "").write("src/build/kept.txt", "")
                .write("secrets/public.txt", "").write("secrets/key.txt", "")
                .write("docs/draft.md", "").write("other/draft.md", "").write("docs/debug.log", "").write("docs/guide.md", "")
                .write("docs/a/b/tmp", "").write("docs/tmp", "").write("tmp", "")
                .write("#literal.txt", "")
                .write("configuration.json", "").write("docs/configuration.json", "")
                .write(".env", "").write(".idea/workspace.xml", "").write("docs/.secret", "")
                .write("files/state.json", "").write("docs/files/data.txt", "")
                .write("\\", "").write("docs\\configuration.json", "");
        ProjectFiles.Selection selection = ProjectFiles.select(project.dir());
        assertEquals(List.of("connector.java", "docs/debug.log", "docs/files/data.txt", "docs/guide.md", "keep.log", "other/draft.md",
                "src/build/kept.txt", "tmp"), selection.included());
        assertEquals("excluded by .gitignore", selection.exclusionOf("app.log"));
        assertEquals("excluded by docs/.gitignore", selection.exclusionOf("docs/draft.md"));
        assertEquals("inside secrets/, which is excluded by .gitignore", selection.exclusionOf("secrets/public.txt"));
        assertEquals("the configuration, which holds secrets", selection.exclusionOf("docs/configuration.json"));
        assertEquals("hidden", selection.exclusionOf(".env"));
        assertEquals("inside files/, which is the local output folder", selection.exclusionOf("files/state.json"));
        // fuzzing found it: a name made of a backslash became "/", the root folder, when backslashes were taken for separators
        assertEquals("named with a backslash, which zip tools take for a folder separator", selection.exclusionOf("\\"));
        assertEquals("named with a backslash, which zip tools take for a folder separator", selection.exclusionOf("docs\\configuration.json"));
        project.delete();
    }

    @Test
    void sourceDirectivesAreReadAsJBangReadsThem() {
        Project project = Project.empty("directives")
                .write("app/main.java", "//SOURCES util/*.java \"with space/A.java\"\n"
                        + "//FILES conf/app.properties, META-INF/x.txt=res/x.txt // a comment\n"
                        + "//SOURCES lib;../outside/O.java\n"
                        + "//DEPS g:a:1\n"
                        + "    //SOURCES indented/lines/are/not/directives.java\n")
                .write("app/util/U1.java", "//SOURCES ../deep/D.java\n").write("app/util/U2.java", "").write("app/util/sub/Skipped.java", "")
                .write("app/with space/A.java", "").write("app/conf/app.properties", "").write("app/res/x.txt", "")
                .write("app/lib/L.java", "").write("app/lib/inner/M.txt", "").write("app/deep/D.java", "").write("outside/O.java", "");
        Set<String> found = SourceDirectives.of(project.file("app/main.java")).stream()
                .map(pulled -> project.dir().relativize(pulled.file()).toString() + " (" + pulled.directive() + ")")
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("app/util/U1.java (SOURCES)", "app/util/U2.java (SOURCES)", "app/with space/A.java (SOURCES)",
                "app/conf/app.properties (FILES)", "app/res/x.txt (FILES)", "app/lib/L.java (SOURCES)", "app/lib/inner/M.txt (SOURCES)",
                "outside/O.java (SOURCES)", "app/deep/D.java (SOURCES)")), found);
        project.delete();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static int majorVersionOf(byte[] jar, String classFile) throws IOException {
        byte[] bytes = unzip(jar).get(classFile);
        return ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
