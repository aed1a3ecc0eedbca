package fivetran.connector.sdk.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A destination table as the warehouse holds it, or as the sync wants it: user columns in order and the
 * primary key (empty for a table keyed by {@code _fivetran_id}). Public, with its accessors, for a
 * {@link Destination} outside this package (the Iceberg module); internal to the SDK.
 */
public final class TableDefinition {
    public static final String ID = "_fivetran_id";
    public static final String SYNCED = "_fivetran_synced";
    public static final String DELETED = "_fivetran_deleted";

    final String name;
    final Map<String, ColumnType> columns = new LinkedHashMap<>();
    final List<String> primaryKey = new ArrayList<>();

    public TableDefinition(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The user columns in order, by name; mutable, for a destination that builds a definition. */
    public Map<String, ColumnType> columns() {
        return columns;
    }

    /** The primary key's columns in order; empty for a table keyed by {@code _fivetran_id}; mutable. */
    public List<String> primaryKey() {
        return primaryKey;
    }

    TableDefinition copy() {
        TableDefinition copy = new TableDefinition(name);
        copy.columns.putAll(columns);
        copy.primaryKey.addAll(primaryKey);
        return copy;
    }

    public boolean keyedById() {
        return primaryKey.isEmpty();
    }

    public List<String> userColumns() {
        return new ArrayList<>(columns.keySet());
    }
}
