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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * the class, on a free local port, with AWS signatures checked. Each test writes its CSV files into a bucket of its
 * own, syncs, adds files and syncs again from the saved state. Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static final String HEADER = "int_column,string_column,long_column,float_column,json_column,bool_column,naive_date_column,naive_date_time_column\n";
    private static S3Proxy s3proxy;
    private static BlobStore store;
    private final String bucket = "csv-" + UUID.randomUUID().toString().substring(0, 8);

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

    private TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(java.nio.file.Path.of("configuration.json"))
                .configure("endpoint_url", "http://127.0.0.1:" + s3proxy.getPort()).configure("force_path_style", "true")
                .configure("aws_access_key_id", "test-access-key").configure("aws_secret_access_key", "test-secret-key")
                .configure("bucket_name", bucket).configure("prefix", "incoming/");
    }

    @Test
    void validRowsAreUpsertedEachBrokenRuleIsARejectAndTheNextSyncReadsOnlyNewFiles() {
        put("incoming/2024-01.csv", HEADER
                + "3,cqsxovz,76235110494453133,4802.6,\"{\"\"planet\"\": \"\"Venus\"\"}\",TRUE,2023-08-12,2016-08-06 14:16:11\n"
                + "304b,iarmp,30547336684904699,4002.7,{},TRUE,2016-02-09,2017-02-06 14:11:51\n"
                + "103,,65442949415460889,2672.0,{},FALSE,2017-07-15,2020-09-03 8:56:09\n"
                + "\n"
                + "751,\"multi\nline\",69173061454284293,6493.3,\"[1, 2]\",false,2015-02-19,2014-06-03 1:24:23\n"
                + "559,udyhgljp,65442949415460829b,5052.4,{oops,maybe,2022-02-30,2015-02-14 3:23:28\n");
        put("incoming/readme.txt", "not a CSV file");
        put("elsewhere/2024-01.csv", HEADER + "9,x,1,1,{},true,2024-01-01,2024-01-01 00:00:00\n");
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(List.of(
                            Map.of("int_value", 3, "string_value", "cqsxovz", "long_value", 76235110494453133L, "bool_value", true,
                                    "json_value", "{\"planet\":\"Venus\"}", "naive_date_value", LocalDate.of(2023, 8, 12),
                                    "naive_date_time_value", LocalDateTime.of(2016, 8, 6, 14, 16, 11)),
                            Map.of("int_value", 751, "string_value", "multi\nline", "long_value", 69173061454284293L, "bool_value", false,
                                    "json_value", "[1,2]", "naive_date_value", LocalDate.of(2015, 2, 19),
                                    "naive_date_time_value", LocalDateTime.of(2014, 6, 3, 1, 24, 23))),
                    sync.rows("SELECT int_value, string_value, long_value, bool_value, json_value::VARCHAR AS json_value, naive_date_value, "
                            + "naive_date_time_value FROM data ORDER BY int_value"));
            assertEquals(List.of(Map.of("column_name", "int_value", "data_type", "INTEGER"), Map.of("column_name", "long_value", "data_type", "BIGINT"),
                            Map.of("column_name", "bool_value", "data_type", "BOOLEAN"), Map.of("column_name", "string_value", "data_type", "VARCHAR"),
                            Map.of("column_name", "json_value", "data_type", "JSON"), Map.of("column_name", "naive_date_value", "data_type", "DATE"),
                            Map.of("column_name", "naive_date_time_value", "data_type", "TIMESTAMP")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                            + "AND table_name = 'data' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
            assertEquals(List.of(
                            Map.of("line", 3L, "column_name", "int_value", "value", "304b", "rule", "type"),
                            Map.of("line", 4L, "column_name", "string_value", "value", "", "rule", "required"),
                            Map.of("line", 8L, "column_name", "bool_value", "value", "maybe", "rule", "type"),
                            Map.of("line", 8L, "column_name", "json_value", "value", "{oops", "rule", "type"),
                            Map.of("line", 8L, "column_name", "long_value", "value", "65442949415460829b", "rule", "type"),
                            Map.of("line", 8L, "column_name", "naive_date_value", "value", "2022-02-30", "rule", "type")),
                    sync.rows("SELECT line, column_name, value, rule FROM data_rejects WHERE file = 'incoming/2024-01.csv' ORDER BY line, column_name"));
            assertTrue(sync.log().contains("WARN rejected in incoming/2024-01.csv at line 3, column 'int_value', value '304b', rule type: "
                    + "not a valid INT (and 5 more, in table data_rejects)"), sync.log()::toString);
            assertEquals(2L + 6L, first.counts().upserts(), "2 rows and 6 rejects; the text file and the other prefix are not read");
            assertEquals(List.of("incoming/2024-01.csv"), filesDone(first.state()));

            put("incoming/2024-02.csv", HEADER
                    + "3,changed,1,1.5,{},true,2024-02-01,2024-02-01 10:00:00\n"
                    + "900,new,2,2.5,null,false,2024-02-02,2024-02-02T10:00:00.250\n");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "only the new file");
            assertEquals(List.of(Map.of("int_value", 3, "string_value", "changed"), Map.of("int_value", 751, "string_value", "multi\nline"),
                            Map.of("int_value", 900, "string_value", "new")),
                    sync.rows("SELECT int_value, string_value FROM data ORDER BY int_value"));
            assertEquals(LocalDateTime.of(2024, 2, 2, 10, 0, 0, 250_000_000), sync.value("SELECT naive_date_time_value FROM data WHERE int_value = 900"));
            assertTrue(filesDone(second.state()).contains("incoming/2024-02.csv"), second.state()::toString);

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts(), "nothing changed");
            assertEquals(second.state(), third.state());
        }
    }

    /**
     * S3's LastModified has whole seconds: a file written in the second of the cursor after the sync listed the bucket
     * is still new, since state keeps the files done in that second (key and ETag), not one key to compare with.
     */
    @Test
    void aFileOfTheCursorsSecondIsReadUnlessItIsTheSameVersionAsTheOneDone() {
        put("incoming/b.csv", HEADER + "1,one,1,1,{},true,2024-01-01,2024-01-01 00:00:00\n");
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            @SuppressWarnings("unchecked")
            Map<String, Object> done = (Map<String, Object>) first.state().get("files_at_last_modified");
            String etag = (String) done.get("incoming/b.csv");

            put("incoming/a.csv", HEADER + "2,two,2,2,{},true,2024-01-01,2024-01-01 00:00:00\n");
            Instant aModified = store.blobMetadata(bucket, "incoming/a.csv").getLastModified().toInstant().truncatedTo(ChronoUnit.SECONDS);
            sync.state(Map.of("last_modified", aModified.toString(), "files_at_last_modified", Map.of("incoming/b.csv", etag)));
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().upserts(), "a.csv, of the cursor's second, sorting before the file done");
            assertEquals("two", sync.value("SELECT string_value FROM data WHERE int_value = 2"));

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts(), "the same versions are not read again");
        }
    }

    @Test
    void aFileWithoutARequiredColumnIsRejectedWholeAndABrokenQuoteEndsTheFileAtThatLine() {
        put("incoming/1-missing.csv", "int_column,string_column\n5,five\n");
        put("incoming/2-broken.csv", HEADER + "6,six,6,6,{},true,2024-01-01,2024-01-01 00:00:00\n7,\"unclosed,7,7,{},true,2024-01-01,2024-01-01 00:00:00\n");
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(List.of(Map.of("int_value", 6)), sync.rows("SELECT int_value FROM data"), "the row before the broken quote");
            List<Map<String, Object>> rejects = sync.rows("SELECT file, line, column_name, rule FROM data_rejects ORDER BY file, column_name");
            assertEquals(List.of(Map.of("file", "incoming/1-missing.csv", "line", 1L, "column_name", "bool_value", "rule", "missing_column"),
                    Map.of("file", "incoming/1-missing.csv", "line", 1L, "column_name", "json_value", "rule", "missing_column"),
                    Map.of("file", "incoming/1-missing.csv", "line", 1L, "column_name", "long_value", "rule", "missing_column"),
                    Map.of("file", "incoming/1-missing.csv", "line", 1L, "column_name", "naive_date_time_value", "rule", "missing_column"),
                    Map.of("file", "incoming/1-missing.csv", "line", 1L, "column_name", "naive_date_value", "rule", "missing_column"),
                    Map.of("file", "incoming/2-broken.csv", "line", 3L, "column_name", "", "rule", "malformed_csv")), rejects);
            assertTrue(filesDone(result.state()).contains("incoming/2-broken.csv"), "a rejected file is done: a fixed upload is a new version");
        }
    }

    @Test
    void wrongCredentialsFailTheSyncWithoutPrintingTheSecret() {
        put("incoming/x.csv", HEADER);
        try (TestSync sync = sync().configure("aws_secret_access_key", "not-the-secret-key")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("SignatureDoesNotMatch") || result.failure().contains("403"), result.failure());
            assertFalse(result.failure().contains("not-the-secret-key"), result.failure());
            assertFalse(String.join("\n", sync.log()).contains("not-the-secret-key"));
        }
    }

    /** The files done in the cursor's second, after checking that state has nothing else. */
    private static List<String> filesDone(Map<String, Object> state) {
        assertEquals(List.of("files_at_last_modified", "last_modified"), state.keySet().stream().sorted().toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> done = (Map<String, Object>) state.get("files_at_last_modified");
        return done.keySet().stream().sorted().toList();
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
