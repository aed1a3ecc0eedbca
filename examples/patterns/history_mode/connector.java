///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a table in history mode needs from a connector: every version of a record, in the order the source made
 * them, each as a complete row, and a delete when the record goes away. The destination turns these into
 * versions; the connector keeps no history itself.
 */
class connector {
    record Version(long id, String name, String city, Instant modifiedAt, boolean deleted) {
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("customers").primaryKey("id").column("modified_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        Instant cursor = Instant.parse(state.getString("modified_after", Instant.EPOCH.toString()));
        long sync = state.getLong("syncs", 0) + 1;
        for (Version version : changesAfter(cursor, sync)) {
            if (version.deleted()) {
                Operations.delete("customers", Map.of("id", version.id()));
            } else {
                Operations.upsert("customers", Map.of("id", version.id(), "name", version.name(), "city", version.city(),
                        "modified_at", version.modifiedAt()));
            }
            state.put("modified_after", version.modifiedAt().toString());
            Operations.checkpoint(state);
        }
        state.put("syncs", sync);
        Operations.checkpoint(state);
    }

    /** The emulated source's change log, which has grown by the second sync: each entry is a whole record. */
    private static List<Version> changesAfter(Instant cursor, long sync) {
        List<Version> log = List.of(
                new Version(1, "Ada", "Paris", Instant.parse("2024-05-01T09:00:00Z"), false),
                new Version(2, "Grace", "Boston", Instant.parse("2024-05-01T10:00:00Z"), false),
                new Version(1, "Ada", "Lyon", Instant.parse("2024-05-01T15:00:00Z"), false),
                new Version(1, "Ada", "Nice", Instant.parse("2024-05-02T08:00:00Z"), false),
                new Version(2, "Grace", null, Instant.parse("2024-05-02T12:00:00Z"), true));
        return log.subList(0, sync == 1 ? 3 : log.size()).stream().filter(v -> v.modifiedAt().isAfter(cursor)).toList();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
