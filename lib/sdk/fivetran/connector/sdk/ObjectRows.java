package fivetran.connector.sdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns Java records and beans into rows, with accessors looked up once per class. A component or getter named with
 * Jackson's {@code @JsonProperty("updated_at")} (as a record read from JSON is) gives its column that name.
 */
final class ObjectRows {
    private record Property(String name, Method getter) {
    }

    private static final Map<Class<?>, List<Property>> PROPERTIES = new ConcurrentHashMap<>();

    private ObjectRows() {
    }

    static Map<String, Object> toMap(String table, Object record) {
        if (record == null) {
            throw new IllegalArgumentException("table '" + table + "': upsert of a null record");
        }
        if (record instanceof JsonNode node) {
            return fromJson(table, node);
        }
        List<Property> properties = PROPERTIES.computeIfAbsent(record.getClass(), ObjectRows::properties);
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("table '" + table + "': " + record.getClass().getName()
                    + " is neither a Map, a record nor a bean with getters");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Property property : properties) {
            try {
                row.put(property.name(), property.getter().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("table '" + table + "': cannot read " + property.name() + " of "
                        + record.getClass().getName() + ": " + e, e);
            }
        }
        return row;
    }

    /** A JSON object's fields as a row: numbers, text, booleans and nulls as Java values, nested values as JSON. */
    private static Map<String, Object> fromJson(String table, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("table '" + table + "': a JSON row must be an object, was " + node.getNodeType());
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            Object converted;
            if (value.isNull() || value.isMissingNode()) {
                converted = null;
            } else if (value.isTextual()) {
                converted = value.textValue();
            } else if (value.isBoolean()) {
                converted = value.booleanValue();
            } else if (value.isIntegralNumber()) {
                converted = value.canConvertToLong() ? (Object) value.longValue() : value.bigIntegerValue();
            } else if (value.isBigDecimal()) {
                converted = value.decimalValue();
            } else if (value.isNumber()) {
                converted = value.doubleValue();
            } else {
                converted = value;
            }
            row.put(field.getKey(), converted);
        }
        return row;
    }

    private static String name(String javaName, Method accessor) {
        JsonProperty named = accessor.getAnnotation(JsonProperty.class);
        return named == null || named.value().isEmpty() ? javaName : named.value();
    }

    private static List<Property> properties(Class<?> type) {
        List<Property> properties = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                properties.add(new Property(name(component.getName(), accessor), accessor));
            }
            return properties;
        }
        try {
            for (PropertyDescriptor descriptor : Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
                if (descriptor.getReadMethod() != null) {
                    descriptor.getReadMethod().setAccessible(true);
                    properties.add(new Property(name(descriptor.getName(), descriptor.getReadMethod()), descriptor.getReadMethod()));
                }
            }
        } catch (IntrospectionException e) {
            throw new IllegalArgumentException("cannot read the properties of " + type.getName() + ": " + e.getMessage(), e);
        }
        return properties;
    }
}
