package fivetran.connector.sdk.warehouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A JSON column's value as text, refused where it would be unfaithful: Jackson alone would write NaN as the string
 * "NaN", pass a lone surrogate on to become '?', and recurse through a cycle until its nesting limit.
 */
final class JsonValues {
    /** Jackson's own limit on the nesting of the JSON it writes. */
    static final int MAX_DEPTH = 1000;

    private JsonValues() {
    }

    /**
     * {@code value} as JSON text, or null when it cannot be written faithfully ({@link #problem} then says why). The
     * maps, lists and plain values a connector builds are written straight to Jackson's generator and checked on the
     * way, in one walk; anything else (java.time values, records, JSON trees, decimals) goes through the mapper.
     */
    static String text(Object value) {
        BufferRecycler buffers = Values.JSON.getFactory()._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(buffers)) {
            try (JsonGenerator generator = Values.JSON.createGenerator(out)) {
                if (!write(generator, value)) {
                    return null;
                }
            }
            return out.getAndClear();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return null;
        } finally {
            buffers.releaseToPool();
        }
    }

    private static boolean write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            if (Values.unpairedSurrogate(text) >= 0) {
                return false;
            }
            generator.writeString(text);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return false;
            }
            if (value instanceof Float single) {
                generator.writeNumber(single);
            } else {
                generator.writeNumber(number);
            }
        } else if (value instanceof Map<?, ?> map && stringKeys(map)) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                if (Values.unpairedSurrogate(key) >= 0) {
                    return false;
                }
                generator.writeFieldName(key);
                if (!write(generator, entry.getValue())) {
                    return false;
                }
            }
            generator.writeEndObject();
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            Iterable<?> items = value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value;
            generator.writeStartArray();
            for (Object item : items) {
                if (!write(generator, item)) {
                    return false;
                }
            }
            generator.writeEndArray();
        } else {
            if (value instanceof Map && problem(value) != null) {
                return false;
            }
            Values.JSON.writeValue(generator, value);
        }
        return true;
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Why {@code value} cannot be written faithfully as JSON, with the path of the offending part; null when it can. */
    static String problem(Object value) {
        try {
            return problem(value, "$", 0, Collections.newSetFromMap(new IdentityHashMap<>()));
        } catch (StackOverflowError e) {
            return "it nests too deeply";
        }
    }

    private static String problem(Object value, String path, int depth, Set<Object> open) {
        if (value instanceof String text) {
            int unpaired = Values.unpairedSurrogate(text);
            return unpaired < 0 ? null : shown(path) + " is not valid text: " + Values.surrogateRule(text, unpaired);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? shown(path) + " is " + value + ", which JSON cannot hold" : null;
        }
        boolean container = value instanceof Map || value instanceof Collection || value instanceof Object[];
        if (!container) {
            return null;
        }
        if (depth >= MAX_DEPTH) {
            return "it nests deeper than " + MAX_DEPTH + " levels";
        }
        if (!open.add(value)) {
            return shown(path) + " refers back to a map or list that contains it (a cycle)";
        }
        String found = null;
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String child = path + "." + key;
                found = problem(key, child + " (the key)", depth + 1, open);
                if (found == null) {
                    found = problem(entry.getValue(), child, depth + 1, open);
                }
                if (found != null) {
                    break;
                }
            }
        } else {
            Iterable<?> items = value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value;
            int i = 0;
            for (Object item : items) {
                found = problem(item, path + "[" + i++ + "]", depth + 1, open);
                if (found != null) {
                    break;
                }
            }
        }
        open.remove(value);
        return found;
    }

    /** A path short enough for a message: its start and its end. */
    static String shown(String path) {
        return path.length() <= 100 ? path : path.substring(0, 50) + "…" + path.substring(path.length() - 40);
    }
}
