package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.demo.DemoApi;
import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.testing.ExampleApiRun;
import fivetran.connector.sdk.testing.ExampleTemplates;
import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The path a user takes from the catalog: setup, jbang init of every template in an empty folder, debug, and the
 * aliases. JBang's home and local Maven repository are fresh temporary folders (the repository seeded with hard links
 * to the user's artifacts, the SDK's left out), so the user's own catalog, settings and installed SDK are never touched.
 */
@Tag("e2e")
class CatalogTest {
    private static Map<String, String> jbangHome;

    @BeforeAll
    static void setUp() throws IOException {
        jbangHome = Map.of("JBANG_DIR", Files.createTempDirectory("jbang-home-").toString(),
                "JBANG_REPO", Project.isolatedMavenRepository().toString());
        Project.Result first = jbang(Project.root(), "connector-sdk.java", "setup");
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().contains("installed the SDK as fivetran.connector:connector-sdk:" + Connector.SDK_VERSION), first::toString);
        assertTrue(first.out().contains("registered catalog 'connector-sdk'"), first::toString);
        assertTrue(first.out().contains("never downloads one (jdkproviders=current,javahome,path,linked)"), first::toString);
    }

    /** Runs {@code ./jbang args...} in {@code dir} with the test's JBang home. */
    private static Project.Result jbang(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Project.root().resolve("jbang").toString()));
        command.addAll(List.of(args));
        return Project.runIn(dir, command, jbangHome, null);
    }

    private static Project init(String template, String... properties) {
        Project project = Project.empty(template);
        List<String> args = new ArrayList<>(List.of("init", "-t", template + "@connector-sdk"));
        args.addAll(List.of(properties));
        args.add("connector.java");
        Project.Result init = jbang(project.dir(), args.toArray(String[]::new));
        assertEquals(0, init.exit(), init::toString);
        return project;
    }

    private static void assertRendered(Project project, String... files) throws IOException {
        for (String file : files) {
            assertTrue(Files.isRegularFile(project.file(file)), file + " in " + project.dir());
        }
        try (Stream<Path> all = Files.walk(project.dir())) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains("NOT_FOUND"), "NOT_FOUND in " + file);
            }
        }
        assertEquals("configuration.json\nfiles/\n", Files.readString(project.file(".gitignore")));
    }

    @Test
    void setupFromAnotherCheckoutIsRefusedUntilAskedToReplaceTheInstalledSdk() throws IOException {
        Path record = Path.of(jbangHome.get("JBANG_REPO"), "fivetran/connector/connector-sdk", Connector.SDK_VERSION, "installed-from.txt");
        assertEquals(Project.root().toString(), Files.readString(record).strip(), "setup records the checkout it installed from");
        Path other = Files.createTempDirectory("other-checkout-");
        Files.writeString(record, other + "\n");
        Project.Result refused = jbang(Project.root(), "connector-sdk.java", "setup");
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("was installed from another checkout, " + other) && refused.err().contains("--replace"), refused::toString);
        assertEquals(other.toString(), Files.readString(record).strip(), "nothing was replaced");
        Project.Result replaced = jbang(Project.root(), "connector-sdk.java", "setup", "--replace");
        assertEquals(0, replaced.exit(), replaced::toString);
        assertTrue(replaced.out().contains("replaced the SDK installed from " + other), replaced::toString);
        assertEquals(Project.root().toString(), Files.readString(record).strip());
    }

    @Test
    void versionOfAConnectorOnTheInstalledSdkNamesTheCheckoutItCameFrom() {
        Project project = init("connector");
        Project.Result version = jbang(project.dir(), "connector.java", "version");
        assertEquals(0, version.exit(), version::toString);
        assertEquals("connector-sdk-java " + Connector.SDK_VERSION + "\nsdk: installed fivetran.connector:connector-sdk:" + Connector.SDK_VERSION
                + " (local Maven repository), from checkout " + Project.root() + "\n", version.out(), version::toString);
    }

    @Test
    void setupRunsAgainHarmlessly() {
        Project.Result again = jbang(Project.root(), "connector-sdk.java", "setup");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains("catalog 'connector-sdk' was already registered"), again::toString);
    }

    @Test
    void theBlankTemplateRendersAndSyncsOfflineWithItsProperties() throws IOException {
        Project project = init("connector", "-Dtable=invoices", "-Dpackage=demo.acme");
        assertRendered(project, "connector.java", "configuration.json", ".gitignore", "README.md");
        String source = Files.readString(project.file("connector.java"));
        assertTrue(source.contains("//DEPS fivetran.connector:connector-sdk:" + Connector.SDK_VERSION), source);
        assertTrue(source.contains("package demo.acme;"), source);
        Project.Result debug = jbang(project.dir(), "--offline", "connector.java", "debug");
        assertEquals(0, debug.exit(), debug::toString);
        assertEquals(3L, project.value("SELECT count(*) FROM tester.invoices"));
        assertEquals("{\"cursor\":3}", project.state());
    }

    @Test
    void everyHandWrittenTemplateRendersCompilesAndSyncs() throws IOException {
        Map<String, String> tables = Map.of("rest-api", "SELECT count(*) FROM tester.items",
                "database", "SELECT count(*) FROM tester.orders",
                "csv-files", "SELECT count(*) FROM tester.orders");
        Map<String, Long> rows = Map.of("rest-api", (long) DemoApi.ITEMS, "database", 2500L, "csv-files", 3L);
        for (String template : List.of("rest-api", "database", "csv-files")) {
            Project project = init(template);
            assertRendered(project, "connector.java", "configuration.json", ".gitignore", "README.md");
            try (DemoApi api = template.equals("rest-api") ? DemoApi.start("demo-token") : null) {
                if (api != null) {      // what jbang example-api@connector-sdk does for the template
                    ExampleApiRun.pointAt(project, api.url());
                }
                Project.Result debug = jbang(project.dir(), "connector.java", "debug");
                assertEquals(0, debug.exit(), template + ": " + debug);
                assertEquals(rows.get(template), project.value(tables.get(template)), template);
                Project.Result again = jbang(project.dir(), "connector.java", "debug");
                assertEquals(0, again.exit(), template + ": " + again);
                assertTrue(again.out().contains("Upserts         | 0"), template + " is incremental: " + again);
            }
        }
        String restApi = Files.readString(init("rest-api").file("README.md"));
        assertTrue(restApi.contains("`jbang example-api@connector-sdk` serves a demo API"), restApi);
        String database = Files.readString(init("database").file("README.md"));
        assertFalse(database.contains("example-api"), database);
    }

    /**
     * {@code jbang init -t <example>@connector-sdk} gives the example: each of its files as it is in examples/, but for
     * the SDK dependency (the installed SDK) and the README's commands (those of a project outside the checkout).
     */
    @Test
    void everyExampleIsATemplateThatRendersTheExample() {
        Path root = Project.root();
        ExampleTemplates.listed(root).parallelStream().forEach(example -> {
            Project project = init(example.template());
            Path folder = root.resolve(example.folder());
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String relative = folder.relativize(file).toString();
                    String expected = Files.readString(file).replaceFirst("(?m)^//DEPS (\\.\\./)+connector-sdk\\.java$",
                            "//DEPS fivetran.connector:connector-sdk:" + Connector.SDK_VERSION).replaceAll("(?m)^//DEPS (\\.\\./)+lib/([a-z]+)\\.java$",
                            "//DEPS fivetran.connector:connector-sdk-$2:" + Connector.SDK_VERSION).replaceAll("(?m)^//SOURCES \\.\\./", "//SOURCES ");
                    if (relative.equals("README.md")) {
                        expected = ExampleTemplates.outsideTheCheckout(expected);
                    }
                    assertEquals(expected, Files.readString(project.file(relative)), example.template() + ": " + relative);
                }
                assertEquals("configuration.json\nfiles/\n", Files.readString(project.file(".gitignore")), example.template());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void exampleTemplatesCompileAndSyncOutsideTheCheckout() throws IOException {
        Project hello = init("hello");
        for (long run = 1; run <= 2; run++) {
            Project.Result debug = jbang(hello.dir(), "connector.java", "debug");
            assertEquals(0, debug.exit(), debug::toString);
            assertEquals(run, hello.value("SELECT count(*) FROM tester.hello"));
        }
        // run on the installed SDK resolves the Iceberg module setup installed, never part of the connector
        Project.Result iceberg = jbang(hello.dir(), "connector.java", "run");
        assertEquals(0, iceberg.exit(), iceberg::toString);
        assertTrue(Files.isRegularFile(hello.file("files/iceberg/catalog.db")), iceberg::toString);

        Project files = init("multiple_code_files_with_sub_directory_structure");
        assertTrue(Files.isRegularFile(files.file("source/OrdersApi.java")) && Files.isRegularFile(files.file("destination/OrderRows.java")));
        assertEquals(0, jbang(files.dir(), "connector.java", "debug").exit());
        assertEquals("{\"last_id\":5}", files.state());

        Project apiKey = init("api_key");
        try (ExampleApi api = ExampleApiRun.startFor(apiKey)) {
            ExampleApiRun.pointAt(apiKey, api.url());
            Project.Result debug = jbang(apiKey.dir(), "connector.java", "debug");
            assertEquals(0, debug.exit(), debug::toString);
            assertTrue(api.requests() > 0, debug::toString);
            assertEquals((long) ExampleApi.ITEMS, apiKey.value("SELECT count(*) FROM tester.item"));
        }

        Project jshell = init("using_jshell");
        Project.Result scratch = jbang(jshell.dir(), "scratch.jsh");
        assertEquals(0, scratch.exit(), scratch::toString);
        assertTrue(scratch.out().contains("status | total\n-------+------\nnew    | 5.00\npaid   | 19.99\n(2 rows)"), scratch::toString);

        Project developer = init("hello", "-DsdkHome=" + Project.root());
        String source = Files.readString(developer.file("connector.java"));
        assertTrue(source.contains("\n//DEPS " + Project.root() + "/connector-sdk.java\n"), source);
    }

    @Test
    void everyHandWrittenTemplatesTestPassesWithTheCommandItsReadmeGives() throws IOException {
        for (Project project : List.of(init("connector", "-Dtable=invoices", "-Dpackage=demo.acme"), init("rest-api"), init("database"),
                init("csv-files"))) {
            String readme = Files.readString(project.file("README.md"));
            assertTrue(readme.contains("jbang connectorTest.java"), readme);
            Project.Result test = jbang(project.dir(), "connectorTest.java");
            assertEquals(0, test.exit(), test::toString);
            assertTrue(test.out().matches("(?s).*\\[ +[12] tests successful +].*") && test.out().contains("[         0 tests failed          ]"), test::toString);
            assertFalse(Files.exists(project.file("files")), "the tests sync into temporary folders, not the project's");
        }
    }

    /**
     * An example's template writes the example's own test as {@code <name>Test.java}, naming the connector's file as
     * {@code jbang init} named it, and it passes outside the checkout with the installed kit: offline, from the
     * recording the template carries.
     */
    @Test
    void anExamplesTemplateShipsItsOwnTestWhichPassesUnderTheGivenName() throws IOException {
        Project project = Project.empty("page_number");
        Project.Result init = jbang(project.dir(), "init", "-t", "page_number@connector-sdk", "items.java");
        assertEquals(0, init.exit(), init::toString);
        String test = Files.readString(project.file("itemsTest.java"));
        assertTrue(test.contains("\n//DEPS fivetran.connector:connector-sdk-testkit:" + Connector.SDK_VERSION + "\n")
                && test.contains("\n//SOURCES items.java\n") && test.contains("\nclass itemsTest {"), test);
        assertTrue(Files.isDirectory(project.file("recordings/mappings")));
        Project.Result run = jbang(project.dir(), "itemsTest.java");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().matches("(?s).*\\[ +[1-9]\\d* tests successful +].*") && run.out().contains("[         0 tests failed          ]"), run::toString);
        assertFalse(Files.exists(project.file("files")), "the test syncs into temporary folders, not the project's");
    }

    /** The README's Maven dependencies on the SDK and the test kit that setup installed, in a project of Maven's layout. */
    @Test
    void theTestKitRunsAConnectorsTestsInAMavenProject() throws IOException {
        Project maven = Project.empty("maven-project")
                .write("pom.xml", """
                        <project xmlns="http://maven.apache.org/POM/4.0.0">
                          <modelVersion>4.0.0</modelVersion>
                          <groupId>acme</groupId><artifactId>orders-connector</artifactId><version>1</version>
                          <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                          <dependencies>
                            <dependency><groupId>fivetran.connector</groupId><artifactId>connector-sdk</artifactId><version>%1$s</version></dependency>
                            <dependency><groupId>fivetran.connector</groupId><artifactId>connector-sdk-testkit</artifactId><version>%1$s</version><scope>test</scope></dependency>
                            <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.1</version><scope>test</scope></dependency>
                          </dependencies>
                          <build><plugins>
                            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                            <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                          </plugins></build>
                        </project>
                        """.formatted(Connector.SDK_VERSION))
                .write("src/main/java/acme/Orders.java", """
                        package acme;
                        import fivetran.connector.sdk.*;
                        import java.util.Map;
                        public class Orders {
                            public static void update(Configuration configuration, State state) {
                                Operations.upsert("orders", Map.of("id", state.getLong("cursor", 0) + 1));
                                state.put("cursor", state.getLong("cursor", 0) + 1);
                                Operations.checkpoint(state);
                            }
                        }
                        """)
                .write("src/test/java/acme/OrdersTest.java", """
                        package acme;
                        import static org.junit.jupiter.api.Assertions.*;
                        import fivetran.connector.sdk.Connector;
                        import fivetran.connector.sdk.testkit.TestSync;
                        import org.junit.jupiter.api.Test;
                        class OrdersTest {
                            @Test
                            void eachSyncWritesTheNextOrder() {
                                try (TestSync sync = TestSync.of(new Connector(Orders::update))) {
                                    assertTrue(sync.run().succeeded());
                                    assertTrue(sync.run().succeeded());
                                    assertEquals(2L, sync.value("SELECT max(id) FROM orders"));
                                }
                            }
                        }
                        """);
        Project.Result test = maven.run(List.of("mvn", "-B", "-Dmaven.repo.local=" + jbangHome.get("JBANG_REPO"), "test"), Map.of(), null);
        assertEquals(0, test.exit(), test::toString);
        assertTrue(test.out().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), test::toString);
    }

    @Test
    void theDatabaseTemplateChoosesItsDriver() throws IOException {
        for (String driver : List.of("mysql", "mariadb")) {
            Project project = init("database", "-Ddriver=" + driver);
            assertRendered(project, "connector.java");
            String deps = Files.readString(project.file("connector.java")).lines().filter(l -> l.startsWith("//DEPS")).toList().toString();
            assertTrue(deps.contains(driver.equals("mysql") ? "com.mysql:mysql-connector-j" : "org.mariadb.jdbc:mariadb-java-client"), deps);
            assertFalse(deps.contains("postgresql"), deps);
        }
    }

    @Test
    void aliasesActOnTheConnectorOfTheCurrentFolderOrTheGivenOne() {
        Project project = init("hello");
        Project.Result debug = jbang(project.dir(), "debug@connector-sdk");
        assertEquals(0, debug.exit(), debug::toString);
        assertTrue(debug.out().contains("SYNC SUCCEEDED"), debug::toString);
        Path parent = project.dir().getParent();
        String name = project.dir().getFileName().toString();
        Project.Result inspect = jbang(parent, "inspect@connector-sdk", name);
        assertTrue(inspect.out().contains("tester.hello: 1 live rows, 0 deleted"), inspect::toString);
        Project.Result query = jbang(parent, "query@connector-sdk", "select message from hello", name);
        assertEquals("message\n------------\nhello, world\n(1 row)\n", query.out(), query::toString);
        Project.Result version = jbang(project.dir(), "version@connector-sdk");
        assertTrue(version.out().startsWith("connector-sdk-java " + Connector.SDK_VERSION + "\n"), version::toString);
        Project.Result reset = jbang(project.dir(), "reset@connector-sdk", "--yes");
        assertTrue(reset.out().contains("reset successful"), reset::toString);
        Project.Result nothing = jbang(Project.empty("no-connector").dir(), "debug@connector-sdk");
        assertEquals(1, nothing.exit());
        assertTrue(nothing.err().contains("no connector in"), nothing::toString);
    }

    @Test
    void insideTheCheckoutTheCatalogIsFoundWithoutItsName() {
        Path examples = Project.root().resolve("examples");
        Project.Result inspect = jbang(examples, "inspect", "/no/such/project");
        assertEquals(1, inspect.exit(), inspect::toString);
        assertTrue(inspect.err().contains("no connector in " + examples), inspect::toString);
        Path hello = examples.resolve("quickstart/hello");
        Project.Result usage = jbang(hello, "connector-sdk");
        assertTrue(usage.err().contains("setup") && usage.err().contains("shell"), usage::toString);
    }

    /** The first sync of the rest-api template, as its README says to run it: clean, with no retry of the demo API to read as a fault. */
    @Test
    void theRestApiTemplateSyncsTheDemoApiWithoutAWarning() {
        Project project = init("rest-api");
        Project.Result sync = jbang(project.dir(), "example-api@connector-sdk");
        assertEquals(0, sync.exit(), sync::toString);
        assertTrue(sync.out().contains("SYNC SUCCEEDED"), sync::toString);
        assertFalse(sync.all().contains("WARNING"), sync::toString);
        assertFalse(sync.all().contains(": 429"), "an HTTP status, not digits of a port or a timestamp: " + sync);
        assertEquals((long) DemoApi.ITEMS, project.value("SELECT count(*) FROM tester.items"));
    }

    /** The README's JShell snippet, typed into the shell of a connector made with a package, as the README says to make it. */
    @Test
    void theShellCallsAConnectorsMethodsWithAConfigurationAndAStateMadeFromMaps() {
        Project project = init("connector", "-Dpackage=com.acme");
        Project.Result shell = Project.runIn(project.dir(), List.of(Project.root().resolve("jbang").toString(), "shell@connector-sdk",
                "connector.java"), jbangHome, """
                import com.acme.connector;                                        // the connector's class, in its package
                var configuration = Configuration.of(Map.of("batch_size", "2"));  // string values, as in configuration.json
                var state = State.of(Map.of("cursor", 2));                        // or State.empty(), as on a first sync
                var scratch = Scratch.open().declare(connector.schema(configuration));
                connector.update(configuration, state);
                scratch.print("orders");                                          // the rows update() wrote: ids 3 and 4
                System.out.println(state);                                        // what it checkpointed last: {cursor=4}
                scratch.close();
                /exit
                """);
        assertEquals(0, shell.exit(), shell::toString);
        assertFalse(shell.all().contains("WARNING: Using incubator modules"), shell::toString);
        assertTrue(shell.out().matches("(?s).*id \\| updated_at [^\\n]*\\n[-+]+\\n3  \\| [^\\n]*\\| row 3 \\| [^\\n]*\\n"
                + "4  \\| [^\\n]*\\| row 4 \\| [^\\n]*\\n\\(2 rows\\)\\n.*\\{cursor=4}\\n.*"), shell::toString);
    }
}
