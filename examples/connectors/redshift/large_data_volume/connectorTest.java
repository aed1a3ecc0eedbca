///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test), the
 * stand-in for Redshift: each test loads source.sql (200 users, 20 venues, 300 events, 2,400 sales) into schema
 * redshift_ldv_test, which it drops after, and syncs with batches of 100 rows, chunks of 500 and a checkpoint every
 * 250 rows, so that every read crosses several. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "redshift_ldv_test";
    private static final String CLUSTER = "jdbc:redshift://examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439/dev";
    /** Made first: the kit sets up the log (else the driver's DEBUG lines of the setup show). */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
            .configuration(Path.of("configuration.json")).configure("jdbc_url", SERVER).configure("schema", SCHEMA)
            .configure("batch_size", "100").configure("chunk_size", "500").configure("checkpoint_every_rows", "250")
            .configure("max_parallel_workers", "2");

    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.postgresql(SCHEMA).executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    private static Object sourceValue(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", ""); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getObject(1);
        }
    }

    private List<String> columns(String table) {
        return sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                        + table + "' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position").stream()
                .map(row -> row.get("column_name") + " " + row.get("data_type")).toList();
    }

    private List<String> logged(String start) {
        return sync.log().stream().filter(line -> line.startsWith("INFO " + start)).toList();
    }

    private static Map<String, Object> position(Object bookmark, String replicationKey) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("bookmark", bookmark);
        entry.put("replication_key", replicationKey);
        return entry;
    }

    private static Map<String, Object> state(Object event, Object sales) {
        return Map.of(SCHEMA + ".users", position(null, null), SCHEMA + ".venue", position(null, null),
                SCHEMA + ".event", position(event, "updated_at"), SCHEMA + ".sales", position(sales, "saletime"));
    }

    @Test
    void everyTableArrivesInChunksAndBatchesThenOnlyTheChangesAndACompleteResyncRereadsAll() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(2_920L, first.counts().upserts(), "200 users, 20 venues, 300 events, 2,400 sales");
        assertEquals(2L, first.counts().truncates(), "the FULL tables, users and venue");
        // Sales, chunked: bounds 500 rows on, widened to the end of a tie (3 sales a minute), then the rest.
        assertEquals(List.of("500 rows", "501 rows", "501 rows", "501 rows", "397 rows"),
                logged(SCHEMA + ".sales: chunk").stream().map(line -> line.substring(line.lastIndexOf(": ") + 2)).toList());
        assertTrue(logged(SCHEMA + ".sales: chunk 5 (").get(0).contains("the rest"));
        assertTrue(first.counts().checkpoints() >= 2_920 / 250, "a checkpoint about every 250 rows: " + first.counts().checkpoints());

        assertEquals(List.of("userid INTEGER", "username VARCHAR", "firstname VARCHAR", "lastname VARCHAR", "city VARCHAR", "state VARCHAR",
                "likesports BOOLEAN"), columns(SCHEMA + "_users"), "email and phone excluded");
        assertEquals(List.of("venueid SMALLINT", "venuename VARCHAR", "venuecity VARCHAR", "venuestate VARCHAR"), columns(SCHEMA + "_venue"),
                "only the included columns");
        assertEquals(List.of("eventid INTEGER", "venueid SMALLINT", "catid SMALLINT", "dateid SMALLINT", "eventname VARCHAR", "starttime TIMESTAMP",
                "updated_at TIMESTAMP", "details JSON"), columns(SCHEMA + "_event"));
        assertEquals(List.of("salesid INTEGER", "listid INTEGER", "sellerid INTEGER", "buyerid INTEGER", "eventid INTEGER", "dateid SMALLINT",
                "qtysold SMALLINT", "pricepaid DECIMAL(8,2)", "commission DECIMAL(8,2)", "saletime TIMESTAMP"), columns(SCHEMA + "_sales"));

        assertEquals(2_400L, sync.value("SELECT count(DISTINCT salesid) FROM " + SCHEMA + "_sales"));
        assertEquals(sourceValue("SELECT sum(pricepaid) FROM " + SCHEMA + ".sales"), sync.value("SELECT sum(pricepaid) FROM " + SCHEMA + "_sales"));
        assertEquals(sourceValue("SELECT sum(commission) FROM " + SCHEMA + ".sales"), sync.value("SELECT sum(commission) FROM " + SCHEMA + "_sales"));
        assertEquals(List.of(Map.of("pricepaid", new BigDecimal("20.00"), "saletime", LocalDateTime.of(2024, 1, 1, 0, 2), "qtysold", (short) 1)),
                sync.rows("SELECT pricepaid, saletime, qtysold FROM " + SCHEMA + "_sales WHERE salesid = 8"));
        assertEquals(List.of(Map.of("tag", "tag3", "age_limit", 18L)),
                sync.rows("SELECT details->'tags'->>0 AS tag, CAST(details->>'age_limit' AS BIGINT) AS age_limit FROM " + SCHEMA + "_event WHERE eventid = 8"));
        assertEquals(state("2024-01-01T02:30", "2024-01-01T13:20"), first.state(), "event's replication key inferred: updated_at, preferred to starttime");

        source.execute("""
                SET search_path TO redshift_ldv_test;
                INSERT INTO sales SELECT 2401 + i, 20000 + i, 1, 2, 3, 4, 1, 99.50, 14.93, timestamp '2024-01-02 00:00' + i * interval '1 minute'
                    FROM generate_series(0, 9) AS i;
                UPDATE event SET eventname = 'Event 7, moved', updated_at = '2024-02-01 00:00' WHERE eventid = 7;
                DELETE FROM users WHERE userid = 5;
                UPDATE venue SET venuename = 'Venue Three' WHERE venueid = 3;
                """);
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(230L, second.counts().upserts(), "10 new sales, event 7, and the FULL tables again: 199 users, 20 venues");
        assertEquals(List.of("10 rows"), logged(SCHEMA + ".sales: chunk").stream().map(line -> line.substring(line.lastIndexOf(": ") + 2)).toList());
        assertEquals(List.of(Map.of("userid", 5, "_fivetran_deleted", true), Map.of("userid", 6, "_fivetran_deleted", false)),
                sync.rows("SELECT userid, _fivetran_deleted FROM " + SCHEMA + "_users WHERE userid IN (5, 6) ORDER BY userid"));
        assertEquals("Venue Three", sync.value("SELECT venuename FROM " + SCHEMA + "_venue WHERE venueid = 3"));
        assertEquals("Event 7, moved", sync.value("SELECT eventname FROM " + SCHEMA + "_event WHERE eventid = 7"));
        assertEquals(2_410L, sync.value("SELECT count(*) FROM " + SCHEMA + "_sales"));
        assertEquals(state("2024-02-01T00:00", "2024-01-02T00:09"), second.state());

        sync.configure("enable_complete_resync", "true");
        SyncResult resync = sync.run();
        assertTrue(resync.succeeded(), resync.failure());
        assertEquals(2_929L, resync.counts().upserts(), "every row again: 199 + 20 + 300 + 2,410");
        assertEquals(4L, resync.counts().truncates());
        assertEquals(2_410L, sync.value("SELECT count(*) FROM " + SCHEMA + "_sales WHERE NOT _fivetran_deleted"));
        assertEquals(second.state(), resync.state(), "the bookmarks are saved, so syncs after the resync go on incrementally");

        sync.configure("enable_complete_resync", "false");
        SyncResult after = sync.run();
        assertTrue(after.succeeded(), after.failure());
        assertEquals(219L, after.counts().upserts(), "the FULL tables only");
    }

    @Test
    void aSyncThatFailsInsideATieResumesWithoutLosingARow() throws Exception {
        sync.configure("max_parallel_workers", "1");
        source.execute("UPDATE " + SCHEMA + ".event SET details = 'not json' WHERE eventid = 280");
        SyncResult failed = sync.run();
        assertFalse(failed.succeeded());
        assertTrue(failed.failure().contains("SUPER column details holds text that is not JSON"), failed.failure());
        // The checkpoint after 250 events: events 248 and 249 share 02:04, 250 and 251 share 02:05, and 250 was the
        // 250th row, so the bookmark is 02:04, whose rows were all written, not 02:05, whose 251 was not.
        assertEquals(position("2024-01-01T02:04", "updated_at"), failed.state().get(SCHEMA + ".event"));

        source.execute("UPDATE " + SCHEMA + ".event SET details = '{\"tags\": []}' WHERE eventid = 280");
        SyncResult resumed = sync.run();
        assertTrue(resumed.succeeded(), resumed.failure());
        assertEquals(List.of("INFO " + SCHEMA + ".event: 51 rows read, bookmark 2024-01-01T02:30"), logged(SCHEMA + ".event: 51"),
                "events 250 to 300, after 02:04");
        assertEquals(300L, sync.value("SELECT count(*) FROM " + SCHEMA + "_event"));
        assertEquals(state("2024-01-01T02:30", "2024-01-01T13:20"), resumed.state());
    }

    @Test
    void aBookmarkOfAnotherReplicationKeyIsNotUsed() throws Exception {
        sync.configure("max_parallel_workers", "1");
        sync.state(Map.of(SCHEMA + ".event", position("2024-03-01T00:00", "starttime"),
                SCHEMA + ".sales", position("2024-01-01T13:20", "saletime")));
        SyncResult result = sync.run();
        assertTrue(result.succeeded(), result.failure());
        assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN " + SCHEMA + ".event: the saved bookmark is of replication key starttime")),
                sync.log()::toString);
        assertEquals(520L, result.counts().upserts(), "users, venues and every event; no sale is past its bookmark");
        assertEquals(state("2024-01-01T02:30", "2024-01-01T13:20"), result.state());
    }

    @Test
    void autoSchemaDetectionTakesEveryBaseTableAndInfersTheirStrategies() throws Exception {
        source.execute("CREATE VIEW " + SCHEMA + ".big_sales AS SELECT * FROM " + SCHEMA + ".sales WHERE qtysold > 2");
        sync.configure("auto_schema_detection", "true");
        SyncResult result = sync.run();
        assertTrue(result.succeeded(), result.failure());
        assertEquals(List.of(SCHEMA + "_event", SCHEMA + "_sales", SCHEMA + "_users", SCHEMA + "_venue"),
                result.tables().stream().map(SyncResult.TableCount::table).sorted().toList(), "base tables, not the view");
        assertEquals(2_920L, result.counts().upserts());
        assertEquals(List.of(), logged(SCHEMA + ".sales: chunk"), "auto-detected tables are read in one cursor, as upstream");
        List<String> columns = new ArrayList<>(columns(SCHEMA + "_users"));
        assertTrue(columns.containsAll(List.of("email VARCHAR", "phone VARCHAR")), columns::toString);
        assertEquals(state("2024-01-01T02:30", "2024-01-01T13:20"), result.state(), "sales: saletime, its only timestamp");
    }

    @Test
    void theDriverFollowsTheUrl() throws Exception {
        Driver redshift = connector.driver(CLUSTER);
        assertEquals("com.amazon.redshift.Driver", redshift.getClass().getName());
        assertTrue(redshift.acceptsURL(CLUSTER));
        assertFalse(redshift.acceptsURL(SERVER));
        assertEquals("org.postgresql.Driver", connector.driver(SERVER).getClass().getName());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
