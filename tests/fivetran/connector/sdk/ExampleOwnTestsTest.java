package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Each example's own test, {@code connectorTest.java} (which the example's template writes as {@code <name>Test.java}),
 * run as {@code jbang connectorTest.java} runs it: in a JVM of its own, in the example's folder, and passing when
 * JUnit's console launcher exits 0 with at least one test and the folder holds the same files as before. The suite compiles it with javac against its own class
 * path (the SDK, the kit and the examples' drivers) rather than through JBang, which {@code CatalogTest} does for a
 * template's test. An example test tagged {@code servers} runs in the servers tier, the others in e2e.
 */
class ExampleOwnTestsTest {
    private static final String TEST = "connectorTest.java";
    private static final Pattern SOURCES = Pattern.compile("(?m)^//SOURCES (.+)$");
    private static final Pattern MAVEN_DEPS = Pattern.compile("(?m)^//DEPS ([^./][^\\n]*:[^\\n]*)$");
    private static final Pattern JAVA_OPTIONS = Pattern.compile("(?m)^//JAVA_OPTIONS (.+)$");
    private static final Pattern SUCCESSFUL = Pattern.compile("\\[ +(\\d+) tests successful +]");

    @Tag("e2e")
    @TestFactory
    Stream<DynamicTest> offline() {
        return tests("e2e");
    }

    @Tag("servers")
    @TestFactory
    Stream<DynamicTest> againstServers() {
        return tests("servers");
    }

    @Tag("heavy")
    @TestFactory
    Stream<DynamicTest> againstHeavyServers() {
        return tests("heavy");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleHasItsOwnTest() {
        return folders().stream().map(folder -> DynamicTest.dynamicTest(folder + " has " + TEST, () -> {
            Path dir = Project.root().resolve(folder);
            assertTrue(Files.isRegularFile(dir.resolve(TEST)), folder + " has no " + TEST);
            String readme = Files.readString(dir.resolve("README.md"));
            assertTrue(readme.contains("jbang " + TEST), folder + "/README.md does not say how to run " + TEST);
        }));
    }

    /** The examples with a connector, relative to the checkout. */
    private static List<String> folders() {
        try (Stream<Path> all = Files.walk(Project.root().resolve("examples"))) {
            return all.filter(file -> file.getFileName().toString().equals("connector.java"))
                    .map(file -> Project.root().relativize(file.getParent()).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tier of an example's test: the servers or heavy tag of its class, else e2e. */
    private static String tier(Path test) {
        String text = read(test);
        return text.contains("@Tag(\"heavy\")") ? "heavy" : text.contains("@Tag(\"servers\")") ? "servers" : "e2e";
    }

    private static Stream<DynamicTest> tests(String tier) {
        return folders().stream().filter(folder -> Files.isRegularFile(Project.root().resolve(folder).resolve(TEST)))
                .filter(folder -> tier(Project.root().resolve(folder).resolve(TEST)).equals(tier))
                .map(folder -> DynamicTest.dynamicTest(folder, () -> run(folder)));
    }

    private static void run(String folder) throws IOException {
        Path dir = Project.root().resolve(folder);
        List<String> before = listing(dir);
        Project.Result result = dependenciesNotOnTheSuitesClassPath(dir).isEmpty() ? compiledHere(dir)
                : Project.runIn(dir, List.of(Project.root().resolve("jbang").toString(), TEST), Map.of(), null);
        assertEquals(0, result.exit(), () -> folder + "'s own test failed:\n" + result);
        Matcher successful = SUCCESSFUL.matcher(result.out());
        assertTrue(successful.find() && Integer.parseInt(successful.group(1)) > 0, () -> folder + " ran no test:\n" + result);
        assertEquals(before, listing(dir), folder + "'s test left files in its folder: it must sync into temporary folders");
        assertFalse(result.all().contains("SLF4J(E)"), () -> folder + "'s test logged an SLF4J error (a provider refused):\n" + result);
    }

    /** The files below {@code dir}, relative to it. */
    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(file -> dir.relativize(file).toString()).sorted().toList();
        }
    }

    /**
     * The test compiled here against the suite's class path, and run with it and the test's {@code //JAVA_OPTIONS}; an
     * example whose dependencies the suite lacks is run through JBang instead.
     */
    private static Project.Result compiledHere(Path dir) throws IOException {
        Path classes = Files.createTempDirectory("example-test-classes-");
        try {
            String classPath = System.getProperty("java.class.path");
            compile(sources(dir), classes, classPath);
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            Matcher options = JAVA_OPTIONS.matcher(read(dir.resolve(TEST)));
            while (options.find()) {
                command.addAll(Arrays.asList(options.group(1).trim().split("\\s+")));
            }
            // the folder itself too, for the resources a connector names with //FILES (JBang puts them at the jar's root)
            command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classes.toString(), dir.toString(), classPath), "connectorTest"));
            return Project.runIn(dir, command, Map.of(), null);
        } finally {
            fivetran.connector.sdk.internal.Folders.delete(classes);
        }
    }

    /**
     * The Maven dependencies ({@code //DEPS group:artifact:version}) of the test, the connector and their sources that
     * the suite has not.
     */
    private static List<String> dependenciesNotOnTheSuitesClassPath(Path dir) throws IOException {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList();
        List<String> missing = new ArrayList<>();
        for (Path file : sources(dir)) {
            Matcher line = MAVEN_DEPS.matcher(read(file));
            while (line.find()) {
                for (String coordinate : line.group(1).trim().split("\\s+")) {
                    String[] parts = coordinate.split(":");
                    if (parts.length < 3 || !jars.contains(parts[1] + "-" + parts[2] + ".jar")) {
                        missing.add(coordinate);
                    }
                }
            }
        }
        return missing;
    }

    /** The test, the connector and both one's {@code //SOURCES} (paths or globs relative to the folder). */
    private static List<Path> sources(Path dir) throws IOException {
        List<Path> sources = new ArrayList<>(List.of(dir.resolve(TEST), dir.resolve("connector.java")));
        for (String file : List.of(TEST, "connector.java")) {
            Matcher line = SOURCES.matcher(read(dir.resolve(file)));
            while (line.find()) {
                for (String entry : line.group(1).trim().split("\\s+")) {
                    if (entry.equals("connector.java")) {
                        continue;
                    }
                    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + dir.resolve(entry).normalize());
                    try (Stream<Path> files = Files.walk(dir.resolve(entry).normalize().getParent())) {
                        files.filter(Files::isRegularFile).filter(glob::matches).forEach(sources::add);
                    }
                }
            }
        }
        return sources;
    }

    private static void compile(List<Path> sources, Path classes, String classPath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean compiled = javac.getTask(errors, files, null, List.of("-d", classes.toString(), "-cp", classPath, "-proc:none", "-nowarn"),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            assertTrue(compiled, () -> "javac failed on " + sources + ":\n" + errors);
        }
    }

    private static String read(Path file) {
        return Project.read(file);
    }
}
