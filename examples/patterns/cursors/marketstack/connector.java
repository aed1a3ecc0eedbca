///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * End-of-day prices of the configured ticker symbols from Marketstack's {@code /v2/eod}, one cursor per symbol: the
 * last trading date synced. Each sync asks for {@code date_from} = that date (the last day is read again, in case it
 * was corrected) to {@code date_to} = today, oldest first, in pages of {@code limit} records, checkpointing after each
 * page; a first sync starts {@code initial_days} before today.
 */
class connector {
    static final String API = "https://api.marketstack.com/v2";
    static final String TABLE = "tickers_price";
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9.\\-]{1,20}");
    /** Marketstack's dates: midnight UTC, with an offset without a colon ({@code 2024-03-08T00:00:00+0000}). */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    static List<Table> schema(Configuration configuration) {
        Table table = Table.named(TABLE).primaryKey("symbol", "date")
                .column("symbol", DataType.STRING)
                .column("date", DataType.NAIVE_DATE);
        for (String price : List.of("open", "high", "low", "close", "volume", "adj_open", "adj_high", "adj_low", "adj_close", "adj_volume",
                "split_factor", "dividend")) {
            table = table.column(price, DataType.DOUBLE);
        }
        return List.of(table.column("exchange", DataType.STRING).column("exchange_code", DataType.STRING).column("name", DataType.STRING)
                .column("asset_type", DataType.STRING).column("price_currency", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        String apiKey = configuration.require("api_key");
        List<String> symbols = symbols(configuration);
        int pageSize = configuration.getInt("page_size", 1000);
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("configuration 'page_size' must be between 1 and 1000 (Marketstack's largest limit)");
        }
        int initialDays = configuration.getInt("initial_days", 15);
        if (initialDays < 0) {
            throw new IllegalArgumentException("configuration 'initial_days' must not be negative");
        }
        // the API allows 5 requests per second
        Http api = Http.builder(API).auth(Auth.apiKeyQuery("access_key", apiKey)).rateLimit(5, Duration.ofSeconds(1)).build();

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Object> lastDates = new LinkedHashMap<>();
        if (state.get("last_date") instanceof Map<?, ?> saved) {
            saved.forEach((symbol, date) -> {
                if (symbols.contains(String.valueOf(symbol))) {
                    lastDates.put(String.valueOf(symbol), date);   // a symbol no longer configured leaves the state
                }
            });
        }
        state.put("last_date", lastDates);
        for (String symbol : symbols) {
            String from = lastDates.containsKey(symbol) ? String.valueOf(lastDates.get(symbol)) : today.minusDays(initialDays).toString();
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("symbols", symbol);
            query.put("date_from", from);
            query.put("date_to", today.toString());   // moves with each sync: upstream froze it after the first one
            query.put("sort", "ASC");
            query.put("limit", pageSize);
            query.put("offset", 0);
            long rows = 0;
            try {
                for (Page page : Pages.of(api, "/eod", query, "/data", Pagination.offset("offset", "limit"))) {
                    for (JsonNode price : page.items()) {
                        Operations.upsert(TABLE, row(price));
                    }
                    rows += page.items().size();
                    if (page.last() != null) {
                        lastDates.put(symbol, date(page.last()).toString());
                        Operations.checkpoint(state);
                    }
                }
            } catch (HttpException e) {
                throw explained(e);
            }
            Logging.info(symbol + ": " + rows + " end-of-day prices from " + from + " to " + today);
        }
        Operations.checkpoint(state);
    }

    static List<String> symbols(Configuration configuration) {
        List<String> symbols = configuration.containsKey("symbols") ? configuration.getList("symbols") : List.of("AAPL", "MSFT", "GOOG", "INTC");
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("configuration 'symbols' lists no ticker symbol; give one or more, comma-separated");
        }
        for (int i = 0; i < symbols.size(); i++) {
            if (!SYMBOL.matcher(symbols.get(i)).matches()) {
                throw new IllegalArgumentException("configuration 'symbols': item " + (i + 1) + " is not a ticker symbol");
            }
        }
        return symbols.stream().distinct().toList();
    }

    static Map<String, Object> row(JsonNode price) {
        Map<String, Object> row = new LinkedHashMap<>();
        price.properties().forEach(field -> row.put(field.getKey(), field.getValue().isNull() ? null
                : field.getValue().isNumber() ? field.getValue().doubleValue() : field.getValue().asText()));
        row.put("date", date(price));
        return row;
    }

    private static LocalDate date(JsonNode price) {
        return OffsetDateTime.parse(price.path("date").asText(), DATE).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    /** Marketstack's 401 and 403 answers as what to fix; others as they are. */
    private static RuntimeException explained(HttpException e) {
        return switch (e.status()) {
            case 401 -> new IllegalStateException("Marketstack refused the access key of configuration 'api_key': " + e.getMessage(), e);
            case 403 -> new IllegalStateException("Marketstack refused the request for this subscription plan: " + e.getMessage(), e);
            default -> e;
        };
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
