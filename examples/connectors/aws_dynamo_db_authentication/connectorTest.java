///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.HttpRecording;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Tests of the connector against dynalite (a DynamoDB API on LevelDB, here in memory; npm package, found on PATH),
 * started once for the class on a free port of 127.0.0.1. STS is not in dynalite: AssumeRole is answered from
 * hand-written recordings after AWS's documented AssumeRole response (recordings/, recordings-access-denied/,
 * recordings-refresh/) through the test kit's replay. Small WireMock proxies in front of the replay and of dynalite
 * keep the requests as the connector sent them, so that the test sees the role and session name asked for and the
 * key that signed each DynamoDB call (dynalite checks no signature). Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/dynamodb-reader";
    private static final String EXTERNAL_ID = "fivetran-7f3a9c";
    /** What recordings/ answers AssumeRole with. */
    private static final String TEMPORARY_KEY_ID = "ASIAIOSFODNN7EXAMPLE";
    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEPT//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtemporarySessionTokenForTheTest==";

    private static Process dynalite;
    private static String dynaliteUrl;
    private static DynamoDbClient source;
    /** Between the connector and dynalite, keeping every request. */
    private static WireMockServer dynamoProxy;
    private static HttpRecording sts;
    /** Between the connector and the replayed STS, keeping every request. */
    private static WireMockServer stsProxy;

    @BeforeAll
    static void startServers() throws Exception {
        // until the first TestSync sets up the SDK's logging, Logback's default logs the AWS SDK's DEBUG lines
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        String executable = onPath("dynalite");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        dynalite = new ProcessBuilder(executable, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        dynaliteUrl = "http://127.0.0.1:" + port;
        waitForPort(port);
        source = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(dynaliteUrl))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("loader", "loader"))).build();
        dynamoProxy = proxyTo(dynaliteUrl);
        Map<String, String> withExternalId = new LinkedHashMap<>(credentials());
        withExternalId.put("EXTERNAL_ID", EXTERNAL_ID);
        sts = HttpRecording.replay(Path.of("recordings"), Configuration.of(withExternalId));
        stsProxy = proxyTo(sts.url());
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {source, sts, stsProxy == null ? null : stsProxy::stop,
                dynamoProxy == null ? null : dynamoProxy::stop}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (dynalite != null) {
            dynalite.destroy();
            dynalite.waitFor();
        }
    }

    @BeforeEach
    void emptySource() {
        source.listTablesPaginator().tableNames().forEach(table -> source.deleteTable(delete -> delete.tableName(table)));
        await(() -> source.listTables().tableNames().isEmpty());
        dynamoProxy.resetRequests();
        stsProxy.resetRequests();
    }

    /** The executable on PATH; the test needs it and fails without it, saying how to install it. */
    private static String onPath(String name) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("'" + name + "' is not on PATH: this test runs DynamoDB's stand-in dynalite; install it with"
                + " npm install -g dynalite (Node.js 20)");
    }

    private static void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!dynalite.isAlive()) {
                    fail("dynalite exited with " + dynalite.exitValue() + " before it listened on port " + port);
                }
                if (System.nanoTime() > deadline) {
                    fail("dynalite did not listen on port " + port + " within 20 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Waits until {@code done}: dynalite creates and deletes tables at once, but answers CREATING or DELETING first. */
    private static void await(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("dynalite did not finish creating or deleting a table within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A WireMock server on a free port of 127.0.0.1 passing every request on to {@code target}, and keeping it. */
    private static WireMockServer proxyTo(String target) {
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(target)));
        return proxy;
    }

    private static Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY, "ROLE_ARN", ROLE_ARN,
                "REGION", "us-east-1");
    }

    /** configuration.json with the test's keys and endpoints; pages of 3 items, so that every segment reads several. */
    private static TestSync sync(String stsEndpoint) {
        TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
        credentials().forEach(sync::configure);
        return sync.configure("STS_ENDPOINT", stsEndpoint).configure("DYNAMODB_ENDPOINT", dynamoProxy.baseUrl())
                .configure("SCAN_PAGE_SIZE", "3");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static void createTable(String table, String hashKey, ScalarAttributeType hashType, String rangeKey, ScalarAttributeType rangeType) {
        List<KeySchemaElement> key = new ArrayList<>(List.of(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build()));
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(AttributeDefinition.builder().attributeName(hashKey).attributeType(hashType).build()));
        if (rangeKey != null) {
            key.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName(rangeKey).attributeType(rangeType).build());
        }
        source.createTable(create -> create.tableName(table).billingMode("PAY_PER_REQUEST").keySchema(key).attributeDefinitions(attributes));
        // (the SDK's waiter would poll every 20 s)
        await(() -> "ACTIVE".equals(source.describeTable(describe -> describe.tableName(table)).table().tableStatusAsString()));
    }

    private static void put(String table, Map<String, AttributeValue> item) {
        source.putItem(put -> put.tableName(table).item(item));
    }

    /** The item of every type: S, N (whole, decimal, beyond 9 decimals), BOOL, NULL, B, M, L, SS, NS, BS. */
    private static final byte[] PHOTO = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};

    private static void loadSource() {
        createTable("orders", "order_id", ScalarAttributeType.S, null, null);
        Map<String, AttributeValue> everyType = new LinkedHashMap<>();
        everyType.put("order_id", s("o-000"));
        everyType.put("amount", n("12.5"));
        everyType.put("quantity", n("3"));
        everyType.put("ratio", n("0.12345678901"));
        everyType.put("paid", AttributeValue.fromBool(true));
        everyType.put("note", AttributeValue.fromNul(true));
        everyType.put("photo", AttributeValue.fromB(SdkBytes.fromByteArray(PHOTO)));
        everyType.put("address", AttributeValue.fromM(Map.of("street", s("1 Main St"), "zip", n("02134"),
                "geo", AttributeValue.fromL(List.of(n("42.35"), n("-71.06"))))));
        everyType.put("history", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("status", s("new"), "at", n("1700000000"))),
                s("text"), AttributeValue.fromBool(false), AttributeValue.fromNul(true),
                AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})))));
        everyType.put("tags", AttributeValue.fromSs(List.of("vip", "gift", "express")));
        everyType.put("scores", AttributeValue.fromNs(List.of("10", "2.5", "-1")));
        everyType.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {2}), SdkBytes.fromByteArray(new byte[] {1}))));
        put("orders", everyType);
        // amounts of several scales (and whole ones), in whatever order the segments read them
        String[] amounts = {"7", "0.125", "19.99", "100", "3.5"};
        for (int i = 1; i <= 40; i++) {
            put("orders", Map.of("order_id", s(String.format("o-%03d", i)), "amount", n(amounts[i % amounts.length]),
                    "quantity", n(String.valueOf(i)), "status", s(i % 2 == 0 ? "shipped" : "new")));
        }
        createTable("readings", "sensor", ScalarAttributeType.S, "ts", ScalarAttributeType.N);
        for (int sensor = 1; sensor <= 10; sensor++) {          // segments split by hash key: several per segment
            for (int ts = 1; ts <= 3; ts++) {
                put("readings", Map.of("sensor", s("s-" + sensor), "ts", n(String.valueOf(1_700_000_000 + ts * 60)), "celsius", n(ts + ".25")));
            }
        }
    }

    /** The connector's Scan calls to {@code table}, as dynalite received them: their JSON bodies. */
    private static List<JsonNode> scans(String table) throws Exception {
        List<JsonNode> scans = new ArrayList<>();
        for (LoggedRequest request : dynamoRequests()) {
            JsonNode body = JSON.readTree(request.getBodyAsString());
            if ("DynamoDB_20120810.Scan".equals(request.getHeader("X-Amz-Target")) && table.equals(body.path("TableName").asText())) {
                scans.add(body);
            }
        }
        return scans;
    }

    private static List<LoggedRequest> dynamoRequests() {
        return inCallOrder(dynamoProxy);
    }

    private static List<LoggedRequest> stsRequests() {
        return inCallOrder(stsProxy);
    }

    /** The requests a proxy passed on, oldest first (WireMock lists the newest first). */
    private static List<LoggedRequest> inCallOrder(WireMockServer proxy) {
        List<LoggedRequest> requests = new ArrayList<>(proxy.getAllServeEvents().stream().map(event -> event.getRequest()).toList());
        java.util.Collections.reverse(requests);
        return requests;
    }

    /** The fields of a form body, decoded. */
    private static Map<String, String> form(String body) {
        Map<String, String> fields = new TreeMap<>();
        for (String field : body.split("&")) {
            int equals = field.indexOf('=');
            fields.put(URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** The access key id of a SigV4 Authorization header: {@code AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, …}. */
    private static String signingKey(LoggedRequest request) {
        String authorization = request.getHeader("Authorization");
        String credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
        return credential.substring(0, credential.indexOf('/'));
    }

    private static List<Map<String, Object>> columns(TestSync sync, String table) {
        return sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table
                + "' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name");
    }

    private static Map<String, Object> column(String name, String type) {
        return Map.of("column_name", name, "data_type", type);
    }

    @Test
    void aFullSyncCopiesEveryTableWithItsKeysAndTypesAndTheNextShowsInsertsUpdatesAndDeletes() throws Exception {
        loadSource();
        try (TestSync sync = sync(stsProxy.baseUrl())) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(41L + 30L, first.counts().upserts(), "each item once, whichever segment read it");
            assertEquals(2L, first.counts().truncates(), "one full pass per table");
            assertEquals(Map.of(), first.state());
            assertTrue(sync.log().contains("INFO 2 DynamoDB tables to sync"), sync.log()::toString);

            // keys from the KeySchema: hash, then hash and range
            assertEquals(List.of(Map.of("table_name", "orders", "key", "order_id"), Map.of("table_name", "readings", "key", "sensor,ts")),
                    sync.rows("SELECT table_name, array_to_string(constraint_column_names, ',') AS key FROM duckdb_constraints() WHERE schema_name = 'tester'"
                            + " AND constraint_type = 'PRIMARY KEY' ORDER BY table_name"));
            assertEquals(List.of(column("address", "JSON"), column("amount", "DECIMAL(38,9)"), column("blobs", "JSON"),
                            column("history", "JSON"), column("order_id", "VARCHAR"), column("paid", "BOOLEAN"), column("photo", "BLOB"),
                            column("quantity", "BIGINT"), column("ratio", "VARCHAR"), column("scores", "JSON"), column("status", "VARCHAR"),
                            column("tags", "JSON")),
                    columns(sync, "orders"), "note held only NULL: no column");
            assertEquals(List.of(column("celsius", "DECIMAL(38,9)"), column("sensor", "VARCHAR"), column("ts", "BIGINT")), columns(sync, "readings"));

            Map<String, Object> order = sync.rows("SELECT * FROM orders WHERE order_id = 'o-000'").get(0);
            assertEquals(new BigDecimal("12.500000000"), order.get("amount"));
            assertEquals(3L, order.get("quantity"));
            assertEquals("0.12345678901", order.get("ratio"), "more than 9 decimals: the exact text");
            assertEquals(true, order.get("paid"));
            assertArrayEquals(PHOTO, Base64.getDecoder().decode((String) order.get("photo")));
            assertEquals(JSON.readTree("{\"geo\": [42.35, -71.06], \"street\": \"1 Main St\", \"zip\": 2134}"), order.get("address"));
            assertEquals(JSON.readTree("[{\"at\": 1700000000, \"status\": \"new\"}, \"text\", false, null, \"AQID\"]"), order.get("history"));
            assertEquals(JSON.readTree("[\"express\", \"gift\", \"vip\"]"), order.get("tags"));
            assertEquals(JSON.readTree("[-1, 2.5, 10]"), order.get("scores"));
            assertEquals(JSON.readTree("[\"AQ==\", \"Ag==\"]"), order.get("blobs"));
            assertEquals(List.of(Map.of("amount", "0.125000000", "n", 8L), Map.of("amount", "19.990000000", "n", 8L),
                            Map.of("amount", "100.000000000", "n", 8L), Map.of("amount", "3.500000000", "n", 8L),
                            Map.of("amount", "7.000000000", "n", 8L)),
                    sync.rows("SELECT amount::VARCHAR AS amount, count(*) AS n FROM orders WHERE order_id <> 'o-000' GROUP BY amount"
                            + " ORDER BY min(order_id)"), "every scale kept exactly, whichever value came first");
            assertEquals(new BigDecimal("2.250000000"), sync.value("SELECT celsius FROM readings WHERE sensor = 's-2' AND ts = 1700000120"));

            // the parallel scan: 4 segments, each paged by LastEvaluatedKey over several pages, with the configured Limit
            for (String table : List.of("orders", "readings")) {
                List<JsonNode> scans = scans(table);
                Map<Integer, List<JsonNode>> bySegment = scans.stream().collect(Collectors.groupingBy(scan -> scan.path("Segment").asInt(), TreeMap::new, Collectors.toList()));
                assertEquals(List.of(0, 1, 2, 3), List.copyOf(bySegment.keySet()), table);
                bySegment.forEach((segment, pages) -> {
                    assertTrue(pages.size() > 1, table + " segment " + segment + " read " + pages.size() + " page");
                    assertFalse(pages.get(0).has("ExclusiveStartKey"), "the first page of a segment starts at its beginning");
                    pages.subList(1, pages.size()).forEach(page -> assertTrue(page.has("ExclusiveStartKey"), page::toString));
                });
                scans.forEach(scan -> {
                    assertEquals(4, scan.path("TotalSegments").asInt());
                    assertEquals(3, scan.path("Limit").asInt());
                    assertTrue(scan.path("ConsistentRead").asBoolean(), scan::toString);
                });
            }

            // AssumeRole with the configured keys, the role and session name; every DynamoDB call signed with its answer
            List<LoggedRequest> assumed = stsRequests();
            assertEquals(2, assumed.size(), "once for schema(), once for update()");
            for (LoggedRequest request : assumed) {
                assertEquals(Map.of("Action", "AssumeRole", "Version", "2011-06-15", "RoleArn", ROLE_ARN, "RoleSessionName", "sdkSession"),
                        form(request.getBodyAsString()));
                assertEquals(ACCESS_KEY_ID, signingKey(request));
            }
            assertFalse(dynamoRequests().isEmpty());
            for (LoggedRequest request : dynamoRequests()) {
                assertEquals(TEMPORARY_KEY_ID, signingKey(request), request.getHeader("X-Amz-Target"));
                assertEquals(SESSION_TOKEN, request.getHeader("X-Amz-Security-Token"));
            }
            assertTrue(sync.log().stream().noneMatch(line -> line.contains(SECRET_ACCESS_KEY) || line.contains(SESSION_TOKEN)), sync.log()::toString);

            // a new item, a changed one, a removed one, and a removed reading
            put("orders", Map.of("order_id", s("o-041"), "amount", n("1.1"), "quantity", n("1"), "status", s("new")));
            source.updateItem(update -> update.tableName("orders").key(Map.of("order_id", s("o-001")))
                    .updateExpression("SET #s = :s, quantity = :q").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", s("cancelled"), ":q", n("0"))));
            source.deleteItem(delete -> delete.tableName("orders").key(Map.of("order_id", s("o-002"))));
            source.deleteItem(delete -> delete.tableName("readings").key(Map.of("sensor", s("s-3"), "ts", n("1700000180"))));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(41L + 29L, second.counts().upserts(), "a full pass again");
            assertEquals(Map.of(), second.state());
            assertEquals(List.of(Map.of("order_id", "o-002"), Map.of("order_id", "s-3/1700000180")),
                    sync.rows("SELECT order_id FROM orders WHERE _fivetran_deleted UNION ALL"
                            + " SELECT sensor || '/' || ts FROM readings WHERE _fivetran_deleted ORDER BY 1"),
                    "exactly the items deleted in DynamoDB are marked deleted");
            assertEquals(List.of(Map.of("status", "cancelled", "quantity", 0L)),
                    sync.rows("SELECT status, quantity FROM orders WHERE order_id = 'o-001'"));
            assertEquals(new BigDecimal("1.100000000"), sync.value("SELECT amount FROM orders WHERE order_id = 'o-041' AND NOT _fivetran_deleted"));
            assertEquals(41L, sync.value("SELECT count(*) FROM orders WHERE NOT _fivetran_deleted"));
            assertEquals(29L, sync.value("SELECT count(*) FROM readings WHERE NOT _fivetran_deleted"));
            assertEquals("1 Main St", sync.value("SELECT address->>'street' FROM orders WHERE order_id = 'o-000'"), "unchanged items stay as they were");
        }
    }

    @Test
    void tablesNamedInTheConfigurationAreTheOnlyOnesSyncedAndOneThatDoesNotExistFailsTheSync() {
        // with an EXTERNAL_ID, which only recordings/mappings/002-… matches
        loadSource();
        try (TestSync sync = sync(stsProxy.baseUrl()).configure("TABLES", "readings").configure("TOTAL_SEGMENTS", "2")
                .configure("EXTERNAL_ID", EXTERNAL_ID)) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(EXTERNAL_ID, form(stsRequests().get(0).getBodyAsString()).get("ExternalId"), "the role's external id, when configured");
            assertEquals(30L, result.counts().upserts());
            assertEquals(List.of(Map.of("table_name", "readings")),
                    sync.rows("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'tester' ORDER BY table_name"));
            assertTrue(dynamoRequests().stream().noneMatch(request -> request.getBodyAsString().contains("\"orders\"")));
        }
        try (TestSync sync = sync(stsProxy.baseUrl()).configure("TABLES", "readings, invoices")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("table 'invoices' of configuration key 'TABLES' does not exist in the configured REGION"),
                    result.failure());
        }
    }

    @Test
    void aRefusedAssumeRoleFailsTheSyncWithAwssMessageAndNoDynamoDbCall() {
        loadSource();
        try (HttpRecording refusing = HttpRecording.replay(Path.of("recordings-access-denied"), Configuration.of(credentials()));
             TestSync sync = sync(refusing.url())) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("cannot assume the role of configuration key 'ROLE_ARN' with the keys of 'AWS_ACCESS_KEY_ID'"
                    + " and 'AWS_SECRET_ACCESS_KEY': AssumeRole answered 403 AccessDenied: User: arn:aws:iam::123456789012:user/fivetran"
                    + " is not authorized to perform: sts:AssumeRole on resource: " + ROLE_ARN), result.failure());
            assertEquals(1, refusing.exchanges(), "refused once, not retried");
            assertTrue(dynamoRequests().isEmpty());
            assertFalse(result.failure().contains(SECRET_ACCESS_KEY));
            assertTrue(sync.log().stream().noneMatch(line -> line.contains(SECRET_ACCESS_KEY)));
        }
    }

    @Test
    void credentialsAboutToExpireAreRenewedBeforeTheyAreUsed() {
        createTable("orders", "order_id", ScalarAttributeType.S, null, null);
        IntStream.rangeClosed(1, 5).forEach(i -> put("orders", Map.of("order_id", s("o-" + i))));
        try (HttpRecording renewing = HttpRecording.replay(Path.of("recordings-refresh"), Configuration.of(credentials()));
             TestSync sync = sync(renewing.url())) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(5L, result.counts().upserts());
            assertEquals(3, renewing.exchanges(), "schema(): the first answer, which expires in 2 minutes, then the renewed one; update(): the renewed one");
            assertEquals(List.of("ASIARENEWEDEXAMPLE02"), dynamoRequests().stream().map(connectorTest::signingKey).distinct().toList());
        }
    }

    @Test
    void missingOrInvalidConfigurationNamesTheKey() {
        try (TestSync sync = sync(stsProxy.baseUrl()).configure("ROLE_ARN", "")) {
            SyncResult result = sync.run();
            assertTrue(result.failure().endsWith("configuration key 'ROLE_ARN' is empty; give it a value in the configuration"), result.failure());
        }
        try (TestSync sync = sync(stsProxy.baseUrl()).configure("TOTAL_SEGMENTS", "0")) {
            SyncResult result = sync.run();
            assertTrue(result.failure().contains("configuration key 'TOTAL_SEGMENTS' must be a positive whole number"), result.failure());
        }
        try (TestSync sync = sync("127.0.0.1:9")) {
            SyncResult result = sync.run();
            assertTrue(result.failure().contains("configuration key 'STS_ENDPOINT' is not a URL such as https://host:port"), result.failure());
        }
    }

    @Test
    void numbersAreTypedAsFivetransDynamoDbConnectorTypesThem() {
        assertEquals(7L, connector.number("7"));
        assertEquals(100L, connector.number("1E+2"));
        assertEquals(-3L, connector.number("-3.000"));
        assertEquals(new BigDecimal("12.500000000"), connector.number("12.50"));
        assertEquals(new BigDecimal("12345678901234567890.000000000"), connector.number("12345678901234567890"), "beyond a LONG");
        assertEquals("0.0000000001", connector.number("1E-10"));
        assertEquals("123456789012345678901234567890", connector.number("123456789012345678901234567890"), "30 digits");
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
