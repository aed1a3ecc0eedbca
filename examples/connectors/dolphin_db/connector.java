///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.dolphindb:dolphindb-javaapi:3.00.3.1

import com.xxdb.DBConnection;
import com.xxdb.data.BasicNanoTimestamp;
import com.xxdb.data.BasicTable;
import com.xxdb.data.Entity;
import com.xxdb.data.EntityBlockReader;
import com.xxdb.data.Scalar;
import com.xxdb.data.Vector;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Trades (symbol, timestamp, price, volume) from a DolphinDB DFS table, read with DolphinDB's Java API, incrementally on
 * the NANOTIMESTAMP column timestamp, into a destination table named as the source table.
 *
 * Each sync runs one query for the rows after the timestamp in state, in timestamp order, which the server sends in
 * blocks of fetch_size rows. Every block is checkpointed with the largest timestamp whose rows have all been read: the
 * rows of the block's last timestamp may go on in the next block, so that timestamp is saved only once a later one is
 * seen (or the query ends). A resumed sync may so read a few rows again; the table has no primary key, each row is
 * keyed by the hash of its values, and a row read again replaces itself.
 */
class connector {
    static final String DEFAULT_CURSOR = "1990-01-01T00:00:00";
    static final int MIN_FETCH_SIZE = 8192; // DolphinDB's Java API refuses smaller blocks
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /**
     * What a sync needs of DolphinDB: a script whose result is a table, handed over block by block as the server sends
     * it. {@link DolphinSource} is DolphinDB's Java API.
     */
    interface Source extends AutoCloseable {
        void query(String script, int fetchSize, BlockHandler handler) throws IOException;

        @Override
        void close();
    }

