import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.couchbase.client.core.error.AuthenticationFailureException;
import com.couchbase.client.java.ClusterOptions;
import com.couchbase.client.java.env.ClusterEnvironment;
import com.couchbase.client.java.json.JsonObject;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tests that the two Couchbase examples (couchbase_capella, couchbase_magma) share, and their stand-in: a refused
 * login, the real client where no cluster answers, a bad collection name or a missing password, and the assertions on
 * what the connector hands the client. Each example's connectorTest extends this class with its configuration, what
 * its timeout message says to check, its collection in a {@link FakeCouchbase} that answers its page query, and its
 * own sync tests.
 */
abstract class CouchbaseConnectorTests {
    final Map<String, String> configuration;
    private final String timeoutAdvice;

    /** {@code timeoutAdvice}: what the example's message says to check when the cluster does not answer. */
    CouchbaseConnectorTests(Map<String, String> configuration, String timeoutAdvice) {
        this.configuration = configuration;
        this.timeoutAdvice = timeoutAdvice;
    }

    /** The example's collection, in memory, as its sync tests start from it. */
    abstract FakeCouchbase loaded();

    /** The example's sync on {@code couchbase}, with the test configuration. */
    TestSync sync(FakeCouchbase couchbase) {
        return TestSync.of(new Connector((configuration, state) -> connector.sync(couchbase, configuration, state), connector::schema))
                .configuration(configuration);
    }

    @Test
    void refusedCredentialsNameTheKeysToCheck() {
        FakeCouchbase couchbase = loaded();
        couchbase.failFrom(1, new AuthenticationFailureException("Authentication Failure", null, null));
        try (TestSync sync = sync(couchbase)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith("Couchbase at " + configuration.get("endpoint") + " refused the login; check the configuration keys"
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
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(configuration)
                .configure("endpoint", "127.0.0.1:" + port).configure("wait_until_ready_seconds", "2")) {
            long started = System.nanoTime();
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Couchbase at 127.0.0.1:" + port + " did not answer in time; check " + timeoutAdvice
                    + ": WaitUntilReady timed out in stage"), result.failure());
            assertFalse(result.failure().contains("{"), result.failure());
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 30);
            assertFalse(result.failure().contains("reader-password"));
        }
    }

    @Test
    void aBadCollectionNameOrAMissingPasswordIsRefusedNamingTheKey() {
        Map<String, String> collection = new LinkedHashMap<>(configuration);
        collection.put("collection", "airline` WHERE 1=1 --");
        assertRefused(collection, "configuration key 'collection' is not a Couchbase collection name"
                + " (letters, digits, _, - and %, not starting with _ or %)");
        Map<String, String> password = new LinkedHashMap<>(configuration);
        password.remove("password");
        assertRefused(password, "configuration is missing required key 'password'");
    }

    static void assertRefused(Map<String, String> configuration, String message) {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(configuration)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith(message), result.failure());
        }
    }

    /** The failure of a query the stand-in failed with "Internal server error (5000)". */
    static void assertQueryFailed(SyncResult failed) {
        assertFalse(failed.succeeded());
        assertTrue(failed.failure().endsWith("the query on `travel-sample`.`inventory`.`airline` failed: Internal server error (5000)"),
                failed.failure());
    }

    /** The query request the connector's options write for {@code parameters} (a page of 2): parameters, read-only, no metrics. */
    static JsonObject assertQueryRequest(Map<String, Object> parameters) {
        JsonObject request = JsonObject.create();
        CouchbaseCollection.queryOptions(parameters).build().injectParams(request);
        assertEquals(parameters.get("after_key"), request.get("$after_key"));
        assertEquals(2, ((Number) request.get("$page_size")).intValue());
        assertEquals(true, request.get("readonly"));
        assertEquals(false, request.get("metrics"));
        return request;
    }

    /** The environment the client builds from these options (started, then shut down). */
    static ClusterEnvironment environment(ClusterOptions options) {
        ClusterEnvironment.Builder builder = ClusterEnvironment.builder();
        if (options.build().environmentCustomizer() != null) {
            options.build().environmentCustomizer().accept(builder);
        }
        ClusterEnvironment environment = builder.build();
        environment.shutdown();
        return environment;
    }

    static Map<String, String> columnTypes(TestSync sync) {
        Map<String, String> types = new TreeMap<>();
        sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'airline_table'")
                .forEach(row -> types.put((String) row.get("column_name"), (String) row.get("data_type")));
        return types;
    }

    /**
     * A collection in memory behind the connector's Source interface: its documents by key, each statement and its
     * parameters recorded, and, once {@link #failFrom} was called, the queries from the n-th on failing. Each example
     * answers its own page query ({@link #page}).
     */
    abstract static class FakeCouchbase implements CouchbaseCollection.Source {
        final TreeMap<String, Map<String, Object>> documents = new TreeMap<>();
        final List<String> statements = new ArrayList<>();
        final List<Map<String, Object>> parameters = new ArrayList<>();
        int failOnQuery;
        RuntimeException failure;

        /** The rows of the page the named parameters ask for, each made by {@link #row}. */
        abstract List<Map<String, Object>> page(Map<String, Object> namedParameters);

        void failFrom(int query, RuntimeException failure) {
            this.failOnQuery = query;
            this.failure = failure;
        }

        @Override
        public final List<Map<String, Object>> query(String statement, Map<String, Object> namedParameters) {
            statements.add(statement);
            parameters.add(Map.copyOf(namedParameters));
            if (failure != null && statements.size() >= failOnQuery) {
                throw failure;
            }
            return page(namedParameters);
        }

        @Override
        public void close() {
        }

        /** A row as the client returns it (through the SDK's own JsonObject): the selected values, then the document. */
        static Map<String, Object> row(Map<String, Object> selected, Map<String, Object> document) {
            Map<String, Object> row = new LinkedHashMap<>(selected);
            row.putAll(document);
            return JsonObject.from(row).toMap();
        }
    }
}
