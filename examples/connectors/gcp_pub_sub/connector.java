///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.RetryPolicy;
import fivetran.connector.sdk.http.auth.Auth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Messages of a Google Cloud Pub/Sub subscription, pulled with Pub/Sub's REST API (v1 {@code subscriptions.pull} and
 * {@code subscriptions.acknowledge}) through the SDK's Http client. Each pulled batch is upserted, checkpointed, and
 * only then acknowledged: a sync that fails or is killed before a batch's checkpoint leaves it unacknowledged, and
 * Pub/Sub redelivers it once its ack deadline has passed (at-least-once delivery, made exactly-once in the destination
 * by the primary key, the message id). A pull that returns no message ends the sync.
 */
class connector {
    static final String TABLE = "messages";
    static final String SCOPE = "https://www.googleapis.com/auth/pubsub";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Project ids (also the legacy domain:project form) and subscription names: nothing that changes the URL's path. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~+%:-]+");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("message_id")
                .column("message_id", DataType.STRING)
                .column("publish_time", DataType.UTC_DATETIME)
                .column("ordering_key", DataType.STRING)
                .column("attributes", DataType.JSON)
                .column("data", DataType.BINARY)
                .column("payload", DataType.JSON)
                .column("delivery_attempt", DataType.INT));
    }

    static void update(Configuration configuration, State state) {
        // the service key is read when it is needed: for the token, or for the project when project_id is not given
        boolean keyNeeded = configuration.get("access_token", null) == null || configuration.get("project_id", null) == null;
        JsonNode serviceKey = keyNeeded && configuration.get("service_key", null) != null ? configuration.getJson("service_key") : null;
        String project = name("project_id", configuration.get("project_id",
                serviceKey == null ? null : serviceKey.path("project_id").asText(null)));
        String subscription = "v1/projects/" + project + "/subscriptions/" + name("subscription_name", configuration.require("subscription_name"));
        int maxMessages = configuration.getInt("max_messages", 100);
        long maxPerSync = configuration.getLong("max_messages_per_sync", 10_000);

        // pull and acknowledge may be sent again: a message pulled twice is redelivered and deduplicated by its key
        Http.Builder builder = Http.builder(configuration.get("base_url", "https://pubsub.googleapis.com"))
                .retryPolicy(RetryPolicy.builder().idempotent("POST").build());
        Auth auth = auth(configuration, serviceKey);
        if (auth != null) {
            builder.auth(auth);
        }
        Http pubsub = builder.build();

        long synced = 0;
        while (synced < maxPerSync) {
            JsonNode pulled = pubsub.post(subscription + ":pull", Map.of("maxMessages", (int) Math.min(maxMessages, maxPerSync - synced)));
            JsonNode received = pulled == null ? JSON.createArrayNode() : pulled.path("receivedMessages");
            if (received.isEmpty()) {
                break;   // the backlog is drained (or nothing arrived before the pull's timeout)
            }
            List<String> ackIds = new ArrayList<>();
            for (JsonNode message : received) {
                Operations.upsert(TABLE, row(message));
                ackIds.add(message.path("ackId").asText());
            }
            synced += ackIds.size();
            state.put("received", state.getLong("received", 0) + ackIds.size());
            Operations.checkpoint(state);
            pubsub.post(subscription + ":acknowledge", Map.of("ackIds", ackIds));   // only once the checkpoint has committed them
        }
        Logging.info("gcp_pub_sub: " + synced + " messages synced and acknowledged" + (synced >= maxPerSync ? " (max_messages_per_sync)" : ""));
    }

    /** A ReceivedMessage as a row: its PubsubMessage, the data decoded from base64, and parsed when it is JSON. */
    static Map<String, Object> row(JsonNode received) {
        JsonNode message = received.path("message");
        byte[] data = Base64.getDecoder().decode(message.path("data").asText(""));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("message_id", message.path("messageId").asText());
        row.put("publish_time", Instant.parse(message.path("publishTime").asText()));
        row.put("ordering_key", message.path("orderingKey").asText("").isEmpty() ? null : message.path("orderingKey").asText());
        row.put("attributes", message.path("attributes").isObject() ? message.get("attributes") : null);
        row.put("data", data);
        row.put("payload", json(data));
        row.put("delivery_attempt", received.path("deliveryAttempt").canConvertToInt() ? received.get("deliveryAttempt").intValue() : null);
        return row;
    }

    /** The data as JSON when it is a JSON object or array, else null (text or binary data stays in {@code data}). */
    private static JsonNode json(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * A bearer token given in the configuration ({@code access_token}), else an OAuth2 access token for the service
     * account of {@code service_key} (the JWT bearer grant, renewed on a 401), else none (the Pub/Sub emulator).
     */
    static Auth auth(Configuration configuration, JsonNode serviceKey) {
        String token = configuration.get("access_token", null);
        if (token != null) {
            return Auth.bearer(token);
        }
        if (serviceKey == null) {
            Logging.warning("neither access_token nor service_key is configured: requests are sent without credentials (the emulator)");
            return null;
        }
        String tokenUri = serviceKey.path("token_uri").asText("https://oauth2.googleapis.com/token");
        Http tokens = Http.builder(tokenUri).build();
        return Auth.session(() -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", JWT_BEARER);
            form.put("assertion", jwt(serviceKey, tokenUri, Instant.now()));
            JsonNode answer = tokens.postForm(tokenUri, form);
            if (answer == null || !answer.path("access_token").isTextual()) {
                throw new IllegalStateException(tokenUri + " answered without an access_token");
            }
            return answer.get("access_token").asText();
        });
    }

    /**
     * The assertion of Google's JWT bearer grant: {@code {"alg":"RS256","typ":"JWT","kid":private_key_id}} and the
     * claims iss (client_email), scope, aud (the token URI), iat and exp (an hour later), signed with the service
     * account's private key (PKCS#8 PEM).
     */
    static String jwt(JsonNode serviceKey, String tokenUri, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        if (serviceKey.hasNonNull("private_key_id")) {
            header.put("kid", serviceKey.get("private_key_id").asText());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", required(serviceKey, "client_email"));
        claims.put("scope", SCOPE);
        claims.put("aud", tokenUri);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        try {
            String signed = base64Url(JSON.writeValueAsBytes(header)) + "." + base64Url(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(required(serviceKey, "private_key")));
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64Url(rsa.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("configuration 'service_key': cannot sign the token request: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String required(JsonNode serviceKey, String field) {
        if (!serviceKey.path(field).isTextual()) {
            throw new IllegalArgumentException("configuration 'service_key': the service account key has no " + field);
        }
        return serviceKey.get(field).asText();
    }

    private static String name(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("configuration '" + key + "' is required (project_id may come from service_key)");
        }
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("configuration '" + key + "': '" + value + "' is not a Pub/Sub name");
        }
        return value;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
