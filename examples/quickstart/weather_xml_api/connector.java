///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Current observations of NOAA's National Weather Service weather stations, from its XML feed
 * ({@code /xml/current_obs/<STATION>.xml}, read with Http.getXml): one row per station and one per new observation,
 * incremental by each station's observation time.
 */
class connector {
    static final String BASE_URL = "https://forecast.weather.gov";
    private static final Pattern STATION = Pattern.compile("[A-Z0-9]{3,5}");

    /** The elements of {@code <current_observation>} that are synced, as text unless typed below. */
    static final List<String> ELEMENTS = List.of("credit", "credit_URL", "suggested_pickup", "suggested_pickup_period", "location",
            "station_id", "latitude", "longitude", "observation_time", "observation_time_rfc822", "weather", "temperature_string",
            "temp_f", "temp_c", "relative_humidity", "wind_string", "wind_dir", "wind_degrees", "wind_mph", "wind_kt",
            "pressure_string", "pressure_mb", "pressure_in", "dewpoint_string", "dewpoint_f", "dewpoint_c", "visibility_mi",
            "icon_url_base", "two_day_history_url", "icon_url_name", "ob_url", "disclaimer_url", "copyright_url", "privacy_policy_url");
    static final Set<String> DOUBLES = Set.of("latitude", "longitude", "temp_f", "temp_c", "wind_mph", "wind_kt", "pressure_mb",
            "pressure_in", "dewpoint_f", "dewpoint_c", "visibility_mi");
    static final Set<String> INTS = Set.of("relative_humidity", "wind_degrees");

    static List<Table> schema(Configuration configuration) {
        Table observations = Table.named("weather_observations").primaryKey("station_id", "observed_at")
                .column("station_id", DataType.STRING).column("observed_at", DataType.UTC_DATETIME)
                .column("observation_time_rfc822", DataType.STRING);
        DOUBLES.forEach(column -> observations.column(column, DataType.DOUBLE));
        INTS.forEach(column -> observations.column(column, DataType.INT));
        return List.of(observations,
                Table.named("weather_stations").primaryKey("station_id").column("station_id", DataType.STRING)
                        .column("location", DataType.STRING).column("latitude", DataType.DOUBLE).column("longitude", DataType.DOUBLE)
                        .column("credit", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        List<String> stations = configuration.getList("station_codes").stream().map(code -> code.toUpperCase(Locale.ROOT)).toList();
        if (stations.isEmpty()) {
            throw new IllegalArgumentException("configuration 'station_codes' is required: a comma-separated list such as KOAK,KJFK");
        }
        for (String station : stations) {
            if (!STATION.matcher(station).matches()) {
                throw new IllegalArgumentException("configuration 'station_codes': '" + station + "' is not a station code (3 to 5 letters or digits)");
            }
        }
        // the NWS asks every client to say who it is, and refuses requests without a User-Agent
        Http nws = Http.builder(BASE_URL).header("User-Agent", configuration.require("user_agent")).build();

        @SuppressWarnings("unchecked")
        Map<String, Object> observed = new LinkedHashMap<>((Map<String, Object>) state.getOrDefault("observed_at", Map.of()));
        for (String station : stations) {
            JsonNode observation = nws.getXml("/xml/current_obs/" + station + ".xml", Map.of());
            Map<String, Object> row = row(station, observation);
            Instant at = (Instant) row.get("observed_at");
            Object last = observed.get(station);
            if (last != null && !at.isAfter(Instant.parse((String) last))) {
                Logging.info(station + ": no observation after " + last);
                continue;
            }
            Map<String, Object> stationRow = new LinkedHashMap<>();
            for (String column : List.of("station_id", "location", "latitude", "longitude", "credit")) {
                stationRow.put(column, row.get(column));
            }
            Operations.upsert("weather_stations", stationRow);
            Operations.upsert("weather_observations", row);
            observed.put(station, at.toString());
            state.put("observed_at", observed);
            Operations.checkpoint(state);
            Logging.info(station + ": " + row.get("weather") + ", " + row.get("temp_c") + " °C at " + at);
        }
    }

    /** The observation's elements as a row: numbers typed, the RFC 822 time also as an instant. */
    static Map<String, Object> row(String station, JsonNode observation) {
        if (observation == null || !observation.path("observation_time_rfc822").isTextual()) {
            throw new IllegalStateException("the observation of " + station + " has no observation_time_rfc822");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (String element : ELEMENTS) {
            String text = observation.path(element).isValueNode() ? observation.path(element).asText().strip() : "";
            row.put(element, text.isEmpty() ? null : typed(station, element, text));
        }
        if (row.get("station_id") == null) {
            row.put("station_id", station);
        }
        String time = (String) row.get("observation_time_rfc822");
        try {
            row.put("observed_at", ZonedDateTime.parse(time, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the observation of " + station + " has an observation_time_rfc822 that is not RFC 822: " + time);
        }
        return row;
    }

    /** A number where the element is one; the feed's "NA" and other text become null, with a warning. */
    private static Object typed(String station, String element, String text) {
        try {
            if (DOUBLES.contains(element)) {
                return Double.parseDouble(text);
            }
            if (INTS.contains(element)) {
                return Integer.parseInt(text);
            }
        } catch (NumberFormatException e) {
            Logging.warning(station + ": " + element + " is not a number (" + text + "): stored as null");
            return null;
        }
        return text;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
