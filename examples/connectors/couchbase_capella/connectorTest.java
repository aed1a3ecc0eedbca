///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java
//SOURCES ../CouchbaseConnectorTests.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.couchbase.client.core.error.CouchbaseException;
import com.couchbase.client.core.util.ConnectionString;
import com.couchbase.client.java.env.ClusterEnvironment;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No Couchbase Server runs here. These tests check what the connector hands the Couchbase Java SDK (connection string,
 * cluster options, query options, the SQL++ text), run the real client against a port where nothing listens, and run
 * the sync logic on {@link FakeCouchbase}, an in-memory collection behind the connector's Source interface that answers
 * the page query as Couchbase would (document-key order after a key) and records every query it got. The tests and
 * helpers shared with couchbase_magma are in ../CouchbaseConnectorTests.java.
 * Run: jbang connectorTest.java
 */
class connectorTest extends CouchbaseConnectorTests {
    private static final Map<String, String> CONFIGURATION = Map.of(
            "username", "reader", "password", "reader-password", "endpoint", "cb.abcd1234.cloud.couchbase.com",
            "bucket_name", "travel-sample", "scope", "inventory", "collection", "airline", "page_size", "2");

    connectorTest() {
        super(CONFIGURATION, "the configuration key 'endpoint', and that this machine's address is allowed in the cluster's Capella settings");
    }

    private static Map<String, Object> airline(int id, String name) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", id);
        document.put("type", "airline");
        document.put("name", name);
        document.put("country", "France");
        document.put("hub", Map.of("iata", "CDG", "terminals", List.of(1, 2)));
        return document;
    }

    @Override
    KeyOrderedCouchbase loaded() {
        KeyOrderedCouchbase couchbase = new KeyOrderedCouchbase();
        for (int id = 1; id <= 5; id++) {
            couchbase.documents.put("airline_" + id, airline(id, "Air " + id));
        }
        couchbase.documents.put("airline_6", new LinkedHashMap<>(Map.of("name", "no id field")));
        return couchbase;
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
        couchbase.failFrom(2, new CouchbaseException("Internal server error (5000)"));
        try (TestSync sync = sync(couchbase)) {
            SyncResult failed = sync.run();
            assertQueryFailed(failed);
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

        assertEquals("airline_2", assertQueryRequest(page("airline_2")).get("$after_key"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        Map<String, String> scheme = new LinkedHashMap<>(CONFIGURATION);
        scheme.put("endpoint", "couchbase://cb.abcd1234.cloud.couchbase.com");
        assertRefused(scheme, "configuration key 'endpoint' must be the Capella host name (cb.<id>.cloud.couchbase.com),"
                + " with couchbases:// or without a scheme");
    }

    /** Answers the page query as Couchbase would: the documents whose key comes after after_key, in key order, at most page_size. */
    static final class KeyOrderedCouchbase extends FakeCouchbase {
        @Override
        List<Map<String, Object>> page(Map<String, Object> namedParameters) {
            String afterKey = (String) namedParameters.get("after_key");
            int limit = ((Number) namedParameters.get("page_size")).intValue();
            List<Map<String, Object>> rows = new ArrayList<>();
            documents.tailMap(afterKey, false).forEach((key, document) -> {
                if (rows.size() < limit) {
                    rows.add(row(Map.of("__document_key", key), document));
                }
            });
            return rows;
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
