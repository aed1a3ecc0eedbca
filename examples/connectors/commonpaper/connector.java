///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreements of a Common Paper organization (GET /v1/agreements, JSON:API), incremental on updated_at: the agreements
 * updated at or after the cursor, oldest first, a page at a time, the cursor moved to the last one read at each page's
 * checkpoint.
 */
class connector {
    static final String API = "https://api.commonpaper.com";
    static final String TABLE = "agreements";
    static final String CURSOR = "sync_cursor";
    static final String AFTER = "filter[updated_at_gteq]";
    static final String PAGE = "page[number]";
    static final String SIZE = "page[size]";

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id")
                .column("id", DataType.STRING)
                .column("created_at", DataType.UTC_DATETIME)
                .column("updated_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        String apiKey = configuration.require("api_key");
        int pageSize = configuration.getInt("page_size", 100);
        String cursor = state.getString(CURSOR, configuration.getInstant("initial_sync_timestamp", Instant.EPOCH).toString());
        Logging.info("commonpaper: agreements updated since " + cursor);
        Http api = Http.builder(API).auth(Auth.bearer(apiKey)).build();

        Map<String, Object> query = new LinkedHashMap<>();
        query.put(AFTER, cursor);
        query.put("sort", "updated_at");
        query.put(PAGE, 1);
        query.put(SIZE, pageSize);
        long synced = 0;
        try {
            for (Page page : Pages.of(api, "/v1/agreements", query, "/data", byUpdatedAt())) {
                for (JsonNode agreement : page.items()) {
                    Operations.upsert(TABLE, row(agreement));
                    state.put(CURSOR, agreement.path("attributes").path("updated_at").asText(cursor));
                }
                synced += page.items().size();
                Operations.checkpoint(state);
            }
        } catch (HttpException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("Common Paper refused the api_key (" + e.status()
                        + "): give a valid API key from the Integrations tab in configuration 'api_key'. " + e.getMessage(), e);
            }
            throw e;
        }
        Logging.info("commonpaper: " + synced + " agreements read, cursor " + state.getString(CURSOR, cursor));
    }

    /**
     * Keyset paging on updated_at: the next page is page 1 of the agreements updated at or after the last one read, so
     * that an agreement updated during the sync (it moves to the end of the order) never shifts another out of a page.
     * When a whole page has one updated_at, the next page number of the same filter is read instead.
     */
    static Pagination byUpdatedAt() {
        return page -> {
            // meta.pagination.next (null on the last page) when the API gives it, else a short page ends the list
            JsonNode next = page.body().at("/meta/pagination/next");
            boolean more = next.isMissingNode() ? page.items().size() >= Integer.parseInt(page.request().query().get(SIZE).toString()) : !next.isNull();
            if (page.items().isEmpty() || !more) {
                return null;
            }
            String last = page.last().path("attributes").path("updated_at").asText();
            if (last.equals(page.request().query().get(AFTER))) {
                return page.request().with(PAGE, Long.parseLong(page.request().query().get(PAGE).toString()) + 1);
            }
            return page.request().with(AFTER, last).with(PAGE, 1);
        };
    }

    /** The agreement's attributes as a row, with the JSON:API id (which upstream left out) and the agreement's link. */
    static JsonNode row(JsonNode agreement) {
        ObjectNode row = agreement.path("attributes").isObject() ? ((ObjectNode) agreement.get("attributes")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        row.put("id", agreement.path("id").asText());
        if (agreement.path("links").path("agreement_url").isTextual()) {
            row.put("agreement_url", agreement.path("links").path("agreement_url").asText());
        }
        return row;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
