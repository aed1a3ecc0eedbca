package fivetran.connector.sdk.demo;

import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import fivetran.connector.sdk.http.auth.ClientCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;

/**
 * The JSON API that the HTTP examples sync from until {@code base_url} is configured: one server on 127.0.0.1 with an
 * endpoint per authentication scheme and pagination pattern, a GitHub-like issues API with rate limits, and failing
 * endpoints. Every endpoint serves the same {@value #ITEMS} items ({@code id, name, price, updated_at}, ordered by id).
 *
 * <table>
 * <caption>Endpoints</caption>
 * <tr><td>{@code /api-key/items}</td><td>{@code X-API-Key} header or {@code ?api_key=}, {@value #API_KEY}</td></tr>
 * <tr><td>{@code /basic/items}</td><td>Basic {@value #USERNAME}:{@value #PASSWORD}</td></tr>
 * <tr><td>{@code /bearer/items}</td><td>Bearer {@value #TOKEN}</td></tr>
 * <tr><td>{@code POST /session/login}, {@code /session/items?page=&per_page=}</td><td>JSON credentials give a token
 *     valid for {@value #SESSION_USES} requests, then 401</td></tr>
 * <tr><td>{@code POST /oauth/token}, {@code /oauth/items?page=&per_page=}</td><td>client credentials or a refresh
 *     token ({@code rt-<n>}, rotated to {@code rt-<n+1>} and usable once); access tokens are revoked after
 *     {@value #ACCESS_TOKEN_USES} requests</td></tr>
 * <tr><td>{@code /mtls/items}</td><td>on the HTTPS server of {@link #startTls()}: a trusted client certificate</td></tr>
 * <tr><td>{@code /page-number/items?page=&per_page=}, {@code /offset/items?offset=&limit=},
 *     {@code /keyset/items?after_id=&limit=}</td><td>{@code {"items": [...]}}</td></tr>
 * <tr><td>{@code /next-url/items?page=}</td><td>{@code {"items": [...], "next": "<url>" | null}}</td></tr>
 * <tr><td>{@code /link/items?page=&per_page=}</td><td>an array, and a {@code Link} header</td></tr>
 * <tr><td>{@code /scroll/items?size=}, then {@code ?scroll_id=}</td><td>{@code {"scroll_id": "...", "hits": [...]}}</td></tr>
 * <tr><td>{@code /github/repos/{owner}/{repo}/issues?since=&per_page=&page=}</td><td>GitHub's issues API: Bearer
 *     {@value #TOKEN}, {@code Link} pagination, a 429 with {@code Retry-After} on the second request, a 403 with
 *     {@code X-RateLimit-Remaining: 0} once every {@value #GITHUB_BUDGET} requests, until
 *     {@code X-RateLimit-Reset} (2 s later)</td></tr>
 * <tr><td>{@code /v1/items?updated_since=&cursor=&limit=}</td><td>the rest-api template's {@value DemoApi#ITEMS} items
 *     ({@link DemoApi}): Bearer {@value #TOKEN}, {@code next_cursor} pagination, never rate-limited</td></tr>
 * <tr><td>{@code /flaky/orders?page=&per_page=}</td><td>every other request fails with 503</td></tr>
 * <tr><td>{@code /down/reports?day=}</td><td>always 500</td></tr>
 * </table>
 */
public final class ExampleApi implements AutoCloseable {
    public static final int ITEMS = 25;
    public static final String API_KEY = "demo-api-key";
    public static final String USERNAME = "demo";
    public static final String PASSWORD = "demo-password";
    public static final String TOKEN = "demo-token";
    public static final String CLIENT_ID = "demo-client";
    public static final String CLIENT_SECRET = "demo-secret";
    public static final int SESSION_USES = 2;
    public static final int ACCESS_TOKEN_USES = 3;
    public static final int GITHUB_ISSUES = 30;
    public static final int GITHUB_BUDGET = 4;
    private static final Instant FIRST_UPDATE = Instant.parse("2024-01-01T00:00:00Z");

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> tokenUses = new ConcurrentHashMap<>();
    private final Set<String> usedRefreshTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger flakyRequests = new AtomicInteger();
    private final AtomicInteger githubRequests = new AtomicInteger();
    private long githubReset;
    private int githubRemaining;

