///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS net.sourceforge.jtds:jtds:1.3.1

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Dialect;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.JdbcSchema;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user tables of an SAP (Sybase) ASE database, or those listed in {@code tables}, over TDS 5.0 with jTDS: each
 * table read in pages of {@code SELECT TOP n} after its own position, (first NOT NULL date column, primary key) or the
 * primary key alone; a table with neither is copied whole on every sync.
 */
class connector {
    /** pubs2's keys, as upstream declares them: its tables have unique indexes, not primary-key constraints. */
    static final Map<String, List<String>> PUBS2_KEYS = Map.ofEntries(
            Map.entry("au_pix", List.of("au_id")), Map.entry("authors", List.of("au_id")), Map.entry("blurbs", List.of("au_id")),
            Map.entry("discounts", List.of("discounttype")), Map.entry("publishers", List.of("pub_id")),
            Map.entry("roysched", List.of("title_id", "lorange")), Map.entry("sales", List.of("stor_id", "ord_num")),
            Map.entry("salesdetail", List.of("stor_id", "ord_num", "title_id")), Map.entry("stores", List.of("stor_id")),
            Map.entry("titleauthor", List.of("au_id", "title_id")), Map.entry("titles", List.of("title_id")));
    private static final Dialect ASE = Dialect.SYBASE;

    static List<Table> schema(Configuration configuration) throws SQLException {
        try (Connection source = connect(configuration)) {
            List<Table> tables = new ArrayList<>();
            for (String table : tables(configuration, source)) {
                tables.add(declare(configuration, source, table));
            }
            return tables;
        }
    }

    static void update(Configuration configuration, State state) throws Exception {
        int batchSize = configuration.getInt("batch_size", 1_000);
        try (Connection source = connect(configuration)) {
            for (String table : tables(configuration, source)) {
                List<String> key = declare(configuration, source, table).primaryKey();
                String from = ASE.quote(owner(configuration)) + "." + ASE.quote(table);
                String cursor = key.isEmpty() ? null : firstDateColumn(configuration, source, table);
                if (key.isEmpty()) {
                    Logging.warning(table + ": no primary key and no unique index known, so the whole table is copied on every sync");
                    long rows = Jdbc.stream(source, "SELECT * FROM " + from, List.of(), batchSize, row -> Operations.upsert(table, row));
                    Operations.checkpoint(state);
                    Logging.info(table + ": " + rows + " rows copied");
                    continue;
                }
                List<String> replicationKey = new ArrayList<>();
                if (cursor != null && !key.contains(cursor)) {
                    replicationKey.add(cursor);
                }
                replicationKey.addAll(key);
                KeysetReader.of(from).stateKey(table).dialect(ASE).replicationKey(replicationKey.stream().map(ASE::quote).toArray(String[]::new))
                        .limit(batchSize).fetchSize(batchSize).checkpointEvery(batchSize)
                        .upsertInto(table, source, state);
            }
        }
    }

    /** The {@code tables} listed, or every user table of the owner ({@code sp_tables}' TABLE type, as sysobjects type U). */
    static List<String> tables(Configuration configuration, Connection source) throws SQLException {
        List<String> listed = configuration.getList("tables");
        if (!listed.isEmpty()) {
            return listed;
        }
        List<String> found = new ArrayList<>();
        try (ResultSet tables = source.getMetaData().getTables(source.getCatalog(), owner(configuration), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                found.add(tables.getString("TABLE_NAME"));
            }
        }
        return found;
    }

    /** The table as its metadata declares it; pubs2's keys where it declares none. */
    private static Table declare(Configuration configuration, Connection source, String table) throws SQLException {
        Table declared = JdbcSchema.table(source, owner(configuration) + "." + table);
        if (declared.primaryKey().isEmpty() && PUBS2_KEYS.containsKey(table)) {
            declared.primaryKey(PUBS2_KEYS.get(table).toArray(String[]::new));
        }
        return declared;
    }

    /** The first NOT NULL DATE or DATETIME column, as upstream picks the first date column; null when there is none. */
    private static String firstDateColumn(Configuration configuration, Connection source, String table) throws SQLException {
        DatabaseMetaData metadata = source.getMetaData();
        try (ResultSet columns = metadata.getColumns(source.getCatalog(), owner(configuration), table, "%")) {
            while (columns.next()) {
                int type = columns.getInt("DATA_TYPE");
                if ((type == Types.DATE || type == Types.TIMESTAMP) && "NO".equals(columns.getString("IS_NULLABLE"))) {
                    return columns.getString("COLUMN_NAME");
                }
            }
        }
        return null;
    }

    private static String owner(Configuration configuration) {
        return configuration.get("owner", "dbo");
    }

    /**
     * {@code jdbc:jtds:sybase://<server>:<port>/<database>;charset=utf8;loginTimeout=15;socketTimeout=...}, or the
     * configuration's {@code jdbc_url}.
     */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:jtds:sybase://" + configuration.require("server") + ":" + configuration.getInt("port", 5000) + "/"
                + configuration.require("database") + ";charset=utf8;loginTimeout=15;socketTimeout=" + configuration.getInt("socket_timeout_seconds", 600)
                + ";appName=fivetran-connector-sdk";
    }

    /** Connects, trying again twice, 2 s apart, when the server cannot be reached (SQLSTATE class 08), as upstream does. */
    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'server', 'port' and 'database'" : "key 'jdbc_url'";
        String url = url(configuration);
        for (int attempt = 1; ; attempt++) {
            try {
                return Jdbc.connect(url, configuration.require("user_id"), configuration.require("password"), keys);
            } catch (SQLException e) {
                if (attempt == 3 || e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                    throw e;
                }
                Logging.warning("connection attempt " + attempt + " failed (" + e.getSQLState() + "), trying again in 2 s");
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
