///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.apache.cassandra:java-driver-core:4.19.2

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A Cassandra table (by default sample_table: id uuid PRIMARY KEY, name text, created_at timestamp), read with the
 * Apache Cassandra Java driver: each sync reads the rows whose created_at is after the cursor in state, with a prepared
 * {@code SELECT * ... WHERE created_at > ? ALLOW FILTERING} in driver pages of page_size rows.
 *
 * Such a scan returns rows in token order, not in created_at order. So the cursor moves only when the scan is done,
 * to the largest created_at read, and never past the time the scan started (by the server's clock): a row written
 * while the scan ran, into a token range it had already passed, is read by the next sync. The checkpoints during the
 * scan (every 1,000 rows, at a page end) keep the cursor where it was and save the driver's paging state with it, so
 * that an interrupted sync resumes the same scan at the next page, and no row between the old cursor and the largest
 * created_at read is skipped.
 */
class connector {
    private static final String DEFAULT_CURSOR = "1990-01-01T00:00:00";
    private static final int CHECKPOINT_ROWS = 1_000;

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(tableName(configuration).asInternal()).primaryKey("id")
                .column("id", DataType.STRING)
                .column("created_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        String hostname = configuration.require("hostname");
        int port = configuration.getInt("port", 9042);
        CqlIdentifier keyspace = CqlIdentifier.fromCql(configuration.require("keyspace"));
        CqlIdentifier table = tableName(configuration);
        String datacenter = configuration.get("local_datacenter", "datacenter1");
        int pageSize = configuration.getInt("page_size", 100);
        if (pageSize < 1) {
            throw new IllegalArgumentException("configuration value of 'page_size' must be at least 1");
        }
        String destination = table.asInternal();
        String server = "Cassandra at " + hostname + ":" + port;
        boolean firstSync = !state.containsKey("last_created_at");
        Instant cursor = instant(state.getOrDefault("last_created_at", DEFAULT_CURSOR), "last_created_at");

        try (CqlSession session = connect(configuration, hostname, port, datacenter, server)) {
            checkTable(session, server, keyspace, table, datacenter);
            BoundStatement statement = session.prepare("SELECT * FROM " + keyspace.asCql(true) + "." + table.asCql(true)
                            + " WHERE created_at > ? ALLOW FILTERING")
                    .bind(cursor).setPageSize(pageSize).setIdempotent(true);

            Scan scan = Scan.resume(state, session, statement);
            if (scan == null) {
                Instant now = session.execute("SELECT toTimestamp(now()) FROM system.local").one().getInstant(0);
                scan = new Scan(null, null, now);
            } else {
                statement = statement.setPagingState(scan.pagingState());
                Logging.info(destination + ": resuming the scan of rows created after " + cursor + " that an earlier sync began");
            }
            if (firstSync) {
                // A sync from no state reads the whole table: what it does not read again is gone from the source.
                Operations.truncate(destination);
            }

            Instant maxCreatedAt = scan.maxCreatedAt();
            long rows = 0;
            long sinceCheckpoint = 0;
            int pages = 0;
            while (true) {
                ResultSet page = session.execute(statement);
                pages++;
                // Only the rows of this page: one() past them would fetch the next page behind our back.
                for (int i = page.getAvailableWithoutFetching(); i > 0; i--) {
                    Row row = page.one();
                    Operations.upsert(destination, values(row));
                    Instant createdAt = row.getInstant("created_at");
                    if (maxCreatedAt == null || createdAt.isAfter(maxCreatedAt)) {
                        maxCreatedAt = createdAt;
                    }
                    rows++;
                    sinceCheckpoint++;
                }
                PagingState next = page.getExecutionInfo().getSafePagingState();
                if (next == null) {
                    break;
                }
                statement = statement.setPagingState(next);
                if (sinceCheckpoint >= CHECKPOINT_ROWS) {
                    state.put("last_created_at", cursor.toString());
                    state.put("scan", new Scan(next, maxCreatedAt, scan.startedAt()).toState());
                    Operations.checkpoint(state);
                    Logging.info(destination + ": " + rows + " rows read, checkpointed mid-scan; the cursor stays at " + cursor
                            + " until the scan ends");
                    sinceCheckpoint = 0;
                }
            }

            Instant newCursor = cursor;
            if (maxCreatedAt != null) {
                Instant capped = maxCreatedAt.isAfter(scan.startedAt()) ? scan.startedAt() : maxCreatedAt;
                if (capped.isAfter(cursor)) {
                    newCursor = capped;
                }
            }
            state.remove("scan");
            state.put("last_created_at", newCursor.toString());
            Operations.checkpoint(state);
            Logging.info(destination + ": " + rows + (rows == 1 ? " row" : " rows") + " created after " + cursor + " read in " + pages
                    + (pages == 1 ? " page" : " pages") + "; cursor now " + newCursor
                    + (maxCreatedAt != null && maxCreatedAt.isAfter(scan.startedAt())
                            ? " (when the scan started: rows created after it, up to " + maxCreatedAt + ", are read again next sync)" : ""));
        }
    }

    /**
     * A scan as a mid-scan checkpoint saves it: the driver's paging state of the next page, the largest created_at read
     * so far, and when the scan began.
     */
    private record Scan(PagingState pagingState, Instant maxCreatedAt, Instant startedAt) {
        Map<String, Object> toState() {
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("paging_state", pagingState.toString());
            saved.put("max_created_at", maxCreatedAt.toString());
            saved.put("started_at", startedAt.toString());
            return saved;
        }

        /** The scan saved in state, or null when there is none, or when it does not fit this query (changed configuration). */
        static Scan resume(State state, CqlSession session, BoundStatement statement) {
            if (!(state.get("scan") instanceof Map<?, ?> saved)) {
                return null;
            }
            try {
                PagingState pagingState = PagingState.fromString(String.valueOf(saved.get("paging_state")));
                if (!pagingState.matches(statement, session)) {
                    throw new IllegalArgumentException("it was made for another query");
                }
                return new Scan(pagingState, instant(saved.get("max_created_at"), "scan.max_created_at"),
                        instant(saved.get("started_at"), "scan.started_at"));
            } catch (RuntimeException e) {
                Logging.warning("the scan saved in state cannot be resumed (" + e.getMessage() + "); scanning again from the cursor");
                return null;
            }
        }
    }

    private static CqlIdentifier tableName(Configuration configuration) {
        return CqlIdentifier.fromCql(configuration.get("table_name", "sample_table"));
    }

    private static CqlSession connect(Configuration configuration, String hostname, int port, String datacenter, String server) {
        InetSocketAddress address = new InetSocketAddress(hostname, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve the hostname of " + server + " (configuration key 'hostname')");
        }
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoint(address)
                .withLocalDatacenter(datacenter)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        // A page of a filtering scan can take the server a while to fill; the driver's default is 2 s.
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        // The session is closed when the sync is done: a short quiet period for Netty then, not 2 s.
                        .withString(DefaultDriverOption.NETTY_IO_SHUTDOWN_UNIT, "MILLISECONDS")
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 200)
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_TIMEOUT, 15_000)
                        .withString(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_UNIT, "MILLISECONDS")
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 200)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_TIMEOUT, 15_000)
                        .build());
        String username = configuration.get("username", "");
        if (!username.isBlank()) {
            builder.withAuthCredentials(username, configuration.require("password")); // the driver's PlainTextAuthProvider
        }
        try {
            return builder.build();
        } catch (AllNodesFailedException e) {
            for (List<Throwable> errors : e.getAllErrors().values()) {
                for (Throwable error : errors) {
                    if (error instanceof AuthenticationException) {
                        throw new IllegalStateException(username.isBlank()
                                ? server + " requires a login: set the configuration keys 'username' and 'password' (" + error.getMessage() + ")"
                                : server + " refused the login; check the configuration keys 'username' and 'password' (" + error.getMessage() + ")", e);
                    }
                }
            }
            throw new IllegalStateException("cannot connect to " + server + " (configuration keys 'hostname' and 'port'): " + e.getMessage(), e);
        }
    }

    /** Fails with a message naming the configuration key when the datacenter, keyspace or table is not what a sync needs. */
    private static void checkTable(CqlSession session, String server, CqlIdentifier keyspace, CqlIdentifier table, String datacenter) {
        Set<String> datacenters = session.getMetadata().getNodes().values().stream().map(Node::getDatacenter)
                .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
        if (!datacenters.contains(datacenter)) {
            throw new IllegalArgumentException("no node of " + server + " is in datacenter '" + datacenter
                    + "' (configuration key 'local_datacenter'); its nodes are in " + String.join(", ", datacenters));
        }
        KeyspaceMetadata keyspaceMetadata = session.getMetadata().getKeyspace(keyspace).orElseThrow(() -> new IllegalArgumentException(
                "keyspace " + keyspace.asCql(true) + " does not exist on " + server + " (configuration key 'keyspace')"));
        TableMetadata tableMetadata = keyspaceMetadata.getTable(table).orElseThrow(() -> new IllegalArgumentException(
                "table " + table.asCql(true) + " does not exist in keyspace " + keyspace.asCql(true) + " (configuration key 'table_name')"));
        String name = keyspace.asCql(true) + "." + table.asCql(true);
        List<String> primaryKey = tableMetadata.getPrimaryKey().stream().map(column -> column.getName().asInternal()).toList();
        if (!primaryKey.equals(List.of("id"))) {
            throw new IllegalArgumentException(name + " has the primary key (" + String.join(", ", primaryKey)
                    + "); this connector reads tables keyed by the single column id");
        }
        ColumnMetadata createdAt = tableMetadata.getColumn("created_at").orElseThrow(() -> new IllegalArgumentException(
                name + " has no column created_at, which the sync reads by"));
        if (!createdAt.getType().equals(DataTypes.TIMESTAMP)) {
            throw new IllegalArgumentException(name + ".created_at is a " + createdAt.getType().asCql(false, true) + ", not a timestamp");
        }
    }

    /** A row as the SDK's values, each column named as in Cassandra; the key as text (a uuid's canonical form). */
    private static Map<String, Object> values(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        ColumnDefinitions columns = row.getColumnDefinitions();
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i).getName().asInternal(), plain(row.getObject(i)));
        }
        values.put("id", String.valueOf(values.get("id")));
        return values;
    }

    /**
     * A value of the driver's as one the SDK takes: numbers, text, booleans, timestamps and dates as they are; blobs as
     * bytes; uuid, time, duration, inet and decimal as text; collections, tuples, vectors and UDTs as JSON lists and objects.
     * NaN and infinite floats become null: no destination column holds them.
     */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Short || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger || value instanceof Instant || value instanceof LocalDate) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            // A Cassandra decimal has any number of digits, and a scale of its own in each value: past the 38 digits of
            // a warehouse DECIMAL it could not be held at all, so it is kept as its exact text.
            return decimal.toPlainString();
        }
        if (value instanceof Byte tinyint) {
            return tinyint.shortValue();
        }
        if (value instanceof Float number) {
            return number.isNaN() || number.isInfinite() ? null : number;
        }
        if (value instanceof Double number) {
            return number.isNaN() || number.isInfinite() ? null : number;
        }
        if (value instanceof ByteBuffer blob) {
            byte[] bytes = new byte[blob.remaining()];
            blob.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof InetAddress address) {
            return address.getHostAddress();
        }
        if (value instanceof UUID || value instanceof LocalTime || value instanceof CqlDuration) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            map.forEach((key, element) -> object.put(String.valueOf(plain(key)), plain(element)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(connector::plain).collect(Collectors.toCollection(ArrayList::new));
        }
        if (value instanceof CqlVector<?> vector) {
            List<Object> list = new ArrayList<>();
            vector.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (value instanceof UdtValue udt) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < udt.size(); i++) {
                object.put(udt.getType().getFieldNames().get(i).asInternal(), plain(udt.getObject(i)));
            }
            return object;
        }
        if (value instanceof TupleValue tuple) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                list.add(plain(tuple.getObject(i)));
            }
            return list;
        }
        return value.toString();
    }

    /** A time in state: ISO with an offset ({@code 2024-01-01T10:00:00Z}, upstream's {@code +00:00}) or without one, as UTC. */
    private static Instant instant(Object value, String key) {
        String text = String.valueOf(value);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("the state's " + key + " is not an ISO date-time: " + text);
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
