package fivetran.connector.sdk.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A destination table as the warehouse holds it, or as the sync wants it: user columns in order, the
 * primary key (empty for a table keyed by {@code _fivetran_id}) and which column types were declared.
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

    /**
     * The CREATE TABLE statement, primary-key columns first. A declared primary key is a DuckDB constraint;
     * {@code _fivetran_id} is kept unique by the merge instead, since an index over random 128-bit hashes made
     * a large sync about twice as slow.
     */
    String createSql(String qualifiedName) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(qualifiedName).append(" (");
        List<String> ordered = new ArrayList<>(primaryKey);
        columns.keySet().stream().filter(c -> !primaryKey.contains(c)).forEach(ordered::add);
        for (String column : ordered) {
            sql.append(Naming.quote(column)).append(' ').append(columns.get(column).sql()).append(", ");
        }
        if (keyedById()) {
            sql.append(Naming.quote(ID)).append(" UHUGEINT NOT NULL, ");
        }
        sql.append(Naming.quote(SYNCED)).append(" TIMESTAMP WITH TIME ZONE, ");
        sql.append(Naming.quote(DELETED)).append(" BOOLEAN");
        if (keyedById()) {
            return sql.append(')').toString();
        }
        sql.append(", PRIMARY KEY (");
        for (int i = 0; i < primaryKey.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(Naming.quote(primaryKey.get(i)));
        }
        return sql.append("))").toString();
    }
}
