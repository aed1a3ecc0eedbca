///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local MariaDB server (127.0.0.1:3306, user root, empty password): each test loads
 * source.sql into a database of its own, which it drops after. The in-process tests use the driver of the //DEPS line;
 * the last one takes the README's way to a vendor's jar file: it copies this folder into a temporary one, puts a real
 * driver jar there as {@code drivers/vendor-jdbc-driver.jar} (MariaDB's, renamed; kept out of git by .gitignore) with the
 * //DEPS line naming it, then syncs through JBang, packages, and runs the unzipped package with plain java. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    /** The README's recipe: this line of connector.java is replaced by the next one, naming the jar in drivers/. */
    static final String MAVEN_DRIVER = "//DEPS org.mariadb.jdbc:mariadb-java-client:3.5.6";
    static final String VENDOR_DRIVER = "//DEPS drivers/vendor-jdbc-driver.jar";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Made first: the kit sets up the log (else the driver's DEBUG lines of the setup show). */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.mariadb().executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url()).configure("user", source.user()).configure("password", "")
                .configure("table_name", "order_details");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void theWholeTableIsCopiedByPositionAtEverySyncAndRowsGoneFromTheSourceEndSoftDeleted() {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(3L, first.counts().upserts());
        assertEquals(List.of(
                        row(1L, "kettle", "Ada", "London", "+44 20 7946 0000", LocalDateTime.parse("2024-01-03T12:00:00")),
                        row(2L, "teapot", "Grace", "New York", null, LocalDateTime.parse("2024-01-03T12:05:30")),
                        row(3L, "mugs", "Linus", "Helsinki", "+358 9 0000", LocalDateTime.parse("2024-01-04T09:15:00"))),
                sync.rows("SELECT id, title, name, city, mobile, datetime FROM orders ORDER BY id"));
        assertEquals(List.of(Map.of("column_name", "id", "data_type", "BIGINT"), Map.of("column_name", "title", "data_type", "VARCHAR"),
                        Map.of("column_name", "name", "data_type", "VARCHAR"), Map.of("column_name", "city", "data_type", "VARCHAR"),
                        Map.of("column_name", "mobile", "data_type", "VARCHAR"), Map.of("column_name", "datetime", "data_type", "TIMESTAMP")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'orders' "
                        + "AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
        long timestamp = ((Number) first.state().get("timestamp")).longValue();
        assertTrue(Math.abs(timestamp - System.currentTimeMillis() / 1000) < 600, first.state()::toString);
        assertTrue(sync.log().contains("INFO order_details: 3 rows read"), sync.log()::toString);

        source.execute("UPDATE order_details SET customer_city = 'Paris' WHERE order_id = 1; DELETE FROM order_details WHERE order_id = 2; "
                + "INSERT INTO order_details VALUES (4, 'spoons', 'Edsger', 'Austin', '+1 512 0000', '2024-02-01 10:00:00')");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(3L, second.counts().upserts(), "the table is read whole: its three rows");
        assertEquals(1L, second.counts().truncates());
        assertEquals(List.of(Map.of("id", 1L, "city", "Paris", "deleted", false), Map.of("id", 2L, "city", "New York", "deleted", true),
                        Map.of("id", 3L, "city", "Helsinki", "deleted", false), Map.of("id", 4L, "city", "Austin", "deleted", false)),
                sync.rows("SELECT id, city, _fivetran_deleted AS deleted FROM orders ORDER BY id"));
        assertTrue(((Number) second.state().get("timestamp")).longValue() >= timestamp, second.state()::toString);
        assertEquals(List.of("timestamp"), List.copyOf(second.state().keySet()));
    }

    @Test
    void wrongCredentialsAMissingTableAndATableOfOtherColumnsStopTheSyncWithTheirCause() {
        sync.configure("password", "not-the-password");
        SyncResult denied = sync.run();
        assertFalse(denied.succeeded());
        assertTrue(denied.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), denied.failure());
        assertTrue(denied.failure().contains("Access denied for user 'root'"), denied.failure());
        assertFalse(denied.failure().contains("not-the-password"), denied.failure());

        sync.configure("password", "").configure("table_name", "no_such_table");
        SyncResult missing = sync.run();
        assertFalse(missing.succeeded());
        assertTrue(missing.failure().contains("no_such_table' doesn't exist"), missing.failure());

        sync.configure("table_name", "orders; DROP TABLE order_details");
        SyncResult injected = sync.run();
        assertFalse(injected.succeeded());
        assertTrue(injected.failure().contains("configuration value of 'table_name' is not a table name"), injected.failure());

        source.execute("CREATE TABLE narrow (id BIGINT PRIMARY KEY, title VARCHAR(10)); INSERT INTO narrow VALUES (1, 'x')");
        sync.configure("table_name", "narrow");
        SyncResult narrow = sync.run();
        assertFalse(narrow.succeeded());
        assertTrue(narrow.failure().contains("table narrow has 2 columns; this connector takes exactly 6, by position: "
                + "id, title, name, city, mobile, datetime"), narrow.failure());
        assertEquals(3L, source.value("SELECT count(*) FROM order_details"), "the source is only read");
    }

    @Test
    void aVendorJarBesideTheConnectorIsOnItsClassPathInItsPackageAndRunsUnzipped() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(MAVEN_DRIVER) && readme.contains(VENDOR_DRIVER), "README.md gives the recipe this test follows");
        Path driver = Path.of(org.mariadb.jdbc.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path work = Files.createTempDirectory("importing-external-drivers-");
        try {
            Path project = work.resolve("orders_connector");
            Files.createDirectories(project.resolve("drivers"));
            String connector = absoluteSourceDependencies(Files.readString(Path.of("connector.java")), Path.of("").toAbsolutePath());
            assertTrue(connector.contains("\n" + MAVEN_DRIVER + "\n"), connector);
            Files.writeString(project.resolve("connector.java"), connector.replace("\n" + MAVEN_DRIVER + "\n", "\n" + VENDOR_DRIVER + "\n"));
            Path vendorJar = project.resolve("drivers/vendor-jdbc-driver.jar");
            Files.copy(driver, vendorJar);
            Files.writeString(project.resolve(".gitignore"), "configuration.json\nfiles/\ndrivers/*.jar\n");
            Files.writeString(project.resolve("configuration.json"), JSON.writeValueAsString(Map.of("jdbc_url", source.url(),
                    "user", source.user(), "password", "", "table_name", "order_details")));

            Run debug = run(project, List.of(jbang(), "connector.java", "debug"));
            assertEquals(0, debug.exit(), debug::toString);
            assertTrue(debug.out().contains("SYNC SUCCEEDED"), debug::toString);
            assertEquals(List.of("kettle", "teapot", "mugs"), titles(project.resolve("files/warehouse.db")));

            Run packaged = run(project, List.of(jbang(), "connector.java", "package"));
            assertEquals(0, packaged.exit(), packaged::toString);
            Path zip = project.resolve("files/orders_connector.zip");
            assertTrue(packaged.out().contains("package created at: " + zip), packaged::toString);
            Path unzipped = work.resolve("unzipped");
            Map<String, String> sha256 = unzip(zip, unzipped);
            assertEquals(sha256(vendorJar), sha256.get("lib/vendor-jdbc-driver.jar"), "the vendor's jar is in lib/ as it is: " + sha256.keySet());
            assertFalse(sha256.keySet().stream().anyMatch(name -> name.startsWith("lib/mariadb-java-client")), sha256.keySet()::toString);
            assertFalse(sha256.containsKey("src/drivers/vendor-jdbc-driver.jar"), "a jar .gitignore excludes stays out of src/, not of lib/");
            JsonNode manifest = JSON.readTree(unzipped.resolve("manifest.json").toFile());
            List<String> classPath = new ArrayList<>();
            manifest.get("class_path").forEach(entry -> classPath.add(entry.asText()));
            assertTrue(classPath.contains("lib/vendor-jdbc-driver.jar"), classPath::toString);
            assertFalse(sha256.containsKey("src/configuration.json"), "a package never holds the configuration");

            // As the README runs a package: unzipped, the configuration copied in, plain java and no JBang or Maven
            Files.copy(project.resolve("configuration.json"), unzipped.resolve("configuration.json"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Run unzippedRun = run(unzipped, List.of(java, "-cp", "lib/*", manifest.get("main_class").asText(), "debug"));
            assertEquals(0, unzippedRun.exit(), unzippedRun::toString);
            assertTrue(unzippedRun.out().contains("SYNC SUCCEEDED"), unzippedRun::toString);
            assertEquals(List.of("kettle", "teapot", "mugs"), titles(unzipped.resolve("files/warehouse.db")));
        } finally {
            delete(work);
        }
    }

    private static Map<String, Object> row(long id, String title, String name, String city, String mobile, LocalDateTime datetime) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("title", title);
        row.put("name", name);
        row.put("city", city);
        row.put("mobile", mobile);
        row.put("datetime", datetime);
        return row;
    }

    /** {@code //DEPS ../x.java} lines made absolute, as they resolve from {@code folder}, so the copy elsewhere builds. */
    private static String absoluteSourceDependencies(String source, Path folder) {
        Matcher line = Pattern.compile("(?m)^//DEPS (\\.\\.?/\\S+\\.java)$").matcher(source);
        return line.replaceAll(match -> Matcher.quoteReplacement("//DEPS " + folder.resolve(match.group(1)).normalize()));
    }

    /** The checkout's bootstrap when this folder is in one, else the JBang that runs this test, else jbang on the PATH. */
    private static String jbang() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("connector-sdk.java")) && Files.isExecutable(dir.resolve("jbang"))) {
                return dir.resolve("jbang").toString();
            }
        }
        String launcher = System.getenv("JBANG_LAUNCH_CMD");
        return launcher == null || launcher.isBlank() ? "jbang" : launcher.contains("/") ? Path.of(launcher).toAbsolutePath().toString() : launcher;
    }

    record Run(int exit, String out, String err) {
    }

    private static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("connector-out-", ".txt");
        Path err = Files.createTempFile("connector-err-", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static List<String> titles(Path warehouse) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        List<String> titles = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse, readOnly);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT title FROM tester.orders WHERE NOT _fivetran_deleted ORDER BY id")) {
            while (rows.next()) {
                titles.add(rows.getString(1));
            }
        }
        return titles;
    }

    /** Unzips {@code zip} into {@code into}; returns the SHA-256 of each entry. */
    private static Map<String, String> unzip(Path zip, Path into) throws Exception {
        Map<String, String> sha256 = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path file = into.resolve(entry.getName()).normalize();
                assertTrue(file.startsWith(into), entry.getName());
                Files.createDirectories(file.getParent());
                Files.write(file, in.readAllBytes());
                sha256.put(entry.getName(), sha256(file));
            }
        }
        return sha256;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
