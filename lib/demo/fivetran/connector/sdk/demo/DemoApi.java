package fivetran.connector.sdk.demo;

import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * A small JSON API on the loopback interface that templates and examples sync from until a real base URL is
 * configured. {@code GET /v1/items?updated_since=<ISO instant>&cursor=<n>&limit=<n>} with
 * {@code Authorization: Bearer <token>} returns {@code {"items": [...], "next_cursor": "<n>" | null}}, items ordered
 * by {@code updated_at}. It is never rate-limited, so that the rest-api template's sync logs no retry; the examples
 * about rate limits and retries have their own endpoints in {@link ExampleApi}.
 */
public final class DemoApi implements AutoCloseable {
    /** How many items the API holds. */
    public static final int ITEMS = 42;
    private static final Instant FIRST_UPDATE = Instant.parse("2024-01-01T00:00:00Z");

    private final HttpServer server;

    private DemoApi(String token) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/items", new Items(token));
        server.start();
    }

    /** Starts the API on a free loopback port; requests must carry {@code Bearer <token>}. */
    public static DemoApi start(String token) {
        try {
            return new DemoApi(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the demo API: " + e.getMessage(), e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** {@code GET /v1/items}, also served by {@link ExampleApi} for the rest-api template. */
    static final class Items implements HttpHandler {
        private final String token;

        Items(String token) {
            this.token = token;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    reply(exchange, 401, "{\"error\": \"missing or wrong bearer token\"}");
                    return;
                }
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                Instant since = Instant.parse(query.getOrDefault("updated_since", "1970-01-01T00:00:00Z"));
                int cursor = Integer.parseInt(query.getOrDefault("cursor", "0"));
                int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
                ObjectNode page = Jackson.MAPPER.createObjectNode();
                ArrayNode items = page.putArray("items");
                int id = cursor;
                while (items.size() < limit && id < ITEMS) {
                    id++;
                    Instant updated = FIRST_UPDATE.plus(id, ChronoUnit.HOURS);
                    if (updated.isAfter(since)) {
                        items.addObject().put("id", id).put("name", "item " + id).put("price", id * 1.25)
                                .put("in_stock", id % 3 != 0).put("updated_at", updated.toString());
                    }
                }
                page.put("next_cursor", id < ITEMS ? String.valueOf(id) : null);
                reply(exchange, 200, Jackson.MAPPER.writeValueAsString(page));
            }
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
