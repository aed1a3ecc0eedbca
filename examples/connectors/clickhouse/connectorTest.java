///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local ClickHouse server's HTTP interface (127.0.0.1:8123): each test creates a
 * database of its own as user default (no password), loads source.sql into it, syncs as user fivetran_test (password
 * fivetran_test, which .ci/run declares in /etc/clickhouse-server/users.d/), adds rows, syncs again from the saved
 * state, and drops the database. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String SERVER = "http://127.0.0.1:8123";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String database = "connector_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** Made first: the kit sets up the log. Batches of 2 rows, so that the table takes several. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
            .configuration(Path.of("configuration.json")).configure("base_url", SERVER).configure("database", database)
            .configure("batch_size", "2");

    @BeforeEach
    void createSource() throws Exception {
        execute("CREATE DATABASE " + database, "default");
        for (String statement : Files.readString(Path.of("source.sql")).replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                execute(statement, database);
            }
        }
    }

    @AfterEach
    void dropSource() throws Exception {
        sync.close();
        execute("DROP DATABASE " + database, "default");
    }

    private static void execute(String sql, String database) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(SERVER + "/?database=" + URLEncoder.encode(database, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> sql + ": " + response.body());
    }

    @Test
    void theTableArrivesInBatchesWithItsTypesThenOnlyTheRowsCreatedAfterTheCursor() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(5L, first.counts().upserts());
        assertEquals(3L, first.counts().checkpoints(), "batches of 2, 2 and 1 rows; three rows share a created_at across a batch boundary");
        assertEquals(List.of("sample_table"), first.tables().stream().map(SyncResult.TableCount::table).toList(),
                "written to the table that schema() declares");
        assertEquals(List.of(Map.of("column_name", "id", "data_type", "BIGINT"), Map.of("column_name", "name", "data_type", "VARCHAR"),
                        Map.of("column_name", "amount", "data_type", "DECIMAL(10,2)"), Map.of("column_name", "visits", "data_type", "BIGINT"),
                        Map.of("column_name", "score", "data_type", "DOUBLE"), Map.of("column_name", "signed_up", "data_type", "DATE"),
                        Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                        Map.of("column_name", "local_time", "data_type", "TIMESTAMP WITH TIME ZONE"),
                        Map.of("column_name", "tags", "data_type", "JSON"), Map.of("column_name", "note", "data_type", "VARCHAR"),
                        Map.of("column_name", "active", "data_type", "SMALLINT")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'sample_table' "
                        + "AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sync.rows("SELECT id FROM sample_table ORDER BY id").stream().map(row -> row.get("id")).toList());
        Map<String, Object> ada = sync.rows("SELECT * FROM sample_table WHERE id = 1").get(0);
        assertEquals(9007199254740993L, ada.get("visits"), "a 64-bit integer that a double would round");
        assertEquals(new BigDecimal("12.50"), ada.get("amount"));
        assertEquals(0.5, ada.get("score"));
        assertEquals(LocalDate.of(2024, 1, 1), ada.get("signed_up"));
        assertEquals(OffsetDateTime.parse("2024-01-01T10:00:00Z").toInstant(), ((OffsetDateTime) ada.get("created_at")).toInstant());
        assertEquals(OffsetDateTime.parse("2024-01-01T10:00:00Z").toInstant(), ((OffsetDateTime) ada.get("local_time")).toInstant(),
                "11:00 in the column's zone, Europe/Berlin");
        assertEquals("[\"admin\"]", ada.get("tags").toString());
        assertEquals(null, ada.get("note"));
        assertEquals((short) 1, ada.get("active"));
        assertEquals(List.of(Map.of("name", "Grâce", "amount", new BigDecimal("12345678.91"), "note", "second")),
                sync.rows("SELECT name, amount, note FROM sample_table WHERE id = 2"));
        assertEquals(Map.of("sample_table", Map.of("created_at", "2024-01-03T08:15:00Z", "id", 5)), first.state());

        execute("INSERT INTO sample_table VALUES (6, 'Niklaus', 1.00, 6, 1, '2024-01-03', '2024-01-03 08:15:00', '2024-01-03 09:15:00', [], NULL, 1)", database);
        execute("INSERT INTO sample_table VALUES (7, 'Frances', 2.00, 7, 2, '2024-02-01', '2024-02-01 09:00:00', '2024-02-01 10:00:00', ['x'], NULL, 1)", database);
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "row 6 (the cursor's created_at, a higher id) and row 7, nothing else");
        assertEquals(List.of("Niklaus", "Frances"), sync.rows("SELECT name FROM sample_table WHERE id > 5 ORDER BY id").stream().map(row -> row.get("name")).toList());
        assertEquals(Map.of("sample_table", Map.of("created_at", "2024-02-01T09:00:00Z", "id", 7)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts(), "nothing new");
        assertEquals(second.state(), third.state());
    }

    @Test
    void theCredentialsAreSentAndAWrongPasswordFailsTheSync() {
        sync.configure("password", "not-the-password");
        SyncResult result = sync.run();
        assertFalse(result.succeeded(), "the sync should fail");
        assertTrue(result.failure().contains("401") && result.failure().contains("Wrong password for user fivetran_test"), result.failure());
        assertFalse(result.failure().contains("not-the-password"), result.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
