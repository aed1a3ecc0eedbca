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
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Event occurrences of HubSpot's Events API (GET /events/v3/events), one table per event type, with a private app's
 * access token. Each sync reads the window [occurredAfter, occurredBefore): from where the last one ended (or
 * initial_sync_start_date) up to the sync's start. Pages are followed by HubSpot's paging.next.after cursor and
 * checkpointed one by one with the window and the cursor, so an interrupted sync resumes inside its window.
 */
class connector {
    static final String BASE_URL = "https://api.hubapi.com";
    static final String EVENTS = "/events/v3/events";
    /** Event type names as HubSpot writes them (e_visited_page, pe12345_signup): nothing that is not a table name. */
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_]+");

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        for (String eventType : eventTypes(configuration)) {
            tables.add(Table.named(eventType).primaryKey("id")
                    .column("id", DataType.STRING)
                    .column("event_type", DataType.STRING)
                    .column("occurred_at", DataType.UTC_DATETIME)
                    .column("object_type", DataType.STRING)
                    .column("object_id", DataType.STRING)
                    .column("properties", DataType.JSON));
        }
        return tables;
    }

    static void update(Configuration configuration, State state) {
        Instant initialStart = configuration.getInstant("initial_sync_start_date");
        int pageSize = configuration.getInt("page_size", 1000);
        Http api = Http.builder(BASE_URL).auth(Auth.bearer(configuration.require("api_token"))).build();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        for (String eventType : eventTypes(configuration)) {
            Map<String, Object> progress = progress(state, eventType);
            String after = (String) progress.getOrDefault("occurred_after", initialStart.toString());
            // a window left unfinished by an interrupted sync is finished first, from its saved page cursor
            String before = (String) progress.getOrDefault("occurred_before", now.toString());
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("eventType", eventType);
            query.put("occurredAfter", after);
            query.put("occurredBefore", before);
            query.put("limit", pageSize);
            query.put("after", progress.get("after"));   // null (left out) unless resuming
            Logging.info(eventType + ": events from " + after + " to " + before + (progress.containsKey("after") ? ", resuming after a saved page" : ""));
            progress.put("occurred_before", before);

            long events = 0;
            try {
                for (Page page : Pages.of(api, EVENTS, query, "/results", Pagination.cursor("after", "/paging/next/after"))) {
                    for (JsonNode event : page.items()) {
                        Operations.upsert(eventType, row(event));
                    }
                    events += page.items().size();
                    String next = page.body().at("/paging/next/after").asText("");
                    if (next.isEmpty()) {
                        progress.remove("after");
                        progress.remove("occurred_before");
                        progress.put("occurred_after", before);   // the next sync starts where this window ended
                    } else {
                        progress.put("after", next);
                    }
                    Operations.checkpoint(state);
                }
            } catch (HttpException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw new IllegalStateException("HubSpot refused the access token of configuration 'api_token' (" + e.status()
                            + "): it must be a private app's token with the scope to read events (analytics)", e);
                }
                throw e;
            }
            Logging.info(eventType + ": " + events + " events synced");
        }
    }

    /** An event as a row: its fields, and its properties both as JSON and copied up as columns of their own (as upstream). */
    static Map<String, Object> row(JsonNode event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", event.path("id").asText());
        row.put("event_type", event.path("eventType").asText(null));
        row.put("occurred_at", event.hasNonNull("occurredAt") ? Instant.parse(event.get("occurredAt").asText()) : null);
        row.put("object_type", event.path("objectType").asText(null));
        row.put("object_id", event.hasNonNull("objectId") ? event.get("objectId").asText() : null);
        JsonNode properties = event.path("properties");
        row.put("properties", properties.isObject() ? properties : null);
        // a property named like a column above (id, event_type...) stays only in the properties JSON
        properties.properties().forEach(property -> row.putIfAbsent(property.getKey(), value(property.getValue())));
        return row;
    }

    private static Object value(JsonNode node) {
        return node.isTextual() ? node.asText() : node.isNumber() ? node.numberValue() : node.isBoolean() ? node.booleanValue() : node.isNull() ? null : node;
    }

    /** The progress of one event type in state: {"e_visited_page": {"occurred_after", "occurred_before", "after"}}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> progress(State state, String eventType) {
        Object saved = state.get(eventType);
        Map<String, Object> progress = saved instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
        state.put(eventType, progress);
        return progress;
    }

    static List<String> eventTypes(Configuration configuration) {
        List<String> eventTypes = configuration.getList("event_types");
        if (eventTypes.isEmpty()) {
            return List.of("e_visited_page");
        }
        for (String eventType : eventTypes) {
            if (!EVENT_TYPE.matcher(eventType).matches()) {
                throw new IllegalArgumentException("configuration 'event_types': '" + eventType + "' is not an event type name");
            }
        }
        return eventTypes;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
