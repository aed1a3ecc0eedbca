package fivetran.connector.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every example as a JBang catalog template, generated from the example itself so that there is one source of truth.
 *
 * <p>{@code examples/README.md} lists the examples: a row {@code | [`name`](path) | description |} gives the template's
 * name, the example's folder (relative to {@code examples/}) and the catalog's description. The template copies the
 * example's files as they are, except two kinds, generated under {@code templates/examples/<name>/}:
 * <ul>
 * <li>a file that depends on the SDK or the test kit by its relative path ({@code //DEPS ../../../connector-sdk.java},
 *     {@code //DEPS ../../../lib/testkit.java}, {@code lib/ssh.java}) becomes a Qute template whose {@code //DEPS} line is
 *     the one of the hand-written templates (the installed SDK or module, or {@code -DsdkHome}), and whose {@code //SOURCES connector.java}
 *     names the connector's file as {@code jbang init} names it (and the test's class {@code connectorTest} after
 *     its file; a source shared with sibling examples, {@code //SOURCES ../Shared.java}, is put beside the others and
 *     named so); everything else is Qute's unparsed character data
 *     {@code {|…|}}, so that the Java code's braces are copied, not parsed;</li>
 * <li>{@code README.md}, whose commands are those of a project outside the checkout ({@code jbang …} instead of
 *     {@code ../../../jbang …}, catalog aliases with {@code @connector-sdk}, no {@code cd examples/…}).</li>
 * </ul>
 * {@code connector.java} is rendered under the name given to {@code jbang init}, and the example's own test,
 * {@code connectorTest.java}, under that name with {@code Test}. {@code ./jbang
 * tests/GenerateExampleTemplates.java} writes the generated files and the catalog's entries; {@code ExamplesTest} fails
 * when they are out of date.
 */
public final class ExampleTemplates {
    /** Where the generated files go, relative to the checkout. */
    public static final String GENERATED = "templates/examples";
    private static final Pattern ROW = Pattern.compile("(?m)^\\| \\[`([a-z0-9_]+)`]\\(([a-z0-9_/]+)\\) \\| (.+) \\|$");
    private static final Pattern RELATIVE_SDK = Pattern.compile("(?m)^//DEPS (\\.\\./)+(connector-sdk|lib/[a-z]+)\\.java$");
    /**
     * The lines of an example's file that name the SDK, one of its modules ({@code lib/testkit.java},
     * {@code lib/ssh.java}) or the connector's file, as the template writes them.
     */
    private static final Pattern RENDERED = Pattern.compile("(?m)^(//DEPS (\\.\\./)+connector-sdk\\.java|//DEPS (\\.\\./)+lib/([a-z]+)\\.java"
            + "|//SOURCES connector\\.java|//SOURCES \\.\\./([A-Za-z0-9_]+\\.java))$|\\bconnectorTest\\b");
    private static final String SDK_DEPENDENCY =
            "{#if sdkHome}//DEPS {sdkHome}/connector-sdk.java{#else}//DEPS fivetran.connector:connector-sdk:{sdkVersion}{/if}";
    private static final String CONNECTOR_SOURCE = "//SOURCES {baseName}.java";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleTemplates() {
    }

    /** An example: its template's name, its folder relative to the checkout, and what it shows. */
    public record Example(String template, String folder, String description) {
    }

    /** The examples listed in {@code examples/README.md}, in its order. */
    public static List<Example> listed(Path root) {
        Matcher row = ROW.matcher(read(root.resolve("examples/README.md")));
        List<Example> examples = new ArrayList<>();
        while (row.find()) {
            examples.add(new Example(row.group(1), "examples/" + row.group(2), row.group(3).replace("`", "")));
        }
        return examples;
    }

    /** The folders below {@code examples/} that hold an example: a {@code connector.java} or a JShell script. */
    public static List<String> folders(Path root) {
        try (Stream<Path> all = Files.walk(root.resolve("examples"))) {
            return all.filter(Files::isDirectory)
                    .filter(dir -> Files.exists(dir.resolve("connector.java")) || list(dir).stream().anyMatch(f -> f.endsWith(".jsh")))
                    .map(dir -> root.relativize(dir).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated files, by path relative to the checkout. */
    public static Map<String, String> generatedFiles(Path root) {
        Map<String, String> files = new TreeMap<>();
        for (Example example : listed(root)) {
            for (String file : exampleFiles(root, example)) {
                String text = read(root.resolve(example.folder()).resolve(file));
                if (file.equals("README.md")) {
                    String readme = outsideTheCheckout(text);
                    boolean sdk = RELATIVE_SDK.matcher(readme).find();
                    files.put(generated(example, file) + (sdk ? ".qute" : ""), sdk ? qute(readme) : readme);
                } else if (RELATIVE_SDK.matcher(text).find()) {
                    files.put(generated(example, file) + ".qute", qute(text));
                }
            }
        }
        return files;
    }

    /** The catalog's entry of each example, in the order of the README. */
    public static Map<String, ObjectNode> entries(Path root) {
        JsonNode sdk = handWritten(root).path("connector").path("properties");
        ObjectNode properties = JSON.createObjectNode();
        properties.set("sdkVersion", sdk.path("sdkVersion"));
        properties.set("sdkHome", sdk.path("sdkHome"));
        Map<String, String> generated = generatedFiles(root);
        Map<String, ObjectNode> entries = new LinkedHashMap<>();
        for (Example example : listed(root)) {
            ObjectNode entry = JSON.createObjectNode().put("description", example.description() + " (" + example.folder() + ")");
            ObjectNode refs = entry.putObject("file-refs");
            for (String file : exampleFiles(root, example)) {
                String target = switch (file) {
                    case "connector.java" -> "{basename}.java";
                    case "connectorTest.java" -> "{basename}Test.java";
                    default -> file;
                };
                String copy = generated(example, file);
                refs.put(target, generated.containsKey(copy) ? copy : generated.containsKey(copy + ".qute") ? copy + ".qute"
                        : example.folder() + "/" + file);
            }
            for (String shared : sharedSources(root, example)) {
                refs.put(shared, Path.of(example.folder()).getParent().resolve(shared).toString().replace('\\', '/'));
            }
            refs.put(".gitignore", "templates/common/gitignore");
            entry.set("properties", properties.deepCopy());
            entries.put(example.template(), entry);
        }
        return entries;
    }

    /** The catalog's text with the examples' entries after the hand-written templates, the rest unchanged. */
    public static String catalog(Path root) {
        ObjectNode catalog = (ObjectNode) tree(read(catalogFile(root)));
        ObjectNode templates = JSON.createObjectNode();
        handWritten(root).properties().forEach(template -> templates.set(template.getKey(), template.getValue()));
        entries(root).forEach((name, entry) -> {
            if (templates.has(name)) {
                throw new IllegalStateException("the example " + name + " has the name of a hand-written template");
            }
            templates.set(name, entry);
        });
        catalog.set("templates", templates);
        StringBuilder text = new StringBuilder();
        print(catalog, "", text);
        return text.append('\n').toString();
    }

    /** Writes the generated files and the catalog, and deletes generated files that are no longer generated. */
    public static void write(Path root) throws IOException {
        Map<String, String> files = generatedFiles(root);
        try (Stream<Path> existing = Files.exists(root.resolve(GENERATED)) ? Files.walk(root.resolve(GENERATED)) : Stream.empty()) {
            for (Path file : existing.filter(Files::isRegularFile).toList()) {
                if (!files.containsKey(root.relativize(file).toString().replace('\\', '/'))) {
                    Files.delete(file);
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(catalogFile(root), catalog(root), StandardCharsets.UTF_8);
    }

    /** The catalog's templates that are not examples (their files are not generated). */
    public static ObjectNode handWritten(Path root) {
        ObjectNode templates = JSON.createObjectNode();
        tree(read(catalogFile(root))).path("templates").properties().forEach(template -> {
            if (!template.getValue().path("file-refs").toString().contains("\"" + GENERATED + "/")
                    && !template.getValue().path("file-refs").toString().contains("\"examples/")) {
                templates.set(template.getKey(), template.getValue());
            }
        });
        return templates;
    }

    public static Path catalogFile(Path root) {
        return root.resolve("catalog/jbang-catalog.json");
    }

    /**
     * A file as a Qute template: the SDK's and its modules' dependencies, the connector's file and the test's class
     * ({@code connectorTest}, which JBang runs as the class named like the file), rendered as in the hand-written
     * templates, the rest unparsed.
     */
    public static String qute(String text) {
        StringBuilder template = new StringBuilder();
        Matcher line = RENDERED.matcher(text);
        int copied = 0;
        while (line.find()) {
            template.append(unparsed(text.substring(copied, line.start())));
            String found = line.group();
            template.append(found.equals("connectorTest") ? "{baseName}Test" : line.group(5) != null ? "//SOURCES " + line.group(5)
                    : found.startsWith("//SOURCES") ? CONNECTOR_SOURCE
                    : line.group(4) == null ? SDK_DEPENDENCY
                    : "{#if sdkHome}//DEPS {sdkHome}/lib/" + line.group(4) + ".java{#else}//DEPS fivetran.connector:connector-sdk-" + line.group(4)
                    + ":{sdkVersion}{/if}");
            copied = line.end();
        }
        return template.append(unparsed(text.substring(copied))).toString();
    }

    /**
     * Qute's unparsed character data. A {@code |}} in the text would end it, and so would {@code ]}} (the end of Qute's
     * other unparsed syntax, {@code {[…]}}): each is written with its closing brace between two sections.
     */
    private static String unparsed(String text) {
        return text.isEmpty() ? "" : "{|" + text.replace("|}", "|}|}{|").replace("]}", "]|}}{|") + "|}";
    }

    /** A README's commands as they are run in a project made from the template, outside the checkout. */
    public static String outsideTheCheckout(String readme) {
        StringBuilder out = new StringBuilder();
        boolean code = false;
        for (String line : readme.split("\n", -1)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (code) {
                if (line.matches("cd examples/[a-z0-9_/]+ *")) {
                    continue;
                }
                line = line.replaceFirst("^cd examples/[a-z0-9_/]+ && ", "")
                        .replaceAll("(\\.\\./)+jbang connector-sdk\\.java", "jbang connector-sdk@connector-sdk")
                        .replaceAll("(\\.\\./)+jbang example-api", "jbang example-api@connector-sdk")
                        .replaceAll("(\\.\\./)+jbang ", "jbang ");
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** The example's files, relative to its folder: all but its output ({@code files/}), hidden files and {@code *.tmp}. */
    private static List<String> exampleFiles(Path root, Example example) {
        Path folder = root.resolve(example.folder());
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("examples/README.md lists " + example.folder() + ", which does not exist");
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).map(folder::relativize)
                    .filter(file -> !file.startsWith("files") && !file.toString().endsWith(".tmp"))
                    .filter(file -> Stream.iterate(file, p -> p != null, Path::getParent).noneMatch(p -> p.getFileName().toString().startsWith(".")))
                    .map(file -> file.toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sources that the example's files name in the folder above it ({@code //SOURCES ../ODataTestServer.java}, a
     * test server that sibling examples share): the template puts them beside its files.
     */
    private static List<String> sharedSources(Path root, Example example) {
        List<String> shared = new ArrayList<>();
        for (String file : exampleFiles(root, example)) {
            if (file.endsWith(".java")) {
                Matcher line = SHARED_SOURCE.matcher(read(root.resolve(example.folder()).resolve(file)));
                while (line.find()) {
                    if (!shared.contains(line.group(1))) {
                        shared.add(line.group(1));
                    }
                }
            }
        }
        return shared;
    }

    private static final Pattern SHARED_SOURCE = Pattern.compile("(?m)^//SOURCES \\.\\./([A-Za-z0-9_]+\\.java)$");

    private static String generated(Example example, String file) {
        return GENERATED + "/" + example.template() + "/" + file;
    }

    /** JSON as Python's {@code json.dumps(indent=2)} writes it, the catalog's format. */
    private static void print(JsonNode node, String indent, StringBuilder out) {
        if (node.isContainerNode() && !node.isEmpty()) {
            String inner = indent + "  ";
            out.append(node.isObject() ? "{\n" : "[\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.isObject() ? node.properties().iterator() : null;
            for (int i = 0; i < node.size(); i++) {
                out.append(inner);
                JsonNode value = node.get(i);
                if (fields != null) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    out.append(new TextNode(field.getKey())).append(": ");
                    value = field.getValue();
                }
                print(value, inner, out);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            out.append(indent).append(node.isObject() ? '}' : ']');
        } else {
            out.append(node);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
