package fivetran.connector.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a real server on the loopback interface that answers from a script. */
class HttpTest {
    private record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body, String retryAfter) {
            this(status, body, Map.of("Retry-After", retryAfter));
        }
    }

    /** An answer's status that closes the connection without answering: an I/O error for the client. */
    private static final int HANG_UP = -1;

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> origins = new ArrayList<>();
    private final List<String> accepts = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                origins.add(exchange.getRequestHeaders().getFirst(Http.ORIGIN_HEADER));
                accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                        + (body.isEmpty() ? "" : " " + body));
                Answer answer = answers.isEmpty() ? new Answer(200, "{}", Map.of()) : answers.poll();
                if (answer.status() == HANG_UP) {
                    return;
                }
                answer.headers().forEach(exchange.getResponseHeaders()::add);
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSpaceInAQueryIsSentAsPercent20AndATextBodyIsReadWithTheAcceptItAsksFor() {
        answers.add(new Answer(200, "{}", Map.of()));
        answers.add(new Answer(200, "id,name\n1,\"a, b\"\n", Map.of("Content-Type", "text/csv")));
        Http api = Http.builder("http://127.0.0.1:" + server.getAddress().getPort()).retries(0).build();
        api.get("/odata/Products", Map.of("$filter", "Name eq 'a b+c'"));
        assertEquals("GET /odata/Products?%24filter=Name%20eq%20%27a%20b%2Bc%27 null", requests.get(0));
        assertEquals("id,name\n1,\"a, b\"\n", api.getText("/export", Map.of("since", "2024-01-01"), "text/csv"));
        assertEquals("text/csv", accepts.get(1));
    }

    @Test
    void anXmlBodyIsReadAsATreeWithRepeatedElementsAsArraysAndABinaryBodyIsReturnedAsItsBytes() {
        answers.add(new Answer(200, "<?xml version=\"1.0\"?><responses><response id=\"1\"><score>9</score></response>"
                + "<response id=\"2\"><score>7</score><comment>Slow &amp; late</comment></response></responses>", Map.of("Content-Type", "text/xml")));
        answers.add(new Answer(200, "<responses><response id=\"1\">", Map.of()));
        Http api = Http.builder("http://127.0.0.1:" + server.getAddress().getPort()).retries(0).build();
        JsonNode xml = api.getXml("/responses.xml", Map.of("from", "2024-01-01"));
        assertEquals("application/xml", accepts.get(0));
        assertEquals(2, xml.get("response").size());
        assertEquals("2", xml.get("response").get(1).get("id").asText());
        assertEquals("Slow & late", xml.get("response").get(1).get("comment").asText());
        HttpException broken = assertThrows(HttpException.class, () -> api.getXml("/responses.xml", Map.of()));
        assertTrue(broken.getMessage().contains("returned 200 with a body that is not XML: <responses><response id=\"1\">"), broken.getMessage());

        byte[] zip = {'P', 'K', 3, 4, 0, (byte) 0xff, 10, 13};
        server.createContext("/export.zip", exchange -> {
            try (exchange) {
                accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
                exchange.sendResponseHeaders(200, zip.length);
                exchange.getResponseBody().write(zip);
            }
        });
        assertTrue(java.util.Arrays.equals(zip, api.getBytes("/export.zip", Map.of(), "application/zip")));
        assertEquals("application/zip", accepts.get(accepts.size() - 1));
        answers.add(new Answer(404, "no such export", Map.of()));
        HttpException missing = assertThrows(HttpException.class, () -> api.getBytes("/exports/9", Map.of(), "application/zip"));
        assertTrue(missing.getMessage().endsWith("failed: 404: no such export"), missing.getMessage());
    }

    @Test
    void aBuildersAcceptReplacesTheJsonDefaultAndARequestsOwnHeadersReplaceTheBuilders() {
        server.createContext("/headers", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestHeaders().get("Accept") + " " + exchange.getRequestHeaders().get("X-Conversation"));
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        Http api = Http.builder("http://127.0.0.1:" + server.getAddress().getPort()).header("Accept", "application/json;version=2")
                .header("X-Conversation", "builder").retries(0).build();
        api.get("/headers");
        api.send("PATCH", "/headers", Map.of(), Map.of("a", 1), Map.of("X-Conversation", "call-7", "Accept", "application/json;version=3"));
        api.getText("/headers", Map.of(), "text/csv");
        assertEquals(List.of("[application/json;version=2] [builder]", "[application/json;version=3] [call-7]", "[text/csv] [builder]"), requests);
    }

    @Test
    void aBodyOfSeveralJsonDocumentsIsRefusedByGetAndReadWholeByGetJsonLines() {
        String lines = "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}\n";
        answers.add(new Answer(200, lines, Map.of()));
        answers.add(new Answer(200, lines, Map.of()));
        answers.add(new Answer(200, "", Map.of()));
        answers.add(new Answer(200, "{\"id\": 1}\n{\"id\": ", Map.of()));
        Http api = Http.builder("http://127.0.0.1:" + server.getAddress().getPort()).retries(0).build();
        HttpException refused = assertThrows(HttpException.class, () -> api.get("/rows"));
        assertTrue(refused.getMessage().contains("returned 200 with more than one JSON document (JSON lines? read them with getJsonLines)"),
                refused.getMessage());
        assertEquals(List.of(1, 2, 3), api.getJsonLines("/rows", Map.of()).stream().map(row -> row.get("id").asInt()).toList());
        assertEquals(List.of(), api.getJsonLines("/rows", Map.of()));
        HttpException cut = assertThrows(HttpException.class, () -> api.getJsonLines("/rows", Map.of()));
        assertTrue(cut.getMessage().contains("with a body that is not JSON lines (document 2)"), cut.getMessage());
    }

    @Test
    void withTheViaPropertyEveryRequestGoesToTheLocalServerNamingItsOriginAndAnUnmatchedReplayStopsWithItsMessage() {
        String via = "http://127.0.0.1:" + server.getAddress().getPort();
        System.setProperty(Http.VIA_PROPERTY, via);
        try {
            Http vendor = Http.builder("https://api.vendor.example:8443/v2").auth(fivetran.connector.sdk.http.auth.Auth.bearer("t0ken")).build();
            answers.add(new Answer(200, "{\"ok\": true}", Map.of()));
            assertTrue(vendor.get("/items", Map.of("page", 2)).get("ok").asBoolean());
            assertEquals(List.of("GET /v2/items?page=2 Bearer t0ken"), requests, "the path, query and credentials as the origin would get them");
            assertEquals(List.of("https://api.vendor.example:8443"), origins);

            answers.add(new Answer(501, "no recorded request matches GET https://api.vendor.example:8443/v2/items?page=***",
                    Map.of(Http.REPLAY_HEADER, "unmatched")));
            RuntimeException unmatched = assertThrows(RuntimeException.class, () -> vendor.get("/items", Map.of("page", 3)));
            assertEquals("no recorded request matches GET https://api.vendor.example:8443/v2/items?page=***", unmatched.getMessage());
            assertEquals(2, requests.size(), "an unmatched replay is not retried");
        } finally {
            System.clearProperty(Http.VIA_PROPERTY);
        }
    }

    private Http client(int retries) {
        return builder(retries).build();
    }

    private Http.Builder builder(int retries) {
        return Http.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/api")
                .header("Authorization", "Bearer t0ken").retries(retries).backoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @Test
    void getsJsonWithQueryParametersAndHeaders() {
        answers.add(new Answer(200, "{\"items\": [1, 2]}", Map.of()));
        JsonNode page = client(0).get("/items", Map.of("since", "2024-01-01T00:00:00Z"));
        assertEquals(2, page.get("items").size());
        assertEquals(List.of("GET /api/items?since=2024-01-01T00%3A00%3A00Z Bearer t0ken"), requests);
    }

    @Test
    void credentialsGoOnlyToTheApisOriginAndToOnesItTrusts() throws IOException {
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> seen = new ArrayList<>();
        elsewhere.createContext("/", exchange -> {
            try (exchange) {
                seen.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            }
        });
        elsewhere.start();
        try {
            String other = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
            Http api = builder(0).auth(fivetran.connector.sdk.http.auth.Auth.apiKeyQuery("key", "s3cret")).build();
            api.get(other + "/next-page");
            answers.add(new Answer(302, "", Map.of("Location", other + "/moved")));
            api.get("/items");
            answers.add(new Answer(307, "", Map.of("Location", "/api/here")));
            api.get("/items");
            assertEquals(List.of("/next-page null", "/moved null"), seen, "a link or redirect to another host gets no credentials");
            assertEquals(List.of("GET /api/items?key=s3cret Bearer t0ken", "GET /api/items?key=s3cret Bearer t0ken", "GET /api/here?key=s3cret Bearer t0ken"),
                    requests, "a redirect on the API's own origin keeps the credentials");

            seen.clear();
            builder(0).trust(other).auth(fivetran.connector.sdk.http.auth.Auth.apiKeyQuery("key", "s3cret")).build().get(other + "/next-page");
            assertEquals(List.of("/next-page?key=s3cret Bearer t0ken"), seen);
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertEquals(java.util.Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("7"));
        String inHalfAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30));
        long seconds = RetryAfter.parse(inHalfAMinute).orElseThrow().toSeconds();
        assertTrue(seconds >= 28 && seconds <= 30, "waits " + seconds + " s for " + inHalfAMinute);
        assertEquals(java.util.Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT"), "a date in the past");
        assertEquals(java.util.Optional.empty(), RetryAfter.parse("soon"));
    }

    @Test
    void retriesRateLimitsAndServerErrorsHonouringRetryAfter() {
        answers.add(new Answer(429, "{\"error\": \"slow down\"}", "0"));
        answers.add(new Answer(503, "unavailable", Map.of()));
        answers.add(new Answer(200, "{\"ok\": true}", Map.of()));
        long start = System.nanoTime();
        assertTrue(client(3).get("/items").get("ok").asBoolean());
        assertEquals(3, requests.size());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void aServerErrorOrAnIoErrorRepeatsAnIdempotentRequestButNeverAPost() {
        Http api = client(3);
        answers.add(new Answer(503, "unavailable", Map.of()));
        HttpException notRepeated = assertThrows(HttpException.class, () -> api.post("/orders", Map.of("item", 7)));
        assertEquals(503, notRepeated.status());
        assertTrue(notRepeated.getMessage().endsWith("/api/orders failed: 503: unavailable"), notRepeated.getMessage());
        assertEquals(List.of("POST /api/orders Bearer t0ken {\"item\":7}"), requests, "the POST may have been carried out");

        requests.clear();
        answers.add(new Answer(HANG_UP, "", Map.of()));
        assertThrows(HttpException.class, () -> api.post("/orders", Map.of("item", 7)));
        assertEquals(1, requests.size(), "nor is a POST repeated after an I/O error");

        requests.clear();
        answers.add(new Answer(429, "{}", "0"));
        answers.add(new Answer(201, "{\"id\": 8}", Map.of()));
        assertEquals(8, api.post("/orders", Map.of("item", 7)).get("id").asInt());
        assertEquals(2, requests.size(), "a 429 was not carried out: the POST is repeated");

        requests.clear();
        for (String method : List.of("GET", "PUT", "DELETE")) {
            answers.add(new Answer(503, "unavailable", Map.of()));
            answers.add(new Answer(HANG_UP, "", Map.of()));
            api.send(method, "/orders/7", Map.of(), method.equals("PUT") ? Map.of("item", 7) : null);
        }
        assertEquals(List.of("GET", "GET", "GET", "PUT", "PUT", "PUT", "DELETE", "DELETE", "DELETE"),
                requests.stream().map(request -> request.substring(0, request.indexOf(' '))).toList());
    }

    @Test
    void aPostIsRepeatedAfterAServerErrorWhenThePolicySaysItIsIdempotent() {
        Http api = builder(0).retryPolicy(RetryPolicy.builder().idempotent("POST").delays(Duration.ofMillis(1), Duration.ofMillis(5)).build()).build();
        answers.add(new Answer(500, "boom", Map.of()));
        answers.add(new Answer(200, "{\"hits\": 3}", Map.of()));
        assertEquals(3, api.post("/search", Map.of("q", "x")).get("hits").asInt());
        assertEquals(List.of("POST /api/search Bearer t0ken {\"q\":\"x\"}", "POST /api/search Bearer t0ken {\"q\":\"x\"}"), requests);
    }

    @Test
    void failsWithTheRequestAndTheResponseButNeverTheQueryValues() {
        answers.add(new Answer(404, "{\"error\": \"no such thing\"}", Map.of()));
        HttpException notFound = assertThrows(HttpException.class, () -> client(3).get("/missing", Map.of("api_key", "s3cret")));
        assertEquals(404, notFound.status());
        assertEquals("GET http://127.0.0.1:" + server.getAddress().getPort() + "/api/missing?api_key=… failed: 404: {\"error\": \"no such thing\"}",
                notFound.getMessage());
        assertEquals(1, requests.size(), "a 404 is not retried");

        for (int i = 0; i < 3; i++) {
            answers.add(new Answer(500, "boom", Map.of()));
        }
        HttpException exhausted = assertThrows(HttpException.class, () -> client(2).get("/flaky"));
        assertTrue(exhausted.getMessage().endsWith("/api/flaky failed: 500 after 3 attempts: boom"), exhausted.getMessage());
    }

    @Test
    void postsJson() {
        answers.add(new Answer(201, "{\"id\": 7}", Map.of()));
        assertEquals(7, client(0).post("/things", Map.of("name", "x")).get("id").asInt());
        assertEquals("POST /api/things Bearer t0ken {\"name\":\"x\"}", requests.get(0));
    }

    @Test
    void putsPatchesDeletesAndPostsForms() {
        answers.add(new Answer(200, "{\"id\": 1}", Map.of()));
        answers.add(new Answer(200, "{\"id\": 1}", Map.of()));
        answers.add(new Answer(204, "", Map.of()));
        answers.add(new Answer(200, "{\"access_token\": \"a\"}", Map.of()));
        Http api = client(0);
        api.put("/things/1", Map.of("name", "y"));
        api.patch("/things/1", Map.of("name", "z"));
        assertEquals(null, api.delete("/things/1"));
        assertEquals("a", api.postForm("/token", new java.util.LinkedHashMap<>(Map.of("grant_type", "client_credentials"))).get("access_token").asText());
        assertEquals(List.of("PUT /api/things/1 Bearer t0ken {\"name\":\"y\"}", "PATCH /api/things/1 Bearer t0ken {\"name\":\"z\"}",
                "DELETE /api/things/1 Bearer t0ken", "POST /api/token Bearer t0ken grant_type=client_credentials"), requests);
    }

    record Thing(long id, String name) {
    }

    @Test
    void mapsTheBodyToARecordIgnoringUnknownFields() {
        answers.add(new Answer(200, "{\"id\": 7, \"name\": \"seven\", \"extra\": true}", Map.of()));
        assertEquals(new Thing(7, "seven"), client(0).get("/things/7", Thing.class));
    }

    @Test
    void aRateLimitSpacesCalls() {
        Http api = builder(0).rateLimit(20, Duration.ofSeconds(1)).build();
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            api.get("/items");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 250, "6 calls at 20/s take at least 250 ms, took " + millis);
    }

    @Test
    void aForbiddenAnswerWithAnExhaustedRateLimitWaitsUntilTheReset() {
        long reset = java.time.Instant.now().getEpochSecond() + 1;
        answers.add(new Answer(403, "{\"message\": \"API rate limit exceeded\"}",
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(reset))));
        answers.add(new Answer(200, "{\"ok\": true}", Map.of()));
        Http api = builder(1).backoff(Duration.ofMillis(10), Duration.ofSeconds(5)).build();
        assertTrue(api.get("/items").get("ok").asBoolean());
        assertTrue(System.currentTimeMillis() >= reset * 1000, "waited until the reset");
        answers.add(new Answer(403, "{\"message\": \"forbidden\"}", Map.of()));
        assertEquals(403, assertThrows(HttpException.class, () -> api.get("/private")).status());
        assertEquals(3, requests.size(), "a plain 403 is not retried");
    }

    @Test
    void anOpenCircuitBreakerStopsSendingUntilItsPeriodEnds() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMillis(300));
        Http api = builder(5).circuitBreaker(breaker).build();
        for (int i = 0; i < 3; i++) {
            answers.add(new Answer(503, "down", Map.of()));
        }
        HttpException failed = assertThrows(HttpException.class, () -> api.get("/reports"));
        assertTrue(failed.getMessage().endsWith("failed: 503 after 3 attempts: down (the circuit breaker is open)"), failed.getMessage());
        assertTrue(breaker.isOpen());
        HttpException refused = assertThrows(HttpException.class, () -> api.get("/reports"));
        assertTrue(refused.getMessage().contains("/api/reports not sent: the circuit breaker is open after 3 consecutive failures"), refused.getMessage());
        assertEquals(3, requests.size(), "nothing sent while open");
        Thread.sleep(350);
        assertTrue(api.get("/reports").isObject(), "a trial request after the period, which succeeds and closes the breaker");
        assertFalse(breaker.isOpen());
    }
}
