package fivetran.connector.sdk.util;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where an incremental read stands when the source is asked for the rows whose cursor value is <em>at or after</em> a
 * point (SQL's {@code >=}, OData's {@code ge}, an API's {@code since}): the largest value read, and the keys of the
 * rows read with exactly that value. Asking from the value itself, not after it, means that a row changed within the
 * same instant after the read is not missed; the keys let the next sync skip the rows it read already.
 *
 * <pre>{@code
 * InclusiveCursor<Instant> cursor = InclusiveCursor.fromState(state.get("orders"), Instant::parse);
 * String filter = cursor.value() == null ? null : "updated_at ge " + cursor.text();
 * for (Map<String, Object> row : rows) {
 *     if (cursor.advance((Instant) row.get("updated_at"), row.get("id"))) {
 *         Operations.upsert("orders", row);
 *     }
 * }
 * state.put("orders", cursor.toState());   // {"cursor": "2024-02-05T10:00:00Z", "keys_at_cursor": ["[7]"]}
 * }</pre>
 *
 * A value below the cursor (a source that does not order by it) is let through without moving the cursor.
 *
 * @param <V> the cursor's type, e.g. {@code Instant}, {@code LocalDate}, {@code Long}, {@code BigDecimal}, {@code String}
 */
public final class InclusiveCursor<V extends Comparable<? super V>> {
    /** The state keys of {@link #toState()}. */
    public static final String VALUE = "cursor";
    public static final String KEYS = "keys_at_cursor";

    private V value;
    private final Set<String> keysAtValue;

    private InclusiveCursor(V value, Set<String> keysAtValue) {
        this.value = value;
        this.keysAtValue = keysAtValue;
    }

    /** A cursor at the start: nothing read yet. */
    public static <V extends Comparable<? super V>> InclusiveCursor<V> start() {
        return new InclusiveCursor<>(null, new LinkedHashSet<>());
    }

    /**
     * The cursor saved by {@link #toState()}, its value read back by {@code parse}; at the start when {@code saved} is
     * null or holds no value. A saved value that {@code parse} refuses is an IllegalArgumentException naming it.
     */
    public static <V extends Comparable<? super V>> InclusiveCursor<V> fromState(Object saved, Function<String, V> parse) {
        if (saved == null) {
            return start();
        }
        if (!(saved instanceof Map<?, ?> map) || (map.get(KEYS) != null && !(map.get(KEYS) instanceof List<?>))) {
            throw new IllegalArgumentException("the saved cursor is not an object of '" + VALUE + "' and '" + KEYS + "': " + saved);
        }
        Object text = map.get(VALUE);
        if (text == null || text.toString().isBlank()) {
            return start();
        }
        V value;
        try {
            value = Objects.requireNonNull(parse.apply(text.toString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the saved cursor value '" + text + "' cannot be read: " + e.getMessage(), e);
        }
        Set<String> keys = new LinkedHashSet<>();
        if (map.get(KEYS) instanceof List<?> list) {
            list.forEach(key -> keys.add(String.valueOf(key)));
        }
        return new InclusiveCursor<>(value, keys);
    }

    /** The largest value read, or null before the first. */
    public V value() {
        return value;
    }

    /** The value as it is saved ({@code BigDecimal} without an exponent), or null before the first. */
    public String text() {
        return value == null ? null : value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    /**
     * Takes in a row read with cursor value {@code rowValue} and key {@code key} (one value, or a list for a compound
     * key; compared by its text): false when the last sync read that row already, at the same value. A null value is
     * let through and leaves the cursor as it is.
     */
    public boolean advance(V rowValue, Object key) {
        if (rowValue == null) {
            return true;
        }
        String keyText = String.valueOf(key);
        int order = value == null ? 1 : rowValue.compareTo(value);
        if (order > 0) {
            value = rowValue;
            keysAtValue.clear();
            keysAtValue.add(keyText);
            return true;
        }
        return order < 0 || keysAtValue.add(keyText);
    }

    /** The cursor for state: {@code {"cursor": text, "keys_at_cursor": [...]}}, with "" before the first value. */
    public Map<String, Object> toState() {
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put(VALUE, value == null ? "" : text());
        saved.put(KEYS, new ArrayList<>(keysAtValue));
        return saved;
    }
}