    @FunctionalInterface
    interface BlockHandler {
        void block(BasicTable rows);
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(name(configuration, "TABLE_NAME"))
                .column("symbol", DataType.STRING)
                .column("timestamp", DataType.UTC_DATETIME)
                .column("price", DataType.FLOAT)
                .column("volume", DataType.INT));
    }

    static void update(Configuration configuration, State state) {
        try (Source source = DolphinSource.open(configuration)) {
            sync(source, configuration, state);
        }
    }

    /** Reads the rows after the timestamp in state from {@code source}, checkpointing after every block. */
    static void sync(Source source, Configuration configuration, State state) {
        String database = name(configuration, "DATABASE");
        String table = name(configuration, "TABLE_NAME");
        int fetchSize = configuration.getInt("fetch_size", MIN_FETCH_SIZE);
        if (fetchSize < MIN_FETCH_SIZE) {
            throw new IllegalArgumentException("configuration value of 'fetch_size' must be at least " + MIN_FETCH_SIZE
                    + " (DolphinDB's Java API sends no smaller blocks)");
        }
        LocalDateTime start = cursor(state.getString("last_timestamp", DEFAULT_CURSOR));
        String script = script(database, table, start);

        Progress progress = new Progress(start);
        try {
            source.query(script, fetchSize, block -> {
                progress.block(table, block);
                state.put("last_timestamp", text(progress.complete));
                Operations.checkpoint(state);
            });
        } catch (IOException e) {
            throw new IllegalStateException("DolphinDB could not run the query on table " + table + " of dfs://" + database
                    + " (configuration keys 'DATABASE' and 'TABLE_NAME'): " + e.getMessage(), e);
        }
        progress.complete = progress.last;
        state.put("last_timestamp", text(progress.complete));
        Operations.checkpoint(state);
        Logging.info(table + ": " + progress.rows + (progress.rows == 1 ? " trade" : " trades") + " after " + start + " read in "
                + progress.blocks + (progress.blocks == 1 ? " block" : " blocks") + "; cursor now " + text(progress.complete));
    }

    /** What a query has read: the last timestamp seen, and the last one all of whose rows have been read. */
    private static final class Progress {
        LocalDateTime last;
        LocalDateTime complete;
        long rows;
        int blocks;

        Progress(LocalDateTime start) {
            this.last = start;
            this.complete = start;
        }

        void block(String table, BasicTable block) {
            blocks++;
            Vector timestamps = column(block, "timestamp");
            Vector symbols = column(block, "symbol");
            Vector prices = column(block, "price");
            Vector volumes = column(block, "volume");
            for (int i = 0; i < block.rows(); i++) {
                LocalDateTime timestamp = (LocalDateTime) value(timestamps, i);
                if (timestamp == null) {
                    throw new IllegalStateException("DolphinDB returned a trade without a timestamp");
                }
                if (timestamp.isAfter(last)) {
                    complete = last; // the query is in timestamp order: no row of an earlier timestamp follows
                    last = timestamp;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("symbol", value(symbols, i));
                row.put("timestamp", timestamp.atOffset(ZoneOffset.UTC));
                row.put("price", value(prices, i));
                row.put("volume", value(volumes, i));
                Operations.upsert(table, row);
                rows++;
            }
        }
    }

    /**
     * The query, in DolphinDB's script language: the cursor is a NANOTIMESTAMP literal written by the API itself
     * ({@code 2024.01.15T10:00:00.123456789}), the names are checked plain identifiers.
     */
    static String script(String database, String table, LocalDateTime after) {
        return "select symbol, timestamp, price, volume from loadTable(\"dfs://" + database + "\", \"" + table + "\")"
                + " where timestamp > " + new BasicNanoTimestamp(after).getString() + " order by timestamp";
    }

    private static Vector column(BasicTable block, String name) {
        Vector column = block.getColumn(name);
        if (column == null) {
            throw new IllegalStateException("DolphinDB returned no column " + name + "; the table needs symbol, timestamp, price and volume");
        }
        return column;
    }

    /** A value of DolphinDB's as one the SDK takes: null for DolphinDB's null, temporals as LocalDateTime, numbers as they are. */
    private static Object value(Vector column, int row) {
        if (column.isNull(row)) {
            return null;
        }
        Entity value = column.get(row);
        try {
            if (value instanceof BasicNanoTimestamp timestamp) {
                return timestamp.getNanoTimestamp();
            }
            if (value instanceof Scalar scalar) {
                switch (value.getDataCategory()) {
                    case TEMPORAL:
                        return scalar.getTemporal();
                    case INTEGRAL:
                    case FLOATING:
                        return scalar.getNumber();
                    default:
                        break;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read DolphinDB's value " + value.getString() + ": " + e.getMessage(), e);
        }
        return value.getString();
    }

    /** The cursor in state: ISO-8601 to the nanosecond, with an offset (upstream's +00:00) or without one, as UTC. */
    static LocalDateTime cursor(String text) {
        try {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("the state's last_timestamp is not an ISO-8601 date-time: " + text);
            }
        }
    }

    /** A cursor as state keeps it: UTC to the nanosecond, {@code 2024-01-15T10:00:00.123456789Z}. */
    static String text(LocalDateTime cursor) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(cursor) + "Z";
    }

    static String name(Configuration configuration, String key) {
        String name = configuration.require(key);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a DolphinDB name (a letter, then letters, digits or _)");
        }
        return name;
    }

    /** DolphinDB's Java API: one logged-in connection. */
    static final class DolphinSource implements Source {
        private final DBConnection connection;

        DolphinSource(DBConnection connection) {
            this.connection = connection;
        }

        static DolphinSource open(Configuration configuration) {
            String host = configuration.require("HOST");
            int port = configuration.getInt("PORT");
            String server = "DolphinDB at " + host + ":" + port;
            DBConnection connection = new DBConnection();
            try {
                if (!connection.connect(host, port, configuration.require("USERNAME"), configuration.require("PASSWORD"))) {
                    throw new IllegalStateException("cannot connect to " + server + " (configuration keys 'HOST' and 'PORT')");
                }
            } catch (IOException e) {
                connection.close();
                String message = String.valueOf(e.getMessage());
                if (message.contains("password") || message.contains("user name") || message.contains("login")) {
                    throw new IllegalStateException(server + " refused the login; check the configuration keys 'USERNAME' and 'PASSWORD': "
                            + message, e);
                }
                throw new IllegalStateException("cannot connect to " + server + " (configuration keys 'HOST' and 'PORT'): " + message, e);
            }
            Logging.info("connected to " + server);
            return new DolphinSource(connection);
        }

        @Override
        public void query(String script, int fetchSize, BlockHandler handler) throws IOException {
            Entity result = connection.run(script, (com.xxdb.io.ProgressListener) null, 4, 2, fetchSize);
            if (result instanceof EntityBlockReader reader) {
                while (reader.hasNext()) {
                    handler.block((BasicTable) reader.read());
                }
            } else if (result instanceof BasicTable table) {
                handler.block(table);
            } else {
                throw new IOException("the query returned a " + result.getDataForm() + ", not a table");
            }
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
