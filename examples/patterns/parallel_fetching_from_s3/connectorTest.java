///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
// S3Proxy, here only: an S3 server in this JVM on jclouds' in-memory blob store. JBang applies the AWS SDK's version
// management to the whole build (Guava 29, Jetty 9.4), under which jclouds and S3Proxy do not start: their own versions.
//DEPS org.gaul:s3proxy:3.0.0
//DEPS org.eclipse.jetty:jetty-bom:11.0.26@pom
//DEPS com.google.guava:guava:33.5.0-jre
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against S3Proxy 3.0.0 (jclouds' transient, in-memory blob store) started in this JVM once for
 * the class, on a free local port, with AWS signatures checked. Each test writes upstream's eight CSV files (400 rows
 * each) into a bucket of its own, in key order, and syncs them on 4 threads. Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static final List<String> TABLES = List.of("campaigns", "customers", "employees", "inventory", "orders", "products",
            "tickets", "transactions");
    private static final int ROWS = 400;
    private static S3Proxy s3proxy;
    private static BlobStore store;
    private final String bucket = "parallel-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startS3() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.gaul")).setLevel(ch.qos.logback.classic.Level.WARN);
        store = ContextBuilder.newBuilder("transient").credentials("", "").build(BlobStoreContext.class).getBlobStore();
        s3proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access-key", "test-secret-key").build();
        s3proxy.start();
        while (!"STARTED".equals(s3proxy.getState())) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3proxy.stop();
    }

    private void put(String key, String text) {
        store.createContainerInLocation(null, bucket);
        store.putBlob(bucket, store.blobBuilder(key).payload(text.getBytes(StandardCharsets.UTF_8)).build());
    }

    /** Upstream's file of a table: its key column (<singular>_id), a name, and JSON in braces for campaigns. */
    private static String csv(String table, String label) {
        String key = keyOf(table);
        StringBuilder text = new StringBuilder(key + ",name,details\n");
        for (int i = 1; i <= ROWS; i++) {
            text.append(table, 0, 3).append('-').append(i).append(',').append(label).append(' ').append(i).append(',')
                    .append(table.equals("campaigns") ? "\"{\"\"audience\"\": \"\"18-25\"\", \"\"budget\"\": " + i + "}\"" : "plain text")
                    .append('\n');
        }
        return text.toString();
    }

    private static String keyOf(String table) {
        return table.equals("inventory") ? "inventory_id" : table.substring(0, table.length() - 1) + "_id";
    }

    private TestSync sync() {
        String primaryKeys = TABLES.stream().map(table -> "\"" + table + "\": \"" + keyOf(table) + "\"").collect(Collectors.joining(", ", "{", "}"));
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("endpoint_url", "http://127.0.0.1:" + s3proxy.getPort()).configure("force_path_style", "true")
                .configure("aws_access_key_id", "test-access-key").configure("aws_secret_access_key", "test-secret-key")
                .configure("bucket_name", bucket).configure("prefix", "exports/").configure("parallelism", "4")
                .configure("primary_keys", primaryKeys);
    }

    /** The pool threads that read a file, from the connector's "read KEY into TABLE: N rows (THREAD)" lines. */
    private static Set<String> readers(TestSync sync) {
        Pattern read = Pattern.compile("INFO read \\S+ into \\S+: \\d+ rows \\((.+)\\)");
        return sync.log().stream().map(read::matcher).filter(Matcher::matches).map(match -> match.group(1)).collect(Collectors.toSet());
    }

    @Test
    void eachFileIsReadOnAPoolThreadThatWritesItsRowsAndTheNextSyncReadsOnlyNewFiles() {
        TABLES.forEach(table -> put("exports/" + table + ".csv", csv(table, "first")));
        put("exports/readme.md", "not a CSV file");
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(8L * ROWS, first.counts().upserts());
            for (String table : TABLES) {
                assertEquals((long) ROWS, sync.value("SELECT count(*) FROM " + table), table);
            }
            assertEquals(Set.of("s3-reader-1", "s3-reader-2", "s3-reader-3", "s3-reader-4"), readers(sync), "8 files on 4 threads");
            assertEquals(Map.of("campaign_id", "cam-7", "name", "first 7", "audience", "18-25", "budget", 7L),
                    sync.rows("SELECT campaign_id, name, details->>'audience' AS audience, (details->>'budget')::BIGINT AS budget "
                            + "FROM campaigns WHERE campaign_id = 'cam-7'").get(0));
            assertEquals("plain text", sync.value("SELECT details FROM orders WHERE order_id = 'ord-1'"));
            assertEquals(List.of(Map.of("column_name", "campaign_id", "data_type", "VARCHAR"), Map.of("column_name", "name", "data_type", "VARCHAR"),
                            Map.of("column_name", "details", "data_type", "JSON")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                            + "AND table_name = 'campaigns' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));

            put("exports/orders.csv", csv("orders", "second"));
            put("exports/refunds.csv", "refund_id,amount\nref-1,9.50\n");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(ROWS + 1L, second.counts().upserts(), "the changed orders file and the new refunds file, nothing else");
            assertEquals("second 5", sync.value("SELECT name FROM orders WHERE order_id = 'ord-5'"));
            assertTrue(sync.log().contains("WARN refunds has no primary key in 'primary_keys': Fivetran keys its rows by a hash of all columns"),
                    sync.log()::toString);

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts(), "nothing changed");
            assertEquals(second.state(), third.state());
        }
    }

    @Test
    void aFileThatFailsStopsTheSyncWithTheCursorBeforeItAndTheNextSyncResumesThere() {
        TABLES.forEach(table -> put("exports/" + table + ".csv", table.equals("inventory")
                ? "inventory_id,name,details\ninv-1,\"unclosed quote,x\n" : csv(table, "first")));
        try (TestSync sync = sync()) {
            SyncResult failed = sync.run();
            assertFalse(failed.succeeded());
            assertTrue(failed.failure().contains("reading s3://" + bucket + "/exports/inventory.csv failed"), failed.failure());
            @SuppressWarnings("unchecked")
            Map<String, Object> done = (Map<String, Object>) failed.state().get("files_at_last_modified");
            assertTrue(Set.of("exports/campaigns.csv", "exports/customers.csv", "exports/employees.csv").containsAll(done.keySet()),
                    "the cursor is before the failed file: " + failed.state());
            for (String table : List.of("campaigns", "customers", "employees")) {
                assertEquals((long) ROWS, sync.value("SELECT count(*) FROM " + table), table + " was committed with the cursor");
            }

            put("exports/inventory.csv", csv("inventory", "fixed"));
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(5L * ROWS, resumed.counts().upserts(), "inventory and the files after it; the three before it are not read again");
            for (String table : TABLES) {
                assertEquals((long) ROWS, sync.value("SELECT count(*) FROM " + table), table);
            }
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
