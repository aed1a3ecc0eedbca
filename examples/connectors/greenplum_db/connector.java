///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.JdbcSchema;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Greenplum tables (Greenplum speaks PostgreSQL's protocol, so pgjdbc is its driver), listed in {@code tables}, each
 * copied incrementally on its change column plus its primary key, e.g. (updated_at, id): KeysetReader streams the
 * rows after the position saved in state through a server-side cursor (auto-commit off, fetch size) and checkpoints
 * every {@code fetch_size} rows. A row whose {@code deleted_column} is set becomes a delete.
 *
 * <p>Optionally ({@code sync_session_activity}), the coordinator's pg_stat_activity as {@code session_activity}: one
 * row per server session, keyed by (pid, backend_start), holding the latest query the session started.
 */
class connector {
    static final String ACTIVITY_TABLE = "session_activity";
    /** Columns of pg_stat_activity that PostgreSQL 9.4 (Greenplum 6) and every later version have. */
    static final String ACTIVITY_COLUMNS = "datid, datname, pid, usesysid, usename, application_name, client_addr, "
            + "client_hostname, client_port, backend_start, xact_start, query_start, state_change, state, query";

    static List<Table> schema(Configuration configuration) throws Exception {
        List<Table> tables = new ArrayList<>();
        try (Connection source = Jdbc.connect(configuration)) {
            Set<String> names = new HashSet<>();
            for (String sourceTable : tables(configuration)) {
                Table table = JdbcSchema.table(source, sourceTable);
                if (table.primaryKey().isEmpty()) {
                    throw new IllegalArgumentException("source table '" + sourceTable + "' has no primary key: the sync "
                            + "needs one to keep each row once and to delete it (Greenplum allows a PRIMARY KEY that includes the distribution key)");
                }
                if (!names.add(table.name()) || table.name().equals(ACTIVITY_TABLE)) {
                    throw new IllegalArgumentException("two tables would both be written to '" + table.name() + "'; list each table name once");
                }
                tables.add(table);
            }
        }
        if (configuration.getBoolean("sync_session_activity", false)) {
            tables.add(Table.named(ACTIVITY_TABLE).primaryKey("pid", "backend_start")
                    .column("pid", DataType.INT).column("backend_start", DataType.UTC_DATETIME)
                    .column("query_start", DataType.UTC_DATETIME).column("query", DataType.STRING));
        }
        return tables;
    }

    static void update(Configuration configuration, State state) throws Exception {
        int fetchSize = configuration.getInt("fetch_size", 1_000);
        List<String> changeColumns = configuration.getList("replication_key");
        String deletedColumn = configuration.get("deleted_column", null);
        try (Connection source = Jdbc.connect(configuration)) {
            for (String sourceTable : tables(configuration)) {
                Table table = JdbcSchema.table(source, sourceTable);
                List<String> key = table.primaryKey();
                // The change column(s) first, then the primary key, so the position is unique and no row at a tie is lost.
                List<String> replicationKey = new ArrayList<>(changeColumns.isEmpty() ? List.of("updated_at") : changeColumns);
                key.stream().filter(column -> !replicationKey.contains(column)).forEach(replicationKey::add);
                KeysetReader.of(sourceTable).replicationKey(replicationKey.toArray(String[]::new))
                        .fetchSize(fetchSize).checkpointEvery(fetchSize)
                        .read(source, state, row -> {
                            if (deletedColumn != null && isSet(row.get(deletedColumn))) {
                                Operations.delete(table.name(), keyOf(row, key));
                            } else {
                                Operations.upsert(table.name(), row);
                            }
                        });
            }
            if (configuration.getBoolean("sync_session_activity", false)) {
                syncSessionActivity(source, state, fetchSize);
            }
        }
    }

    /**
     * The sessions whose latest query started after the saved (query_start, pid), this sync's own session left out.
     * A session that starts a new query is read again and replaces its row; a session that ended keeps its last row.
     */
    static void syncSessionActivity(Connection source, State state, int fetchSize) throws Exception {
        Logging.info(ACTIVITY_TABLE + ": reading pg_stat_activity (a user without pg_read_all_stats sees other users' queries as <insufficient privilege>)");
        KeysetReader.of("pg_stat_activity").columns(ACTIVITY_COLUMNS)
                .where("query_start IS NOT NULL AND backend_start IS NOT NULL AND pid <> pg_backend_pid()")
                .replicationKey("query_start", "pid").stateKey(ACTIVITY_TABLE)
                .fetchSize(fetchSize).checkpointEvery(fetchSize)
                .upsertInto(ACTIVITY_TABLE, source, state);
    }

    static List<String> tables(Configuration configuration) {
        List<String> tables = configuration.getList("tables");
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("configuration key 'tables' lists no table; give e.g. \"public.orders,public.order_items\"");
        }
        return tables;
    }

    /** A soft-delete marker is set when it is not NULL (a timestamp) and not false (a boolean flag). */
    static boolean isSet(Object marker) {
        return marker != null && !Boolean.FALSE.equals(marker);
    }

    static Map<String, Object> keyOf(Map<String, Object> row, List<String> key) {
        Map<String, Object> keys = new LinkedHashMap<>();
        key.forEach(column -> keys.put(column, row.get(column)));
        return keys;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
