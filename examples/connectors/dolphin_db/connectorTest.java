///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.xxdb.data.BasicFloatVector;
import com.xxdb.data.BasicIntVector;
import com.xxdb.data.BasicNanoTimestampVector;
import com.xxdb.data.BasicSymbolVector;
import com.xxdb.data.BasicTable;
import com.xxdb.data.Utils;
import com.xxdb.data.Vector;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No DolphinDB server runs here. These tests check the script the connector builds (its NANOTIMESTAMP literal written
 * by DolphinDB's own Java API), run the real client against a port where nothing listens, and run the sync logic on
 * {@link FakeDolphin}, an in-memory trades table behind the connector's Source interface that answers the script as
 * DolphinDB would (the rows after the literal, in timestamp order, in blocks of the API's own BasicTable and vectors)
 * and records every script it got.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final Map<String, String> CONFIGURATION = Map.of(
            "HOST", "dolphindb.example.com", "PORT", "8848", "DATABASE", "market", "TABLE_NAME", "trades",
            "USERNAME", "reader", "PASSWORD", "reader-password");

    private static final LocalDateTime T1 = LocalDateTime.parse("2024-01-15T09:30:00.000000001");
    private static final LocalDateTime T2 = LocalDateTime.parse("2024-01-15T09:30:00.000000002");
    private static final LocalDateTime T3 = LocalDateTime.parse("2024-01-15T09:31:00.5");
    private static final LocalDateTime T4 = LocalDateTime.parse("2024-01-15T10:00:00");

    private static FakeDolphin loaded() {
        FakeDolphin dolphin = new FakeDolphin();
        dolphin.trade("AAPL", T1, 185.25f, 100);
        dolphin.trade("MSFT", T2, 390.5f, 200);
        dolphin.trade("AAPL", T2, 185.5f, 300); // the same nanosecond as the trade before: the two straddle a block boundary
        dolphin.trade("GOOG", T3, 142.75f, Integer.MIN_VALUE); // DolphinDB's null INT
        dolphin.trade("MSFT", T4, 391f, 50);
        return dolphin;
    }

    private static TestSync sync(FakeDolphin dolphin) {
        return TestSync.of(new Connector((configuration, state) -> connector.sync(dolphin, configuration, state), connector::schema))
                .configuration(CONFIGURATION);
    }

    private static String script(String literal) {
        return "select symbol, timestamp, price, volume from loadTable(\"dfs://market\", \"trades\")"
                + " where timestamp > " + literal + " order by timestamp";
    }

    private static final String ROWS = "SELECT symbol, strftime(timestamp AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS ts, price, volume"
            + " FROM trades WHERE NOT _fivetran_deleted ORDER BY timestamp, symbol";

    private static Map<String, Object> row(String symbol, String timestamp, float price, Integer volume) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("symbol", symbol);
        row.put("ts", timestamp);
        row.put("price", price);
        row.put("volume", volume);
        return row;
    }

    @Test
    void theFirstSyncReadsEveryTradeInBlocksAndTheNextOnlyTheTradesAfterTheCursor() {
        FakeDolphin dolphin = loaded();
        try (TestSync sync = sync(dolphin)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts());
            assertEquals(List.of(script("1990.01.01T00:00:00.000000000")), dolphin.scripts);
            assertEquals(List.of(8192), dolphin.fetchSizes);
            // Blocks of 2: after each, the last timestamp whose rows have all been read; at the end, the last one.
            assertEquals(List.of("2024-01-15T09:30:00.000000001Z", "2024-01-15T09:30:00.000000002Z", "2024-01-15T09:31:00.5Z",
                    "2024-01-15T10:00:00Z"), checkpointedCursors(sync));
            assertEquals(4L, first.counts().checkpoints());
            assertEquals(Map.of("last_timestamp", "2024-01-15T10:00:00Z"), first.state());
            // DuckDB keeps microseconds: the trades of 09:30:00.000000001 and .000000002 land at 09:30:00.000000.
            assertEquals(List.of(row("AAPL", "2024-01-15T09:30:00.000000", 185.25f, 100), row("AAPL", "2024-01-15T09:30:00.000000", 185.5f, 300),
                    row("MSFT", "2024-01-15T09:30:00.000000", 390.5f, 200), row("GOOG", "2024-01-15T09:31:00.500000", 142.75f, null),
                    row("MSFT", "2024-01-15T10:00:00.000000", 391f, 50)), sync.rows(ROWS));
            assertEquals(Map.of("symbol", "VARCHAR", "timestamp", "TIMESTAMP WITH TIME ZONE", "price", "FLOAT", "volume", "INTEGER",
                    "_fivetran_id", "UHUGEINT", "_fivetran_synced", "TIMESTAMP WITH TIME ZONE", "_fivetran_deleted", "BOOLEAN"), columnTypes(sync));

            dolphin.trade("GOOG", LocalDateTime.parse("2024-01-15T10:00:00.000000001"), 143f, 10);
            dolphin.trade("AAPL", LocalDateTime.parse("2024-01-16T09:30:00"), 186f, 20);
            dolphin.scripts.clear();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts());
            assertEquals(List.of(script("2024.01.15T10:00:00.000000000")), dolphin.scripts);
            assertEquals(Map.of("last_timestamp", "2024-01-16T09:30:00Z"), second.state());
            assertEquals(7L, sync.value("SELECT count(*) FROM trades"));

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts());
            assertEquals(second.state(), third.state());
        }
    }

    @Test
    void aQueryThatFailsMidwayKeepsItsCommittedBlocksAndTheNextSyncReadsTheRestWithoutDuplicates() {
        FakeDolphin dolphin = loaded();
        dolphin.failAtBlock = 2;
        try (TestSync sync = sync(dolphin)) {
            SyncResult failed = sync.run();
            assertFalse(failed.succeeded());
            assertTrue(failed.failure().endsWith("DolphinDB could not run the query on table trades of dfs://market"
                    + " (configuration keys 'DATABASE' and 'TABLE_NAME'): Couldn't send script/function to the remote host because the"
                    + " connection has been closed"), failed.failure());
            assertEquals(Map.of("last_timestamp", "2024-01-15T09:30:00.000000001Z"), failed.state());
            assertEquals(2L, sync.value("SELECT count(*) FROM trades"));

            dolphin.failAtBlock = 0;
            dolphin.scripts.clear();
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(List.of(script("2024.01.15T09:30:00.000000001")), dolphin.scripts);
            assertEquals(4L, resumed.counts().upserts(), "the MSFT trade of T2 again, and the three after it");
            assertEquals(5L, sync.value("SELECT count(*) FROM trades"), "the trade read twice replaced itself (same values, same hash)");
            assertEquals(Map.of("last_timestamp", "2024-01-15T10:00:00Z"), resumed.state());
        }
    }

    @Test
    void aTableThatDoesNotExistNamesTheKeys() {
        FakeDolphin dolphin = loaded();
        dolphin.failAtBlock = 1;
        dolphin.failure = new IOException("dolphindb.example.com:8848 Server response: 'loadTable(\"dfs://market\", \"trades\") =>"
                + " The database [dfs://market] does not exist.' script: 'select symbol, ...'");
        try (TestSync sync = sync(dolphin)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("DolphinDB could not run the query on table trades of dfs://market"
                    + " (configuration keys 'DATABASE' and 'TABLE_NAME'): dolphindb.example.com:8848 Server response:"), result.failure());
            assertTrue(result.failure().contains("The database [dfs://market] does not exist."), result.failure());
            assertEquals(Map.of(), result.state());
        }
    }

    @Test
    void theRealClientFailsWithAClearMessageWhereNoServerAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(CONFIGURATION)
                .configure("HOST", "127.0.0.1").configure("PORT", String.valueOf(port))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("cannot connect to DolphinDB at 127.0.0.1:" + port + " (configuration keys 'HOST' and 'PORT')"),
                    result.failure());
            assertFalse(result.failure().contains("reader-password"));
        }
    }

    @Test
    void theScriptsCursorIsTheApisOwnNanotimestampLiteral() {
        assertEquals(script("2024.01.15T09:30:00.123456789"), connector.script("market", "trades", LocalDateTime.parse("2024-01-15T09:30:00.123456789")));
        // Upstream's state (Python's isoformat with +00:00, microseconds) is read as UTC.
        assertEquals(LocalDateTime.parse("2024-01-15T09:30:00.123456"), connector.cursor("2024-01-15T09:30:00.123456+00:00"));
        assertEquals(LocalDateTime.parse("2024-01-15T07:30:00"), connector.cursor("2024-01-15T09:30:00+02:00"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        assertRefused("TABLE_NAME", "trades\"); dropDatabase(\"dfs://market", "configuration key 'TABLE_NAME' must be a DolphinDB name (a letter, then letters, digits or _)");
        assertRefused("DATABASE", "", "configuration key 'DATABASE' is empty; give it a value in the configuration");
        assertRefused("fetch_size", "1000", "configuration value of 'fetch_size' must be at least 8192 (DolphinDB's Java API sends no smaller blocks)");
        assertRefused("PASSWORD", null, "configuration is missing required key 'PASSWORD'");
    }

    private static void assertRefused(String key, String value, String message) {
        Map<String, String> configuration = new LinkedHashMap<>(CONFIGURATION);
        if (value == null) {
            configuration.remove(key);
        } else {
            configuration.put(key, value);
        }
        FakeDolphin dolphin = loaded();
        Connector tested = key.equals("PASSWORD")
                ? new Connector(connector::update, connector::schema)
                : new Connector((c, state) -> connector.sync(dolphin, c, state), connector::schema);
        try (TestSync sync = TestSync.of(tested).configuration(configuration)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith(message), result.failure());
            assertTrue(dolphin.scripts.isEmpty());
        }
    }

    /** The last_timestamp of each checkpoint of the last run, from the log. */
    private static List<String> checkpointedCursors(TestSync sync) {
        Pattern checkpoint = Pattern.compile("checkpoint recorded: \\{\"last_timestamp\":\"([^\"]+)\"\\}");
        List<String> cursors = new ArrayList<>();
        for (String line : sync.log()) {
            Matcher matcher = checkpoint.matcher(line);
            if (matcher.find()) {
                cursors.add(matcher.group(1));
            }
        }
        return cursors;
    }

    private static Map<String, String> columnTypes(TestSync sync) {
        Map<String, String> types = new TreeMap<>();
        sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'trades'")
                .forEach(row -> types.put((String) row.get("column_name"), (String) row.get("data_type")));
        return types;
    }

    /**
     * A trades table in memory that answers the connector's script: the trades after its NANOTIMESTAMP literal, in
     * timestamp order, in blocks of two rows built of the API's own vectors. It records each script and fetch size, and
     * can fail at a block as a dropped connection does.
     */
    static final class FakeDolphin implements connector.Source {
        private static final Pattern CURSOR = Pattern.compile(" where timestamp > (\\d{4}\\.\\d{2}\\.\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}) order by timestamp$");
        private record Trade(String symbol, LocalDateTime timestamp, float price, int volume) {
        }

        final List<Trade> trades = new ArrayList<>();
        final List<String> scripts = new ArrayList<>();
        final List<Integer> fetchSizes = new ArrayList<>();
        int failAtBlock;
        IOException failure = new IOException("Couldn't send script/function to the remote host because the connection has been closed");

        void trade(String symbol, LocalDateTime timestamp, float price, int volume) {
            trades.add(new Trade(symbol, timestamp, price, volume));
        }

        @Override
        public void query(String script, int fetchSize, connector.BlockHandler handler) throws IOException {
            scripts.add(script);
            fetchSizes.add(fetchSize);
            Matcher cursor = CURSOR.matcher(script);
            assertTrue(cursor.find(), script);
            LocalDateTime after = LocalDateTime.parse(cursor.group(1), DateTimeFormatter.ofPattern("yyyy.MM.dd'T'HH:mm:ss.SSSSSSSSS"));
            List<Trade> rows = trades.stream().filter(trade -> trade.timestamp().isAfter(after))
                    .sorted(Comparator.comparing(Trade::timestamp)).toList();
            int blocks = 0;
            for (int from = 0; from < rows.size(); from += 2) {
                if (++blocks == failAtBlock) {
                    throw failure;
                }
                List<Trade> block = rows.subList(from, Math.min(rows.size(), from + 2));
                handler.block(new BasicTable(List.of("symbol", "timestamp", "price", "volume"), List.<Vector>of(
                        new BasicSymbolVector(block.stream().map(Trade::symbol).toList()),
                        new BasicNanoTimestampVector(block.stream().map(trade -> Utils.countNanoseconds(trade.timestamp())).toList()),
                        new BasicFloatVector(block.stream().map(Trade::price).toList()),
                        new BasicIntVector(block.stream().map(Trade::volume).toList()))));
            }
            if (++blocks == failAtBlock) {
                throw failure;
            }
        }

        @Override
        public void close() {
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
