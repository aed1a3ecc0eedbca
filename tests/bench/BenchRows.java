import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.warehouse.ColumnType;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmark's rows as a connector builds them, shared by Throughput.java and the upsert connector it generates. */
final class BenchRows {
    static final String TABLE = "bench";
    static final int CHECKPOINT_EVERY = 100_000;
    static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    static final Map<String, ColumnType> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("id", ColumnType.of(DataType.LONG));
        COLUMNS.put("name", ColumnType.of(DataType.STRING));
        COLUMNS.put("email", ColumnType.of(DataType.STRING));
        COLUMNS.put("amount", ColumnType.decimal(18, 2));
        COLUMNS.put("score", ColumnType.of(DataType.DOUBLE));
        COLUMNS.put("active", ColumnType.of(DataType.BOOLEAN));
        COLUMNS.put("created_at", ColumnType.of(DataType.NAIVE_DATETIME));
        COLUMNS.put("updated_at", ColumnType.of(DataType.NAIVE_DATETIME));
        COLUMNS.put("payload", ColumnType.of(DataType.JSON));
    }

    private BenchRows() {
    }

    /** Row {@code i} as a connector would build it; {@code version} 2 changes every non-key value. */
    static Map<String, Object> row(long i, int version) {
        return Map.of(
                "id", i,
                "name", "name " + i + (version > 1 ? " v" + version : ""),
                "email", "user" + i + "@example.com",
                "amount", BigDecimal.valueOf(i % 10_000_000 * version, 2),
                "score", (i % 1000) * 0.37 * version,
                "active", (i + version) % 3 != 0,
                "created_at", BASE.plusSeconds(i),
                "updated_at", BASE.plusSeconds(i + 3600L * version),
                "payload", Map.of("source", "bench", "sequence", i, "detail", Map.of("version", version, "even", i % 2 == 0)));
    }

    static Table table(boolean primaryKey) {
        Table table = Table.named(TABLE);
        if (primaryKey) {
            table.primaryKey("id");
        }
        COLUMNS.forEach((column, type) -> {
            if (type.type() == DataType.DECIMAL) {
                table.decimal(column, type.precision(), type.scale());
            } else {
                table.column(column, type.type());
            }
        });
        return table;
    }

    /** The SQL column list of the benchmark's table, e.g. for CREATE TABLE. */
    static String columnsSql() {
        StringBuilder sql = new StringBuilder();
        COLUMNS.forEach((column, type) -> sql.append(sql.length() > 0 ? ", " : "").append(column).append(' ').append(type.sql()));
        return sql.toString();
    }

    /** Upserts rows 0..rows-1 with a checkpoint every {@link #CHECKPOINT_EVERY} rows. */
    static void upsertAll(long rows, int version) {
        for (long i = 0; i < rows; i++) {
            Operations.upsert(TABLE, row(i, version));
            if ((i + 1) % CHECKPOINT_EVERY == 0) {
                Operations.checkpoint(Map.of("next", i + 1));
            }
        }
    }
}
