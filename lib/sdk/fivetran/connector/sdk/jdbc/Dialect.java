package fivetran.connector.sdk.jdbc;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * How a database's SQL limits the rows of a query, quotes identifiers, writes a keyset predicate ("the rows after this
 * position") and takes date and time parameters. {@link KeysetReader#dialect} reads with it; a connector that writes
 * its own SQL can use it too:
 *
 * <pre>{@code
 * Dialect.SQL_SERVER.select("*", "dbo.orders", "amount > ?", "id", 500)  // SELECT TOP 500 * FROM dbo.orders WHERE amount > ? ORDER BY id
 * Dialect.DB2.quote("order")                                             // "order"
 * Dialect.SQL_SERVER.after(List.of("updated_at", "id"), List.of(t, 42))  // (updated_at > ? OR (updated_at = ? AND id > ?)), [t, t, 42]
 * }</pre>
 *
 * <table>
 * <tr><th>Dialect</th><th>Row limit</th><th>Quotes</th><th>Keyset predicate</th></tr>
 * <tr><td>{@link #ANSI} (the default)</td><td>{@code FETCH FIRST n ROWS ONLY}</td><td>{@code "x"}</td><td>expanded</td></tr>
 * <tr><td>{@link #POSTGRESQL}</td><td>{@code LIMIT n}</td><td>{@code "x"}</td><td>row value</td></tr>
 * <tr><td>{@link #MYSQL} (and MariaDB)</td><td>{@code LIMIT n}</td><td>{@code `x`}</td><td>row value</td></tr>
 * <tr><td>{@link #SQL_SERVER}</td><td>{@code SELECT TOP n}</td><td>{@code [x]}</td><td>expanded</td></tr>
 * <tr><td>{@link #SYBASE} (ASE and IQ)</td><td>{@code SELECT TOP n}</td><td>{@code [x]}</td><td>expanded</td></tr>
 * <tr><td>{@link #DB2}</td><td>{@code FETCH FIRST n ROWS ONLY}</td><td>{@code "x"}</td><td>expanded</td></tr>
 * <tr><td>{@link #INFORMIX}</td><td>{@code SELECT FIRST n}</td><td>{@code "x"} (with {@code DELIMIDENT=Y})</td><td>expanded</td></tr>
 * <tr><td>{@link #FIREBIRD}</td><td>{@code SELECT FIRST n}</td><td>{@code "x"}</td><td>expanded</td></tr>
 * <tr><td>{@link #SAP_HANA}</td><td>{@code LIMIT n}</td><td>{@code "x"}</td><td>expanded</td></tr>
 * <tr><td>{@link #TERADATA}</td><td>{@code SELECT TOP n}</td><td>{@code "x"}</td><td>expanded</td></tr>
 * <tr><td>{@link #HIVE}</td><td>{@code LIMIT n}</td><td>{@code `x`}</td><td>expanded</td></tr>
 * </table>
 *
 * The expanded predicate {@code (a > ? OR (a = ? AND b > ?))} is what every database accepts; the row-value form
 * {@code (a, b) > (?, ?)} is used where the planner turns it into one index range (PostgreSQL, MySQL, MariaDB). Date and
 * time parameters are bound as JDBC 4.2's {@code LocalDate}/{@code LocalDateTime} for PostgreSQL, MySQL, SQL Server,
 * Firebird and ANSI; for the others, whose drivers predate JDBC 4.2 (jTDS, Hive's, Informix's) or are not known here to
 * take java.time (Db2's JCC, SAP HANA's, Teradata's), as {@code java.sql.Date} and {@code Timestamp}, which every JDBC
 * driver takes ({@link #parameter}).
 */
public enum Dialect {
    ANSI(Limit.FETCH_FIRST, "\"", "\"", false, true),
    POSTGRESQL(Limit.LIMIT, "\"", "\"", true, true),
    MYSQL(Limit.LIMIT, "`", "`", true, true),
    SQL_SERVER(Limit.TOP, "[", "]", false, true),
    SYBASE(Limit.TOP, "[", "]", false, false),
    DB2(Limit.FETCH_FIRST, "\"", "\"", false, false),
    INFORMIX(Limit.FIRST, "\"", "\"", false, false),
    FIREBIRD(Limit.FIRST, "\"", "\"", false, true),
    SAP_HANA(Limit.LIMIT, "\"", "\"", false, false),
    TERADATA(Limit.TOP, "\"", "\"", false, false),
    HIVE(Limit.LIMIT, "`", "`", false, false);

    /** Where a dialect writes the row limit of a query. */
    public enum Limit {
        /** {@code SELECT ... ORDER BY ... LIMIT n} */
        LIMIT,
        /** {@code SELECT ... ORDER BY ... FETCH FIRST n ROWS ONLY} (SQL:2008) */
        FETCH_FIRST,
        /** {@code SELECT TOP n ...} */
        TOP,
        /** {@code SELECT FIRST n ...} */
        FIRST
    }

    /** A piece of SQL with the values of its {@code ?} placeholders, in order. */
    public record Condition(String sql, List<Object> parameters) {
        public Condition {
            parameters = List.copyOf(parameters);
        }
    }

    private final Limit limit;
    private final String open;
    private final String close;
    private final boolean rowValues;
    private final boolean javaTime;

    Dialect(Limit limit, String open, String close, boolean rowValues, boolean javaTime) {
        this.limit = limit;
        this.open = open;
        this.close = close;
        this.rowValues = rowValues;
        this.javaTime = javaTime;
    }

    /** How this dialect limits rows. */
    public Limit limit() {
        return limit;
    }

    /** {@code identifier} as a delimited identifier, its closing quote doubled: {@code [a]]b]}, {@code "a""b"}. */
    public String quote(String identifier) {
        return open + identifier.replace(close, close + close) + close;
    }

    /** {@code identifier} without this dialect's quotes, its doubled closing quotes undone; unquoted, as it is. */
    public String unquote(String identifier) {
        if (identifier.length() > 1 && identifier.startsWith(open) && identifier.endsWith(close)) {
            return identifier.substring(open.length(), identifier.length() - close.length()).replace(close + close, close);
        }
        return identifier;
    }

    /** {@code schema.table} (or any dotted name) with each part quoted; a part already quoted is kept as is. */
    public String quoteQualified(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            parts.add(part.startsWith(open) && part.endsWith(close) && part.length() > 1 ? part : quote(part));
        }
        return String.join(".", parts);
    }

    /**
     * {@code SELECT <columns> FROM <from> [WHERE <where>] [ORDER BY <orderBy>]} with at most {@code rows} rows in this
     * dialect's syntax; {@code where} and {@code orderBy} may be null, {@code rows} 0 for no limit.
     */
    public String select(String columns, String from, String where, String orderBy, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("a row limit must be 0 (none) or more, was " + rows);
        }
        String head = rows == 0 ? "" : switch (limit) {
            case TOP -> "TOP " + rows + " ";
            case FIRST -> "FIRST " + rows + " ";
            default -> "";
        };
        String tail = rows == 0 ? "" : switch (limit) {
            case LIMIT -> " LIMIT " + rows;
            case FETCH_FIRST -> " FETCH FIRST " + rows + " ROWS ONLY";
            default -> "";
        };
        return "SELECT " + head + columns + " FROM " + from + (where == null ? "" : " WHERE " + where)
                + (orderBy == null ? "" : " ORDER BY " + orderBy) + tail;
    }

    /**
     * The rows after {@code values} in the order of {@code columns} (ascending, most significant first):
     * {@code (a, b) > (?, ?)} where the dialect has row values, else {@code (a > ? OR (a = ? AND b > ?))} with the
     * values repeated as its placeholders need them. The values are passed through {@link #parameter}.
     */
    public Condition after(List<String> columns, List<?> values) {
        if (columns.isEmpty() || columns.size() != values.size()) {
            throw new IllegalArgumentException("a keyset predicate needs one value per column: " + columns + ", " + values);
        }
        List<Object> bound = new ArrayList<>();
        if (rowValues && columns.size() > 1) {
            values.forEach(value -> bound.add(parameter(value)));
            return new Condition("(" + String.join(", ", columns) + ") > (" + "?, ".repeat(columns.size() - 1) + "?)", bound);
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            boolean last = i == columns.size() - 1;
            sql.append(last ? columns.get(i) + " > ?" : "(" + columns.get(i) + " > ? OR (" + columns.get(i) + " = ? AND ");
            bound.add(parameter(values.get(i)));
            if (!last) {
                bound.add(parameter(values.get(i)));
            }
        }
        sql.append("))".repeat(columns.size() - 1));
        return new Condition(sql.toString(), bound);
    }

    /**
     * A value as this dialect's driver takes it as a parameter: {@code LocalDateTime} and {@code LocalDate} become
     * {@code Timestamp} and {@code java.sql.Date} for drivers without JDBC 4.2's java.time (for Hive's, which takes no
     * {@code java.sql.Date}, a {@code LocalDate} becomes its ISO text); anything else is kept.
     */
    public Object parameter(Object value) {
        if (javaTime) {
            return value;
        }
        if (value instanceof LocalDateTime dateTime) {
            return Timestamp.valueOf(dateTime);
        }
        if (value instanceof LocalDate date) {
            // Hive's driver takes no java.sql.Date (it writes parameters into the SQL text): a date literal's text
            return this == HIVE ? date.toString() : Date.valueOf(date);
        }
        return value;
    }
}
