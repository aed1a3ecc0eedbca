///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tables to sync come from the configuration ({@code tables}), and the list of those already synced is kept in
 * state ({@code tracked_tables}), each with its own cursor. A table added to the configuration is new to that list:
 * it is backfilled from {@code initial_timestamp} while the others continue from their cursors. A table removed from
 * the configuration is dropped from the list, and its cursor from state; added back later, it is backfilled again.
 */
class connector {
    static final String TRACKED = "tracked_tables";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static List<Table> schema(Configuration configuration) {
        return tables(configuration).stream().map(table -> Table.named(table).primaryKey("id")).toList();
    }

    static void update(Configuration configuration, State state) throws Exception {
        List<String> configured = tables(configuration);
        Instant initial = configuration.getInstant("initial_timestamp", Instant.EPOCH);
        Set<String> tracked = tracked(state);

        for (String table : tracked) {
            if (!configured.contains(table)) {
                state.remove(table);
                Logging.info(table + ": no longer in the configuration: its cursor is dropped from state (its rows stay in the destination)");
            }
        }
        state.put(TRACKED, configured);

        try (Connection source = Jdbc.connect(configuration)) {
            for (String table : configured) {
                KeysetReader reader = KeysetReader.of(table).replicationKey("updated_at", "id").stateKey(table)
                        .checkpointEvery(configuration.getInt("batch_size", 1_000));
                if (!state.containsKey(table)) {
                    // a new table, or a tracked one that had no row yet: from initial_timestamp (validated, so a safe literal)
                    Logging.info(table + (tracked.contains(table) ? ": no cursor yet" : ": new in the configuration")
                            + ": backfilling from initial_timestamp " + initial);
                    reader.where("updated_at >= CAST('" + initial + "' AS TIMESTAMP WITH TIME ZONE)");
                }
                reader.upsertInto(table, source, state);   // checkpoints every batch_size rows and after the table's last
            }
        }
        Operations.checkpoint(state);   // commits tracked_tables even when no table had a new row
    }

    /** The configured tables, in their order, each a plain SQL name (it is written into the query). */
    static List<String> tables(Configuration configuration) {
        List<String> tables = new ArrayList<>(new LinkedHashSet<>(configuration.getList("tables")));
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("configuration 'tables': give the tables to sync, comma-separated (e.g. customers, orders)");
        }
        for (String table : tables) {
            if (!NAME.matcher(table).matches() || table.equals(TRACKED)) {
                throw new IllegalArgumentException("configuration 'tables': '" + table + "' is not a plain table name (letters, digits, _)"
                        + " other than " + TRACKED);
            }
        }
        return tables;
    }

    private static Set<String> tracked(State state) {
        Set<String> tracked = new LinkedHashSet<>();
        if (state.get(TRACKED) instanceof List<?> list) {
            list.forEach(table -> tracked.add(table.toString()));
        }
        return tracked;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
