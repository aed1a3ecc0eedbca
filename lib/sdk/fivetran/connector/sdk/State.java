package fivetran.connector.sdk;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The state of the last committed checkpoint: a mutable map of JSON values (strings, numbers, booleans,
 * {@code null}, lists and maps). It is empty on a first sync. Change it, then pass it to
 * {@link Operations#checkpoint(Map)} to commit it together with the rows written before.
 */
public final class State extends AbstractMap<String, Object> {
    private final Map<String, Object> values;

    private State(Map<String, ?> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** An empty state, as on a first sync. */
    public static State empty() {
        return new State(Map.of());
    }

    /** A state holding a copy of {@code values}. */
    public static State of(Map<String, ?> values) {
        return new State(values);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    @Override
    public Object put(String key, Object value) {
        return values.put(key, value);
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    /** The value of {@code key} as text, or {@code fallback} when it is missing or null. */
    public String getString(String key, String fallback) {
        Object value = values.get(key);
        return value == null ? fallback : value.toString();
    }

    /** The value of {@code key} as a long, or {@code fallback} when it is missing or null. */
    public long getLong(String key, long fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("state value of '" + key + "' is not an integer: " + value);
        }
    }
}