    private ExampleApi(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.createContext("/v1/items", new DemoApi.Items(TOKEN));
        server.start();
    }

    /** Starts the API on a free loopback port. */
    public static ExampleApi start() {
        try {
            return new ExampleApi(HttpServer.create(loopback(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the example API: " + e.getMessage(), e);
        }
    }

    /** Starts the API over HTTPS, requiring the example's client certificate (see {@code examples/patterns/authentication/certificate/using_base64_encoded_certificate}). */
    public static ExampleApi startTls() {
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            SSLContext tls = ClientCertificate.sslContext(DemoCertificates.SERVER_KEYSTORE, DemoCertificates.PASSWORD,
                    DemoCertificates.TRUSTED_CLIENT);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters parameters) {
                    parameters.setNeedClientAuth(true);
                }
            });
            return new ExampleApi(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the example API: " + e.getMessage(), e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** How many requests the API has answered. */
    public int requests() {
        return requests.get();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = DemoApi.query(exchange.getRequestURI().getRawQuery());
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            String section = path.split("/")[1];
            switch (section) {
                case "api-key" -> guarded(exchange, API_KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))
                        || API_KEY.equals(query.get("api_key")), () -> page(query, "page", "per_page", ITEMS));
                case "basic" -> guarded(exchange, authorization.equals("Basic " + base64(USERNAME + ":" + PASSWORD)),
                        () -> page(query, "page", "per_page", ITEMS));
                case "bearer" -> guarded(exchange, authorization.equals("Bearer " + TOKEN), () -> page(query, "page", "per_page", ITEMS));
                case "mtls" -> reply(exchange, 200, page(query, "page", "per_page", ITEMS));
                case "session" -> session(exchange, path, query, authorization);
                case "oauth" -> oauth(exchange, path, authorization, query);
                case "page-number" -> reply(exchange, 200, page(query, "page", "per_page", 10));
                case "offset" -> {
                    int offset = number(query, "offset", 0);
                    reply(exchange, 200, items(id -> id > offset, number(query, "limit", 10)));
                }
                case "keyset" -> {
                    int after = number(query, "after_id", 0);
                    reply(exchange, 200, items(id -> id > after, number(query, "limit", 10)));
                }
                case "next-url" -> {
                    int page = number(query, "page", 1);
                    ObjectNode body = page(query, "page", "per_page", 10);
                    body.put("next", page * 10 < ITEMS ? url() + "/next-url/items?page=" + (page + 1) : null);
                    reply(exchange, 200, body);
                }
                case "link" -> link(exchange, query);
                case "scroll" -> scroll(exchange, query);
                case "github" -> github(exchange, path, query, authorization);
                case "flaky" -> {
                    if (flakyRequests.incrementAndGet() % 2 == 1) {
                        reply(exchange, 503, error("temporarily unavailable"));
                    } else {
                        reply(exchange, 200, page(query, "page", "per_page", 10));
                    }
                }
                case "down" -> reply(exchange, 500, error("internal error"));
                default -> reply(exchange, 404, error("no such endpoint: " + path));
            }
        }
    }

    private interface Body {
        JsonNode get() throws IOException;
    }

    private static void guarded(HttpExchange exchange, boolean authorized, Body body) throws IOException {
        if (authorized) {
            reply(exchange, 200, body.get());
        } else {
            reply(exchange, 401, error("missing or wrong credentials"));
        }
    }

    private void session(HttpExchange exchange, String path, Map<String, String> query, String authorization) throws IOException {
        if (path.equals("/session/login")) {
            JsonNode credentials = Jackson.MAPPER.readTree(exchange.getRequestBody());
            boolean valid = USERNAME.equals(credentials.path("username").asText()) && PASSWORD.equals(credentials.path("password").asText());
            if (!valid) {
                reply(exchange, 401, error("wrong username or password"));
                return;
            }
            String token = "session-" + sessions.incrementAndGet();
            tokenUses.put(token, new AtomicInteger());
            reply(exchange, 200, Jackson.MAPPER.createObjectNode().put("token", token));
            return;
        }
        guarded(exchange, usable(authorization, SESSION_USES), () -> page(query, "page", "per_page", 10));
    }

    private void oauth(HttpExchange exchange, String path, String authorization, Map<String, String> query) throws IOException {
        if (!path.equals("/oauth/token")) {
            guarded(exchange, usable(authorization, ACCESS_TOKEN_USES), () -> page(query, "page", "per_page", 10));
            return;
        }
        Map<String, String> form = DemoApi.query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            reply(exchange, 401, Jackson.MAPPER.createObjectNode().put("error", "invalid_client"));
            return;
        }
        ObjectNode token = Jackson.MAPPER.createObjectNode();
        String grant = String.valueOf(form.get("grant_type"));
        if (grant.equals("refresh_token")) {
            String refreshToken = String.valueOf(form.get("refresh_token"));
            if (!refreshToken.matches("rt-\\d+") || !usedRefreshTokens.add(refreshToken)) {
                reply(exchange, 400, Jackson.MAPPER.createObjectNode().put("error", "invalid_grant"));
                return;
            }
            token.put("refresh_token", "rt-" + (Integer.parseInt(refreshToken.substring(3)) + 1));
        } else if (!grant.equals("client_credentials")) {
            reply(exchange, 400, Jackson.MAPPER.createObjectNode().put("error", "unsupported_grant_type"));
            return;
        }
        String accessToken = "at-" + tokenUses.size();
        tokenUses.put(accessToken, new AtomicInteger());
        reply(exchange, 200, token.put("access_token", accessToken).put("token_type", "Bearer").put("expires_in", 3600));
    }

    /** Whether the bearer token was issued here and has been used fewer than {@code uses} times. */
    private boolean usable(String authorization, int uses) {
        AtomicInteger used = authorization.startsWith("Bearer ") ? tokenUses.get(authorization.substring(7)) : null;
        return used != null && used.incrementAndGet() <= uses;
    }

    private void link(HttpExchange exchange, Map<String, String> query) throws IOException {
        int page = number(query, "page", 1);
        int perPage = number(query, "per_page", 10);
        int last = (ITEMS + perPage - 1) / perPage;
        String pageUrl = url() + "/link/items?per_page=" + perPage + "&page=";
        if (page < last) {
            exchange.getResponseHeaders().add("Link", "<" + pageUrl + (page + 1) + ">; rel=\"next\", <" + pageUrl + last + ">; rel=\"last\"");
        }
        reply(exchange, 200, page(query, "page", "per_page", 10).get("items"));
    }

    private void scroll(HttpExchange exchange, Map<String, String> query) throws IOException {
        String scrollId = query.get("scroll_id");
        int size = scrollId == null ? number(query, "size", 10) : Integer.parseInt(scrollId.split("-")[2]);
        int from = scrollId == null ? 0 : Integer.parseInt(scrollId.split("-")[1]);
        ObjectNode body = Jackson.MAPPER.createObjectNode().put("scroll_id", "scroll-" + (from + size) + "-" + size);
        body.set("hits", items(id -> id > from, size).get("items"));
        reply(exchange, 200, body);
    }

    /** GitHub's list of a repository's issues, ascending by update: {@code since} (inclusive), Link pagination, rate limits. */
    private void github(HttpExchange exchange, String path, Map<String, String> query, String authorization) throws IOException {
        if (!authorization.equals("Bearer " + TOKEN)) {
            reply(exchange, 401, Jackson.MAPPER.createObjectNode().put("message", "Bad credentials"));
            return;
        }
        if (githubRequests.incrementAndGet() == 2) {
            exchange.getResponseHeaders().add("Retry-After", "0");
            reply(exchange, 429, Jackson.MAPPER.createObjectNode().put("message", "You have exceeded a secondary rate limit."));
            return;
        }
        long now = Instant.now().getEpochSecond();
        synchronized (this) {
            if (githubRemaining == 0 && now >= githubReset) {
                githubRemaining = GITHUB_BUDGET;
            }
            exchange.getResponseHeaders().add("X-RateLimit-Limit", String.valueOf(GITHUB_BUDGET));
            if (githubRemaining == 0) {
                exchange.getResponseHeaders().add("X-RateLimit-Remaining", "0");
                exchange.getResponseHeaders().add("X-RateLimit-Reset", String.valueOf(githubReset));
                reply(exchange, 403, Jackson.MAPPER.createObjectNode().put("message", "API rate limit exceeded."));
                return;
            }
            if (--githubRemaining == 0) {
                githubReset = now + 2;
            }
            exchange.getResponseHeaders().add("X-RateLimit-Remaining", String.valueOf(githubRemaining));
        }
        Instant since = Instant.parse(query.getOrDefault("since", "1970-01-01T00:00:00Z"));
        List<ObjectNode> issues = IntStream.rangeClosed(1, GITHUB_ISSUES).mapToObj(ExampleApi::issue)
                .filter(issue -> !Instant.parse(issue.get("updated_at").asText()).isBefore(since)).toList();
        int perPage = number(query, "per_page", 30);
        int page = number(query, "page", 1);
        int last = Math.max(1, (issues.size() + perPage - 1) / perPage);
        if (page < last) {
            String pageUrl = url() + path + "?per_page=" + perPage + "&since=" + since + "&page=";
            exchange.getResponseHeaders().add("Link", "<" + pageUrl + (page + 1) + ">; rel=\"next\", <" + pageUrl + last + ">; rel=\"last\"");
        }
        ArrayNode body = Jackson.MAPPER.createArrayNode();
        issues.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(body::add);
        reply(exchange, 200, body);
    }

    private static ObjectNode issue(int number) {
        ObjectNode issue = Jackson.MAPPER.createObjectNode().put("id", 1_000_000 + number).put("number", number)
                .put("title", "Issue " + number).put("state", number % 4 == 0 ? "closed" : "open");
        issue.putObject("user").put("login", number % 2 == 0 ? "octocat" : "hubot").put("id", number % 2 == 0 ? 1 : 2);
        issue.putArray("labels").addObject().put("name", number % 3 == 0 ? "bug" : "enhancement");
        return issue.put("created_at", FIRST_UPDATE.plus(number, ChronoUnit.HOURS).toString())
                .put("updated_at", FIRST_UPDATE.plus(number * 2L, ChronoUnit.HOURS).toString());
    }

    /** The page of {@code pageParameter} of items, {@code sizeParameter} a page, in {@code {"items": [...]}}. */
    private static ObjectNode page(Map<String, String> query, String pageParameter, String sizeParameter, int defaultSize) {
        int size = number(query, sizeParameter, defaultSize);
        int first = (number(query, pageParameter, 1) - 1) * size;
        return items(id -> id > first, size);
    }

    private static ObjectNode items(IntPredicate include, int limit) {
        ObjectNode page = Jackson.MAPPER.createObjectNode();
        ArrayNode items = page.putArray("items");
        IntStream.rangeClosed(1, ITEMS).filter(include).limit(limit).forEach(id -> items.addObject()
                .put("id", id).put("name", "item " + id).put("price", id * 1.25)
                .put("updated_at", FIRST_UPDATE.plus(id, ChronoUnit.HOURS).toString()));
        return page;
    }

    private static int number(Map<String, String> query, String name, int fallback) {
        return query.containsKey(name) ? Integer.parseInt(query.get(name)) : fallback;
    }

    private static ObjectNode error(String message) {
        return Jackson.MAPPER.createObjectNode().put("error", message);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        DemoApi.reply(exchange, status, Jackson.MAPPER.writeValueAsString(body));
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
