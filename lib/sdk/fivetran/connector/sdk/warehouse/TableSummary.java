package fivetran.connector.sdk.warehouse;

import java.util.List;

/**
 * A destination table as {@code inspect} shows it.
 *
 * @param name       the table name in schema {@code tester}
 * @param columns    every column, system columns included, in order
 * @param live       rows not marked deleted
 * @param deleted    rows marked deleted
 */
public record TableSummary(String name, List<ColumnSummary> columns, long live, long deleted) {

    /** A column: its name, its DuckDB type, its Fivetran type, and whether it is part of the primary key. */
    public record ColumnSummary(String name, String duckdbType, String fivetranType, boolean primaryKey) {
    }
}
