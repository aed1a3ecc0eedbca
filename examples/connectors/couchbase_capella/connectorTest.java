///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.couchbase.client.core.error.AuthenticationFailureException;
import com.couchbase.client.core.error.CouchbaseException;
import com.couchbase.client.core.util.ConnectionString;
import com.couchbase.client.java.ClusterOptions;
import com.couchbase.client.java.env.ClusterEnvironment;
import com.couchbase.client.java.json.JsonObject;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No Couchbase Server runs here. These tests check what the connector hands the Couchbase Java SDK (connection string,
 * cluster options, query options, the SQL++ text), run the real client against a port where nothing listens, and run
 * the sync logic on {@link FakeCouchbase}, an in-memory collection behind the connector's Source interface that answers
 * the page query as Couchbase would (document-key order after a key) and records every query it got.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final Map<String, String> CONFIGURATION = Map.of(
            "username", "reader", "password", "reader-password", "endpoint", "cb.abcd1234.cloud.couchbase.com",
            "bucket_name", "travel-sample", "scope", "inventory", "collection", "airline", "page_size", "2");

    private static Map<String, Object> airline(int id, String name) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", id);
        document.put("type", "airline");
        document.put("name", name);
        document.put("country", "France");
        document.put("hub", Map.of("iata", "CDG", "terminals", List.of(1, 2)));
        return document;
    }

    private static FakeCouchbase loaded() {
        FakeCouchbase couchbase = new FakeCouchbase();
        for (int id = 1; id <= 5; id++) {
            couchbase.documents.put("airline_" + id, airline(id, "Air " + id));
        }
        couchbase.documents.put("airline_6", new LinkedHashMap<>(Map.of("name", "no id field")));
        return couchbase;
    }

    private static TestSync sync(FakeCouchbase couchbase) {
        return TestSync.of(new Connector((configuration, state) -> connector.sync(couchbase, configuration, state), connector::schema))
                .configuration(CONFIGURATION);
    }

    private static Map<String, Object> page(String afterKey) {
        return Map.of("after_key", afterKey, "page_size", 2);
    }

    @Test
    void eachSyncIsAPassOverTheCollectionInPagesAndDocumentsGoneFromItAreMarkedDeleted() {
        FakeCouchbase couchbase = loaded();
        try (TestSync sync = sync(couchbase)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts(), "airline_6 has no id: skipped");
            assertEquals(1L, first.counts().truncates());
            assertEquals(4L, first.counts().checkpoints(), "after each full page, and at the end of the pass");
            assertEquals(Map.of(), first.state());
            String statement = "SELECT META(d).id AS __document_key, d.* FROM `airline` AS d"
                    + " WHERE META(d).id > $after_key ORDER BY META(d).id LIMIT $page_size";
            assertEquals(List.of(statement, statement, statement, statement), couchbase.statements);
            assertEquals(List.of(page(""), page("airline_2"), page("airline_4"), page("airline_6")), couchbase.parameters);
            assertTrue(sync.log().contains("WARN airline_table: document airline_6 has no id field, the table's primary key; skipped"), sync.log().toString());
            assertEquals(List.of(Map.of("id", 1, "name", "Air 1", "hub_iata", "CDG"), Map.of("id", 5, "name", "Air 5", "hub_iata", "CDG")),
                    sync.rows("SELECT id, name, hub->>'$.iata' AS hub_iata FROM airline_table WHERE id IN (1, 5) ORDER BY id"));
            assertEquals("[1,2]", sync.value("SELECT CAST(hub->'$.terminals' AS VARCHAR) FROM airline_table WHERE id = 3"));
            assertEquals(Map.of("id", "INTEGER", "name", "VARCHAR", "type", "VARCHAR", "country", "VARCHAR", "hub", "JSON",
                    "_fivetran_synced", "TIMESTAMP WITH TIME ZONE", "_fivetran_deleted", "BOOLEAN"), columnTypes(sync));

            couchbase.documents.get("airline_1").put("name", "Air 1, renamed");
            couchbase.documents.remove("airline_3");
            couchbase.documents.put("airline_7", airline(7, "Air 7"));
            couchbase.parameters.clear();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(5L, second.counts().upserts());
            assertEquals(page(""), couchbase.parameters.get(0), "a new pass from the first key");
            assertEquals(Map.of(), second.state());
            assertEquals(List.of(Map.of("id", 1, "name", "Air 1, renamed", "deleted", false), Map.of("id", 2, "name", "Air 2", "deleted", false),
                    Map.of("id", 3, "name", "Air 3", "deleted", true), Map.of("id", 4, "name", "Air 4", "deleted", false),
                    Map.of("id", 5, "name", "Air 5", "deleted", false), Map.of("id", 7, "name", "Air 7", "deleted", false)),
                    sync.rows("SELECT id, name, _fivetran_deleted AS deleted FROM airline_table ORDER BY id"));
        }
    }

    @Test
    void anInterruptedPassKeepsItsCommittedPagesAndTheNextSyncResumesItAfterThem() {
        FakeCouchbase couchbase = loaded();
        couchbase.failOnQuery = 2;
        couchbase.failure = new CouchbaseException("Internal server error (5000)");
        try (TestSync sync = sync(couchbase)) {
            SyncResult failed = sync.run();
            assertFalse(failed.succeeded());
            assertTrue(failed.failure().endsWith("the query on `travel-sample`.`inventory`.`airline` failed: Internal server error (5000)"),
                    failed.failure());
            assertEquals(Map.of("after_document_key", "airline_2"), failed.state());
            assertEquals(2L, sync.value("SELECT count(*) FROM airline_table"));

            couchbase.failure = null;
            couchbase.parameters.clear();
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(3L, resumed.counts().upserts(), "only the documents after the committed page");
            assertEquals(0L, resumed.counts().truncates(), "the same pass, resumed");
            assertEquals(page("airline_2"), couchbase.parameters.get(0));
            assertTrue(resumed.state().isEmpty());
            assertEquals(5L, sync.value("SELECT count(*) FROM airline_table WHERE NOT _fivetran_deleted"));
        }
    }

    @Test
    void refusedCredentialsNameTheKeysToCheck() {
        FakeCouchbase couchbase = loaded();
        couchbase.failOnQuery = 1;
        couchbase.failure = new AuthenticationFailureException("Authentication Failure", null, null);
        try (TestSync sync = sync(couchbase)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith("Couchbase at cb.abcd1234.cloud.couchbase.com refused the login; check the configuration keys"
                    + " 'username' and 'password': Authentication Failure"), result.failure());
            assertEquals(Map.of(), result.state());
        }
    }

    @Test
    void theRealClientFailsWithAClearMessageWhereNoClusterAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(CONFIGURATION)
                .configure("endpoint", "127.0.0.1:" + port).configure("wait_until_ready_seconds", "2")) {
            long started = System.nanoTime();
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Couchbase at 127.0.0.1:" + port + " did not answer in time; check the configuration"
                    + " key 'endpoint', and that this machine's address is allowed in the cluster's Capella settings: WaitUntilReady timed out in stage"),
                    result.failure());
            assertFalse(result.failure().contains("{"), result.failure());
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 30);
            assertFalse(result.failure().contains("reader-password"));
        }
    }

    @Test
    void theClientAcceptsTheConnectionStringAndOptionsTheConnectorBuilds() {
        fivetran.connector.sdk.Configuration configuration = fivetran.connector.sdk.Configuration.of(CONFIGURATION);
        ConnectionString parsed = ConnectionString.create(connector.connectionString(configuration));
        assertEquals(ConnectionString.Scheme.COUCHBASES, parsed.scheme());
        assertEquals(List.of("cb.abcd1234.cloud.couchbase.com"), parsed.hosts().stream().map(ConnectionString.UnresolvedSocket::host).toList());
        Map<String, String> withScheme = new LinkedHashMap<>(CONFIGURATION);
        withScheme.put("endpoint", "couchbases://cb.abcd1234.cloud.couchbase.com");
        assertEquals("couchbases://cb.abcd1234.cloud.couchbase.com",
                connector.connectionString(fivetran.connector.sdk.Configuration.of(withScheme)));

        ClusterEnvironment environment = environment(connector.clusterOptions(configuration));
        // The wan-development profile's timeouts, instead of the client's defaults (10 s to connect, 75 s for a query).
        assertEquals(Duration.ofSeconds(20), environment.timeoutConfig().connectTimeout());
        assertEquals(Duration.ofSeconds(120), environment.timeoutConfig().queryTimeout());

        JsonObject request = JsonObject.create();
        connector.queryOptions(page("airline_2")).build().injectParams(request);
        assertEquals("airline_2", request.get("$after_key"));
        assertEquals(2, ((Number) request.get("$page_size")).intValue());
        assertEquals(true, request.get("readonly"));
        assertEquals(false, request.get("metrics"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        Map<String, String> scheme = new LinkedHashMap<>(CONFIGURATION);
        scheme.put("endpoint", "couchbase://cb.abcd1234.cloud.couchbase.com");
        assertRefused(scheme, "configuration key 'endpoint' must be the Capella host name (cb.<id>.cloud.couchbase.com),"
                + " with couchbases:// or without a scheme");
        Map<String, String> collection = new LinkedHashMap<>(CONFIGURATION);
        collection.put("collection", "airline` WHERE 1=1 --");
        assertRefused(collection, "configuration key 'collection' is not a Couchbase collection name"
                + " (letters, digits, _, - and %, not starting with _ or %)");
        Map<String, String> password = new LinkedHashMap<>(CONFIGURATION);
        password.remove("password");
        assertRefused(password, "configuration is missing required key 'password'");
    }

    private static void assertRefused(Map<String, String> configuration, String message) {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(configuration)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith(message), result.failure());
        }
    }

    /** The environment the client builds from these options (started, then shut down). */
    private static ClusterEnvironment environment(ClusterOptions options) {
        ClusterEnvironment.Builder builder = ClusterEnvironment.builder();
        if (options.build().environmentCustomizer() != null) {
            options.build().environmentCustomizer().accept(builder);
        }
        ClusterEnvironment environment = builder.build();
        environment.shutdown();
        return environment;
    }

    private static Map<String, String> columnTypes(TestSync sync) {
        Map<String, String> types = new TreeMap<>();
        sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'airline_table'")
                .forEach(row -> types.put((String) row.get("column_name"), (String) row.get("data_type")));
        return types;
    }

    /**
     * A collection in memory that answers the connector's page query: the documents whose key comes after the named
     * parameter's, in key order, at most page_size of them, each as the client returns it (through the SDK's own
     * JsonObject). It records each statement and its parameters, and can fail a query.
     */
    static final class FakeCouchbase implements connector.Source {
        final TreeMap<String, Map<String, Object>> documents = new TreeMap<>();
        final List<String> statements = new ArrayList<>();
        final List<Map<String, Object>> parameters = new ArrayList<>();
        int failOnQuery;
        RuntimeException failure;

        @Override
        public List<Map<String, Object>> query(String statement, Map<String, Object> namedParameters) {
            statements.add(statement);
            parameters.add(Map.copyOf(namedParameters));
            if (failure != null && statements.size() >= failOnQuery) {
                throw failure;
            }
            String afterKey = (String) namedParameters.get("after_key");
            int limit = ((Number) namedParameters.get("page_size")).intValue();
            List<Map<String, Object>> rows = new ArrayList<>();
            documents.tailMap(afterKey, false).forEach((key, document) -> {
                if (rows.size() < limit) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("__document_key", key);
                    row.putAll(document);
                    rows.add(JsonObject.from(row).toMap());
                }
            });
            return rows;
        }

        @Override
        public void close() {
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
