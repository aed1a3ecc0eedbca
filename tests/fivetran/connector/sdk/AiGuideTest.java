package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The guide for AI assistants, {@code examples/all_things_ai/ai_agents/README.md} and {@code AGENTS.md}: every
 * {@code ```java} block of both is compiled against the SDK and its test kit (the suite's class path), in one javac
 * run, and a block that does not compile fails the test naming its file and line. The rules, by the block's first line
 * that is not blank, a comment or an annotation:
 * <ul>
 * <li>{@code ///usr/bin/env jbang} first: a whole file, compiled as it is (in a package of its own, so that two files
 * may both declare {@code class connector}). A whole file with {@code //SOURCES connector.java} is compiled in the
 * package of the last whole file before it in the same document that declares {@code class connector}.</li>
 * <li>Only {@code import} lines: the imports of every later wrapped block of the same document, and compiled as
 * imports of an empty class.</li>
 * <li>{@code static …}: members, wrapped in a class.</li>
 * <li>Anything else: statements, wrapped in a method body with {@code Configuration configuration} and
 * {@code State state} in scope, which may throw.</li>
 * </ul>
 * A wrapped block's own leading {@code import} lines are added to the imports. A block right after a line
 * {@code <!-- excerpt: PATH -->} is an excerpt of PATH (relative to the document): each part between lines
 * {@code // …} must be in that file literally and in order, and the file is compiled as a whole file instead of the
 * excerpt. The worked example's connector is run by its own test in {@code ExampleOwnTestsTest}.
 */
class AiGuideTest {
    static final Path GUIDE = Path.of("examples/all_things_ai/ai_agents");
    static final List<String> DOCUMENTS = List.of("README.md", "AGENTS.md");
    static final Path WORKED_EXAMPLE = Path.of("examples/all_things_ai/tutorials/claude/pokeapi_tutorial");
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
    private static final Pattern EXCERPT = Pattern.compile("^<!-- excerpt: (\\S+) -->$");
    private static final Pattern ELISION = Pattern.compile("(?m)^[ \\t]*// …[ \\t]*$");
    private static final Pattern CONNECTOR_CLASS = Pattern.compile("(?m)^(?:final )?class connector\\b");

    /** A {@code java} block: its document, the line of its first code line there, its text, and the excerpt's file or null. */
    record Block(String document, int line, String code, String excerptOf) {
        String where() {
            return GUIDE.resolve(document) + ":" + line;
        }
    }

    /** A source given to javac: its text, and where its lines come from (the block, and the wrapper's lines before it). */
    record Source(String name, String code, Block block, int linesBefore) {
    }

    @Test
    void everyJavaBlockOfTheGuideCompilesAgainstTheSdk() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (String document : DOCUMENTS) {
            blocks.addAll(blocks(document));
        }
        assertTrue(blocks.stream().filter(b -> b.document().equals("AGENTS.md") && b.excerptOf() == null).count() >= 5,
                "AGENTS.md shows the API in java blocks: " + blocks);
        assertTrue(blocks.stream().anyMatch(b -> b.document().equals("README.md") && b.excerptOf() != null),
                "README.md's worked example shows excerpts of its connector");

        List<Source> sources = new ArrayList<>();
        Map<String, List<String>> imports = new LinkedHashMap<>();
        Map<String, String> connectorPackage = new LinkedHashMap<>();
        Map<Path, String> excerptFiles = new LinkedHashMap<>();
        for (Block block : blocks) {
            String pkg = "guide." + block.document().replace(".md", "").toLowerCase(Locale.ROOT) + ".l" + block.line();
            String first = firstCodeLine(block.code());
            if (block.excerptOf() != null) {
                Path file = Project.root().resolve(GUIDE).resolve(block.excerptOf()).normalize();
                excerptFiles.putIfAbsent(file, block.where());
            } else if (first.startsWith("///usr/bin/env jbang")) {
                String name = pkg;
                if (block.code().contains("//SOURCES connector.java")) {
                    name = connectorPackage.get(block.document());
                    assertTrue(name != null, block.where() + ": a test file with //SOURCES connector.java, but no whole connector file before it");
                }
                if (CONNECTOR_CLASS.matcher(block.code()).find()) {
                    connectorPackage.put(block.document(), name);
                }
                // the package line replaces no line: it goes before the first line, which is a comment
                sources.add(new Source(name.replace('.', '/') + "/" + className(block.code()) + ".java",
                        "package " + name + "; " + block.code(), block, 0));
            } else if (block.code().lines().allMatch(line -> line.isBlank() || line.startsWith("import "))) {
                imports.put(block.document(), block.code().lines().filter(line -> !line.isBlank()).toList());
                sources.add(wrapped(pkg, block, imports.get(block.document()), ""));
            } else {
                List<String> own = block.code().lines().takeWhile(line -> line.isBlank() || line.startsWith("import ")).toList();
                String body = block.code().lines().skip(own.size()).collect(Collectors.joining("\n"));
                List<String> all = new ArrayList<>(imports.getOrDefault(block.document(), imports.getOrDefault("AGENTS.md", List.of())));
                own.stream().filter(line -> !line.isBlank()).forEach(all::add);
                Block rest = new Block(block.document(), block.line() + own.size(), body, null);
                sources.add(first.startsWith("static ") || first.startsWith("public static ") || first.startsWith("private static ")
                        ? wrapped(pkg, rest, all, body)
                        : wrapped(pkg, rest, all, "static void snippet(Configuration configuration, State state) throws Exception {\n" + body + "\n}"));
            }
        }
        for (Map.Entry<Path, String> file : excerptFiles.entrySet()) {
            assertTrue(Files.isRegularFile(file.getKey()), file.getValue() + ": the excerpt's file " + file.getKey() + " does not exist");
            String code = Files.readString(file.getKey());
            String pkg = "guide.excerpt.f" + sources.size();
            sources.add(new Source(pkg.replace('.', '/') + "/" + className(code) + ".java", "package " + pkg + "; " + code,
                    new Block(file.getKey().toString(), 1, code, null), 0));
        }
        compile(sources);
    }

    @Test
    void theWorkedExamplesExcerptsAreLiterallyInItsConnectorWhichHasItsOwnTest() throws IOException {
        List<Block> excerpts = blocks("README.md").stream().filter(block -> block.excerptOf() != null).toList();
        assertTrue(excerpts.size() >= 3, "the worked example shows its connector: " + excerpts);
        for (Block excerpt : excerpts) {
            Path file = Project.root().resolve(GUIDE).resolve(excerpt.excerptOf()).normalize();
            assertEquals(Project.root().resolve(WORKED_EXAMPLE).resolve("connector.java"), file, excerpt.where() + ": an excerpt of another file");
            String connector = Files.readString(file);
            int from = 0;
            for (String part : ELISION.split(excerpt.code())) {
                String text = part.strip().isEmpty() ? "" : part.replaceAll("^\\n+|\\n+$", "");
                if (text.isEmpty()) {
                    continue;
                }
                int at = connector.indexOf(text, from);
                if (at < 0) {
                    fail(excerpt.where() + ": this part of the excerpt is not in " + Project.root().relativize(file)
                            + (connector.contains(text) ? " after the part before it" : "") + " (has the connector changed?):\n" + text);
                }
                from = at + text.length();
            }
        }
        assertTrue(Files.isRegularFile(Project.root().resolve(WORKED_EXAMPLE).resolve("connectorTest.java")),
                "the worked example has its own test, which ExampleOwnTestsTest runs");
        String readme = Files.readString(Project.root().resolve(GUIDE).resolve("README.md"));
        assertTrue(readme.contains("```text\n"), "the worked example shows its prompt");
    }

    @Test
    void theTutorialsIndexNamesEachTutorialFolder() throws IOException {
        String index = Files.readString(Project.root().resolve("examples/all_things_ai/tutorials/README.md"));
        try (var folders = Files.walk(Project.root().resolve("examples/all_things_ai/tutorials"))) {
            List<String> tutorials = folders.filter(dir -> Files.isRegularFile(dir.resolve("connector.java")))
                    .map(dir -> Project.root().resolve("examples/all_things_ai/tutorials").relativize(dir).toString().replace('\\', '/')).toList();
            assertFalse(tutorials.isEmpty());
            for (String tutorial : tutorials) {
                assertTrue(index.contains("](" + tutorial + ")"), "tutorials/README.md links " + tutorial);
            }
        }
    }

    /** The {@code java} blocks of a document of the guide, each with the line of its first code line. */
    static List<Block> blocks(String document) throws IOException {
        List<String> lines = Files.readAllLines(Project.root().resolve(GUIDE).resolve(document));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches() || open.group(1).isEmpty()) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            assertTrue(end < lines.size(), document + ":" + (i + 1) + ": a code block that is not closed");
            if (open.group(1).equals("java")) {
                Matcher excerpt = i > 0 ? EXCERPT.matcher(lines.get(i - 1)) : null;
                blocks.add(new Block(document, start + 1, String.join("\n", lines.subList(start, end)) + "\n",
                        excerpt != null && excerpt.matches() ? excerpt.group(1) : null));
            }
            i = end;
        }
        return blocks;
    }

    private static String firstCodeLine(String code) {
        return code.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !(line.startsWith("//") && !line.startsWith("///usr/bin/env")) && !line.startsWith("@"))
                .findFirst().orElse("");
    }

    /** The name of the first top-level class of a whole file, for its file name. */
    private static String className(String code) {
        Matcher name = Pattern.compile("(?m)^(?:public |final )*(?:class|record|interface|enum) (\\w+)").matcher(code);
        return name.find() ? name.group(1) : "Snippet";
    }

    private static Source wrapped(String pkg, Block block, List<String> imports, String members) {
        StringBuilder code = new StringBuilder("package ").append(pkg).append(";\n");
        imports.forEach(line -> code.append(line).append('\n'));
        code.append("class Snippet {\n");
        int before = (int) code.chars().filter(c -> c == '\n').count();
        code.append(members).append("\n}\n");
        // a statement block's method line comes before its first line
        int offset = members.startsWith("static void snippet(") ? before + 1 : before;
        return new Source(pkg.replace('.', '/') + "/Snippet.java", code.toString(), block, offset);
    }

    private static void compile(List<Source> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Files.createTempDirectory("ai-guide-classes-");
        Map<JavaFileObject, Source> byFile = new LinkedHashMap<>();
        for (Source source : sources) {
            byFile.put(new SimpleJavaFileObject(URI.create("string:///" + source.name()), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source.code();
                }
            }, source);
        }
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"), "-proc:none", "-nowarn"),
                    null, byFile.keySet()).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) {
                    continue;
                }
                Source source = byFile.get(d.getSource());
                String where = source == null ? String.valueOf(d.getSource())
                        : source.block().where().replaceAll(":\\d+$", "") + ":" + (source.block().line() + d.getLineNumber() - 1 - source.linesBefore());
                errors.add(where + ": " + d.getMessage(Locale.ROOT));
            }
            assertTrue(compiled && errors.isEmpty(), () -> "a java block of the guide does not compile:\n" + String.join("\n", errors));
        } finally {
            fivetran.connector.sdk.internal.Folders.delete(classes);
        }
    }
}
