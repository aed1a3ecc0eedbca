///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Marketstack's documentation of {@code /v2/eod}
 * (its query parameters, the {@code pagination} and {@code data} of its answer, its error objects), replayed in order
 * (one WireMock scenario per folder; {@code date_to} and the first sync's {@code date_from} are matched as dates, the
 * second sync's {@code date_from} exactly: the cursor): recordings/ holds two syncs of AAPL and MSFT in pages of 2, with a
 * 429 retried; recordings-invalid-key/ a 401. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("api_key", "test-access-key-0123456789", "symbols", "AAPL, MSFT", "page_size", "2"))
                .replay(Path.of(recording));
    }

    @Test
    void eachSymbolIsPagedOldestFirstAndTheNextSyncStartsAtItsLastDate() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(9L, first.counts().upserts(), "AAPL in 3 pages (5 days), MSFT in 2 pages and an empty one (4 days)");
            assertEquals(Map.of("last_date", Map.of("AAPL", "2024-03-08", "MSFT", "2024-03-07")), first.state());
            assertEquals(1L, sync.log().stream().filter(line -> line.startsWith("WARN GET https://api.marketstack.com/v2/eod?") && line.contains(": 429; retrying")).count(),
                    sync.log()::toString);
            assertTrue(sync.log().stream().noneMatch(line -> line.contains("test-access-key")), "the key never reaches the log");

            Map<String, Object> aapl = sync.rows("SELECT * FROM tickers_price WHERE symbol = 'AAPL' AND date = DATE '2024-03-05'").get(0);
            assertEquals(LocalDate.of(2024, 3, 5), aapl.get("date"));
            assertEquals(170.76, aapl.get("open"));
            assertEquals(170.12, aapl.get("close"));
            assertEquals(95132355.0, aapl.get("volume"));
            assertEquals("XNAS", aapl.get("exchange"));
            assertEquals("Apple Inc", aapl.get("name"));
            assertEquals(List.of(
                            Map.of("column_name", "symbol", "data_type", "VARCHAR"),
                            Map.of("column_name", "date", "data_type", "DATE"),
                            Map.of("column_name", "open", "data_type", "DOUBLE"),
                            Map.of("column_name", "high", "data_type", "DOUBLE"),
                            Map.of("column_name", "low", "data_type", "DOUBLE"),
                            Map.of("column_name", "close", "data_type", "DOUBLE"),
                            Map.of("column_name", "volume", "data_type", "DOUBLE"),
                            Map.of("column_name", "adj_open", "data_type", "DOUBLE"),
                            Map.of("column_name", "adj_high", "data_type", "DOUBLE"),
                            Map.of("column_name", "adj_low", "data_type", "DOUBLE"),
                            Map.of("column_name", "adj_close", "data_type", "DOUBLE"),
                            Map.of("column_name", "adj_volume", "data_type", "DOUBLE"),
                            Map.of("column_name", "split_factor", "data_type", "DOUBLE"),
                            Map.of("column_name", "dividend", "data_type", "DOUBLE"),
                            Map.of("column_name", "exchange", "data_type", "VARCHAR"),
                            Map.of("column_name", "exchange_code", "data_type", "VARCHAR"),
                            Map.of("column_name", "name", "data_type", "VARCHAR"),
                            Map.of("column_name", "asset_type", "data_type", "VARCHAR"),
                            Map.of("column_name", "price_currency", "data_type", "VARCHAR")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'tickers_price'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_index"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(5L, second.counts().upserts(), "each symbol's last date again, and the days after it");
            assertEquals(Map.of("last_date", Map.of("AAPL", "2024-03-11", "MSFT", "2024-03-11")), second.state());
            assertEquals(List.of(Map.of("symbol", "AAPL", "n", 6L), Map.of("symbol", "MSFT", "n", 6L)),
                    sync.rows("SELECT symbol, count(*) AS n FROM tickers_price GROUP BY symbol ORDER BY symbol"));
            Map<String, Object> corrected = sync.rows("SELECT adj_close, dividend FROM tickers_price WHERE symbol = 'AAPL' AND date = DATE '2024-03-08'").get(0);
            assertEquals(170.49, corrected.get("adj_close"), "the last day read again carries its correction");
            assertEquals(0.24, corrected.get("dividend"));
        }
    }

    @Test
    void aRefusedAccessKeyFailsTheSyncNamingTheConfigurationKey() {
        try (TestSync sync = sync("recordings-invalid-key")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Marketstack refused the access key of configuration 'api_key': GET https://api.marketstack.com/v2/eod?")
                    && result.failure().contains("failed: 401: {\"error\":{\"code\":\"invalid_access_key\""), result.failure());
            assertFalse(result.failure().contains("test-access-key"), "the key is not shown");
            assertEquals(0L, sync.value("SELECT count(*) FROM tickers_price"));
        }
    }

    @Test
    void aMalformedSymbolOrPageSizeIsRefusedBeforeAnyRequest() {
        try (TestSync sync = sync("recordings").configure("symbols", "AAPL,MS FT")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'symbols': item 2 is not a ticker symbol"), result.failure());
        }
        try (TestSync sync = sync("recordings").configure("page_size", "5000")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'page_size' must be between 1 and 1000"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
