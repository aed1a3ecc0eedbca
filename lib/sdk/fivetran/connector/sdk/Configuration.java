package fivetran.connector.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.AbstractMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The connector's configuration: a read-only map of string keys to string values, read from
 * {@code configuration.json}. Values are secrets: {@link #toString()} and every error message name keys only.
 */
public final class Configuration extends AbstractMap<String, String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> values;

    private Configuration(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A configuration holding {@code values}; useful in tests and from an IDE. */
    public static Configuration of(Map<String, String> values) {
        return new Configuration(values);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return values.entrySet();
    }

    @Override
    public String get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}; fails with a message naming the key when it is missing or blank. */
    public String require(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("configuration is missing required key '" + key + "'");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("configuration key '" + key + "' is empty; give it a value in the configuration");
        }
        return value;
    }

    /** The value of {@code key}, or {@code fallback} when it is missing or blank. */
    public String get(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The required value of {@code key} as an int. */
    public int getInt(String key) {
        return (int) parseLong(key, require(key), Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
    }

    /** The value of {@code key} as an int, or {@code fallback} when it is missing or blank. */
    public int getInt(String key, int fallback) {
        String value = get(key, null);
        return value == null ? fallback : (int) parseLong(key, value, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
    }

    /** The required value of {@code key} as a long. */
    public long getLong(String key) {
        return parseLong(key, require(key), Long.MIN_VALUE, Long.MAX_VALUE, "a long integer");
    }

    /** The value of {@code key} as a long, or {@code fallback} when it is missing or blank. */
    public long getLong(String key, long fallback) {
        String value = get(key, null);
        return value == null ? fallback : parseLong(key, value, Long.MIN_VALUE, Long.MAX_VALUE, "a long integer");
    }

    /** The required value of {@code key} as a double. */
    public double getDouble(String key) {
        return parseDouble(key, require(key));
    }

    /** The value of {@code key} as a double, or {@code fallback} when it is missing or blank. */
    public double getDouble(String key, double fallback) {
        String value = get(key, null);
        return value == null ? fallback : parseDouble(key, value);
    }

    /** The required value of {@code key} as a boolean: {@code true/false}, {@code yes/no} or {@code 1/0}. */
    public boolean getBoolean(String key) {
        return parseBoolean(key, require(key));
    }

    /** The value of {@code key} as a boolean, or {@code fallback} when it is missing or blank. */
    public boolean getBoolean(String key, boolean fallback) {
        String value = get(key, null);
        return value == null ? fallback : parseBoolean(key, value);
    }

    /** The required value of {@code key} as a date, {@code YYYY-MM-DD}. */
    public LocalDate getDate(String key) {
        return parseDate(key, require(key));
    }

    /** The value of {@code key} as a date, {@code YYYY-MM-DD}, or {@code fallback} when it is missing or blank. */
    public LocalDate getDate(String key, LocalDate fallback) {
        String value = get(key, null);
        return value == null ? fallback : parseDate(key, value);
    }

    /** The required value of {@code key} as an instant, {@code 2024-05-01T10:00:00Z} (an offset other than Z is allowed). */
    public Instant getInstant(String key) {
        return parseInstant(key, require(key));
    }

    /** The value of {@code key} as an instant, or {@code fallback} when it is missing or blank. */
    public Instant getInstant(String key, Instant fallback) {
        String value = get(key, null);
        return value == null ? fallback : parseInstant(key, value);
    }

    /** The value of {@code key} split on commas, each item trimmed, empty items dropped; empty when missing. */
    public List<String> getList(String key) {
        String value = get(key, null);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The required value of {@code key} parsed as JSON. */
    public JsonNode getJson(String key) {
        try {
            return JSON.readTree(require(key));
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the text it met, which is a secret here: only where it failed is shown
            throw invalid(key, e.getLocation() == null ? "JSON" : "JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    /** The required value of {@code key} parsed as JSON into {@code type}, e.g. a record. */
    public <T> T getJson(String key, Class<T> type) {
        try {
            return JSON.treeToValue(getJson(key), type);
        } catch (JsonProcessingException e) {
            // neither Jackson's message nor the path of the field is shown: both hold text of the value, which is a secret
            throw invalid(key, "JSON of the form of " + type.getSimpleName());
        }
    }

    private static long parseLong(String key, String value, long min, long max, String what) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min || parsed > max) {
                throw invalid(key, what + " in range " + min + ".." + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(key, what);
        }
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "a number");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key, "a boolean (true/false, yes/no or 1/0)");
        };
    }

    private static LocalDate parseDate(String key, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(key, "a date as YYYY-MM-DD");
        }
    }

    private static Instant parseInstant(String key, String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(key, "an instant as YYYY-MM-DDTHH:MM:SSZ");
        }
    }

    private static IllegalArgumentException invalid(String key, String expected) {
        return new IllegalArgumentException("configuration value of '" + key + "' is not " + expected);
    }

    /** The keys with every value masked: configuration values are never printed. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        values.keySet().forEach(k -> out.append(out.length() > 1 ? ", " : "").append(k).append("=****"));
        return out.append('}').toString();
    }
}
