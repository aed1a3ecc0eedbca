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
import com.couchbase.client.java.json.JsonObject;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No Couchbase Server runs here. These tests check what the connector hands the Couchbase Java SDK (connection string,
 * cluster options, query options, the SQL++ text), run the real client against a port where nothing listens, and run
 * the sync logic on {@link FakeCouchbase}, an in-memory collection behind the connector's Source interface that answers
 * the page query as Couchbase would (STR_TO_MILLIS order, then document key) and records every query it got. The tests
 * and helpers shared with couchbase_capella are in ../CouchbaseConnectorTests.java.
 * Run: jbang connectorTest.java
 */
class connectorTest extends CouchbaseConnectorTests {
    private static final Map<String, String> CONFIGURATION = Map.of(
            "username", "reader", "password", "reader-password", "endpoint", "cb.example.com",
            "bucket_name", "travel-sample", "scope", "inventory", "collection", "airline", "page_size", "2");

    connectorTest() {
        super(CONFIGURATION, "the configuration keys 'endpoint' and 'use_tls', and that the cluster's ports are reachable from here");
    }

    /** Documents of the collection, by key, as Couchbase holds them. */
    private static Map<String, Object> airline(int id, String name, String createdAt) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", id);
        document.put("type", "airline");
        document.put("name", name);
        document.put("country", "France");
        document.put("created_at", createdAt);
        document.put("hub", Map.of("iata", "CDG", "terminals", List.of(1, 2)));
        return document;
    }

    @Override
    CreatedAtOrderedCouchbase loaded() {
        CreatedAtOrderedCouchbase couchbase = new CreatedAtOrderedCouchbase();
        couchbase.documents.put("airline_1", airline(1, "Air One", "2024-01-01T10:00:00Z"));
        // The same instant as airline_1, written with another offset: as text it would sort after every 10:xx value.
        couchbase.documents.put("airline_2", airline(2, "Air Two", "2024-01-01T12:00:00+02:00"));
        couchbase.documents.put("airline_3", airline(3, "Air Three", "2024-01-01T10:30:00.250Z"));
        couchbase.documents.put("airline_4", airline(4, "Air Four", "2024-01-02T00:00:00")); // no offset: UTC, as upstream
        couchbase.documents.put("airline_5", airline(5, "Air Five", "2024-01-02T00:00:00Z"));
        couchbase.documents.put("airline_6", Map.of("id", 6, "name", "No created_at")); // never matches the query
        return couchbase;
    }

    private static Map<String, Object> page(long afterMillis, String afterKey) {
        return Map.of("after_millis", afterMillis, "after_key", afterKey, "page_size", 2);
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theFirstSyncPagesThroughTheCollectionAndTheNextReadsOnlyTheDocumentsAfterThePositionInState() {
        FakeCouchbase couchbase = loaded();
        try (TestSync sync = sync(couchbase)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "one per page: 2, 2 and 1 documents");
            assertEquals(Map.of("last_created_at", "2024-01-02T00:00:00Z", "last_document_key", "airline_5"), first.state());
            String statement = "SELECT META(d).id AS __document_key, STR_TO_MILLIS(d.created_at) AS __created_at_millis, d.*"
                    + " FROM `airline` AS d WHERE STR_TO_MILLIS(d.created_at) > $after_millis"
                    + " OR (STR_TO_MILLIS(d.created_at) = $after_millis AND META(d).id > $after_key)"
                    + " ORDER BY STR_TO_MILLIS(d.created_at), META(d).id LIMIT $page_size";
            assertEquals(List.of(statement, statement, statement), couchbase.statements);
            assertEquals(List.of(page(0, ""), page(millis("2024-01-01T10:00:00Z"), "airline_2"),
                    page(millis("2024-01-02T00:00:00Z"), "airline_4")), couchbase.parameters);

            assertEquals(List.of(
                    Map.of("id", 1, "name", "Air One", "created_at_ms", millis("2024-01-01T10:00:00Z"), "hub_iata", "CDG"),
                    Map.of("id", 2, "name", "Air Two", "created_at_ms", millis("2024-01-01T10:00:00Z"), "hub_iata", "CDG"),
                    Map.of("id", 3, "name", "Air Three", "created_at_ms", millis("2024-01-01T10:30:00.250Z"), "hub_iata", "CDG"),
                    Map.of("id", 4, "name", "Air Four", "created_at_ms", millis("2024-01-02T00:00:00Z"), "hub_iata", "CDG"),
                    Map.of("id", 5, "name", "Air Five", "created_at_ms", millis("2024-01-02T00:00:00Z"), "hub_iata", "CDG")),
                    sync.rows("SELECT id, name, epoch_ms(created_at) AS created_at_ms, hub->>'$.iata' AS hub_iata"
                            + " FROM airline_table ORDER BY id"));
            assertEquals("[1,2]", sync.value("SELECT CAST(hub->'$.terminals' AS VARCHAR) FROM airline_table WHERE id = 3"));
            assertEquals(Map.of("id", "INTEGER", "created_at", "TIMESTAMP WITH TIME ZONE", "name", "VARCHAR", "type", "VARCHAR",
                    "country", "VARCHAR", "hub", "JSON", "_fivetran_synced", "TIMESTAMP WITH TIME ZONE", "_fivetran_deleted", "BOOLEAN"),
                    columnTypes(sync));

            // A new document at the cursor's instant (after it by key), one created later, and a change to an old one
            // that leaves its created_at as it was: an incremental read by created_at does not see that change.
            couchbase.documents.put("airline_7", airline(7, "Air Seven", "2024-01-02T01:00:00+01:00"));
            couchbase.documents.put("airline_8", airline(8, "Air Eight", "2024-02-01T08:00:00Z"));
            couchbase.documents.get("airline_1").put("name", "Air One, renamed");
            couchbase.statements.clear();
            couchbase.parameters.clear();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts());
            assertEquals(List.of(page(millis("2024-01-02T00:00:00Z"), "airline_5"), page(millis("2024-02-01T08:00:00Z"), "airline_8")),
                    couchbase.parameters);
            assertEquals(Map.of("last_created_at", "2024-02-01T08:00:00Z", "last_document_key", "airline_8"), second.state());
            assertEquals(List.of(Map.of("id", 7, "name", "Air Seven"), Map.of("id", 8, "name", "Air Eight")),
                    sync.rows("SELECT id, name FROM airline_table WHERE id > 5 ORDER BY id"));
            assertEquals("Air One", sync.value("SELECT name FROM airline_table WHERE id = 1"));

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts());
            assertEquals(1L, third.counts().checkpoints());
            assertEquals(second.state(), third.state());
        }
    }

    @Test
    void aSyncThatFailsMidwayKeepsItsCommittedPagesAndTheNextResumesAfterThem() {
        FakeCouchbase couchbase = loaded();
        couchbase.failFrom(2, new CouchbaseException("Internal server error (5000)"));
        try (TestSync sync = sync(couchbase)) {
            SyncResult failed = sync.run();
            assertQueryFailed(failed);
            assertEquals(Map.of("last_created_at", "2024-01-01T10:00:00Z", "last_document_key", "airline_2"), failed.state());
            assertEquals(2L, sync.value("SELECT count(*) FROM airline_table"));

            couchbase.failure = null;
            couchbase.parameters.clear();
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(3L, resumed.counts().upserts(), "only the documents after the committed pages");
            assertEquals(page(millis("2024-01-01T10:00:00Z"), "airline_2"), couchbase.parameters.get(0));
            assertEquals(5L, sync.value("SELECT count(*) FROM airline_table"));
        }
    }

    @Test
    void theClientAcceptsTheConnectionStringAndOptionsTheConnectorBuilds(@TempDir Path dir) throws Exception {
        fivetran.connector.sdk.Configuration plain = fivetran.connector.sdk.Configuration.of(CONFIGURATION);
        ConnectionString parsed = ConnectionString.create(connector.connectionString(plain));
        assertEquals(ConnectionString.Scheme.COUCHBASE, parsed.scheme());
        assertEquals("cb.example.com", parsed.hosts().get(0).host());
        assertFalse(environment(connector.clusterOptions(plain)).securityConfig().tlsEnabled());

        Path certificate = certificate(dir);
        Map<String, String> tls = new LinkedHashMap<>(CONFIGURATION);
        tls.put("endpoint", "cb1.example.com:11207,cb2.example.com");
        tls.put("use_tls", "true");
        tls.put("cert_path", certificate.toString());
        fivetran.connector.sdk.Configuration secure = fivetran.connector.sdk.Configuration.of(tls);
        parsed = ConnectionString.create(connector.connectionString(secure));
        assertEquals(ConnectionString.Scheme.COUCHBASES, parsed.scheme());
        assertEquals(List.of("cb1.example.com:11207", "cb2.example.com"), parsed.hosts().stream().map(ConnectionString.UnresolvedSocket::format).toList());
        ClusterEnvironment environment = environment(connector.clusterOptions(secure));
        assertTrue(environment.securityConfig().tlsEnabled());
        assertEquals(1, environment.securityConfig().trustCertificates().size());

        JsonObject request = assertQueryRequest(page(42, "airline_2"));
        assertEquals(42L, ((Number) request.get("$after_millis")).longValue());
        assertEquals("airline_2", request.get("$after_key"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        Map<String, String> noCertificate = new LinkedHashMap<>(CONFIGURATION);
        noCertificate.put("use_tls", "true");
        assertRefused(noCertificate, "configuration key 'use_tls' is true, so 'cert_path' must name the server's certificate (a PEM file)");
        Map<String, String> scheme = new LinkedHashMap<>(CONFIGURATION);
        scheme.put("endpoint", "couchbase://cb.example.com");
        assertRefused(scheme, "configuration key 'endpoint' must be a host name, or host:port, without a scheme;"
                + " the connector adds couchbase:// or couchbases:// (use_tls)");
    }

    /** A self-signed certificate in PEM, made with the JDK's keytool. */
    private static Path certificate(Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "cb", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=cb1.example.com",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "cb", "-keystore", keystore.toString(), "-storepass", "changeit", "-file", pem.toString());
        assertTrue(Files.readString(pem).startsWith("-----BEGIN CERTIFICATE-----"));
        return pem;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    /**
     * Answers the page query as Couchbase would: the documents whose STR_TO_MILLIS(created_at) and key come after the
     * named parameters, in that order, at most page_size of them.
     */
    static final class CreatedAtOrderedCouchbase extends FakeCouchbase {
        @Override
        List<Map<String, Object>> page(Map<String, Object> namedParameters) {
            long afterMillis = ((Number) namedParameters.get("after_millis")).longValue();
            String afterKey = (String) namedParameters.get("after_key");
            int limit = ((Number) namedParameters.get("page_size")).intValue();
            return documents.entrySet().stream()
                    .filter(entry -> {
                        Long millis = strToMillis(entry.getValue().get("created_at"));
                        return millis != null && (millis > afterMillis || (millis == afterMillis && entry.getKey().compareTo(afterKey) > 0));
                    })
                    .map(entry -> row(Map.of("__document_key", entry.getKey(), "__created_at_millis", strToMillis(entry.getValue().get("created_at"))),
                            entry.getValue()))
                    .sorted(Comparator.comparing((Map<String, Object> row) -> ((Number) row.get("__created_at_millis")).longValue())
                            .thenComparing(row -> (String) row.get("__document_key")))
                    .limit(limit).toList();
        }

        private static Long strToMillis(Object value) {
            if (!(value instanceof String text)) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
