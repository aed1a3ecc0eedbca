///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.CircuitBreaker;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Errors from an unreliable API, and a page's records processed on a thread pool. Orders come from an endpoint that
 * fails every other request with 503: retries with backoff absorb that. Each page's orders are validated and upserted
 * by {@code parallelism} threads; an order without id or updated_at is counted and skipped; the cursor (the newest
 * updated_at) moves only once the whole page is written. Daily reports come from an endpoint that is down: after three
 * consecutive failures the circuit breaker opens, the remaining days fail at once without a request, and the sync
 * carries on without them.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("orders").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME),
                Table.named("report").primaryKey("day").column("day", DataType.NAIVE_DATE));
    }

    static void update(Configuration configuration, State state) throws InterruptedException {
        int parallelism = configuration.getInt("parallelism", 4);
        if (parallelism < 1) {
            throw new IllegalArgumentException("configuration 'parallelism' must be at least 1");
        }
        // one client, its retries and its circuit breaker shared by every thread
        Http api = Http.builder(configuration.require("base_url"))
                .retries(2)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .circuitBreaker(new CircuitBreaker(3, Duration.ofMinutes(5)))
                .build();
        AtomicLong skipped = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            String cursor = state.getString("last_updated_at", null);
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("order_by", "updated_at");
            query.put("order_type", "asc");
            query.put("per_page", 10);
            query.put("updated_since", cursor);   // left out of the first sync's requests while null
            for (Page page : Pages.of(api, "/flaky/orders", query, "/items", Pagination.pageNumber("page", "per_page"))) {
                List<Future<Instant>> written = new ArrayList<>();
                for (JsonNode order : page.items()) {
                    written.add(pool.submit(() -> write(order, skipped)));
                }
                Instant newest = null;
                for (Future<Instant> each : written) {
                    Instant updatedAt = result(each);   // a failure on a worker fails the sync before the cursor moves
                    newest = updatedAt == null || newest != null && newest.isAfter(updatedAt) ? newest : updatedAt;
                }
                if (newest != null && (cursor == null || newest.isAfter(Instant.parse(cursor)))) {
                    cursor = newest.toString();
                    state.put("last_updated_at", cursor);
                }
                Operations.checkpoint(state);
            }
        } finally {
            pool.shutdownNow();
        }
        long reportsSkipped = 0;
        for (String day : List.of("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05")) {
            try {
                Operations.upsert("report", api.get("/down/reports", Map.of("day", day)));
            } catch (HttpException e) {
                reportsSkipped++;
                Logging.warning("report of " + day + " skipped: " + e.getMessage());
            }
        }
        Logging.info("errors: " + skipped.get() + " orders skipped as invalid, " + reportsSkipped + " reports skipped");
    }

    /** Validates and upserts one order on a worker thread; its updated_at, or null when it was skipped. */
    private static Instant write(JsonNode order, AtomicLong skipped) {
        if (!order.path("id").canConvertToLong() || !order.path("updated_at").isTextual()) {
            skipped.incrementAndGet();
            Logging.warning("order skipped: it has no " + (order.path("id").canConvertToLong() ? "updated_at" : "id") + ": " + order);
            return null;
        }
        Operations.upsert("orders", order);
        return Instant.parse(order.get("updated_at").asText());
    }

    private static Instant result(Future<Instant> written) throws InterruptedException {
        try {
            return written.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
