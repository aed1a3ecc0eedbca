package fivetran.connector.sdk.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A destination table as the warehouse holds it, or as the sync wants it: user columns in order and the
 * primary key (empty for a table keyed by {@code _fivetran_id}).
 */
final class TableDefinition {
    static final String ID = "_fivetran_id";
    static final String SYNCED = "_fivetran_synced";
    static final String DELETED = "_fivetran_deleted";

    final String name;
    final Map<String, ColumnType> columns = new LinkedHashMap<>();
    final List<String> primaryKey = new ArrayList<>();

    TableDefinition(String name) {
        this.name = name;
    }

    TableDefinition copy() {
        TableDefinition copy = new TableDefinition(name);
        copy.columns.putAll(columns);
        copy.primaryKey.addAll(primaryKey);
        return copy;
    }

    boolean keyedById() {
        return primaryKey.isEmpty();
    }

    List<String> userColumns() {
        return new ArrayList<>(columns.keySet());
    }
}
