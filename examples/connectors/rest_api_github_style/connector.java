///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A repository's issues from a GitHub-style REST API: a token, Link-header pagination, incremental by updated_at
 * ("since" in state), and rate limits: the client keeps under a call rate of its own, and waits as the API asks
 * when it answers 429 with Retry-After or 403 with X-RateLimit-Remaining: 0 and X-RateLimit-Reset.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("issue").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME));
    }

    /** The fields of an issue that are synced; user and labels stay JSON. */
    record Issue(long id, int number, String title, String state, JsonNode user, JsonNode labels,
                 @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt) {
    }

    static void update(Configuration configuration, State state) {
        String since = state.getString("since", "1970-01-01T00:00:00Z");
        Logging.info("reading issues updated since " + since);
        Http api = Http.builder(configuration.require("base_url"))
                .auth(Auth.bearer(configuration.require("token")))
                .rateLimit(configuration.getInt("calls_per_second", 20), Duration.ofSeconds(1))
                .build();
        String path = "/github/repos/" + configuration.require("owner") + "/" + configuration.require("repo") + "/issues";
        Map<String, Object> query = Map.of("state", "all", "sort", "updated", "direction", "asc", "since", since, "per_page", 5);
        for (Page page : Pages.of(api, path, query, "", Pagination.linkHeader())) {
            for (Issue issue : page.items(Issue.class)) {
                Operations.upsert("issue", issue);
                state.put("since", issue.updatedAt().toString());
            }
            Operations.checkpoint(state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
