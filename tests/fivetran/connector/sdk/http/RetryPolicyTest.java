package fivetran.connector.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The retry policy's decisions, and its loop against a real server on the loopback interface. */
class RetryPolicyTest {
    private static final HttpHeaders NONE = headers(Map.of());
    private static final RetryPolicy DEFAULTS = RetryPolicy.defaults();

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        values.forEach((name, value) -> lists.put(name, List.of(value)));
        return HttpHeaders.of(lists, (name, value) -> true);
    }

    @Test
    void a429IsRetriedForEveryMethodAndA5xxOnlyForIdempotentOnes() {
        for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "get")) {
            assertTrue(DEFAULTS.retries(method, 503, NONE, 1), method);
            assertTrue(DEFAULTS.retries(method, 500, NONE, 1), method);
        }
        for (String method : List.of("POST", "PATCH")) {
            assertFalse(DEFAULTS.retries(method, 503, NONE, 1), method + " may have been carried out");
            assertTrue(DEFAULTS.retries(method, 429, NONE, 1), method + " was refused, not carried out");
        }
        for (int status : List.of(400, 401, 403, 404, 409, 422)) {
            assertFalse(DEFAULTS.retries("GET", status, NONE, 1), String.valueOf(status));
        }
    }

    @Test
    void theCallerCanDeclareMoreMethodsIdempotent() {
        RetryPolicy searches = RetryPolicy.builder().idempotent("post").build();
        assertTrue(searches.retries("POST", 502, NONE, 1));
        assertTrue(searches.retriesIoError("POST", 1));
        assertFalse(searches.retries("PATCH", 502, NONE, 1));
        assertEquals(Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST"), searches.idempotentMethods());
        assertEquals(Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS"), DEFAULTS.idempotentMethods(), "the defaults are untouched");
        assertEquals(searches, searches.toBuilder().build());
    }

    @Test
    void aRefusedCertificateIsNotRetriedButAnotherIoErrorIs() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<java.io.IOException, RetryPolicy.Call<String>> failingWith = failure -> new RetryPolicy.Call<>() {
            public String method() {
                return "GET";
            }

            public String described() {
                return "GET https://api.example.com/items";
            }

            public java.net.http.HttpResponse<String> send() throws java.io.IOException {
                attempts.incrementAndGet();
                throw failure;
            }

            public void retrying(String message) {
            }
        };
        RetryPolicy quick = RetryPolicy.builder().maxAttempts(3).delays(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)).build();
        javax.net.ssl.SSLHandshakeException untrusted = new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
        assertEquals(1, quick.send(failingWith.apply(untrusted)).attempts());
        assertEquals(1, attempts.getAndSet(0));
        assertEquals(3, quick.send(failingWith.apply(new java.io.IOException("connection reset"))).attempts());
        assertEquals(3, attempts.get());
    }

    @Test
    void theLastAttemptIsNeverRetried() {
        RetryPolicy three = RetryPolicy.builder().maxAttempts(3).build();
        assertTrue(three.retries("GET", 503, NONE, 1));
        assertTrue(three.retries("GET", 503, NONE, 2));
        assertFalse(three.retries("GET", 503, NONE, 3));
        assertFalse(three.retries("GET", 429, NONE, 3));
        assertTrue(three.retriesIoError("GET", 2));
        assertFalse(three.retriesIoError("GET", 3));
        RetryPolicy once = RetryPolicy.builder().maxAttempts(1).build();
        assertFalse(once.retries("GET", 429, NONE, 1));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0).build());
    }

    @Test
    void anIoErrorIsRetriedForIdempotentRequestsUnlessThePolicySaysNever() {
        assertTrue(DEFAULTS.retriesIoError("GET", 1));
        assertFalse(DEFAULTS.retriesIoError("POST", 1), "the POST may have reached the server");
        assertFalse(RetryPolicy.builder().retryIoErrors(false).build().retriesIoError("GET", 1));
    }

    @Test
    void theBackoffDoublesFromTheBaseDelayUpToTheMaxDelay() {
        RetryPolicy exact = RetryPolicy.builder().delays(Duration.ofSeconds(1), Duration.ofSeconds(5)).jitter(false).build();
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            waits.add(exact.delay(attempt, NONE));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5)), waits);
        assertEquals(Duration.ofSeconds(5), exact.backoff(80), "no overflow after many attempts");
    }

    @Test
    void jitterDrawsAWaitBetweenHalfAndAllOfTheBackoff() {
        RetryPolicy jittered = RetryPolicy.builder().delays(Duration.ofMillis(100), Duration.ofSeconds(10)).build();
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration wait = jittered.backoff(3);
            assertTrue(wait.toMillis() >= 200 && wait.toMillis() <= 400, wait::toString);
            seen.add(wait);
        }
        assertTrue(seen.size() > 10, "random waits, not one: " + seen);
    }

    @Test
    void retryAfterIsHonouredUpToItsCap() {
        RetryPolicy policy = RetryPolicy.builder().delays(Duration.ofMillis(100), Duration.ofSeconds(1)).jitter(false)
                .retryAfterCap(Duration.ofMinutes(2)).build();
        assertEquals(Duration.ofSeconds(7), policy.delay(1, headers(Map.of("Retry-After", "7"))), "more than the max delay: the server knows");
        assertEquals(Duration.ofMinutes(2), policy.delay(1, headers(Map.of("Retry-After", "600"))));
        assertEquals(Duration.ofMillis(400), policy.delay(3, headers(Map.of("Retry-After", "soon"))), "unreadable: the backoff");
        assertEquals(Duration.ofMillis(400), policy.delay(3, NONE));
    }

    @Test
    void a403WithAnExhaustedRateLimitIsRetriedAtTheResetWhenThePolicyReadsThoseHeaders() {
        long reset = Instant.now().getEpochSecond() + 30;
        HttpHeaders exhausted = headers(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(reset)));
        assertTrue(DEFAULTS.retries("GET", 403, exhausted, 1));
        assertTrue(DEFAULTS.retries("POST", 403, exhausted, 1), "refused, so safe to repeat");
        long seconds = DEFAULTS.delay(1, exhausted).toSeconds();
        assertTrue(seconds >= 28 && seconds <= 30, seconds + " s");
        assertTrue(DEFAULTS.retries("GET", 403, headers(Map.of("Retry-After", "60")), 1), "GitHub's secondary rate limit");
        assertFalse(DEFAULTS.retries("GET", 403, headers(Map.of("X-RateLimit-Remaining", "0")), 1), "no reset: a plain 403");
        assertFalse(DEFAULTS.retries("GET", 403, headers(Map.of("X-RateLimit-Remaining", "12", "X-RateLimit-Reset", String.valueOf(reset))), 1));

        RetryPolicy plain = RetryPolicy.builder().rateLimitHeaders(false).jitter(false).build();
        assertFalse(plain.retries("GET", 403, exhausted, 1));
        assertEquals(plain.backoff(1), plain.delay(1, exhausted), "the reset is not read");
    }

    /** A server answering each request with the next status of {@code statuses} (-1 hangs up), 200 once they run out. */
    private static final class Server implements AutoCloseable {
        final HttpServer server;
        final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<Long> nanoTimes = Collections.synchronizedList(new ArrayList<>());

        Server(Integer... statuses) throws IOException {
            this.statuses.addAll(List.of(statuses));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                    nanoTimes.add(System.nanoTime());
                    Integer status = this.statuses.poll();
                    if (status != null && status == -1) {
                        return;
                    }
                    exchange.getResponseHeaders().add("Retry-After", "0");
                    exchange.sendResponseHeaders(status == null ? 200 : status, -1);
                }
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A call that sends {@code method /things} to {@code server}, logging its retries into {@code log}. */
    private static RetryPolicy.Call<Void> call(Server server, String method, List<String> log, boolean giveUp) {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.server.getAddress().getPort() + "/things");
        return new RetryPolicy.Call<>() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String described() {
                return method + " /things";
            }

            @Override
            public HttpResponse<Void> send() throws IOException, InterruptedException {
                return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
            }

            @Override
            public void retrying(String message) {
                log.add(message);
            }

            @Override
            public boolean giveUp() {
                return giveUp;
            }
        };
    }

    @Test
    void theLoopSendsUntilAnAnswerIsNotRetriedWaitingAndReportingEachRetry() throws Exception {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).delays(Duration.ofMillis(200), Duration.ofSeconds(1)).jitter(false)
                .rateLimitHeaders(false).build();
        List<String> log = new ArrayList<>();
        try (Server server = new Server(503, 429, 200)) {
            RetryPolicy.Outcome<Void> outcome = policy.send(call(server, "GET", log, false));
            assertEquals(200, outcome.response().statusCode());
            assertNull(outcome.failure());
            assertEquals(3, outcome.attempts());
            assertEquals(List.of("GET /things", "GET /things", "GET /things"), server.received);
            assertEquals(List.of("GET /things: 503; retrying in 0.0 s (attempt 2 of 4)", "GET /things: 429; retrying in 0.0 s (attempt 3 of 4)"), log,
                    "Retry-After: 0 is honoured");
        }
        log.clear();
        RetryPolicy backoffOnly = RetryPolicy.builder().maxAttempts(4).delays(Duration.ofMillis(200), Duration.ofSeconds(1)).jitter(false).build();
        try (Server server = new Server(-1, 200)) {
            assertEquals(200, backoffOnly.send(call(server, "DELETE", log, false)).response().statusCode());
            assertEquals(2, server.received.size());
            long gapMillis = (server.nanoTimes.get(1) - server.nanoTimes.get(0)) / 1_000_000;
            assertTrue(gapMillis >= 200, "waited the base delay after the I/O error, " + gapMillis + " ms");
            assertTrue(log.get(0).startsWith("DELETE /things: java.io.IOException"), log::toString);
            assertTrue(log.get(0).endsWith("; retrying in 0.2 s (attempt 2 of 4)"), log::toString);
        }
    }

    @Test
    void theLoopReturnsTheLastAnswerOrErrorWhenItStops() throws Exception {
        RetryPolicy two = RetryPolicy.builder().maxAttempts(2).delays(Duration.ofMillis(1), Duration.ofMillis(1)).build();
        List<String> log = new ArrayList<>();
        try (Server server = new Server(500, 502, 200)) {
            RetryPolicy.Outcome<Void> exhausted = two.send(call(server, "GET", log, false));
            assertEquals(502, exhausted.response().statusCode());
            assertEquals(2, exhausted.attempts());
            assertEquals(2, server.received.size());
        }
        try (Server server = new Server(503, 200)) {
            RetryPolicy.Outcome<Void> post = two.send(call(server, "POST", log, false));
            assertEquals(503, post.response().statusCode());
            assertEquals(1, post.attempts());
            assertEquals(List.of("POST /things"), server.received, "a POST is sent once");
        }
        try (Server server = new Server(503, 200)) {
            assertEquals(503, two.send(call(server, "GET", log, true)).response().statusCode());
            assertEquals(1, server.received.size(), "the caller gave up, e.g. its circuit breaker opened");
        }
        try (Server server = new Server(-1, 200)) {
            // not a GET, which the JDK's client itself sends again after the connection is closed without an answer
            RetryPolicy.Outcome<Void> failed = two.toBuilder().retryIoErrors(false).build().send(call(server, "DELETE", log, false));
            assertNull(failed.response());
            assertTrue(failed.failure() instanceof IOException, String.valueOf(failed.failure()));
            assertEquals(1, server.received.size());
        }
    }
}
