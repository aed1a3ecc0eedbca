///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS tech.tablesaw:tablesaw-core:0.44.4

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.min;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * Random user profiles from the Random User Generator (https://randomuser.me/documentation), reshaped with Tablesaw
 * data frames before they are upserted: each page of users becomes one frame, which is split into the tables
 * {@code profile}, {@code location} and {@code login}, filtered to the rows each table has not written yet, and joined
 * (profiles with their locations) and aggregated into {@code country_summary}. A missing number in a frame is NaN,
 * which is written as null.
 *
 * <p>The API is random, but a seed makes it a fixed list: page p of a seed always holds the same users. The first
 * answer's seed is kept in state with the page size, so later syncs go on through the same list, page by page.
 */
class connector {
    static final String DEFAULT_BASE_URL = "https://randomuser.me";
    static final String API = "/api/1.4/";          // a pinned version: its users keep their format
    static final int LAST_PAGE = 10_000;            // the API answers page 1 for any page past this one
    static final List<String> TABLES = List.of("profile", "location", "login", "country_summary");

    static List<Table> schema(Configuration configuration) {
        return List.of(
                Table.named("profile").primaryKey("id")
                        .column("id", DataType.LONG)
                        .column("full_name", DataType.STRING)
                        .column("gender", DataType.STRING)
                        .column("email", DataType.STRING)
                        .column("date_of_birth", DataType.UTC_DATETIME)
                        .column("age", DataType.INT)
                        .column("registered", DataType.UTC_DATETIME)
                        .column("phone", DataType.STRING)
                        .column("mobile", DataType.STRING)
                        .column("nationality", DataType.STRING)
                        .column("picture", DataType.STRING),
                Table.named("location").primaryKey("profile_id")
                        .column("profile_id", DataType.LONG)
                        .column("street", DataType.STRING)
                        .column("city", DataType.STRING)
                        .column("state", DataType.STRING)
                        .column("country", DataType.STRING)
                        .column("postcode", DataType.STRING)
                        .column("latitude", DataType.DOUBLE)
                        .column("longitude", DataType.DOUBLE)
                        .column("timezone_offset", DataType.STRING),
                Table.named("login").primaryKey("profile_id")
                        .column("profile_id", DataType.LONG)
                        .column("uuid", DataType.STRING)
                        .column("username", DataType.STRING),
                Table.named("country_summary").primaryKey("page", "country")
                        .column("page", DataType.INT)
                        .column("country", DataType.STRING)
                        .column("profiles", DataType.INT)
                        .column("mean_age", DataType.DOUBLE)
                        .column("min_age", DataType.INT)
                        .column("max_age", DataType.INT));
    }

    static void update(Configuration configuration, State state) {
        int requestedSize = configuration.getInt("results_per_page", 10);
        if (requestedSize < 1 || requestedSize > 5000) {
            throw new IllegalArgumentException("configuration 'results_per_page' must be between 1 and 5000");
        }
        int pagesPerSync = configuration.getInt("pages_per_sync", 1);
        if (pagesPerSync < 1) {
            throw new IllegalArgumentException("configuration 'pages_per_sync' must be at least 1");
        }
        Http api = Http.builder(configuration.get("base_url", DEFAULT_BASE_URL)).build();

        String seed = state.getString("seed", null);
        int pageSize = (int) state.getLong("page_size", requestedSize);
        if (pageSize != requestedSize) {
            Logging.warning("configuration 'results_per_page' differs from the page size of the list being synced (" + pageSize
                    + "), which is kept: the seed's users are numbered by it; reset the connector to start a new list");
        }
        // the table furthest behind says which page to read; the others skip the rows they have
        long done = TABLES.stream().mapToLong(table -> state.getLong(table + "_cursor", 0)).min().orElse(0);
        int page = (int) (done / pageSize) + 1;
        for (int n = 0; n < pagesPerSync; n++, page++) {
            if (page > LAST_PAGE) {
                Logging.info("all " + LAST_PAGE + " pages of seed " + seed + " are synced; reset the connector to start a new list");
                return;
            }
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("results", pageSize);
            query.put("page", page);
            if (seed != null) {
                query.put("seed", seed);
            }
            JsonNode answer = api.get(API, query);
            if (answer.hasNonNull("error")) {
                throw new IllegalStateException("the Random User API answered page " + page + " with an error: " + answer.get("error").asText());
            }
            if (!answer.path("results").isArray()) {
                throw new IllegalStateException("the Random User API answered page " + page + " without results");
            }
            if (seed == null) {
                seed = answer.path("info").path("seed").asText("");
                if (seed.isEmpty()) {
                    throw new IllegalStateException("the Random User API answered without info.seed, which the next pages need");
                }
                state.put("seed", seed);
                state.put("page_size", pageSize);
            }
            long firstId = (long) (page - 1) * pageSize + 1;
            tech.tablesaw.api.Table users = users(answer.path("results"), firstId);
            long lastId = firstId + pageSize - 1;

            tech.tablesaw.api.Table profile = users.selectColumns("id", "full_name", "gender", "email", "date_of_birth", "age",
                    "registered", "phone", "mobile", "nationality", "picture");
            tech.tablesaw.api.Table location = users.selectColumns("id", "street", "city", "state", "country", "postcode",
                    "latitude", "longitude", "timezone_offset");
            location.column("id").setName("profile_id");
            tech.tablesaw.api.Table login = users.selectColumns("id", "uuid", "username");
            login.column("id").setName("profile_id");

            upsertNew("profile", profile, "id", lastId, state);
            upsertNew("location", location, "profile_id", lastId, state);
            upsertNew("login", login, "profile_id", lastId, state);
            if (state.getLong("country_summary_cursor", 0) < lastId) {
                rows(countrySummary(profile, location, page)).forEach(row -> Operations.upsert("country_summary", row));
                state.put("country_summary_cursor", lastId);
                Operations.checkpoint(state);
            }
            Logging.info("page " + page + ": " + users.rowCount() + " users, ids " + firstId + " to " + lastId);
        }
    }

    /** One page of users as a frame: one row per user, its nested fields flattened into columns. */
    static tech.tablesaw.api.Table users(JsonNode results, long firstId) {
        LongColumn id = LongColumn.create("id");
        IntColumn age = IntColumn.create("age");
        InstantColumn dateOfBirth = InstantColumn.create("date_of_birth");
        InstantColumn registered = InstantColumn.create("registered");
        DoubleColumn latitude = DoubleColumn.create("latitude");
        DoubleColumn longitude = DoubleColumn.create("longitude");
        Map<String, StringColumn> text = new LinkedHashMap<>();
        for (String name : List.of("full_name", "gender", "email", "phone", "mobile", "nationality", "picture", "street", "city",
                "state", "country", "postcode", "timezone_offset", "uuid", "username")) {
            text.put(name, StringColumn.create(name));
        }
        long next = firstId;
        for (JsonNode user : results) {
            id.append(next++);
            JsonNode name = user.path("name");
            append(text.get("full_name"), String.join(" ", name.path("title").asText(""), name.path("first").asText(""),
                    name.path("last").asText("")).trim());
            append(text.get("gender"), user.path("gender").asText(null));
            append(text.get("email"), user.path("email").asText(null));
            append(text.get("phone"), user.path("phone").asText(null));
            append(text.get("mobile"), user.path("cell").asText(null));
            append(text.get("nationality"), user.path("nat").asText(null));
            append(text.get("picture"), user.path("picture").path("large").asText(null));
            JsonNode place = user.path("location");
            JsonNode street = place.path("street");
            append(text.get("street"), street.isObject()
                    ? (street.path("number").asText("") + " " + street.path("name").asText("")).trim()
                    : street.asText(null));
            append(text.get("city"), place.path("city").asText(null));
            append(text.get("state"), place.path("state").asText(null));
            append(text.get("country"), place.path("country").asText(null));
            append(text.get("postcode"), place.path("postcode").asText(null));   // a number or text, by country
            append(text.get("timezone_offset"), place.path("timezone").path("offset").asText(null));
            append(text.get("uuid"), user.path("login").path("uuid").asText(null));
            append(text.get("username"), user.path("login").path("username").asText(null));
            // the login's password, salt and hashes, and the national id, are left out on purpose
            latitude.append(number(place.path("coordinates").path("latitude")));
            longitude.append(number(place.path("coordinates").path("longitude")));
            if (user.path("dob").path("age").canConvertToInt()) {
                age.append(user.path("dob").path("age").intValue());
            } else {
                age.appendMissing();
            }
            dateOfBirth.append(instant(user.path("dob").path("date")));
            registered.append(instant(user.path("registered").path("date")));
        }
        tech.tablesaw.api.Table frame = tech.tablesaw.api.Table.create("users", id, age, dateOfBirth, registered, latitude, longitude);
        text.values().forEach(frame::addColumns);
        return frame;
    }

    /** The rows of a table's frame after the table's cursor, upserted, then the cursor moved past the page. */
    static void upsertNew(String table, tech.tablesaw.api.Table frame, String key, long lastId, State state) {
        long cursor = state.getLong(table + "_cursor", 0);
        if (cursor >= lastId) {
            return;
        }
        tech.tablesaw.api.Table fresh = frame.where(frame.longColumn(key).isGreaterThan(cursor));
        rows(fresh).forEach(row -> Operations.upsert(table, row));
        state.put(table + "_cursor", lastId);
        Operations.checkpoint(state);
    }

    /** Profiles joined with their locations, aggregated by country: how many, and their ages. */
    static tech.tablesaw.api.Table countrySummary(tech.tablesaw.api.Table profile, tech.tablesaw.api.Table location, int page) {
        tech.tablesaw.api.Table joined = profile.joinOn("id").with(location).rightJoinColumns("profile_id").join();   // inner by default
        joined = joined.where(joined.stringColumn("country").isNotMissing());
        tech.tablesaw.api.Table summary = joined.summarize("age", count, mean, min, max).by("country");
        tech.tablesaw.api.Table result = tech.tablesaw.api.Table.create("country_summary",
                IntColumn.create("page", summary.rowCount()).setMissingTo(page),
                summary.stringColumn("country"),
                summary.doubleColumn("Count [age]").asIntColumn().setName("profiles"),
                summary.doubleColumn("Mean [age]").setName("mean_age"),
                summary.doubleColumn("Min [age]").asIntColumn().setName("min_age"),
                summary.doubleColumn("Max [age]").asIntColumn().setName("max_age"));
        return result.sortAscendingOn("country");
    }

    /**
     * A frame's rows as maps for {@code Operations.upsert}. Tablesaw marks a missing number with NaN (and a missing
     * text with ""), which a destination cannot take: a missing value becomes null, as upstream's NaN-to-None.
     */
    static List<Map<String, Object>> rows(tech.tablesaw.api.Table frame) {
        List<Map<String, Object>> rows = new ArrayList<>(frame.rowCount());
        for (int r = 0; r < frame.rowCount(); r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column<?> column : frame.columns()) {
                row.put(column.name(), column.isMissing(r) ? null : column.get(r));
            }
            rows.add(row);
        }
        return rows;
    }

    private static void append(StringColumn column, String value) {
        if (value == null || value.isEmpty()) {
            column.appendMissing();
        } else {
            column.append(value);
        }
    }

    /** The API's coordinates are text; one that is absent or not a number is NaN, Tablesaw's missing number. */
    private static double number(JsonNode node) {
        try {
            return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText(""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
