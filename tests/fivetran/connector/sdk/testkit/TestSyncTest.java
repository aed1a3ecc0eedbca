package fivetran.connector.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import fivetran.connector.outside.ItemsConnector;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.engine.SyncResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connector's own test, as its author writes it: a sync recorded once from the API, then replayed with it gone. */
class TestSyncTest {
    private static final String KEY = "k3y-0f-the-api";

    /** The API: items 1..3, those after {@code after}, with the API key required. */
    private static HttpServer api(AtomicInteger requests) throws IOException {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/v1/items", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                if (!KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                long after = Long.parseLong(exchange.getRequestURI().getQuery().replace("after=", ""));
                String items = LongStream.rangeClosed(after + 1, 3).mapToObj(id -> "{\"id\": " + id + ", \"name\": \"item " + id + "\"}")
                        .collect(Collectors.joining(", ", "{\"items\": [", "]}"));
                byte[] body = items.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        api.start();
        return api;
    }

    private static TestSync sync(String baseUrl) {
        return TestSync.of(new Connector(ItemsConnector::update)).configuration(Map.of("base_url", baseUrl, "api_key", KEY));
    }

    @Test
    void aValueConfiguredBetweenTwoReplayedSyncsStandsForItsPlaceholderInTheSecond(@TempDir Path recordings) throws IOException {
        Files.createDirectories(recordings.resolve("mappings"));
        Files.writeString(recordings.resolve("mappings/001-get-items.json"), """
                {"request": {"method": "GET", "url": "/items?until=%7B%7Bconfig.until%7D%7D",
                             "headers": {"X-Connector-Sdk-Origin": {"equalTo": "{{config.base_url}}"}}},
                 "response": {"status": 200, "jsonBody": {"until": "{{config.until}}"}}}""");
        Connector echo = new Connector((configuration, state) -> {
            var answer = fivetran.connector.sdk.http.Http.builder(configuration.require("base_url")).build()
                    .get("/items", Map.of("until", configuration.require("until")));
            Operations.upsert("t", Map.of("until", answer.get("until").asText()));
        });
        try (TestSync sync = TestSync.of(echo).configure("base_url", "https://api.example.com").configure("until", "2024-01-31")
                .replay(recordings)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            SyncResult second = sync.configure("until", "2024-02-29").run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(List.of("2024-01-31", "2024-02-29"), sync.rows("SELECT until FROM t ORDER BY until").stream().map(row -> row.get("until")).toList());
        }
    }

    @Test
    void twoSyncsRecordedFromTheApiReplayWithItGoneIntoTheSameRowsAndStates(@TempDir Path recordings) throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer api = api(requests);
        String baseUrl = "http://127.0.0.1:" + api.getAddress().getPort();
        List<Map<String, Object>> recordedRows;
        try (TestSync sync = sync(baseUrl).record(recordings)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("cursor", 3), first.state());
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("cursor", 3), second.state(), "nothing after 3");
            recordedRows = sync.rows("SELECT id, name FROM items ORDER BY id");
        } finally {
            api.stop(0);
        }
        assertEquals(2, requests.get());
        try (Stream<Path> files = Files.walk(recordings)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(file).contains(KEY), "the API key is in " + file);
            }
        }

        try (TestSync sync = sync(baseUrl).replay(recordings)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(Map.of("cursor", 3), first.state());
            assertEquals(recordedRows, sync.rows("SELECT id, name FROM items ORDER BY id"));
            assertEquals(Map.of("cursor", 3), sync.run().state());

            SyncResult unrecorded = sync.state(Map.of("cursor", 1)).run();
            assertFalse(unrecorded.succeeded());
            assertTrue(unrecorded.failure().startsWith("no recorded request matches GET {{config.base_url}}/v1/items?after=*** ; nearest recorded: "
                    + "GET {{config.base_url}}/v1/items?after=*** (" + recordings.resolve("mappings")), unrecorded.failure());
            assertEquals(Map.of("cursor", 1), unrecorded.state(), "a failed sync commits nothing past the state it started from");
        }
    }

    @Test
    void closeDeletesTheProjectFolder() {
        Path project;
        try (TestSync sync = TestSync.of(new Connector((configuration, state) -> { }))) {
            project = sync.project();
            assertTrue(sync.run().succeeded());
            assertTrue(Files.isDirectory(project.resolve("files")));
        }
        assertFalse(Files.exists(project));
    }

    @Test
    void theConfigurationComesFromAFileAndSingleValuesReplaceItsOwn(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("configuration.json");
        Files.writeString(file, "{\"batch\": \"2\", \"name\": \"from the file\"}");
        Connector writesItsConfiguration = new Connector((configuration, state) -> Operations.upsert("config",
                Map.of("id", 1, "batch", configuration.getInt("batch"), "name", configuration.require("name"))));
        try (TestSync sync = TestSync.of(writesItsConfiguration).configuration(file).configure("batch", "5")) {
            assertTrue(sync.run().succeeded());
            assertEquals(List.of(Map.of("batch", 5, "name", "from the file")), sync.rows("SELECT batch, name FROM config"));
        }
        Files.writeString(file, "{\"batch\": 2}");
        CommandFailure refused = assertThrows(CommandFailure.class, () -> TestSync.of(writesItsConfiguration).configuration(file));
        assertTrue(refused.getMessage().contains("batch"), refused.getMessage());
    }

    @Test
    void theLinesASyncLoggedAreThoseOfItsLastRun() {
        int[] runs = {0};
        Connector logs = new Connector((configuration, state) -> {
            runs[0]++;
            Logging.info("sync " + runs[0]);
            if (runs[0] == 2) {
                Logging.warning("the second sync warns");
            }
        });
        try (TestSync sync = TestSync.of(logs)) {
            assertTrue(sync.run().succeeded());
            assertTrue(sync.log().contains("INFO sync 1"), sync.log()::toString);
            assertTrue(sync.run().succeeded());
            assertFalse(sync.log().contains("INFO sync 1"), sync.log()::toString);
            assertTrue(sync.log().containsAll(List.of("INFO sync 2", "WARN the second sync warns")), sync.log()::toString);
        }
    }
}
