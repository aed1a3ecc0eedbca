///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Three incremental strategies side by side, one per kind of table:
 * - currencies, small and without change tracking: full refresh, truncate then upsert everything;
 * - orders, changed in place: keyset on (updated_at, id);
 * - page_views, append-only events: timestamp windows up to a lag behind now, the end of the last one in state.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("currencies").primaryKey("code").column("code", DataType.STRING), Table.named("orders").primaryKey("id"),
                Table.named("page_views").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        try (Connection source = Jdbc.connect(configuration)) {
            Operations.truncate("currencies"); // rows gone from the source stay marked deleted
            Jdbc.stream(source, "SELECT * FROM currencies", List.of(), 1_000, row -> Operations.upsert("currencies", row));
            Operations.checkpoint(state);

            KeysetReader.of("orders").replicationKey("updated_at", "id").upsertInto("orders", source, state);

            Duration window = Duration.ofDays(configuration.getInt("window_days", 30));
            OffsetDateTime end = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(configuration.getInt("lag_minutes", 5));
            OffsetDateTime start = configuration.getInstant("start", Instant.parse("2024-01-01T00:00:00Z")).atOffset(ZoneOffset.UTC);
            OffsetDateTime from = OffsetDateTime.parse(state.getString("page_views_until", start.toString()));
            while (from.isBefore(end)) {
                OffsetDateTime to = from.plus(window).isBefore(end) ? from.plus(window) : end;
                Jdbc.stream(source, "SELECT * FROM page_views WHERE viewed_at >= ? AND viewed_at < ?", List.of(from, to), 1_000,
                        row -> Operations.upsert("page_views", row));
                state.put("page_views_until", to.toString());
                Operations.checkpoint(state);
                from = to;
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
