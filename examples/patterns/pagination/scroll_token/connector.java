///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import com.fasterxml.jackson.annotation.JsonProperty;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scroll: the first request carries the search, each next one only the scroll token returned in the body, until a
 * page comes back empty.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("item").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME));
    }

    /** An item as the API returns it; unknown fields are ignored, and the record is upserted as a row. */
    record Item(long id, String name, double price, @JsonProperty("updated_at") Instant updatedAt) {
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(configuration.require("base_url")).build();
        Pages pages = Pages.of(api, "/scroll/items", Map.of("size", 10), "/hits", Pagination.scroll("scroll_id", "/scroll_id"));
        for (Page page : pages) {
            page.items(Item.class).forEach(item -> Operations.upsert("item", item));
            Operations.checkpoint(state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
