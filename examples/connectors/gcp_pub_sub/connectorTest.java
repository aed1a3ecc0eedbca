///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Google's documented request and response shapes
 * of subscriptions.pull and subscriptions.acknowledge (REST v1) and of the OAuth2 token endpoint, replayed in order
 * (one WireMock scenario per folder, so an acknowledge that is missing, early or of other ackIds matches nothing and
 * fails the sync): recordings/ (two syncs), recordings-ack-refused/ (an acknowledge refused after the checkpoint),
 * recordings-service-account/ (a service account's JWT exchanged for a token). Not the live service, nor the emulator.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("access_token", "ya29.test-token")
                .configure("project_id", "fivetran-test").configure("subscription_name", "orders-sub").configure("max_messages", "3")
                .replay(Path.of(recording));
    }

    /** A BINARY value, which the test kit reads as Base64 text, as the text it holds. */
    private static String text(Object base64) {
        return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
    }

    @Test
    void eachPullIsCommittedThenAcknowledgedUntilAnEmptyPullAndTheNextSyncGetsOnlyNewOrRedeliveredMessages() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(4L, first.counts().upserts());
            assertEquals(2L, first.counts().checkpoints(), "one per pull that returned messages");
            assertEquals(Map.of("received", 4), first.state());

            Map<String, Object> order = sync.rows("SELECT * FROM messages WHERE message_id = '11000000000000002'").get(0);
            assertEquals(OffsetDateTime.of(2024, 3, 1, 10, 0, 1, 500_000_000, ZoneOffset.UTC), order.get("publish_time"));
            assertEquals("customer-7", order.get("ordering_key"));
            assertEquals(JSON.readTree("{\"event_type\": \"order.created\", \"source\": \"shop\"}"), order.get("attributes"));
            assertEquals("{\"order_id\": 2, \"status\": \"created\", \"amount\": 15.5}", text(order.get("data")), "the data, base64-decoded");
            assertEquals(JSON.readTree("{\"order_id\": 2, \"status\": \"created\", \"amount\": 15.5}"), order.get("payload"));
            assertNull(order.get("delivery_attempt"));

            Map<String, Object> heartbeat = sync.rows("SELECT data, payload, attributes, ordering_key FROM messages WHERE message_id = '11000000000000003'").get(0);
            assertEquals("heartbeat from shop-eu-1", text(heartbeat.get("data")));
            assertNull(heartbeat.get("payload"), "data that is not JSON is only in data");
            assertNull(heartbeat.get("attributes"));
            assertNull(heartbeat.get("ordering_key"));
            assertEquals(2, sync.value("SELECT delivery_attempt FROM messages WHERE message_id = '11000000000000004'"));
            assertEquals(List.of(Map.of("column_name", "message_id", "data_type", "VARCHAR"),
                            Map.of("column_name", "publish_time", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "ordering_key", "data_type", "VARCHAR"),
                            Map.of("column_name", "attributes", "data_type", "JSON"),
                            Map.of("column_name", "data", "data_type", "BLOB"),
                            Map.of("column_name", "payload", "data_type", "JSON"),
                            Map.of("column_name", "delivery_attempt", "data_type", "INTEGER")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'messages'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_index"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "message 5, new, and message 2, redelivered");
            assertEquals(Map.of("received", 6), second.state());
            assertEquals(5L, sync.value("SELECT count(*) FROM messages"), "the redelivered message is the same row");
        }
    }

    @Test
    void aBatchWhoseAcknowledgeFailsIsAlreadyCommittedAndItsRedeliveryChangesNothing() {
        try (TestSync sync = sync("recordings-ack-refused")) {
            SyncResult failed = sync.run();
            assertFalse(failed.succeeded());
            assertTrue(failed.failure().contains(":acknowledge failed: 400") && failed.failure().contains("INVALID_ARGUMENT"), failed.failure());
            assertEquals(1L, failed.counts().checkpoints(), "the checkpoint came before the acknowledge");
            assertEquals(Map.of("received", 2), failed.state());
            assertEquals(2L, sync.value("SELECT count(*) FROM messages"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "the 2 unacknowledged messages, redelivered");
            assertEquals(2L, sync.value("SELECT count(*) FROM messages"));
        }
    }

    /** A service account key as Google's console writes one, with a key pair made for the test. */
    private static ObjectNode serviceKey(KeyPair keys) {
        ObjectNode key = JSON.createObjectNode();
        key.put("type", "service_account");
        key.put("project_id", "fivetran-test");
        key.put("private_key_id", "0123456789abcdef0123456789abcdef01234567");
        key.put("private_key", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        key.put("client_email", "connector@fivetran-test.iam.gserviceaccount.com");
        key.put("token_uri", "https://oauth2.googleapis.com/token");
        return key;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    @Test
    void theJwtOfTheServiceAccountIsSignedWithItsKeyAndCarriesGooglesClaims() throws Exception {
        KeyPair keys = rsa();
        Instant now = Instant.parse("2024-03-01T10:00:00Z");
        String[] jwt = connector.jwt(serviceKey(keys), "https://oauth2.googleapis.com/token", now).split("\\.");
        assertEquals(3, jwt.length);
        assertEquals(JSON.readTree("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"0123456789abcdef0123456789abcdef01234567\"}"),
                JSON.readTree(Base64.getUrlDecoder().decode(jwt[0])));
        assertEquals(JSON.readTree("{\"iss\":\"connector@fivetran-test.iam.gserviceaccount.com\",\"scope\":\"https://www.googleapis.com/auth/pubsub\","
                        + "\"aud\":\"https://oauth2.googleapis.com/token\",\"iat\":1709287200,\"exp\":1709290800}"),
                JSON.readTree(Base64.getUrlDecoder().decode(jwt[1])));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(Base64.getUrlDecoder().decode(jwt[2])), "signed with the service account's private key");
        verifier.initVerify(rsa().getPublic());
        verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertFalse(verifier.verify(Base64.getUrlDecoder().decode(jwt[2])), "and not with another");
    }

    @Test
    void aServiceAccountKeyIsExchangedForAnAccessTokenAndNamesTheProject() throws Exception {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("service_key", JSON.writeValueAsString(serviceKey(rsa()))).configure("access_token", "")
                .configure("project_id", "").configure("subscription_name", "orders-sub")
                .replay(Path.of("recordings-service-account"))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(1L, result.counts().upserts());
            assertEquals(Map.of("received", 1), result.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
