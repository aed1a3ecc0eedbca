import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.Response;
import fivetran.connector.sdk.http.RetryPolicy;
import fivetran.connector.sdk.http.auth.Auth;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The objects of a Veeva Vault and their sync, shared by the two Veeva Vault examples (basic_auth, session_id_auth),
 * each of which builds the {@link Http} client with its own authentication: the objects and their fields from
 * Retrieve Details from All Object Types ({@code GET /api/{version}/configuration/Objecttype}, fields merged across an
 * object's types), then per object a VQL query ({@code POST /api/{version}/query}) and its {@code next_page} links. An
 * object with {@code modified_date__v} is synced incrementally, in that field's order, with a checkpoint after each
 * page; any other is read in full.
 */
final class VaultObjects {
    static final String MODIFIED = "modified_date__v";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]+)?");
    private static final Set<String> AUTH_ERRORS = Set.of("USERNAME_OR_PASSWORD_INCORRECT", "INVALID_SESSION_ID", "NO_PERMISSION",
            "INSUFFICIENT_ACCESS", "USER_LOCKED_OUT", "PASSWORD_CHANGE_REQUIRED", "INACTIVE_USER");

    /** An object and the names of its fields, in the order Vault lists them. */
    record VaultObject(String name, List<String> fields) {
    }

    /**
     * Shown each answer of Vault before it is checked: true when the answer said the session expired and a new session
     * was obtained, so that the call is sent once more. Basic authentication has no session to renew: {@link #NO_SESSION}.
     */
    @FunctionalInterface
    interface Renewal {
        boolean renewed(JsonNode answer);
    }

    static final Renewal NO_SESSION = answer -> false;

    private final Configuration configuration;
    private final Http vault;
    private final String version;
    private final String authentication;
    private final Renewal renewal;

    /**
     * @param authentication what a 401 or 403 says Vault refused, e.g. "the credentials"
     * @param renewal        what is done with an answer that may say the session expired
     */
    VaultObjects(Configuration configuration, Http vault, String version, String authentication, Renewal renewal) {
        this.configuration = configuration;
        this.vault = vault;
        this.version = version;
        this.authentication = authentication;
        this.renewal = renewal;
    }

    /** The client of the vault named by {@code subdomain}, with Vault's field types in query answers. */
    static Http client(Configuration configuration, Auth auth) {
        // VQL queries only read: a POST may be sent again after a 5xx or an I/O error
        return Http.builder(baseUrl(configuration)).header("X-VaultAPI-DescribeQuery", "true")
                .retryPolicy(RetryPolicy.builder().idempotent("POST").build())
                .auth(auth)
                .build();
    }

    static String baseUrl(Configuration configuration) {
        String host = configuration.require("subdomain");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("configuration 'subdomain' must be the vault's host name, e.g. myvault.veevavault.com");
        }
        return "https://" + host;
    }

    /** The configured {@code api_version}, or the example's default. */
    static String version(Configuration configuration, String defaultVersion) {
        String version = configuration.get("api_version", defaultVersion);
        if (!version.matches("v[0-9]+\\.[0-9]+")) {
            throw new IllegalArgumentException("configuration 'api_version' must look like " + defaultVersion);
        }
        return version;
    }

    void sync(State state) {
        String query = "/api/" + version + "/query";
        int pageSize = configuration.getInt("page_size", 1000);
        for (VaultObject object : objects()) {
            boolean incremental = object.fields().contains(MODIFIED);
            String cursorKey = object.name() + "_cursor";
            String cursor = incremental ? state.getString(cursorKey, null) : null;
            StringBuilder vql = new StringBuilder("SELECT ").append(String.join(", ", object.fields())).append(" FROM ").append(object.name());
            if (cursor != null) {
                // >= : records modified in the same millisecond as the last one synced are read again rather than missed
                OffsetDateTime.parse(cursor);   // a saved cursor that is not a DateTime fails here, not in the VQL
                vql.append(" WHERE ").append(MODIFIED).append(" >= '").append(cursor).append("'");
            }
            if (incremental) {
                vql.append(" ORDER BY ").append(MODIFIED).append(" ASC");
            }
            vql.append(" PAGESIZE ").append(pageSize);
            Logging.info(object.name() + ": " + (cursor == null ? "every record" : "records modified since the last sync"));

            if (!incremental) {
                Operations.truncate(object.name());   // read in full: records no longer there end up deleted
            }
            long records = 0;
            Map<String, String> form = Map.of("q", vql.toString());
            JsonNode page = checked("the query of " + object.name(), call(() -> vault.postForm(query, form), answer -> answer));
            Map<String, String> types = new LinkedHashMap<>();
            while (true) {
                types.putAll(types(page));   // queryDescribe's types, kept for a page that would come without them
                for (JsonNode record : page.path("data")) {
                    Operations.upsert(object.name(), row(record, types));
                    if (incremental && record.path(MODIFIED).isTextual()) {
                        state.put(cursorKey, record.get(MODIFIED).asText());
                    }
                    records++;
                }
                String next = page.path("responseDetails").path("next_page").asText("");
                if (incremental || next.isEmpty()) {
                    Operations.checkpoint(state);   // a full read commits once, with its truncate, at its end
                }
                if (next.isEmpty()) {
                    break;
                }
                // Vault's pagination: the next_page URL, POSTed with no body
                Response answer = call(() -> vault.send("POST", next, Map.of(), null), Response::body);
                waitForBurstLimit(answer);
                page = checked("the query of " + object.name(), answer.body());
            }
            Logging.info(object.name() + ": " + records + " records synced");
        }
    }

    /** Retrieve Details from All Object Types: one entry per object type, merged by object, each field once. */
    List<VaultObject> objects() {
        Response answer;
        try {
            String path = "/api/" + version + "/configuration/Objecttype";
            answer = call(() -> vault.send("GET", path, Map.of(), null), Response::body);
        } catch (HttpException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("Veeva Vault refused " + authentication + " (HTTP " + e.status() + "); check username and password,"
                        + " and that the user may use the API: " + e.getMessage(), e);
            }
            throw e;
        }
        waitForBurstLimit(answer);
        JsonNode types = checked("Retrieve Details from All Object Types", answer.body());
        Set<String> wanted = new HashSet<>(configuration.getList("objects"));
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (JsonNode type : types.path("data")) {
            String object = type.path("object").asText("");
            if (!NAME.matcher(object).matches() || (!wanted.isEmpty() && !wanted.contains(object))) {
                continue;
            }
            List<String> names = fields.computeIfAbsent(object, key -> new ArrayList<>());
            for (JsonNode field : type.path("type_fields")) {
                String name = field.path("name").asText("");
                if (NAME.matcher(name).matches() && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        for (String object : wanted) {
            if (!fields.containsKey(object)) {
                throw new IllegalArgumentException("configuration 'objects': the vault has no object " + object);
            }
        }
        List<VaultObject> objects = new ArrayList<>();
        fields.forEach((object, names) -> {
            if (!names.contains("id")) {
                names.add(0, "id");
            }
            objects.add(new VaultObject(object, List.copyOf(names)));
        });
        return objects;
    }

    /** A call, sent once more if its answer's session expired and was renewed. */
    private <T> T call(Supplier<T> call, Function<T, JsonNode> body) {
        T answer = call.get();
        return renewal.renewed(body.apply(answer)) ? call.get() : answer;
    }

    /** The answer when Vault says SUCCESS; otherwise its errors, named, and for an authentication error what to check. */
    static JsonNode checked(String what, JsonNode answer) {
        String status = answer == null ? "no answer" : answer.path("responseStatus").asText("");
        if ("SUCCESS".equals(status)) {
            return answer;
        }
        List<String> errors = new ArrayList<>();
        boolean auth = false;
        if (answer != null) {
            for (JsonNode error : answer.path("errors")) {
                errors.add(error.path("type").asText() + ": " + error.path("message").asText());
                auth |= AUTH_ERRORS.contains(error.path("type").asText());
            }
        }
        throw new IllegalStateException("Veeva Vault refused " + what + " (" + status + "): " + String.join("; ", errors)
                + (auth ? "; check username and password, and that the user may use the API" : ""));
    }

    /** Vault's burst limit (calls per 5 minutes): when few calls are left, wait before the next. */
    private void waitForBurstLimit(Response answer) {
        String remaining = answer.header("X-VaultAPI-BurstLimitRemaining").orElse(null);
        if (remaining == null || !remaining.matches("[0-9]+")) {
            return;
        }
        if (Long.parseLong(remaining) < configuration.getLong("burst_limit_threshold", 1000)) {
            long seconds = configuration.getLong("burst_limit_wait_seconds", 300);
            Logging.warning("Vault burst limit: " + remaining + " of " + answer.header("X-VaultAPI-BurstLimit").orElse("?")
                    + " calls left; waiting " + seconds + " s");
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Vault's burst limit", e);
            }
        }
    }

    /** The field types of queryDescribe (sent for X-VaultAPI-DescribeQuery), by field name. */
    private static Map<String, String> types(JsonNode page) {
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode field : page.path("queryDescribe").path("fields")) {
            types.put(field.path("name").asText(), field.path("type").asText());
        }
        return types;
    }

    /** A record as a row: DateTime and Date fields as such, lists (picklists, multi-value fields) as JSON. */
    static Map<String, Object> row(JsonNode record, Map<String, String> types) {
        Map<String, Object> row = new LinkedHashMap<>();
        record.properties().forEach(field -> {
            JsonNode value = field.getValue();
            String type = types.getOrDefault(field.getKey(), "");
            Object converted;
            if (value.isNull()) {
                converted = null;
            } else if (value.isContainerNode()) {
                converted = value;
            } else if (value.isNumber()) {
                converted = value.numberValue();
            } else if (value.isBoolean()) {
                converted = value.booleanValue();
            } else if (type.equals("DateTime")) {
                converted = OffsetDateTime.parse(value.asText());
            } else if (type.equals("Date")) {
                converted = LocalDate.parse(value.asText());
            } else {
                converted = value.asText();
            }
            row.put(field.getKey(), converted);
        });
        return row;
    }
}
