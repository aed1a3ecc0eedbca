package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.IcebergScript;
import fivetran.connector.sdk.testing.IcebergTables;
import fivetran.connector.sdk.testing.Project;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run --destination} against a real Iceberg REST catalog (Iceberg's own RESTCatalogAdapter and servlet over a
 * JDBC catalog) whose tables' files are in S3 (S3Proxy), both on 127.0.0.1 in a JVM of their own
 * ({@code tests/servers/IcebergLake.java}), which asks every request for the bearer token. Each test syncs into a
 * namespace of its own.
 */
@Tag("heavy")
class IcebergRestCatalogTest {
    private static final String TOKEN = "rest-token-" + Long.toHexString(System.nanoTime());
    private static final String CLIENT = "sdk-client";
    private static final String CLIENT_SECRET = "client-secret-" + Long.toHexString(System.nanoTime());
    private static final String S3_SECRET = "lake-secret-key";
    private static final Set<String> SYNCED = Set.of("_fivetran_synced");

    private static Process lake;
    private static final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private static String restUri;
    private static String s3Uri;
    private static Path lakeDir;

    @BeforeAll
    static void startTheLake() throws Exception {
        lakeDir = Files.createTempDirectory("iceberg-lake");
        lake = new ProcessBuilder(Project.root().resolve("jbang").toString(), "tests/servers/IcebergLake.java", lakeDir.toString(), TOKEN,
                CLIENT + ":" + CLIENT_SECRET).directory(Project.root().toFile()).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder startLog = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(lake.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("lake ready ")) {
                        for (String part : line.substring("lake ready ".length()).split(" ")) {
                            if (part.startsWith("rest=")) {
                                restUri = part.substring(5);
                            } else if (part.startsWith("s3=")) {
                                s3Uri = part.substring(3);
                            }
                        }
                        ready.countDown();
                    } else if (line.startsWith("request ")) {
                        requests.add(line.substring("request ".length()));
                    } else {
                        synchronized (startLog) {
                            startLog.append(line).append('\n');
                        }
                    }
                }
            } catch (java.io.IOException ignored) {
                // the lake stopped
            }
        }, "iceberg-lake-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(300, TimeUnit.SECONDS)) {
            lake.destroyForcibly();
            synchronized (startLog) {
                throw new AssertionError("the lake did not start:\n" + startLog);
            }
        }
    }

    @AfterAll
    static void stopTheLake() throws Exception {
        lake.getOutputStream().close();
        if (!lake.waitFor(20, TimeUnit.SECONDS)) {
            lake.destroyForcibly();
        }
    }

    /** A destination file for namespace {@code namespace}, authenticating with {@code auth} (a JSON fragment). */
    private static String destination(String namespace, String auth) {
        return """
                {"catalog": {"type": "rest", "uri": "%s", %s},
                 "namespace": "%s",
                 "storage": {"type": "s3", "endpoint": "%s", "region": "us-east-1", "path_style_access": true,
                             "access_key_id": "lake-access-key", "secret_access_key": "%s"}}""".formatted(restUri, auth, namespace, s3Uri, S3_SECRET);
    }

    /** A client of the lake's REST catalog, as a reader would open it. */
    private static IcebergTables lakeTables(String namespace) {
        // S3Proxy refuses the AWS SDK's default checksums, as run knows for a storage endpoint of its own
        System.setProperty("aws.requestChecksumCalculation", "when_required");
        System.setProperty("aws.responseChecksumValidation", "when_required");
        Map<String, String> properties = new HashMap<>();
        properties.put("type", "rest");
        properties.put("uri", restUri);
        properties.put("token", TOKEN);
        properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        properties.put("s3.endpoint", s3Uri);
        properties.put("s3.path-style-access", "true");
        properties.put("s3.access-key-id", "lake-access-key");
        properties.put("s3.secret-access-key", S3_SECRET);
        properties.put("client.region", "us-east-1");
        Catalog catalog = CatalogUtil.buildIcebergCatalog("reader", properties, null);
        return new IcebergTables(catalog, namespace);
    }

    private static long count(String request) {
        synchronized (requests) {
            return requests.stream().filter(request::equals).count();
        }
    }

    @Test
    void theScriptLandsInTheRestCatalogAsInDebugOneTransactionPerCheckpoint() throws Exception {
        Project run = Project.empty("iceberg-rest").schema(IcebergScript.SCHEMA, IcebergScript.SCRIPT)
                .write("destination.json", destination("rest_token", "\"token\": \"" + TOKEN + "\""));
        Project debug = Project.empty("iceberg-rest-debug").schema(IcebergScript.SCHEMA, IcebergScript.SCRIPT);
        try {
            long transactions = count("POST /v1/transactions/commit");
            Project.Result result = run.command("run");
            assertEquals(0, result.exit(), result::toString);
            assertEquals(0, debug.debug().exit());
            assertTrue(result.err().contains("destination schema path: " + run.dir().resolve("destination.json") + " (schema=rest_token)"), result::toString);
            assertFalse(result.all().contains(TOKEN) || result.all().contains(S3_SECRET), "a secret in the output:\n" + result);
            // the tables schema() declares, then three checkpoints: each one multi-table commit, no table committed alone
            assertEquals(4, count("POST /v1/transactions/commit") - transactions, () -> String.join("\n", requests));
            assertEquals(0, count("POST /v1/namespaces/rest_token/tables/items"), () -> String.join("\n", requests));
            try (IcebergTables iceberg = lakeTables("rest_token")) {
                assertEquals(List.of("items", "logs", "notes"), iceberg.tables());
                Map<String, String> keys = Map.of("items", "id", "logs", "k", "notes", "n");
                for (String table : iceberg.tables()) {
                    assertEquals(IcebergTables.without(iceberg.debugRows(debug, table, keys.get(table)), SYNCED),
                            IcebergTables.without(iceberg.rows(table, keys.get(table)), SYNCED), table);
                    assertTrue(iceberg.table(table).location().startsWith("s3://lake/"), iceberg.table(table).location());
                }
                for (String table : List.of("items", "logs")) {
                    Map<String, String> last = iceberg.table(table).currentSnapshot().summary();
                    assertEquals("{\"cursor\":3}", last.get("connector-sdk.state"), table);
                    assertEquals("{\"cursor\":2}", last.get("connector-sdk.previous-state"), table);
                }
                for (Snapshot snapshot : iceberg.snapshots("items")) {
                    assertEquals("0", snapshot.summary().getOrDefault("total-equality-deletes", "0"));
                }
            }
            assertEquals("{\"cursor\":3}", run.state().strip());
            Project.Result inspect = run.command("inspect", "--iceberg");
            assertEquals(0, inspect.exit(), inspect::toString);
            assertTrue(inspect.out().startsWith("iceberg catalog: rest catalog " + restUri + " of " + run.dir().resolve("destination.json")), inspect::toString);
            assertTrue(inspect.out().contains("rest_token.items: 4 live rows, 1 deleted\n"), inspect::toString);
            assertTrue(inspect.out().contains("state: {\"cursor\":3}"), inspect::toString);
            assertFalse(inspect.all().contains(TOKEN), inspect::toString);

            // the next run resumes from the catalog's state (state.json one checkpoint behind) and adds only its change
            run.write("files/state.json", "{\"cursor\":2}");
            run.schema(IcebergScript.SCHEMA, """
                    [{"op": "upsert", "table": "items", "data": {"id": 6, "name": "f"}}, {"op": "checkpoint", "state": {"cursor": 4}},
                     {"op": "checkpoint", "state": {"cursor": 5}}]""");
            Project.Result again = run.command("run");
            assertEquals(0, again.exit(), again::toString);
            assertTrue(again.err().contains("state at start: {\"cursor\":3}"), again::toString);
            try (IcebergTables iceberg = lakeTables("rest_token")) {
                assertEquals(6, iceberg.rows("items", "id").size());
                assertEquals("{\"cursor\":4}", iceberg.table("items").currentSnapshot().summary().get("connector-sdk.state"));
                // a checkpoint that changes no table records its state in the namespace
                assertEquals("{\"cursor\":5}", iceberg.commitRecord().get("state").asText());
            }
            assertEquals("{\"cursor\":5}", run.state().strip());
        } finally {
            run.delete();
            debug.delete();
        }
    }

    @Test
    void oauth2ClientCredentialsAreExchangedForAToken() throws Exception {
        Project run = Project.empty("iceberg-rest-oauth").schema(IcebergScript.SCHEMA, """
                [{"op": "upsert", "table": "items", "data": {"id": 1, "name": "a"}}, {"op": "checkpoint", "state": {"cursor": 1}}]""")
                .write("destination.json", destination("rest_oauth", "\"credential\": \"" + CLIENT + ":" + CLIENT_SECRET + "\""));
        try {
            long tokens = count("POST /v1/oauth/tokens");
            Project.Result result = run.command("run");
            assertEquals(0, result.exit(), result::toString);
            assertTrue(count("POST /v1/oauth/tokens") > tokens, "the client credentials were exchanged for a token");
            assertFalse(result.all().contains(CLIENT_SECRET), "the client secret in the output:\n" + result);
            try (IcebergTables iceberg = lakeTables("rest_oauth")) {
                assertEquals("a", iceberg.rows("items", "id").get(0).get("name"));
            }
        } finally {
            run.delete();
        }
    }

    @Test
    void aRefusedTokenFailsTheRunNamingTheCatalogNotTheToken() {
        String wrong = "wrong-token-" + Long.toHexString(System.nanoTime());
        Project run = Project.empty("iceberg-rest-refused").schema(IcebergScript.SCHEMA, """
                [{"op": "upsert", "table": "items", "data": {"id": 1, "name": "a"}}, {"op": "checkpoint", "state": {"cursor": 1}}]""")
                .write("destination.json", destination("rest_refused", "\"token\": \"" + wrong + "\""));
        try {
            Project.Result result = run.command("run");
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.all().contains("cannot open the Iceberg catalog of " + run.dir().resolve("destination.json")), result::toString);
            assertTrue(result.all().contains("Not authorized"), result::toString);
            assertFalse(result.all().contains(wrong), "the token in the output:\n" + result);
        } finally {
            run.delete();
        }
    }
}
