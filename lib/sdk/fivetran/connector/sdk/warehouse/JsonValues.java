package fivetran.connector.sdk.warehouse;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What would make a JSON column's value unfaithful, found before Jackson writes it: Jackson would write NaN as the
 * string "NaN", pass a lone surrogate on to become '?', and recurse through a cycle until its nesting limit.
 */
final class JsonValues {
    /** Jackson's own limit on the nesting of the JSON it writes. */
    static final int MAX_DEPTH = 1000;

    private JsonValues() {
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
            Iterable<?> items = value instanceof Object[] array ? java.util.Arrays.asList(array) : (Collection<?>) value;
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
