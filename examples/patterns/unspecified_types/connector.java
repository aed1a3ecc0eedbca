///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table declared with its primary key only: every column's type is inferred from the Java values written. */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("inferred").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);                                        // Integer        -> INT
        row.put("active", true);                                 // Boolean        -> BOOLEAN
        row.put("views", 9_000_000_000L);                        // Long           -> LONG
        row.put("price", new BigDecimal("19.99"));               // BigDecimal     -> DECIMAL(38,2)
        row.put("rating", 4.5);                                  // Double         -> DOUBLE
        row.put("released", LocalDate.of(2024, 5, 1));           // LocalDate      -> NAIVE_DATE
        row.put("local_time", LocalDateTime.of(2024, 5, 1, 9, 0)); // LocalDateTime -> NAIVE_DATETIME
        row.put("updated_at", Instant.parse("2024-05-01T07:00:00Z")); // Instant    -> UTC_DATETIME
        row.put("tags", List.of("new", "sale"));                 // List or Map    -> JSON
        row.put("release_text", "2024-05-01");                   // String         -> STRING, never parsed as a date
        row.put("discontinued", null);                           // null           -> no column until a value comes
        Operations.upsert("inferred", row);
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
