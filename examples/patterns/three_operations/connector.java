///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;
import java.util.Map;

/**
 * The three row operations, driven by a source's change log: a created record is upserted (the whole row), a
 * changed one updated (only its changed columns), a removed one deleted (its key). The log position is the cursor.
 */
class connector {
    enum Kind { CREATED, CHANGED, REMOVED }

    record Change(long sequence, Kind kind, Map<String, Object> data) {
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("tickets").primaryKey("id").column("id", DataType.LONG));
    }

    static void update(Configuration configuration, State state) {
        for (Change change : changesAfter(state.getLong("sequence", 0))) {
            switch (change.kind()) {
                case CREATED -> Operations.upsert("tickets", change.data());
                case CHANGED -> Operations.update("tickets", change.data());
                case REMOVED -> Operations.delete("tickets", change.data());
            }
            state.put("sequence", change.sequence());
        }
        Operations.checkpoint(state);
    }

    /** The emulated change log. */
    private static List<Change> changesAfter(long sequence) {
        return List.of(
                new Change(1, Kind.CREATED, Map.of("id", 1, "title", "printer jammed", "status", "open", "priority", "low")),
                new Change(2, Kind.CREATED, Map.of("id", 2, "title", "no wifi", "status", "open", "priority", "high")),
                new Change(3, Kind.CREATED, Map.of("id", 3, "title", "duplicate of 2", "status", "open", "priority", "high")),
                new Change(4, Kind.CHANGED, Map.of("id", 1, "status", "closed")),
                new Change(5, Kind.REMOVED, Map.of("id", 3)))
                .stream().filter(change -> change.sequence() > sequence).toList();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
