///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.PageRequest;
import fivetran.connector.sdk.http.paging.Pages;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Events of a Talon.One application from the Management API (GET /v1/applications/{id}/events/no_total), with a
 * management key. Each sync reads the window [createdAfter, createdBefore) — from where the last one ended up to the
 * sync's start — sorted by creation, page after page by skip while the answer says hasMore, and checkpoints every page
 * with the window and the skip, so that an interrupted sync resumes inside its window.
 */
class connector {
    static final String TABLE = "event";
    private static final Pattern APPLICATION = Pattern.compile("[0-9]+");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id")
                .column("id", DataType.LONG)
                .column("created", DataType.UTC_DATETIME)
                .column("applicationId", DataType.LONG)
                .column("profileId", DataType.STRING)
                .column("type", DataType.STRING)
                .column("sessionId", DataType.STRING)
                .column("attributes", DataType.JSON)
                .column("effects", DataType.JSON)
                .column("ruleFailureReasons", DataType.JSON));
    }

    static void update(Configuration configuration, State state) {
        String application = configuration.require("application_id");
        if (!APPLICATION.matcher(application).matches()) {
            throw new IllegalArgumentException("configuration 'application_id' must be the application's numeric id");
        }
        int pageSize = configuration.getInt("page_size", 100);
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("configuration 'page_size' must be from 1 to 1000");
        }
        Http api = Http.builder(managementUrl(configuration.require("base_url")))
                .auth(Auth.apiKeyHeader("Authorization", "ManagementKey-v1 " + configuration.require("api_key")))
                .rateLimit(configuration.getInt("requests_per_second", 3), Duration.ofSeconds(1))
                .build();

        String after = state.getString("event_cursor", configuration.getInstant("initial_sync_start_date", Instant.parse("2020-01-01T00:00:00Z")).toString());
        // a window left unfinished by an interrupted sync is finished first, from its saved skip
        String before = state.getString("event_window_end", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        long skip = state.getLong("event_skip", 0);
        Logging.info(TABLE + ": events created from " + after + " to " + before + (skip > 0 ? ", resuming at skip " + skip : ""));
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("pageSize", pageSize);
        query.put("skip", skip);
        query.put("sort", "created");
        query.put("createdAfter", after);
        query.put("createdBefore", before);
        state.put("event_window_end", before);

        long events = 0;
        String path = "applications/" + application + "/events/no_total";
        try {
            for (Page page : Pages.of(api, path, query, "/data", connector::nextPage)) {
                page.items().forEach(event -> Operations.upsert(TABLE, event));
                events += page.items().size();
                PageRequest next = nextPage(page);
                if (next == null) {
                    state.remove("event_window_end");
                    state.remove("event_skip");
                    state.put("event_cursor", before);   // the next sync starts where this window ended
                } else {
                    state.put("event_skip", next.query().get("skip"));
                }
                Operations.checkpoint(state);
            }
        } catch (HttpException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("Talon.One refused the management key of configuration 'api_key' (" + e.status()
                        + "): it must be a management key with access to application " + application + ": " + e.getMessage(), e);
            }
            if (e.status() == 404) {
                throw new IllegalStateException("Talon.One has no application " + application + " (404): check configuration 'application_id' and 'base_url'", e);
            }
            throw e;
        }
        Logging.info(TABLE + ": " + events + " events synced");
    }

    /** Talon.One's no_total pages: skip grows by the page's records while the answer says hasMore. */
    static PageRequest nextPage(Page page) {
        if (!page.body().path("hasMore").asBoolean(false) || page.items().isEmpty()) {
            return null;
        }
        long skip = Long.parseLong(page.request().query().get("skip").toString());
        return page.request().with("skip", skip + page.items().size());
    }

    /** The deployment's URL (https://mycompany.europe-west1.talon.one), with or without its /v1/, as the Management API's base. */
    static String managementUrl(String baseUrl) {
        String url = baseUrl.strip().replaceAll("/+$", "");
        return (url.endsWith("/v1") ? url : url + "/v1") + "/";
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
