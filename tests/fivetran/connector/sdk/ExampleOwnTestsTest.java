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
 * run as {@code jbang connectorTest.java} runs it: in a JVM of its own, from a copy of the example's folder, and passing
 * when JUnit's console launcher exits 0 with at least one test. The suite compiles it with javac against its own class
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
        Project copy = Project.example(folder.substring("examples/".length()));
        List<String> missing = dependenciesNotOnTheSuitesClassPath(copy.dir());
        Project.Result result = missing.isEmpty() ? compiledHere(copy)
                : copy.run(List.of(Project.root().resolve("jbang").toString(), TEST), Map.of(), null);
        assertEquals(0, result.exit(), () -> folder + "'s own test failed:\n" + result);
        Matcher successful = SUCCESSFUL.matcher(result.out());
        assertTrue(successful.find() && Integer.parseInt(successful.group(1)) > 0, () -> folder + " ran no test:\n" + result);
        try (Stream<Path> left = Files.list(copy.dir())) {
            assertFalse(left.anyMatch(file -> file.getFileName().toString().equals("files")), folder + "'s test wrote into its folder's files/");
        }
        copy.delete();
    }

    /**
     * The test compiled here against the suite's class path, and run with it and the test's {@code //JAVA_OPTIONS}; an
     * example whose dependencies the suite lacks is run through JBang instead.
     */
    private static Project.Result compiledHere(Project copy) throws IOException {
        Path classes = copy.dir().resolve(".classes");
        Files.createDirectories(classes);
        String classPath = System.getProperty("java.class.path");
        compile(sources(copy.dir()), classes, classPath);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        Matcher options = JAVA_OPTIONS.matcher(read(copy.dir().resolve(TEST)));
        while (options.find()) {
            command.addAll(Arrays.asList(options.group(1).trim().split("\\s+")));
        }
        // the folder itself too, for the resources a connector names with //FILES (JBang puts them at the jar's root)
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classes.toString(), copy.dir().toString(), classPath), "connectorTest"));
        return copy.run(command, Map.of(), null);
    }

    /** The Maven dependencies ({@code //DEPS group:artifact:version}) of the test and the connector that the suite has not. */
    private static List<String> dependenciesNotOnTheSuitesClassPath(Path dir) {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList();
        List<String> missing = new ArrayList<>();
        for (String file : List.of(TEST, "connector.java")) {
            Matcher line = MAVEN_DEPS.matcher(read(dir.resolve(file)));
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

    /** The test, the connector and the connector's {@code //SOURCES} (paths or globs relative to its folder). */
    private static List<Path> sources(Path dir) throws IOException {
        List<Path> sources = new ArrayList<>(List.of(dir.resolve(TEST), dir.resolve("connector.java")));
        Matcher line = SOURCES.matcher(read(dir.resolve("connector.java")));
        while (line.find()) {
            for (String entry : line.group(1).trim().split("\\s+")) {
                PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + entry);
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(Files::isRegularFile).filter(file -> glob.matches(dir.relativize(file))).forEach(sources::add);
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
