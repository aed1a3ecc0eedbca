package fivetran.connector.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table declared by a connector's {@code schema} method.
 *
 * <pre>{@code
 * Table.named("orders").primaryKey("id").column("id", DataType.INT).decimal("amount", 15, 2)
 * }</pre>
 *
 * Columns that are not declared are inferred from the values the connector writes; a table without a
 * primary key is keyed by the {@code _fivetran_id} system column, a hash of the row's values.
 */
public final class Table {
    private final String name;
    private final List<String> primaryKey = new ArrayList<>();
    private final Map<String, Column> columns = new LinkedHashMap<>();

    private Table(String name) {
        this.name = requireName(name, "table name");
    }

    /** Starts the declaration of the table called {@code name}. */
    public static Table named(String name) {
        return new Table(name);
    }

    /** Declares the primary-key columns, in key order. Their types may be declared or inferred. */
    public Table primaryKey(String... columnNames) {
        for (String column : columnNames) {
            requireName(column, "primary-key column of table '" + name + "'");
            if (primaryKey.contains(column)) {
                throw new IllegalArgumentException("table '" + name + "': primary-key column '" + column + "' is listed twice");
            }
            primaryKey.add(column);
        }
        return this;
    }

    /** Declares a column of any type but {@link DataType#DECIMAL}, which needs {@link #decimal}. */
    public Table column(String columnName, DataType type) {
        if (type == DataType.DECIMAL) {
            throw new IllegalArgumentException("table '" + name + "', column '" + columnName
                    + "': DECIMAL needs a precision and scale; use decimal(\"" + columnName + "\", precision, scale)");
        }
        return add(new Column(columnName, type, 0, 0));
    }

    /** Declares a {@link DataType#DECIMAL} column with its precision (1 to 38) and scale. */
    public Table decimal(String columnName, int precision, int scale) {
        return add(new Column(columnName, DataType.DECIMAL, precision, scale));
    }

    private Table add(Column column) {
        if (columns.putIfAbsent(column.name(), column) != null) {
            throw new IllegalArgumentException("table '" + name + "': column '" + column.name() + "' is declared twice");
        }
        return this;
    }

    /** The table name as the connector writes it. */
    public String name() {
        return name;
    }

    /** The primary-key columns, in key order; empty when the table has none. */
    public List<String> primaryKey() {
        return Collections.unmodifiableList(primaryKey);
    }

    /** The declared columns, in declaration order. */
    public Collection<Column> columns() {
        return Collections.unmodifiableCollection(columns.values());
    }

    /**
     * Reads the Python SDK's dictionary form of a table:
     * {@code {"table": "orders", "primary_key": ["id"], "columns": {"id": "INT",
     * "amount": {"type": "DECIMAL", "precision": 15, "scale": 2}}}}. Type names are case-insensitive.
     */
    public static Table fromMap(Map<String, ?> map) {
        Object tableName = map.get("table");
        if (tableName == null) {
            throw new IllegalArgumentException("Entry missing table name: " + map);
        }
        if (!(tableName instanceof String)) {
            throw new IllegalArgumentException("table name must be a string, was " + tableName.getClass().getSimpleName() + ": " + tableName);
        }
        Table table = named((String) tableName);
        Object key = map.get("primary_key");
        if (key instanceof String single) {
            table.primaryKey(single);
        } else if (key instanceof Collection<?> keys) {
            for (Object column : keys) {
                if (!(column instanceof String)) {
                    throw new IllegalArgumentException("table '" + tableName + "': primary_key entries must be strings, found " + column);
                }
                table.primaryKey((String) column);
            }
        } else if (key != null) {
            throw new IllegalArgumentException("table '" + tableName + "': primary_key must be a list of column names, was " + key);
        }
        Object columns = map.get("columns");
        if (columns instanceof Map<?, ?> declared) {
            for (Map.Entry<?, ?> entry : declared.entrySet()) {
                table.add(columnFromMap((String) tableName, String.valueOf(entry.getKey()), entry.getValue()));
            }
        } else if (columns != null) {
            throw new IllegalArgumentException("table '" + tableName + "': columns must be a map of column name to type, was " + columns);
        }
        return table;
    }

    private static Column columnFromMap(String table, String column, Object type) {
        String where = "table '" + table + "', column '" + column + "': ";
        if (type instanceof String typeName) {
            DataType parsed = DataType.parse(typeName);
            if (parsed == DataType.DECIMAL) {
                throw new IllegalArgumentException(where + "DECIMAL needs the form {\"type\": \"DECIMAL\", \"precision\": p, \"scale\": s}");
            }
            if (parsed == null) {
                throw new IllegalArgumentException(where + "Unrecognized column type '" + typeName + "'");
            }
            return new Column(column, parsed, 0, 0);
        }
        if (type instanceof Map<?, ?> spec) {
            Object typeName = spec.get("type");
            if (!(typeName instanceof String) || DataType.parse((String) typeName) != DataType.DECIMAL) {
                throw new IllegalArgumentException(where + "only DECIMAL may be given as a map, found type " + typeName);
            }
            if (!(spec.get("precision") instanceof Integer precision) || !(spec.get("scale") instanceof Integer scale)) {
                throw new IllegalArgumentException(where + "DECIMAL needs integer precision and scale, found " + spec);
            }
            return new Column(column, DataType.DECIMAL, precision, scale);
        }
        throw new IllegalArgumentException(where + "Unrecognized column type " + type);
    }

    static String requireName(Object name, String what) {
        if (name == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (!(name instanceof String text)) {
            throw new IllegalArgumentException(what + " must be a string, was " + name.getClass().getSimpleName());
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty or blank");
        }
        return text;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name).append(" (");
        columns.values().forEach(c -> out.append(c.name()).append(' ').append(c.typeName()).append(", "));
        return out.append("primary key ").append(primaryKey).append(')').toString();
    }
}
