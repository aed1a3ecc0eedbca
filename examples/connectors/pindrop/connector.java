///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.OAuth2;
import fivetran.connector.sdk.util.Csv;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pindrop's nightly reports (CSV, one per report type and day), one table per report type. OAuth2 client credentials
 * (the token renewed before it expires and after a 401); per report type, the days after the last one read, up to
 * today, each checkpointed with the day it read; the last lookback_days days are read again, for reports that come late.
 */
class connector {
    static final List<String> REPORT_TYPES = List.of("blacklist", "calls", "audit", "cases", "account_risk", "enrollment");
    static final String STATE_KEY = "last_report_date";

    static List<Table> schema(Configuration configuration) {
        return reportTypes(configuration).stream().map(type -> type.equals("blacklist")
                ? Table.named(type).primaryKey("report_date", "phone_number").column("report_date", DataType.NAIVE_DATE).column("phone_number", DataType.STRING)
                : Table.named(type).primaryKey("report_date", "id").column("report_date", DataType.NAIVE_DATE).column("id", DataType.STRING)).toList();
    }

    static List<String> reportTypes(Configuration configuration) {
        List<String> types = configuration.get("report_types", null) == null ? REPORT_TYPES : configuration.getList("report_types");
        for (String type : types) {
            if (!REPORT_TYPES.contains(type)) {
                throw new IllegalArgumentException("configuration 'report_types': '" + type + "' is not one of " + String.join(", ", REPORT_TYPES));
            }
        }
        return types;
    }

    @SuppressWarnings("unchecked")
    static void update(Configuration configuration, State state) {
        List<String> types = reportTypes(configuration);
        OAuth2 oauth = OAuth2.clientCredentials(configuration.get("token_url", "https://auth.us2.pindrop.com/oauth2/token"),
                configuration.require("client_id"), configuration.require("client_secret"))
                .whenRefused("check configuration 'client_id' and 'client_secret'");
        Http api = Http.builder(configuration.get("api_base_url", "https://api2.us2.pindrop.com")).auth(oauth)
                .rateLimit(configuration.getInt("requests_per_second", 1), Duration.ofSeconds(1))
                .build();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate initial = configuration.getDate("initial_sync_date", today.minusDays(30));
        int lookback = configuration.getInt("lookback_days", 2);

        Map<String, Object> last = state.get(STATE_KEY) instanceof Map<?, ?> saved ? new LinkedHashMap<>((Map<String, Object>) saved) : new LinkedHashMap<>();
        for (String type : types) {
            LocalDate from = last.get(type) == null ? initial : LocalDate.parse((String) last.get(type)).minusDays(lookback - 1L);
            if (from.isBefore(initial)) {
                from = initial;
            }
            for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
                long rows = report(api, type, day);
                last.put(type, day.toString());
                state.put(STATE_KEY, last);
                Operations.checkpoint(state);
                Logging.info("pindrop: " + type + " " + day + ", " + (rows < 0 ? "no report (404)" : rows + " rows"));
            }
        }
    }

    /** One day's report of one type upserted; the rows read, or -1 when Pindrop has no such report (404). */
    static long report(Http api, String type, LocalDate day) {
        String csv;
        try {
            csv = api.getText("/v1/nightly_reports/" + type + "/" + day, Map.of(), "text/csv");
        } catch (HttpException e) {
            if (e.status() == 404) {
                return -1;
            }
            if (e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("Pindrop refused the access of client_id (" + e.status() + ") to the " + type
                        + " report: check configuration 'client_id' and 'client_secret' and the client's scopes. " + e.getMessage(), e);
            }
            throw e;
        }
        if (csv.isBlank()) {
            return 0;
        }
        long row = 0;
        for (Map<String, String> record : Csv.rows(csv)) {
            Map<String, Object> values = new LinkedHashMap<>();
            record.forEach((column, value) -> values.put(column.strip(), value == null ? null : value.strip()));
            values.put("report_date", day);
            values.put("report_type", type);
            if (type.equals("blacklist")) {
                if (values.get("phone_number") == null) {
                    throw new IllegalStateException("the blacklist report of " + day + " has a row without phone_number (row " + (row + 1) + ")");
                }
            } else if (values.get("id") == null) {
                values.put("id", type + "_" + day + "_" + row);   // the report has no id column: its row number within the day
            }
            Operations.upsert(type, values);
            row++;
        }
        return row;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
