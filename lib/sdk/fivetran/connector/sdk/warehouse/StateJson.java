package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint's state as JSON text. Only JSON values are accepted (maps with string keys, lists, strings,
 * finite numbers, booleans, null), so that the next sync reads back exactly what was checkpointed.
 */
final class StateJson {
    private static final int MAX_DEPTH = 64;

    private StateJson() {
    }

    static String write(Map<String, ?> state) {
        check(state, "$", 0, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        try {
            return Jackson.MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("checkpoint state cannot be serialized to JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void check(Object value, String path, int depth, Set<Object> open) {
        if (value instanceof String text) {
            int unpaired = Values.unpairedSurrogate(text);
            if (unpaired >= 0) {
                throw refuse(path, "is not valid text: " + Values.surrogateRule(text, unpaired));
            }
            return;
        }
        if (value == null || value instanceof Boolean || value instanceof JsonNode) {
            return;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw refuse(path, "is " + value + ", which JSON cannot hold");
            }
            return;
        }
        if (depth >= MAX_DEPTH) {
            throw refuse(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (value instanceof Map<?, ?> map) {
            if (!open.add(value)) {
                throw refuse(path, "refers back to itself");
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw refuse(path, "has a key that is not a string: " + Values.describe(entry.getKey()));
                }
                check(key, path + "." + key + " (the key)", depth + 1, open);
                check(entry.getValue(), path + "." + key, depth + 1, open);
            }
            open.remove(value);
            return;
        }
        if (value instanceof Collection<?> list) {
            if (!open.add(value)) {
                throw refuse(path, "refers back to itself");
            }
            int i = 0;
            for (Object item : list) {
                check(item, path + "[" + i++ + "]", depth + 1, open);
            }
            open.remove(value);
            return;
        }
        throw refuse(path, "is a " + value.getClass().getName() + ", not a JSON value (use a String, number, boolean, "
                + "null, Map or List; store dates as text)");
    }

    private static InvalidInputException refuse(String path, String rule) {
        return new InvalidInputException("checkpoint state cannot be serialized to JSON: " + JsonValues.shown(path) + " " + rule);
    }
}
