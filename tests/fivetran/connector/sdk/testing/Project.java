package fivetran.connector.sdk.testing;

import fivetran.connector.sdk.Connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A connector project in a temporary folder, run through JBang exactly as a user runs it. */
public final class Project {
    private static final Path ROOT = findRoot();
    private final Path dir;

    private Project(Path dir) {
        this.dir = dir;
    }

    /** The checkout: the nearest folder above the working directory that holds connector-sdk.java. */
    public static Path root() {
        return ROOT;
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("connector-sdk.java")) && Files.isDirectory(dir.resolve("lib"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the tests from the repository: no connector-sdk.java above " + Path.of("").toAbsolutePath());
    }

    /**
     * A new local Maven repository for JBang ({@code JBANG_REPO}) holding hard links to the jars and poms of the user's
     * {@code ~/.m2/repository} (copies of its metadata, and where links cannot be made), without the SDK's own, so that a test's
     * {@code setup} installs into it and never into the user's repository.
     */
    public static Path isolatedMavenRepository() throws IOException {
        Path repository = Files.createTempDirectory("maven-repository-");
        Path user = Path.of(System.getProperty("user.home"), ".m2", "repository");
        if (!Files.isDirectory(user)) {
            return repository;
        }
        Path sdk = user.resolve("fivetran").resolve("connector");
        try (Stream<Path> files = Files.walk(user)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(sdk)).toList()) {
                Path target = repository.resolve(user.relativize(file).toString());
                Files.createDirectories(target.getParent());
                String name = file.getFileName().toString();
                try {
                    if (!name.endsWith(".jar") && !name.endsWith(".pom")) {
                        throw new IOException("metadata that Maven may rewrite is copied, never shared");
                    }
                    Files.createLink(target, file);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(file, target);
                }
            }
        }
        return repository;
    }

    /** A new empty project folder. */
    public static Project empty(String name) {
        try {
            return new Project(Files.createTempDirectory("sdk-test-" + name + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A project holding the scripted test connector, which depends on the SDK by its absolute path. */
    public static Project scripted(String name) {
        Project project = empty(name);
        String source = read(ROOT.resolve("tests/connectors/scripted.java")).replace("SDK_HOME", ROOT.toString());
        project.write("connector.java", source);
        project.write("ScriptedConnector.java", read(ROOT.resolve("tests/fivetran/connector/sdk/testing/ScriptedConnector.java")));
        return project;
    }

    /**
     * A copy of an example of the repository (without its {@code files/}), its {@code //DEPS (../)+connector-sdk.java}
     * and its modules' ({@code //DEPS (../)+lib/testkit.java}, {@code lib/ssh.java}) made absolute. {@code name} is the example's folder below {@code examples/} ({@code "quickstart/hello"}), or the
     * name of the only folder so called there ({@code "hello"}).
     */
    public static Project example(String name) {
        Path from = exampleFolder(name);
        Project project = empty(from.getFileName().toString());
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(path);
                if (relative.startsWith("files")) {
                    continue;
                }
                String text = RELATIVE_SDK.matcher(read(path)).replaceAll(line -> Matcher.quoteReplacement("//DEPS " + ROOT.resolve(line.group(2))));
                project.write(relative.toString(), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return project;
    }

    private static final Pattern RELATIVE_SDK = Pattern.compile("(?m)^//DEPS (\\.\\./)+(connector-sdk\\.java|lib/[a-z]+\\.java)$");

    /** The folder of an example: {@code examples/<name>}, or the only folder called {@code name} below examples/. */
    public static Path exampleFolder(String name) {
        Path examples = ROOT.resolve("examples");
        if (Files.isDirectory(examples.resolve(name))) {
            return examples.resolve(name);
        }
        try (Stream<Path> all = Files.walk(examples)) {
            List<Path> named = all.filter(Files::isDirectory).filter(dir -> dir.getFileName().toString().equals(name)).toList();
            if (named.size() != 1) {
                throw new IllegalArgumentException("no single example called " + name + " below " + examples + ": " + named);
            }
            return named.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path file(String relative) {
        return dir.resolve(relative);
    }

    public Project write(String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the script of the scripted connector and a configuration pointing at it. */
    public Project script(String stepsJson, String... moreConfiguration) {
        write("script.json", stepsJson);
        StringBuilder config = new StringBuilder("{\"script\": \"" + file("script.json") + "\"");
        for (int i = 0; i + 1 < moreConfiguration.length; i += 2) {
            config.append(", \"").append(moreConfiguration[i]).append("\": \"").append(moreConfiguration[i + 1]).append('"');
        }
        return write("configuration.json", config.append('}').toString());
    }

    /** Writes a schema in the Python SDK's dictionary form, and adds it to the configuration. */
    public Project schema(String tablesJson, String stepsJson, String... moreConfiguration) {
        write("schema.json", tablesJson);
        String[] config = new String[moreConfiguration.length + 2];
        config[0] = "schema";
        config[1] = file("schema.json").toString();
        System.arraycopy(moreConfiguration, 0, config, 2, moreConfiguration.length);
        return script(stepsJson, config);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String state() {
        Path state = dir.resolve("files/state.json");
        return Files.exists(state) ? read(state) : null;
    }

    /**
     * Runs {@code debug} of the scripted connector in this JVM, on this project folder, with {@code options}; the
     * same command line and sync engine as through JBang, without a JVM start per run.
     */
    public Result debug(String... options) {
        return command("debug", options);
    }

    /** Runs a command of the scripted connector ({@code debug}, {@code inspect}, …) in this JVM on this project folder. */
    public Result command(String command, String... options) {
        List<String> args = new ArrayList<>(List.of(command, dir.toString()));
        args.addAll(List.of(options));
        Captured captured = Captured.run(() -> new Connector(ScriptedConnector::update, ScriptedConnector::schema)
                .execute(args.toArray(String[]::new)));
        return new Result(captured.exit(), captured.out(), captured.err());
    }

    /** Runs {@code ./jbang connector.java args...} in the project folder. */
    public Result jbang(String... args) {
        return jbangWith(Map.of(), args);
    }

    /** Runs {@code ./jbang connector.java args...} in the project folder with extra environment variables. */
    public Result jbangWith(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("jbang").toString(), "connector.java"));
        command.addAll(List.of(args));
        return run(command, environment, null);
    }

    /** Runs a command in the project folder with extra environment variables and optional standard input. */
    public Result run(List<String> command, Map<String, String> environment, String input) {
        return runIn(dir, command, environment, input);
    }

    /** Runs a command in {@code dir} with extra environment variables and optional standard input. */
    public static Result runIn(Path dir, List<String> command, Map<String, String> environment, String input) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("FIVETRAN_"));
            builder.environment().putAll(environment);
            Path out = Files.createTempFile("out", ".txt");
            Path err = Files.createTempFile("err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (input == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.start();
            if (input != null) {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            Result result = new Result(process.exitValue(), read(out), read(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The rows of a query on files/warehouse.db, each a map of column to value, opened read-only. */
    public List<Map<String, Object>> query(String sql) {
        return query(dir.resolve("files/warehouse.db"), sql);
    }

    public static List<Map<String, Object>> query(Path database, String sql) {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database, readOnly);
             Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet rows = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnName(i), rows.getObject(i));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (Exception e) {
            throw new AssertionError("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The single value of a one-row, one-column query. */
    public Object value(String sql) {
        List<Map<String, Object>> rows = query(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("expected one value from " + sql + ", got " + rows);
        }
        return rows.get(0).values().iterator().next();
    }

    public void delete() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a command printed and how it exited. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
