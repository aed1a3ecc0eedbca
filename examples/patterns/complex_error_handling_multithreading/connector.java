///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

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
import java.util.List;
import java.util.Map;

/**
 * Errors from an unreliable API. Orders come from an endpoint that fails every other request with 503: retries with
 * backoff absorb that. Daily reports come from an endpoint that is down: after three consecutive failures the circuit
 * breaker opens, the remaining days fail at once without a request, and the sync carries on without them.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("orders").primaryKey("id").column("id", DataType.LONG),
                Table.named("report").primaryKey("day").column("day", DataType.NAIVE_DATE));
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(configuration.require("base_url"))
                .retries(2)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .circuitBreaker(new CircuitBreaker(3, Duration.ofMinutes(5)))
                .build();
        for (Page page : Pages.of(api, "/flaky/orders", Map.of("per_page", 10), "/items", Pagination.pageNumber("page", "per_page"))) {
            page.items().forEach(order -> Operations.upsert("orders", order));
            Operations.checkpoint(state);
        }
        for (String day : List.of("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05")) {
            try {
                Operations.upsert("report", api.get("/down/reports", Map.of("day", day)));
            } catch (HttpException e) {
                Logging.warning("report of " + day + " skipped: " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
