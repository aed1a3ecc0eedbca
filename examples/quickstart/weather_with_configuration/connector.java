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
import fivetran.connector.sdk.http.HttpException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Weather forecasts for the US ZIP codes of the configuration: each ZIP code's coordinates from Zippopotam.us, then the
 * National Weather Service's two-step forecast (the grid point of the coordinates, then its forecast URL). A forecast
 * that NWS has not updated since the last sync (its {@code updated} time, kept per ZIP code in state) writes nothing.
 */
class connector {
    static final String ZIPPOPOTAM = "https://api.zippopotam.us";
    static final String NWS = "https://api.weather.gov";
    static final String DEFAULT_USER_AGENT = "fivetran-connector-sdk-java weather_with_configuration";
    private static final Pattern ZIP = Pattern.compile("\\d{5}");

    static List<Table> schema(Configuration configuration) {
        return List.of(
                Table.named("zip_code").primaryKey("zip_code")
                        .column("zip_code", DataType.STRING)
                        .column("place_name", DataType.STRING)
                        .column("state", DataType.STRING)
                        .column("state_abbreviation", DataType.STRING)
                        .column("latitude", DataType.DOUBLE)
                        .column("longitude", DataType.DOUBLE)
                        .column("forecast_office", DataType.STRING)
                        .column("grid_x", DataType.INT)
                        .column("grid_y", DataType.INT)
                        .column("forecast_url", DataType.STRING),
                Table.named("forecast").primaryKey("start_time", "zip_code")
                        .column("zip_code", DataType.STRING)
                        .column("start_time", DataType.UTC_DATETIME)
                        .column("end_time", DataType.UTC_DATETIME)
                        .column("number", DataType.INT)
                        .column("name", DataType.STRING)
                        .column("is_daytime", DataType.BOOLEAN)
                        .column("temperature", DataType.INT)
                        .column("temperature_unit", DataType.STRING)
                        .column("temperature_trend", DataType.STRING)
                        .column("probability_of_precipitation", DataType.INT)
                        .column("wind_speed", DataType.STRING)
                        .column("wind_direction", DataType.STRING)
                        .column("short_forecast", DataType.STRING)
                        .column("detailed_forecast", DataType.STRING)
                        .column("icon", DataType.STRING)
                        .column("forecast_updated", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        List<String> zipCodes = zipCodes(configuration);
        // NWS refuses requests without a User-Agent and asks for one that identifies the application and a contact
        String userAgent = configuration.get("user_agent", DEFAULT_USER_AGENT);
        Http zippopotam = Http.builder(ZIPPOPOTAM).header("User-Agent", userAgent).build();
        Http nws = Http.builder(NWS).header("User-Agent", userAgent).build();

        Map<String, Object> updated = new LinkedHashMap<>();
        if (state.get("forecast_updated") instanceof Map<?, ?> saved) {
            saved.forEach((zip, when) -> {
                if (zipCodes.contains(String.valueOf(zip))) {
                    updated.put(String.valueOf(zip), when);   // a ZIP code no longer configured leaves the state
                }
            });
        }
        for (String zip : zipCodes) {
            JsonNode place = place(zippopotam, zip);
            String latitude = coordinate(place.path("latitude").asText());
            String longitude = coordinate(place.path("longitude").asText());
            JsonNode point = nws.get("/points/" + latitude + "," + longitude).path("properties");
            String forecastUrl = point.path("forecast").asText("");
            if (forecastUrl.isEmpty()) {
                throw new IllegalStateException("NWS has no forecast for ZIP code " + zip + " (points " + latitude + "," + longitude
                        + " answered without properties.forecast)");
            }
            JsonNode forecast = nws.get(forecastUrl).path("properties");
            String forecastUpdated = forecast.path("updated").asText("");
            if (!forecastUpdated.isEmpty() && forecastUpdated.equals(updated.get(zip))) {
                Logging.info("ZIP code " + zip + ": forecast not updated since " + forecastUpdated + ", nothing to write");
                continue;
            }
            Map<String, Object> zipRow = new LinkedHashMap<>();
            zipRow.put("zip_code", zip);
            zipRow.put("place_name", place.path("place name").asText(null));
            zipRow.put("state", place.path("state").asText(null));
            zipRow.put("state_abbreviation", place.path("state abbreviation").asText(null));
            zipRow.put("latitude", Double.parseDouble(latitude));
            zipRow.put("longitude", Double.parseDouble(longitude));
            zipRow.put("forecast_office", point.path("gridId").asText(null));
            zipRow.put("grid_x", point.path("gridX").isInt() ? point.get("gridX").intValue() : null);
            zipRow.put("grid_y", point.path("gridY").isInt() ? point.get("gridY").intValue() : null);
            zipRow.put("forecast_url", forecastUrl);
            Operations.upsert("zip_code", zipRow);

            JsonNode periods = forecast.path("periods");
            for (JsonNode period : periods) {
                Operations.upsert("forecast", row(zip, period, forecastUpdated));
            }
            Logging.info("ZIP code " + zip + ": " + periods.size() + " forecast periods, updated " + forecastUpdated);
            if (!forecastUpdated.isEmpty()) {
                updated.put(zip, forecastUpdated);
            }
            state.put("forecast_updated", updated);
            Operations.checkpoint(state);
        }
        if (!updated.equals(state.get("forecast_updated"))) {
            state.put("forecast_updated", updated);   // only ZIP codes were dropped from the configuration
            Operations.checkpoint(state);
        }
    }

    /** The ZIP codes of {@code zip_codes} (comma-separated, default 94612), each five digits. */
    static List<String> zipCodes(Configuration configuration) {
        List<String> zipCodes = configuration.containsKey("zip_codes") ? configuration.getList("zip_codes") : List.of("94612");
        if (zipCodes.isEmpty()) {
            throw new IllegalArgumentException("configuration 'zip_codes' lists no ZIP code; give one or more, comma-separated");
        }
        for (int i = 0; i < zipCodes.size(); i++) {
            if (!ZIP.matcher(zipCodes.get(i)).matches()) {
                throw new IllegalArgumentException("configuration 'zip_codes': item " + (i + 1) + " is not a 5-digit US ZIP code");
            }
        }
        return zipCodes.stream().distinct().toList();
    }

    /** The first place of the ZIP code; a ZIP code Zippopotam.us does not know is a configuration error. */
    private static JsonNode place(Http zippopotam, String zip) {
        JsonNode answer;
        try {
            answer = zippopotam.get("/us/" + zip);
        } catch (HttpException e) {
            if (e.status() == 404) {
                throw new IllegalArgumentException("configuration 'zip_codes': ZIP code " + zip + " is not known to Zippopotam.us (404)", e);
            }
            throw e;
        }
        JsonNode place = answer == null ? null : answer.path("places").path(0);
        if (place == null || !place.isObject()) {
            throw new IllegalStateException("Zippopotam.us answered ZIP code " + zip + " without a place");
        }
        return place;
    }

    /** A coordinate with at most 4 decimals: NWS redirects /points requests that have more. */
    private static String coordinate(String text) {
        return new BigDecimal(text.strip()).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static Map<String, Object> row(String zip, JsonNode period, String forecastUpdated) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("zip_code", zip);
        row.put("start_time", period.path("startTime").asText());
        row.put("end_time", period.path("endTime").asText(null));
        row.put("number", period.path("number").isInt() ? period.get("number").intValue() : null);
        row.put("name", text(period.path("name")));
        row.put("is_daytime", period.path("isDaytime").isBoolean() ? period.get("isDaytime").booleanValue() : null);
        // an integer, or with NWS's "forecast_temperature_qv" feature flag a QuantitativeValue {unitCode, value}
        JsonNode temperature = period.path("temperature").isObject() ? period.path("temperature").path("value") : period.path("temperature");
        row.put("temperature", temperature.isNumber() ? (Object) Math.round(temperature.doubleValue()) : null);
        row.put("temperature_unit", text(period.path("temperatureUnit")));
        row.put("temperature_trend", text(period.path("temperatureTrend")));
        JsonNode precipitation = period.path("probabilityOfPrecipitation").path("value");
        row.put("probability_of_precipitation", precipitation.isNumber() ? (Object) precipitation.intValue() : null);
        row.put("wind_speed", text(period.path("windSpeed")));
        row.put("wind_direction", text(period.path("windDirection")));
        row.put("short_forecast", text(period.path("shortForecast")));
        row.put("detailed_forecast", text(period.path("detailedForecast")));
        row.put("icon", text(period.path("icon")));
        row.put("forecast_updated", forecastUpdated.isEmpty() ? null : forecastUpdated);
        return row;
    }

    /** A text value; null for a missing, null or empty one (NWS sends "" or null for an absent trend). */
    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isEmpty() ? node.asText() : null;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
