package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The connector's command line: configuration, commands, exit codes and messages, through JBang. */
@Tag("e2e")
class CommandLineTest {
    private static final String ONE_ROW = "[{\"op\": \"upsert\", \"table\": \"t\", \"data\": {\"id\": 1}}]";

    @Test
    void aVendorLibraryThatBringsItsOwnSlf4jProviderLogsThroughTheSdksLog() {
        // Hadoop's dependencies bring reload4j's provider: without the SDK naming Logback's, SLF4J chose one of the two
        Project project = Project.empty("slf4j-provider").write("connector.java", """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //DEPS %s/connector-sdk.java
                //DEPS org.slf4j:slf4j-reload4j:2.0.17
                import fivetran.connector.sdk.Connector;
                import fivetran.connector.sdk.Operations;
                import java.util.Map;
                class connector {
                    public static void main(String[] args) {
                        new Connector((configuration, state) -> {
                            org.slf4j.LoggerFactory.getLogger("org.apache.vendor").warn("the vendor's warning");
                            Operations.upsert("t", Map.of("id", 1));
                        }).run(args);
                    }
                }
                """.formatted(Project.root()));
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().lines().anyMatch(line -> line.contains("WARNING") && line.endsWith("the vendor's warning")), result::toString);
        assertFalse(result.all().contains("SLF4J"), "no note of SLF4J's about its providers: " + result);
    }

    @Test
    void configurationComesFromTheFlagElseTheEnvironmentElseTheProjectAndIsNeverPrinted() {
        Project project = Project.scripted("config-sources");
        project.write("script.json", ONE_ROW);
        String config = "{\"script\": \"" + project.file("script.json") + "\", \"password\": \"hunter2-secret\"}";
        project.write("flag.json", config).write("env.json", config);
        Project.Result flag = project.jbang("debug", "--configuration", "flag.json");
        assertEquals(0, flag.exit(), flag::toString);
        Project.Result env = project.jbangWith(Map.of("FIVETRAN_CONFIGURATION", "env.json"), "debug");
        assertEquals(0, env.exit(), env::toString);
        assertTrue(env.err().contains("reading configuration from FIVETRAN_CONFIGURATION environment variable"), env::toString);
        Project.Result none = project.jbang("debug");
        assertEquals(1, none.exit(), none::toString);
        assertTrue(none.err().contains("no configuration provided"), none::toString);
        assertTrue(none.all().contains("configuration is missing required key 'script'"), none::toString);
        for (Project.Result result : List.of(flag, env, none)) {
            assertFalse(result.all().contains("hunter2"), result::toString);
        }
    }

    @Test
    void anInvalidNamingStrategyIsRefused() {
        Project project = Project.scripted("naming-env").script(ONE_ROW);
        Project.Result result = project.jbangWith(Map.of("FIVETRAN_NAMING", "camel"), "debug");
        assertEquals(1, result.exit(), result::toString);
        assertTrue(result.all().contains("Invalid naming strategy: 'camel'. Must be 'FIVETRAN' or 'SOURCE' (case-insensitive)."), result::toString);
    }

    @Test
    void versionHelpAndUnknownCommands() {
        Project project = Project.scripted("cli");
        Project.Result version = project.jbang("version");
        assertEquals(0, version.exit(), version::toString);
        assertEquals("connector-sdk-java " + Connector.SDK_VERSION + "\nsdk: checkout " + Project.root()
                + " (connector-sdk.java, rebuilt by JBang when its sources change)\n", version.out(), "the version, and where the connector's SDK comes from");
        assertEquals("connector-sdk-java " + Connector.SDK_VERSION + "\n", project.jbang("--version").out());
        Project.Result help = project.jbang("--help");
        assertTrue(help.out().contains("With no command, or only debug's options, it runs debug."), help::toString);
        project.script(ONE_ROW);
        Project.Result none = project.jbang();
        assertEquals(0, none.exit(), none::toString);
        assertTrue(none.out().contains("SYNC SUCCEEDED") && none.err().contains("calling update()"), "no command runs debug: " + none);
        Project.Result options = project.jbang("--log-level", "WARNING");
        assertEquals(0, options.exit(), options::toString);
        assertFalse(options.err().contains("calling update()"), "debug's options alone run debug with them: " + options);
        Project.Result typo = project.jbang("debgu");
        assertEquals(1, typo.exit(), typo::toString);
        assertTrue(typo.err().contains("Unmatched argument at index 0: 'debgu'") && typo.err().contains("debug"), typo::toString);
        assertEquals(0, project.jbang("DEBUG", "--help").exit(), "commands are case-insensitive");
    }

    @Test
    void onlyTheCommandsThatReadTheWarehouseLoadDuckDB() {
        Project project = Project.scripted("class-loading").script(ONE_ROW);
        assertEquals(0, project.jbang("debug").exit());
        LoggedRun version = withClassLog(project, "version");
        assertTrue(version.out().startsWith("connector-sdk-java " + Connector.SDK_VERSION), version::toString);
        LoggedRun help = withClassLog(project, "--help");
        assertTrue(help.out().contains("inspect") && help.out().contains("reset"), help::toString);
        LoggedRun query = withClassLog(project, "query", "select 41 + 1 as answer");
        assertTrue(query.out().contains("answer") && query.out().contains("42"), query::toString);
        LoggedRun inspect = withClassLog(project, "inspect");
        assertTrue(inspect.out().contains("tester.t: 1 live rows, 0 deleted"), inspect::toString);
        LoggedRun reset = withClassLog(project, "reset", "--yes");
        assertTrue(reset.out().contains("reset successful") && !Files.exists(project.file("files")), reset::toString);
        for (LoggedRun withoutDuckDb : List.of(version, help, reset)) {
            assertFalse(withoutDuckDb.classes().contains("org.duckdb."), () -> "loaded DuckDB: " + withoutDuckDb);
        }
        for (LoggedRun withDuckDb : List.of(query, inspect)) {
            assertTrue(withDuckDb.classes().contains("org.duckdb.DuckDBNative"), () -> "the class log shows DuckDB: " + withDuckDb);
        }
    }

    /** A successful command's output, and the JVM's log of the classes it loaded. */
    private record LoggedRun(String out, String classes) {
        @Override
        public String toString() {
            return out + "\n(" + classes.lines().count() + " classes loaded)";
        }
    }

    private static LoggedRun withClassLog(Project project, String... args) {
        Path log = project.file("classes.log");
        List<String> command = new ArrayList<>(List.of(Project.root().resolve("jbang").toString(), "-R-Xlog:class+load:file=" + log,
                "connector.java"));
        command.addAll(List.of(args));
        Project.Result result = project.run(command, Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        String classes = Project.read(log);
        assertTrue(classes.contains("fivetran.connector.sdk.cli.ConnectorCli"), "the JVM logged its classes:\n" + classes);
        return new LoggedRun(result.out(), classes);
    }

    @Test
    void theLaunchersHelpNeverBreaksAnExampleCommandAcrossLines() {
        String alias = "jbang debug@connector-sdk [PROJECT_PATH] [options]";
        String unzipped = "java -cp \"lib/*\" <main class> debug";
        Project.Result launcher = Project.runIn(Project.root(), List.of("./jbang", "connector-sdk.java", "--help"), Map.of(), null);
        Project.Result tools = Project.runIn(Project.root(), List.of("./jbang", "lib/tools.java", "--help"), Map.of(), null);
        Project.Result packageHelp = Project.runIn(Project.root(), List.of("./jbang", "connector-sdk.java", "package", "--help"), Map.of(), null);
        assertEquals(0, launcher.exit(), launcher::toString);
        assertEquals(launcher.out(), tools.out(), "lib/tools.java is the same launcher");
        assertTrue(launcher.out().contains("\n  " + alias + "\n"), launcher::toString);
        assertTrue(packageHelp.out().contains("\nRun unzipped: " + unzipped + "\n"), packageHelp::toString);
        for (Project.Result help : List.of(launcher, packageHelp)) {
            for (String line : help.out().lines().toList()) {
                assertTrue(line.length() <= 80, () -> "wider than 80 columns: «" + line + "»\n" + help);
                if (line.contains("jbang") || line.contains("@connector-sdk")) {
                    assertTrue(line.contains(alias), () -> "a broken example: «" + line + "»\n" + help);
                }
                if (line.contains("java -cp") || line.contains("lib/*")) {
                    assertTrue(line.contains(unzipped), () -> "a broken example: «" + line + "»\n" + help);
                }
                assertFalse(line.endsWith(" ."), () -> "a word broken after its dot: «" + line + "»\n" + help);
            }
        }
    }

    @Test
    void theProjectPathArgumentChoosesWhereFilesGo() {
        Project project = Project.scripted("project-path").script(ONE_ROW);
        Project elsewhere = Project.empty("elsewhere");
        Files.exists(elsewhere.dir());
        List<String> command = List.of(Project.root().resolve("jbang").toString(), project.file("connector.java").toString(),
                "debug", project.dir().toString());
        Project.Result result = elsewhere.run(command, Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(Files.exists(project.file("files/warehouse.db")));
        assertFalse(Files.exists(elsewhere.file("files")));
        Project.Result missing = project.jbang("debug", "/no/such/folder");
        assertEquals(1, missing.exit());
        assertTrue(missing.all().contains("project path '/no/such/folder' does not exist or is not a directory"), missing::toString);
    }

    @Test
    void resetAsksDeletesOrCancels() {
        Project project = Project.scripted("reset").script(ONE_ROW);
        Project.Result nothing = project.jbang("reset", "--yes");
        assertEquals(0, nothing.exit());
        assertTrue(nothing.err().contains("No files were deleted. Ensure you are in the project root directory."), nothing::toString);
        assertEquals(0, project.jbang("debug").exit());

        Project.Result declined = project.jbang("reset", "--non-interactive");
        assertEquals(1, declined.exit(), "nothing was done: " + declined);
        assertTrue(declined.err().contains("reset cancelled: nothing was deleted. To delete without a question (e.g. with no terminal), run reset --yes"), declined::toString);
        assertTrue(Files.exists(project.file("files/warehouse.db")));
        Project.Result noTerminal = project.run(List.of(Project.root().resolve("jbang").toString(), "connector.java", "reset"), Map.of(), "");
        assertEquals(1, noTerminal.exit(), noTerminal::toString);
        assertTrue(noTerminal.err().contains("run reset --yes"), noTerminal::toString);
        assertTrue(Files.exists(project.file("files/warehouse.db")));

        Project.Result both = project.jbang("reset", "--yes", "--non-interactive");
        assertEquals(1, both.exit(), both::toString);

        Project.Result answeredNo = project.run(List.of(Project.root().resolve("jbang").toString(), "connector.java", "reset"), Map.of(), "n\n");
        assertTrue(answeredNo.out().contains("(y/N)") && answeredNo.err().contains("reset cancelled"), answeredNo::toString);
        assertEquals(1, answeredNo.exit(), answeredNo::toString);
        Project.Result answeredYes = project.run(List.of(Project.root().resolve("jbang").toString(), "connector.java", "reset"), Map.of(), "y\n");
        assertEquals(0, answeredYes.exit(), answeredYes::toString);
        assertTrue(answeredYes.out().contains("reset successful"), answeredYes::toString);
        assertFalse(Files.exists(project.file("files")));
        assertEquals(0, project.jbang("debug").exit(), "a sync after reset starts over");
        assertEquals(1L, project.value("SELECT count(*) FROM tester.t"));
    }
}
