///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.macasaet.fernet:fernet-java8:1.5.0

import com.fasterxml.jackson.databind.JsonNode;
import com.macasaet.fernet.Key;
import com.macasaet.fernet.StringValidator;
import com.macasaet.fernet.Token;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
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
import fivetran.connector.sdk.util.Hashing;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Restaurants, configuration, labor, cash management and orders of the Toast restaurants a client may read, with
 * Toast's API (machine client login). The time-based endpoints are read in windows of 30 days from where the last sync
 * ended up to now, a checkpoint after each window. Orders are split into checks, selections, discounts, taxes, service
 * charges and payments, one table each; records that Toast marks deleted are written, then deleted.
 */
class connector {
    static final Duration WINDOW = Duration.ofDays(30);
    /** Toast's times, as its APIs take and return them: 2024-03-01T12:00:00.000+0000. */
    static final DateTimeFormatter TOAST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    static final DateTimeFormatter BUSINESS_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]+");

    /** The configuration endpoints and their tables, read once per sync (modified since the last sync's start). */
    static final Map<String, String> CONFIG = ordered(
            "/config/v2/alternatePaymentTypes", "alternate_payment_types", "/config/v2/diningOptions", "dining_option",
            "/config/v2/discounts", "discounts", "/config/v2/menus", "menu", "/config/v2/menuGroups", "menu_group",
            "/config/v2/menuItems", "menu_item", "/config/v2/restaurantServices", "restaurant_service",
            "/config/v2/revenueCenters", "revenue_center", "/config/v2/salesCategories", "sale_category",
            "/config/v2/serviceAreas", "service_area", "/config/v2/tables", "tables");

    /** A table's lists that are tables of their own: field → child table (whose rows carry {@code <table>_id}). */
    static final Map<String, Map<String, String>> CHILDREN = Map.of(
            "orders", Map.of("checks", "orders_check"),
            "orders_check", ordered("selections", "orders_check_selection", "appliedDiscounts", "orders_check_applied_discount",
                    "appliedServiceCharges", "orders_check_applied_service_charge"),
            "orders_check_applied_discount", ordered("comboItems", "orders_check_applied_discount_combo_item", "triggers", "orders_check_applied_discount_trigger"),
            "orders_check_applied_service_charge", Map.of("appliedTaxes", "orders_check_applied_service_charge_applied_tax"),
            "orders_check_selection", ordered("appliedTaxes", "orders_check_selection_applied_tax", "modifiers", "orders_check_selection_modifier",
                    "appliedDiscounts", "orders_check_selection_applied_discount"),
            "orders_check_selection_applied_discount", ordered("comboItems", "orders_check_selection_applied_discount_combo_item",
                    "triggers", "orders_check_selection_applied_discount_trigger"),
            "employee", ordered("jobReferences", "employee_job_reference", "wageOverrides", "employee_wage_override"),
            "time_entry", Map.of("breaks", "break"));

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        List<String> topLevel = new ArrayList<>(List.of("restaurant", "job", "employee", "cash_entry", "cash_deposit", "orders", "payment", "shift", "time_entry"));
        topLevel.addAll(CONFIG.values());
        topLevel.forEach(name -> tables.add(Table.named(name).primaryKey("id")));
        PARENT_COLUMN.forEach((child, parentColumn) -> tables.add(Table.named(child).primaryKey(parentColumn, "id")));
        tables.add(Table.named("orders_check_payment").primaryKey("orders_check_id", "payment_id"));
        tables.add(Table.named("orders_pricing_feature").primaryKey("orders_id", "pricing_feature"));
        return tables;
    }

    static void update(Configuration configuration, State state) {
        String domain = configuration.require("domain");
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("configuration 'domain' must be Toast's API host, such as ws-api.toasttab.com");
        }
        String baseUrl = "https://" + domain;
        int pageSize = configuration.getInt("page_size", 100);
        Auth auth = Auth.session(token(baseUrl, configuration, state));
        Http api = Http.builder(baseUrl).auth(auth).build();

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean firstSync = !state.containsKey("to_ts");
        Instant from = firstSync ? configuration.getInstant("initialSyncStart") : Instant.parse((String) state.get("to_ts"));
        boolean firstWindow = true;
        do {
            Instant to = from.plus(WINDOW).isBefore(now) ? from.plus(WINDOW) : now;
            Logging.info("window " + from + " to " + to);
            JsonNode restaurants = call("/partners/v1/restaurants", () -> api.get("/partners/v1/restaurants"));
            for (JsonNode restaurant : restaurants == null ? List.<JsonNode>of() : restaurants) {
                String id = restaurant.path("restaurantGuid").asText();
                Map<String, Object> row = row("restaurant", restaurant, null, null, null);
                row.put("id", row.remove("restaurant_guid"));
                row.put("name", row.remove("restaurant_name"));
                write("restaurant", row);
                Http restaurantApi = Http.builder(baseUrl).auth(auth).header("Toast-Restaurant-External-ID", id).build();
                if (firstWindow) {
                    // configuration as of now, whatever window the time-based endpoints start from
                    Map<String, Object> modified = firstSync ? Map.of() : Map.of("lastModified", iso(from));
                    CONFIG.forEach((endpoint, table) -> syncConfig(restaurantApi, endpoint, table, id, modified));
                    syncList(restaurantApi, "/labor/v1/jobs", "job", id, Map.of());
                    syncList(restaurantApi, "/labor/v1/employees", "employee", id, Map.of());
                }
                syncCash(restaurantApi, "/cashmgmt/v1/entries", "cash_entry", id, from, to);
                syncCash(restaurantApi, "/cashmgmt/v1/deposits", "cash_deposit", id, from, to);
                syncOrders(restaurantApi, id, from, to, pageSize);
                syncList(restaurantApi, "/labor/v1/shifts", "shift", id, Map.of("startDate", iso(from), "endDate", iso(to)));
                syncList(restaurantApi, "/labor/v1/timeEntries", "time_entry", id, Map.of("modifiedStartDate", iso(from), "modifiedEndDate", iso(to)));
            }
            state.put("to_ts", iso(to));
            Operations.checkpoint(state);
            from = to;
            firstWindow = false;
        } while (from.isBefore(now));
    }

    /** A configuration endpoint, paged by the response header Toast-Next-Page-Token sent back as pageToken. */
    static void syncConfig(Http api, String endpoint, String table, String restaurant, Map<String, Object> query) {
        Pagination nextToken = page -> page.response().header("Toast-Next-Page-Token").filter(token -> !token.isBlank())
                .map(token -> page.request().with("pageToken", token)).orElse(null);
        try {
            for (Page page : Pages.of(api, endpoint, query, "", nextToken)) {
                page.items().forEach(item -> write(table, row(table, item, null, null, restaurant)));
            }
        } catch (HttpException e) {
            if (e.status() != 409) {
                throw translate(endpoint, e);
            }
            // the page token expired or no longer matches the data: read the endpoint again from its first page
            Logging.warning(endpoint + ": 409 on a page token, reading it again from the first page");
            for (JsonNode item : call(endpoint, () -> api.get(endpoint, query))) {
                write(table, row(table, item, null, null, restaurant));
            }
        }
    }

    /** An endpoint answering one list (jobs, employees, shifts, time entries). */
    static void syncList(Http api, String endpoint, String table, String restaurant, Map<String, Object> query) {
        JsonNode items = call(endpoint, () -> api.get(endpoint, query));
        if (items != null) {
            items.forEach(item -> write(table, row(table, item, null, null, restaurant)));
        }
    }

    /** Cash management answers one business date at a time: every date of the window, both ends included. */
    static void syncCash(Http api, String endpoint, String table, String restaurant, Instant from, Instant to) {
        for (LocalDate day = from.atOffset(ZoneOffset.UTC).toLocalDate(); !day.isAfter(to.atOffset(ZoneOffset.UTC).toLocalDate()); day = day.plusDays(1)) {
            Map<String, Object> query = Map.of("businessDate", BUSINESS_DATE.format(day));
            JsonNode items = call(endpoint, () -> api.get(endpoint, query));
            if (items != null) {
                items.forEach(item -> write(table, row(table, item, null, null, restaurant)));
            }
        }
    }

    /** Orders of the window (ordersBulk, by page until a short one), each with its checks, payments and pricing features. */
    static void syncOrders(Http api, String restaurant, Instant from, Instant to, int pageSize) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("startDate", iso(from));
        query.put("endDate", iso(to));
        query.put("page", 1);
        query.put("pageSize", pageSize);
        try {
            for (JsonNode order : Pages.of(api, "/orders/v2/ordersBulk", query, "", Pagination.pageNumber("page", "pageSize")).items()) {
                String orderId = order.path("guid").asText();
                for (JsonNode check : order.path("checks")) {
                    for (JsonNode payment : check.path("payments")) {
                        write("payment", row("payment", payment, null, null, restaurant));
                        Operations.upsert("orders_check_payment", Map.of("orders_check_id", check.path("guid").asText(),
                                "payment_id", payment.path("guid").asText(), "orders_id", orderId));
                    }
                }
                for (JsonNode feature : order.path("pricingFeatures")) {
                    Operations.upsert("orders_pricing_feature", Map.of("orders_id", orderId, "pricing_feature", feature.asText()));
                }
                write("orders", row("orders", order, null, null, restaurant));
            }
        } catch (HttpException e) {
            throw translate("/orders/v2/ordersBulk", e);
        }
    }

    /**
     * A record as a row: {@code guid} as {@code id}; a nested object's fields as {@code <field>_<name>} (its guid as
     * {@code <field>_id}); times as UTC_DATETIME; lists that are tables of their own written there, with this row's id;
     * other lists as JSON. Child rows are written here; the caller writes the row returned.
     */
    static Map<String, Object> row(String table, JsonNode record, String parentColumn, String parentId, String restaurant) {
        Map<String, Object> row = new LinkedHashMap<>();
        String id = record.hasNonNull("guid") ? record.get("guid").asText() : null;
        row.put("id", id);
        if (parentColumn != null) {
            row.put(parentColumn, parentId);
        }
        Map<String, String> children = CHILDREN.getOrDefault(table, Map.of());
        record.properties().forEach(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("guid") || name.equals("payments") && table.equals("orders_check") || name.equals("pricingFeatures") && table.equals("orders")) {
                return;   // the id; payments and pricing features have tables of their own (see syncOrders)
            }
            if (children.containsKey(name)) {
                String child = children.get(name);
                int index = 0;
                for (JsonNode element : value) {
                    Map<String, Object> childRow = row(child, element, table + "_id", row.get("id") == null ? null : row.get("id").toString(), restaurant);
                    if (childRow.get("id") == null) {
                        // applied taxes and job references may have no guid of their own: a key from the parent and the position
                        childRow.put("id", "gen-" + Hashing.sha256(table, row.get("id"), name, index));
                    }
                    write(child, childRow);
                    index++;
                }
                return;
            }
            flatten(snake(name), value, row);
        });
        if (restaurant != null) {
            row.putIfAbsent("restaurant_id", restaurant);
        }
        return row;
    }

    private static void flatten(String column, JsonNode value, Map<String, Object> row) {
        if (value.isObject()) {
            if (value.isEmpty()) {
                row.put(column, null);
            }
            value.properties().forEach(field -> flatten(column + "_" + (field.getKey().equals("guid") ? "id" : snake(field.getKey())), field.getValue(), row));
        } else if (value.isArray()) {
            row.put(column, value);
        } else if (value.isNull()) {
            row.put(column, null);
        } else if (value.isTextual()) {
            row.put(column, time(value.asText()));
        } else if (value.isBoolean()) {
            row.put(column, value.booleanValue());
        } else {
            row.put(column, value.numberValue());
        }
    }

    /** Toast's times (2024-03-01T12:00:00.000+0000, or ISO 8601) as instants; any other text as it is. */
    private static Object time(String text) {
        if (text.length() < 20 || text.charAt(4) != '-' || text.charAt(10) != 'T') {
            return text;
        }
        try {
            return Instant.from(TOAST_TIME.parse(text));
        } catch (DateTimeParseException notToasts) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notIso) {
                return text;
            }
        }
    }

    /** Upserts a row; a record Toast marks deleted is then deleted (soft-deleted, with its last values). */
    static void write(String table, Map<String, Object> row) {
        Operations.upsert(table, row);
        if (Boolean.TRUE.equals(row.get("deleted"))) {
            Map<String, Object> keys = new LinkedHashMap<>();
            keys.put("id", row.get("id"));
            String parentColumn = PARENT_COLUMN.get(table);
            if (parentColumn != null) {
                keys.put(parentColumn, row.get(parentColumn));
            }
            Operations.delete(table, keys);
        }
    }

    /** A child table's column naming its parent row, part of its primary key: orders_check → orders_id. */
    static final Map<String, String> PARENT_COLUMN = new LinkedHashMap<>();

    static {
        CHILDREN.forEach((parent, children) -> children.values().forEach(child -> PARENT_COLUMN.put(child, parent + "_id")));
    }

    private static <T> T call(String endpoint, Supplier<T> request) {
        try {
            return request.get();
        } catch (HttpException e) {
            if (e.status() == 400) {
                Logging.warning(endpoint + " skipped: " + e.getMessage());   // upstream skipped a bad request too
                return null;
            }
            throw translate(endpoint, e);
        }
    }

    private static RuntimeException translate(String endpoint, HttpException e) {
        return switch (e.status()) {
            case 401 -> new IllegalStateException("Toast refused the access token (401) for " + endpoint + " after logging in again: check configuration"
                    + " 'clientId', 'clientSecret' and 'userAccessType'", e);
            case 403 -> new IllegalStateException("Toast refused " + endpoint + " (403): the API client of configuration 'clientId' lacks the scope"
                    + " of this endpoint, or access to the restaurant", e);
            default -> e;
        };
    }

    /**
     * The machine client's login, {@code POST /authentication/v1/authentication/login}. With a Fernet key in
     * configuration 'key', the token is kept in state, encrypted, and reused by the next syncs while more than an hour
     * of it is left; without one, each sync logs in. A 401 logs in again (Auth.session).
     */
    static Supplier<String> token(String baseUrl, Configuration configuration, State state) {
        String clientId = configuration.require("clientId");
        String clientSecret = configuration.require("clientSecret");
        String accessType = configuration.get("userAccessType", "TOAST_MACHINE_CLIENT");
        Key key = fernetKey(configuration);
        Http login = Http.builder(baseUrl).build();
        boolean[] cachedTried = {false};
        return () -> {
            if (key != null && !cachedTried[0]) {
                cachedTried[0] = true;
                String cached = cached(key, state);
                if (cached != null) {
                    Logging.info("reusing the access token kept in state (more than an hour left)");
                    return cached;
                }
            }
            Map<String, String> credentials = new LinkedHashMap<>();
            credentials.put("clientId", clientId);
            credentials.put("clientSecret", clientSecret);
            credentials.put("userAccessType", accessType);
            JsonNode answer;
            try {
                answer = login.post("/authentication/v1/authentication/login", credentials);
            } catch (HttpException e) {
                throw new IllegalStateException("Toast refused the login (" + e.status() + "): check configuration 'clientId', 'clientSecret',"
                        + " 'userAccessType' and 'domain': " + e.getMessage(), e);
            }
            JsonNode token = answer == null ? null : answer.path("token").get("accessToken");
            if (token == null || !token.isTextual()) {
                throw new IllegalStateException("Toast's login answered without token.accessToken");
            }
            if (key != null) {
                state.put("encrypted_token", Token.generate(key, token.asText()).serialise());
                state.put("token_ttl", Instant.now().getEpochSecond() + answer.path("token").path("expiresIn").asLong(3600));
            }
            return token.asText();
        };
    }

    /** The token in state, if it decrypts with the key and has more than an hour left. */
    private static String cached(Key key, State state) {
        Object encrypted = state.get("encrypted_token");
        if (!(encrypted instanceof String text) || state.getLong("token_ttl", 0) < Instant.now().plus(Duration.ofHours(1)).getEpochSecond()) {
            return null;
        }
        try {
            return Token.fromString(text).validateAndDecrypt(key, new StringValidator() {
                @Override
                public TemporalAmount getTimeToLive() {
                    return Duration.ofDays(3650);   // the token's own expiry (token_ttl) decides, not the Fernet token's age
                }
            });
        } catch (RuntimeException e) {
            Logging.warning("the access token kept in state cannot be decrypted with configuration 'key': logging in again");
            return null;
        }
    }

    private static Key fernetKey(Configuration configuration) {
        String key = configuration.get("key", "");
        if (key.isBlank()) {
            return null;
        }
        try {
            return new Key(key);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration 'key' is not a Fernet key (32 bytes, URL-safe base64, e.g. from Fernet.generate_key())");
        }
    }

    /** A time as the query parameters take it: 2024-03-01T12:00:00.000Z. */
    static String iso(Instant instant) {
        return QUERY_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    /** camelCase as snake_case, as Fivetran names columns (so that flattened names match the rest). */
    static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
