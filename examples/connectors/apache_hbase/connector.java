///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.apache.hbase:hbase-client:2.5.10-hadoop3
// Lets HBase read and write primitives with Unsafe on Java 17 (without it, it says so in a warning and goes without).
//JAVA_OPTIONS --add-opens java.base/java.nio=ALL-UNNAMED

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.filter.BinaryComparator;
import org.apache.hadoop.hbase.filter.SingleColumnValueFilter;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * An HBase table of profiles as {@code profile_table}: one row per HBase row, keyed by the row key, its columns from the
 * cells {@code <column_family>:name}, {@code :age}, {@code :city} and {@code :created_at}. Read with the native HBase
 * client, which finds the cluster through ZooKeeper. Each sync scans for the rows whose created_at is after the
 * largest one the last sync saw, with the comparison done by the region servers (a SingleColumnValueFilter).
 */
class connector {
    static final String TABLE = "profile_table";
    static final String DEFAULT_LAST_CREATED = "1990-01-01T00:00:00";
    private static final List<String> COLUMNS = List.of("name", "age", "city", "created_at");
    private static final byte[] CREATED_AT = Bytes.toBytes("created_at");

    /** What a sync reads, from the configuration. */
    private record Settings(String quorum, int port, String znodeParent, String table, String family, int batchSize) {
        static Settings of(Configuration configuration) {
            int port = configuration.getInt("port", 2181);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("configuration value of 'port' is not a port number (1..65535)");
            }
            int batchSize = configuration.getInt("batch_size", 1000);
            if (batchSize < 1) {
                throw new IllegalArgumentException("configuration value of 'batch_size' must be at least 1");
            }
            return new Settings(configuration.require("hostname").trim(), port,
                    configuration.get("znode_parent", HConstants.DEFAULT_ZOOKEEPER_ZNODE_PARENT).trim(),
                    configuration.require("table_name").trim(), configuration.require("column_family").trim(), batchSize);
        }
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id")
                .column("id", DataType.STRING)
                .column("name", DataType.STRING)
                .column("age", DataType.INT)
                .column("city", DataType.STRING)
                .column("created_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) throws IOException {
        Settings settings = Settings.of(configuration);
        org.apache.hadoop.conf.Configuration hbase = HBaseConfiguration.create();
        hbase.set(HConstants.ZOOKEEPER_QUORUM, settings.quorum());
        hbase.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, settings.port());
        hbase.set(HConstants.ZOOKEEPER_ZNODE_PARENT, settings.znodeParent());
        TableName table = checkTable(hbase, settings);
        try (Connection connection = ConnectionFactory.createConnection(hbase)) {
            sync(connection, table, settings, state);
        }
    }

    /**
     * The configured table, after checking that it exists and has the configured column family. The check has a
     * connection of its own that tries once: with the client's retries (kept for the scan, which rides out region
     * moves with them) an unreachable cluster takes minutes to fail.
     */
    private static TableName checkTable(org.apache.hadoop.conf.Configuration hbase, Settings settings) throws IOException {
        TableName table;
        try {
            table = TableName.valueOf(settings.table());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration value of 'table_name' is not a valid HBase table name: " + e.getMessage());
        }
        org.apache.hadoop.conf.Configuration failFast = new org.apache.hadoop.conf.Configuration(hbase);
        failFast.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, 1);
        failFast.setInt("zookeeper.recovery.retry", 0);
        try (Connection connection = ConnectionFactory.createConnection(failFast); Admin admin = connection.getAdmin()) {
            if (!admin.tableExists(table)) {
                throw new IllegalArgumentException("HBase table '" + table.getNameAsString()
                        + "' does not exist (configuration key 'table_name')");
            }
            TableDescriptor descriptor = admin.getDescriptor(table);
            if (!descriptor.hasColumnFamily(Bytes.toBytes(settings.family()))) {
                List<String> families = Arrays.stream(descriptor.getColumnFamilies()).map(ColumnFamilyDescriptor::getNameAsString).toList();
                throw new IllegalArgumentException("HBase table '" + table.getNameAsString() + "' has no column family '"
                        + settings.family() + "' (configuration key 'column_family'); its families: " + String.join(", ", families));
            }
        } catch (IOException e) {
            throw new IOException("cannot check HBase table '" + table.getNameAsString() + "' (is HBase reachable through ZooKeeper"
                    + " at the configured 'hostname', 'port' and 'znode_parent'?): " + lastLine(e.getMessage()), e);
        }
        return table;
    }

    /** The last line of the client's message, which lists every attempt and ends with the reason of the last one. */
    private static String lastLine(String message) {
        String[] lines = String.valueOf(message).strip().split("\\R");
        return lines[lines.length - 1].replaceFirst("^.*\\}, (java\\.io\\.IOException: )?", "");
    }

    /**
     * One scan of the rows with created_at after {@code last_created} in state. The scan returns rows in row-key order,
     * not in created_at order, so {@code last_created} only moves when the scan is complete; meanwhile each checkpoint
     * saves the last row key read ({@code scan_after_row}) and the largest created_at so far, and an interrupted sync
     * resumes the same scan after that row.
     */
    private static void sync(Connection connection, TableName tableName, Settings settings, State state) throws IOException {
        byte[] family = Bytes.toBytes(settings.family());
        String lastCreated = state.getString("last_created", DEFAULT_LAST_CREATED);
        String afterRow = state.getString("scan_after_row", null);
        byte[] maxCreated = state.containsKey("scan_max_created") ? Bytes.toBytes(state.getString("scan_max_created", "")) : null;

        // Compares the cell's bytes with the text in state, as upstream's 'binary:' filter does: the created_at cells
        // must all be written in one fixed-width format (ISO-8601) for byte order to be time order.
        SingleColumnValueFilter filter = new SingleColumnValueFilter(family, CREATED_AT, CompareOperator.GREATER,
                new BinaryComparator(Bytes.toBytes(lastCreated)));
        filter.setFilterIfMissing(true);   // rows without a created_at cell are not returned
        filter.setLatestVersionOnly(true);
        Scan scan = new Scan().setCaching(settings.batchSize()).setCacheBlocks(false).setFilter(filter);
        // Scan.setBatch (cells per Result) would split rows, and HBase refuses it with a row filter like this one.
        for (String column : COLUMNS) {
            scan.addColumn(family, Bytes.toBytes(column));
        }
        if (afterRow != null) {
            scan.withStartRow(Bytes.toBytesBinary(afterRow), false);
            Logging.info(TABLE + ": resuming the interrupted scan after row '" + afterRow + "'");
        }

        long synced = 0;
        long skipped = 0;
        long sinceCheckpoint = 0;
        try (org.apache.hadoop.hbase.client.Table table = connection.getTable(tableName);
                ResultScanner scanner = table.getScanner(scan)) {
            for (Result result : scanner) {
                byte[] created = result.getValue(family, CREATED_AT);
                Map<String, Object> row = row(result, family);
                if (row == null) {
                    skipped++;
                } else {
                    Operations.upsert(TABLE, row);
                    synced++;
                    if (maxCreated == null || Bytes.compareTo(created, maxCreated) > 0) {
                        maxCreated = created;
                    }
                }
                if (++sinceCheckpoint == settings.batchSize()) {
                    sinceCheckpoint = 0;
                    state.put("last_created", lastCreated);
                    state.put("scan_after_row", Bytes.toStringBinary(result.getRow()));
                    if (maxCreated != null) {
                        state.put("scan_max_created", Bytes.toString(maxCreated));
                    }
                    Operations.checkpoint(state);
                }
            }
        }
        if (maxCreated != null && Bytes.compareTo(maxCreated, Bytes.toBytes(lastCreated)) > 0) {
            lastCreated = Bytes.toString(maxCreated);
        }
        state.put("last_created", lastCreated);
        state.remove("scan_after_row");
        state.remove("scan_max_created");
        Operations.checkpoint(state);
        Logging.info(TABLE + ": " + synced + " rows synced" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                + "; last_created is now " + lastCreated);
    }

    /** The destination row of an HBase row, or null (with a warning naming the row key) when a cell is missing or bad. */
    private static Map<String, Object> row(Result result, byte[] family) {
        String id = Bytes.toString(result.getRow());
        List<String> missing = new ArrayList<>();
        Map<String, String> cells = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            byte[] value = result.getValue(family, Bytes.toBytes(column));
            if (value == null) {
                missing.add(column);
            } else {
                cells.put(column, Bytes.toString(value));
            }
        }
        if (!missing.isEmpty()) {
            Logging.warning(TABLE + ": skipping row '" + id + "': missing column " + String.join(", ", missing));
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", cells.get("name"));
        try {
            row.put("age", Integer.parseInt(cells.get("age").trim()));
        } catch (NumberFormatException e) {
            Logging.warning(TABLE + ": skipping row '" + id + "': age '" + cells.get("age") + "' is not an integer");
            return null;
        }
        row.put("city", cells.get("city"));
        OffsetDateTime created = utc(cells.get("created_at"));
        if (created == null) {
            Logging.warning(TABLE + ": skipping row '" + id + "': created_at '" + cells.get("created_at")
                    + "' is not an ISO-8601 date and time");
            return null;
        }
        row.put("created_at", created);
        return row;
    }

    /** ISO-8601 text as a UTC time: with its offset when it has one, else read as UTC (as upstream's rows are). */
    private static OffsetDateTime utc(String text) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text.trim());
            LocalDateTime local = LocalDateTime.from(parsed);
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
            return local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
