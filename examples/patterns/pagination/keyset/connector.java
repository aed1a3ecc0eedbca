///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.util.List;
import java.util.Map;

/**
 * Keyset (seek) pagination that doubles as the incremental cursor: each page starts after the last id read, and that
 * id is kept in state at every checkpoint, so the next sync asks only for records added since.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("item").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        long lastId = state.getLong("last_id", 0);
        Logging.info("reading items after id " + lastId);
        Http api = Http.builder(configuration.require("base_url")).build();
        Map<String, Object> query = Map.of("after_id", lastId, "limit", 10);
        for (Page page : Pages.of(api, "/keyset/items", query, "/items", Pagination.keyset("after_id", "id", "limit"))) {
            page.items().forEach(item -> Operations.upsert("item", item));
            if (page.last() != null) {
                state.put("last_id", page.last().get("id").asLong());
            }
            Operations.checkpoint(state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
