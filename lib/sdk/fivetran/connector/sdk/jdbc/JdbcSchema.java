package fivetran.connector.sdk.jdbc;

import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Table;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Declares destination tables from the source database's own metadata: the columns with their mapped
 * {@link DataType} (as {@link RowReader} reads their values) and the primary key.
 *
 * <pre>{@code
 * static List<Table> schema(Configuration configuration) throws SQLException {
 *     try (Connection source = Jdbc.connect(configuration)) {
 *         return JdbcSchema.tables(source, "orders", "customers");
 *     }
 * }
 * }</pre>
 *
 * A NUMERIC without a precision, or with more than 38 digits, is left undeclared (its type is inferred from the
 * values); a type the SDK does not have (TIME, UUID, enums...) is declared STRING.
 */
public final class JdbcSchema {
    private static final int MAX_DECIMAL_PRECISION = 38;

    private JdbcSchema() {
    }

    /** The tables named, each as {@link #table(Connection, String)} declares it. */
    public static List<Table> tables(Connection connection, String... sourceTables) throws SQLException {
        List<Table> tables = new ArrayList<>();
        for (String sourceTable : sourceTables) {
            tables.add(table(connection, sourceTable));
        }
        return tables;
    }

    /**
     * The table {@code sourceTable}, written {@code table} (in the connection's current schema or database) or
     * {@code schema.table}, declared under its unqualified name with its primary key and column types.
     *
     * @throws SQLException when there is no such table, or the metadata cannot be read
     */
    public static Table table(Connection connection, String sourceTable) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        int dot = sourceTable.lastIndexOf('.');
        String qualifier = dot < 0 ? null : sourceTable.substring(0, dot);
        String name = storedCase(metadata, sourceTable.substring(dot + 1));
        // MySQL and MariaDB call a database a catalog; PostgreSQL has schemas inside the connection's catalog.
        boolean schemas = metadata.supportsSchemasInTableDefinitions();
        String catalog = schemas || qualifier == null ? connection.getCatalog() : qualifier;
        String schema = !schemas ? null : qualifier == null ? currentSchema(connection) : storedCase(metadata, qualifier);

        Table table = Table.named(name);
        boolean found = false;
        try (ResultSet columns = metadata.getColumns(catalog, schema, name, "%")) {
            while (columns.next()) {
                if (!name.equals(columns.getString("TABLE_NAME"))) {
                    continue; // the name is a LIKE pattern: '_' matches any character
                }
                found = true;
                declare(table, columns.getString("COLUMN_NAME"), columns.getInt("DATA_TYPE"), columns.getString("TYPE_NAME"),
                        columns.getInt("COLUMN_SIZE"), columns.getInt("DECIMAL_DIGITS"));
            }
        }
        if (!found) {
            throw new SQLException("source table '" + sourceTable + "' not found (catalog " + catalog + ", schema " + schema + ")");
        }
        TreeMap<Integer, String> key = new TreeMap<>();
        try (ResultSet primaryKey = metadata.getPrimaryKeys(catalog, schema, name)) {
            while (primaryKey.next()) {
                if (name.equals(primaryKey.getString("TABLE_NAME"))) {
                    key.put(primaryKey.getInt("KEY_SEQ"), primaryKey.getString("COLUMN_NAME"));
                }
            }
        }
        return table.primaryKey(key.values().toArray(String[]::new));
    }

    private static void declare(Table table, String column, int jdbcType, String typeName, int size, int scale) {
        // getColumns gives no signedness: MySQL spells it in the type name, which SqlKind reads.
        SqlKind kind = SqlKind.of(jdbcType, typeName, size, true);
        if (kind == SqlKind.DECIMAL) {
            if (size >= 1 && size <= MAX_DECIMAL_PRECISION) {
                table.decimal(column, size, Math.max(scale, 0));
            }
        } else {
            table.column(column, kind.dataType);
        }
    }

    /** The connection's schema; null (any schema) for drivers older than JDBC 4.1, such as jTDS, which have no getSchema. */
    private static String currentSchema(Connection connection) throws SQLException {
        try {
            return connection.getSchema();
        } catch (AbstractMethodError | java.sql.SQLFeatureNotSupportedException older) {
            return null;
        }
    }

    private static String storedCase(DatabaseMetaData metadata, String identifier) throws SQLException {
        if (identifier.startsWith("\"") && identifier.endsWith("\"") && identifier.length() > 1) {
            return identifier.substring(1, identifier.length() - 1);
        }
        if (metadata.storesLowerCaseIdentifiers()) {
            return identifier.toLowerCase(Locale.ROOT);
        }
        return metadata.storesUpperCaseIdentifiers() ? identifier.toUpperCase(Locale.ROOT) : identifier;
    }
}
