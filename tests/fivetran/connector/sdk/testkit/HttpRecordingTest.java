package fivetran.connector.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.internal.Jackson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP record and replay in-process: a real origin on the loopback interface that answers from a script, and a plain
 * JDK client sending each request to the recording's server with the origin header, as the SDK's client does.
 */
class HttpRecordingTest {
    private record Answer(int status, String body, Map<String, String> headers) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    private HttpServer origin;
    private String originUrl;
    /** The answers the origin gives, per method and path, in order. */
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    /** What the origin received: method, path and query, the Authorization header, the body. */
    private final List<String> received = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (received) {
                    received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                            + exchange.getRequestHeaders().getFirst("Authorization") + (body.isEmpty() ? "" : " " + body));
                }
                Answer answer = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()).poll();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                answer.headers().forEach(exchange.getResponseHeaders()::add);
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        origin.start();
        originUrl = "http://127.0.0.1:" + origin.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        origin.stop(0);
    }

    private void answer(String methodAndPath, int status, String body, Map<String, String> headers) {
        answers.computeIfAbsent(methodAndPath, key -> new ArrayDeque<>()).add(new Answer(status, body, headers));
    }

    private HttpResponse<String> send(HttpRecording recording, String method, String pathAndQuery, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(recording.url() + pathAndQuery))
                .header(Http.ORIGIN_HEADER, originUrl)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Jackson.MAPPER.readTree(response.body());
    }

    private List<String> mappingFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("mappings"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRecordingMatchesItsExactQueryInAnyOrderSoAFirstPageNeverAnswersALaterOne() throws Exception {
        answer("GET /v1/items", 200, "{\"page\": 1}", Map.of());
        answer("GET /v1/items", 200, "{\"page\": 2}", Map.of());
        try (HttpRecording recording = HttpRecording.record(dir, Configuration.of(Map.of()))) {
            send(recording, "GET", "/v1/items?per_page=5", null);
            send(recording, "GET", "/v1/items?per_page=5&page=2", null);
        }
        String first = Files.readString(dir.resolve("mappings").resolve(mappingFiles().get(0)));
        assertTrue(first.contains("\"url\" : \"/v1/items?per_page=5\""), first);
        origin.stop(0);
        try (HttpRecording replay = HttpRecording.replay(dir, Configuration.of(Map.of()))) {
            assertEquals(2, json(send(replay, "GET", "/v1/items?page=2&per_page=5", null)).get("page").asInt(), "the parameters in another order");
            assertEquals(1, json(send(replay, "GET", "/v1/items?per_page=5", null)).get("page").asInt());
            HttpResponse<String> later = send(replay, "GET", "/v1/items?per_page=5&page=3", null);
            assertEquals(501, later.statusCode(), "page 3 was never recorded: " + later.body());
            assertTrue(later.body().startsWith("no recorded request matches GET " + originUrl + "/v1/items?"), later.body());
        }
    }

    @Test
    void aRecordedSyncIsReplayedInCallOrderOnceTheOriginIsGone() throws Exception {
        answer("GET /v1/items", 200, "{\"page\": 1, \"price\": 19.990}", Map.of());
        answer("GET /v1/items", 200, "{\"page\": 2, \"price\": 5.000}", Map.of());
        answer("GET /v1/users", 200, "[{\"id\": 7}]", Map.of());
        answer("POST /v1/search", 201, "{\"hits\": 3}", Map.of());
        try (HttpRecording recording = HttpRecording.record(dir, Configuration.of(Map.of()))) {
            assertEquals("{\"page\": 1, \"price\": 19.990}", send(recording, "GET", "/v1/items?limit=2", null).body());
            assertEquals("{\"page\": 2, \"price\": 5.000}", send(recording, "GET", "/v1/items?limit=2", null).body());
            assertEquals(200, send(recording, "GET", "/v1/users", null).statusCode());
            assertEquals(201, send(recording, "POST", "/v1/search", "{\"query\": \"shoes\", \"size\": 10}").statusCode());
        }
        origin.stop(0);
        assertEquals(List.of("001-get-v1-items.json", "002-get-v1-items.json", "003-get-v1-users.json", "004-post-v1-search.json"),
                mappingFiles(), "one file per exchange, in call order");

        try (HttpRecording replay = HttpRecording.replay(dir, Configuration.of(Map.of()))) {
            assertEquals(Jackson.MAPPER.readTree("{\"page\": 1, \"price\": 19.990}"), json(send(replay, "GET", "/v1/items?limit=2", null)));
            HttpResponse<String> second = send(replay, "GET", "/v1/items?limit=2", null);
            assertEquals("{\"page\":2,\"price\":5.000}", second.body(), "every digit as the origin sent it");
            assertEquals("application/json", second.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(Jackson.MAPPER.readTree("[{\"id\": 7}]"), json(send(replay, "GET", "/v1/users", null)));
            HttpResponse<String> search = send(replay, "POST", "/v1/search", "{\"size\": 10, \"query\": \"shoes\"}");
            assertEquals(201, search.statusCode(), "a JSON body matches by its content, not its layout");
            assertEquals(Jackson.MAPPER.readTree("{\"hits\": 3}"), json(search));
            assertEquals(4, replay.exchanges());
            assertEquals(501, send(replay, "POST", "/v1/search", "{\"query\": \"boots\", \"size\": 10}").statusCode(),
                    "another body is another request");
            assertEquals(4, replay.exchanges(), "an unmatched request is not an exchange of the recording");
        }
    }

    @Test
    void anUnmatchedRequestIsAnsweredWithAMessageNamingTheNearestRecordedOne() throws Exception {
        answer("GET /v1/items", 200, "{\"items\": []}", Map.of());
        HttpRecording recorded;
        try (HttpRecording recording = HttpRecording.record(dir, Configuration.of(Map.of()))) {
            recorded = recording;
            send(recording, "GET", "/v1/items?cursor=abc&limit=2", null);
            assertEquals(0, recording.exchanges(), "written when the recording closes");
        }
        assertEquals(1, recorded.exchanges());
        try (HttpRecording replay = HttpRecording.replay(dir, Configuration.of(Map.of()))) {
            HttpResponse<String> unmatched = send(replay, "GET", "/v1/items?cursor=xyz&limit=2", null);
            assertEquals(501, unmatched.statusCode());
            assertEquals("unmatched", unmatched.headers().firstValue(Http.REPLAY_HEADER).orElseThrow());
            assertTrue(unmatched.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            assertEquals("no recorded request matches GET " + originUrl + "/v1/items?cursor=***&limit=*** ; nearest recorded: GET "
                    + originUrl + "/v1/items?cursor=***&limit=*** (" + dir.resolve("mappings").resolve("001-get-v1-items.json") + ")",
                    unmatched.body());
        }
    }

    @Test
    void noSecretReachesTheRecordingAndTheRealSecretsStillMatchOnReplay() throws Exception {
        String secret = "k-9f8e7d6c5b4a";
        Configuration configuration = Configuration.of(Map.of("api_key", secret, "page_size", "100"));
        answer("GET /v1/items", 200, "{\"echo\": \"" + secret + "\", \"session_token\": \"sess-31337\", \"count\": 100}",
                Map.of("Set-Cookie", "sid=c00k1e; HttpOnly"));
        answer("POST /v1/login", 200, "{\"ok\": true}", Map.of());
        try (HttpRecording recording = HttpRecording.record(dir, configuration)) {
            send(recording, "GET", "/v1/items?q=" + secret + "&page=1&access_token=at-777", null,
                    "X-Account", "acct " + secret, "Authorization", "Bearer x", "Cookie", "sid=c00k1e");
            send(recording, "POST", "/v1/login", "{\"account\": \"" + secret + "\", \"user\": \"ada\", \"password\": \"hunter22\"}");
        }
        assertEquals(List.of("GET /v1/items?q=" + secret + "&page=1&access_token=at-777 Bearer x",
                "POST /v1/login null {\"account\": \"" + secret + "\", \"user\": \"ada\", \"password\": \"hunter22\"}"), received,
                "the origin gets every request as the client sent it");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                for (String kept : List.of(secret, "at-777", "hunter22", "sess-31337", "c00k1e", "Bearer x")) {
                    assertFalse(text.contains(kept), file + " holds " + kept + ":\n" + text);
                }
                assertFalse(text.toLowerCase(Locale.ROOT).contains("authorization"), file + " holds an Authorization header:\n" + text);
                assertTrue(text.contains("{{config.api_key}}"), file + " names the configuration value it replaced:\n" + text);
            }
        }

        try (HttpRecording replay = HttpRecording.replay(dir, configuration)) {
            HttpResponse<String> items = send(replay, "GET", "/v1/items?q=" + secret + "&page=1&access_token=at-888", null,
                    "Authorization", "Bearer y");
            assertEquals(200, items.statusCode(), items.body());
            assertEquals(Jackson.MAPPER.readTree("{\"echo\": \"" + secret + "\", \"session_token\": \"***\", \"count\": 100}"), json(items),
                    "a configuration value the API sent is the configured one again; another secret stays masked");
            assertEquals(200, send(replay, "POST", "/v1/login", "{\"account\": \"" + secret + "\", \"user\": \"ada\", \"password\": \"other\"}")
                    .statusCode());
            assertEquals(2, replay.exchanges());
        }
    }

    @Test
    void requestsThatDifferOnlyInASecretAreRepeatsAnsweredInTheirRecordedOrder() throws Exception {
        answer("GET /v1/poll", 200, "{\"state\": \"running\"}", Map.of());
        answer("GET /v1/poll", 200, "{\"state\": \"done\"}", Map.of());
        try (HttpRecording recording = HttpRecording.record(dir, Configuration.of(Map.of()))) {
            send(recording, "GET", "/v1/poll?signature=s1", null);
            send(recording, "GET", "/v1/poll?signature=s2", null);
        }
        try (HttpRecording replay = HttpRecording.replay(dir, Configuration.of(Map.of()))) {
            assertEquals("running", json(send(replay, "GET", "/v1/poll?signature=s3", null)).get("state").asText());
            assertEquals("done", json(send(replay, "GET", "/v1/poll?signature=s4", null)).get("state").asText());
            assertEquals("done", json(send(replay, "GET", "/v1/poll?signature=s5", null)).get("state").asText(),
                    "past the recording, its last answer");
        }
    }

    @Test
    void aConfigurationValueInTheRepeatedPathIsRecordedAsItsPlaceholderAndReplayedForAnyValue() throws Exception {
        answer("GET /repos/octocat/issues", 429, "{\"message\": \"slow down\"}", Map.of());
        answer("GET /repos/octocat/issues", 200, "[{\"id\": 1}]", Map.of());
        try (HttpRecording recording = HttpRecording.record(dir, Configuration.of(Map.of("owner", "octocat")))) {
            assertEquals(429, send(recording, "GET", "/repos/octocat/issues?page=1", null).statusCode());
            assertEquals(200, send(recording, "GET", "/repos/octocat/issues?page=1", null).statusCode());
        }
        assertEquals(2, mappingFiles().size(), mappingFiles()::toString);
        for (String file : mappingFiles()) {
            assertFalse(Files.readString(dir.resolve("mappings").resolve(file)).contains("octocat"), file);
        }
        String first = Files.readString(dir.resolve("mappings").resolve(mappingFiles().get(0)));
        assertTrue(first.contains("\"url\" : \"/repos/{{config.owner}}/issues?page=1\""), first);
        origin.stop(0);
        try (HttpRecording replay = HttpRecording.replay(dir, Configuration.of(Map.of("owner", "hubber")))) {
            assertEquals(429, send(replay, "GET", "/repos/hubber/issues?page=1", null).statusCode());
            assertEquals(1, json(send(replay, "GET", "/repos/hubber/issues?page=1", null)).get(0).get("id").asInt());
        }
    }

    @Test
    void faultsAddedByHandAreServedInTheirScenarioOrder() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        String request = "\"request\": {\"method\": \"GET\", \"urlPath\": \"/v1/items\", \"headers\": {\"X-Connector-Sdk-Origin\": {\"equalTo\": \""
                + originUrl + "\"}}}";
        Files.writeString(mappings.resolve("001-get-v1-items-429.json"), """
                {"scenarioName": "items", "requiredScenarioState": "Started", "newScenarioState": "retried",
                 %s,
                 "response": {"status": 429, "headers": {"Retry-After": "1"}, "body": "slow down"}}
                """.formatted(request));
        Files.writeString(mappings.resolve("002-get-v1-items.json"), """
                {"scenarioName": "items", "requiredScenarioState": "retried", "newScenarioState": "failed",
                 %s,
                 "response": {"status": 200, "jsonBody": {"items": [1, 2]}}}
                """.formatted(request));
        Files.writeString(mappings.resolve("003-get-v1-items-500.json"), """
                {"scenarioName": "items", "requiredScenarioState": "failed", "newScenarioState": "slow",
                 %s,
                 "response": {"status": 500, "body": "internal error"}}
                """.formatted(request));
        Files.writeString(mappings.resolve("004-get-v1-items-slow.json"), """
                {"scenarioName": "items", "requiredScenarioState": "slow", "newScenarioState": "dropped",
                 %s,
                 "response": {"status": 200, "jsonBody": {"items": []}, "fixedDelayMilliseconds": 400}}
                """.formatted(request));
        Files.writeString(mappings.resolve("005-get-v1-items-reset.json"), """
                {"scenarioName": "items", "requiredScenarioState": "dropped",
                 %s,
                 "response": {"fault": "CONNECTION_RESET_BY_PEER"}}
                """.formatted(request));

        try (HttpRecording replay = HttpRecording.replay(dir, Configuration.of(Map.of()))) {
            HttpResponse<String> limited = send(replay, "GET", "/v1/items", null);
            assertEquals(429, limited.statusCode());
            assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(Jackson.MAPPER.readTree("{\"items\": [1, 2]}"), json(send(replay, "GET", "/v1/items", null)));
            HttpResponse<String> failed = send(replay, "GET", "/v1/items", null);
            assertEquals(500, failed.statusCode());
            assertEquals("internal error", failed.body());
            long started = System.nanoTime();
            assertEquals(200, send(replay, "GET", "/v1/items", null).statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 400, "answered after the delay");
            assertThrows(IOException.class, () -> send(replay, "GET", "/v1/items", null), "the connection is dropped");
        }
    }

    @Test
    void replayingAFolderWithoutARecordingIsRefused() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> HttpRecording.replay(dir, Configuration.of(Map.of())));
        assertEquals("no recording to replay in " + dir + ": " + dir.resolve("mappings") + " is not a folder (record one with --record "
                + dir + ")", refused.getMessage());
    }
}
