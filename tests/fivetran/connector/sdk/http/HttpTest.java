package fivetran.connector.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    private record Answer(int status, String body, String retryAfter) {
    }

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                        + (body.isEmpty() ? "" : " " + body));
                Answer answer = answers.isEmpty() ? new Answer(200, "{}", null) : answers.poll();
                if (answer.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
                }
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

    private Http client(int retries) {
        return Http.builder("http://127.0.0.1:" + server.getAddress().getPort() + "/api")
                .header("Authorization", "Bearer t0ken").retries(retries).backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
    }

    @Test
    void getsJsonWithQueryParametersAndHeaders() {
        answers.add(new Answer(200, "{\"items\": [1, 2]}", null));
        JsonNode page = client(0).get("/items", Map.of("since", "2024-01-01T00:00:00Z"));
        assertEquals(2, page.get("items").size());
        assertEquals(List.of("GET /api/items?since=2024-01-01T00%3A00%3A00Z Bearer t0ken"), requests);
    }

    @Test
    void retriesRateLimitsAndServerErrorsHonouringRetryAfter() {
        answers.add(new Answer(429, "{\"error\": \"slow down\"}", "0"));
        answers.add(new Answer(503, "unavailable", null));
        answers.add(new Answer(200, "{\"ok\": true}", null));
        long start = System.nanoTime();
        assertTrue(client(3).get("/items").get("ok").asBoolean());
        assertEquals(3, requests.size());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void failsWithTheRequestAndTheResponseButNeverTheQueryValues() {
        answers.add(new Answer(404, "{\"error\": \"no such thing\"}", null));
        HttpException notFound = assertThrows(HttpException.class, () -> client(3).get("/missing", Map.of("api_key", "s3cret")));
        assertEquals(404, notFound.status());
        assertEquals("GET http://127.0.0.1:" + server.getAddress().getPort() + "/api/missing?api_key=… failed: 404: {\"error\": \"no such thing\"}",
                notFound.getMessage());
        assertEquals(1, requests.size(), "a 404 is not retried");

        for (int i = 0; i < 3; i++) {
            answers.add(new Answer(500, "boom", null));
        }
        HttpException exhausted = assertThrows(HttpException.class, () -> client(2).get("/flaky"));
        assertTrue(exhausted.getMessage().endsWith("/api/flaky failed: 500 after 3 attempts: boom"), exhausted.getMessage());
    }

    @Test
    void postsJson() {
        answers.add(new Answer(201, "{\"id\": 7}", null));
        assertEquals(7, client(0).post("/things", Map.of("name", "x")).get("id").asInt());
        assertEquals("POST /api/things Bearer t0ken {\"name\":\"x\"}", requests.get(0));
    }
}
