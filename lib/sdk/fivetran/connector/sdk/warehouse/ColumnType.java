package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.DataType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A column's Fivetran type with its DECIMAL precision and scale, and how DuckDB stores it. */
public record ColumnType(DataType type, int precision, int scale) {
    private static final int MAX_PRECISION = 38;
    private static final Pattern DUCKDB_DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    public static ColumnType of(DataType type) {
        return new ColumnType(type, 0, 0);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(DataType.DECIMAL, precision, scale);
    }

    /** The DuckDB column type. XML is VARCHAR, marked by a column comment so that it reads back as XML. */
    public String sql() {
        return switch (type) {
            case BOOLEAN -> "BOOLEAN";
            case SHORT -> "SMALLINT";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case NAIVE_DATE -> "DATE";
            case NAIVE_DATETIME -> "TIMESTAMP";
            case UTC_DATETIME -> "TIMESTAMP WITH TIME ZONE";
            case BINARY -> "BLOB";
            case XML, STRING -> "VARCHAR";
            case JSON -> "JSON";
        };
    }

    /** The type of a DuckDB column created by this SDK; {@code comment} is the column comment. */
    public static ColumnType fromSql(String sql, String comment) {
        String upper = sql.toUpperCase(Locale.ROOT);
        Matcher decimal = DUCKDB_DECIMAL.matcher(upper);
        if (decimal.matches()) {
            return decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        return switch (upper) {
            case "BOOLEAN" -> of(DataType.BOOLEAN);
            case "SMALLINT", "TINYINT", "UTINYINT" -> of(DataType.SHORT);
            case "INTEGER", "USMALLINT" -> of(DataType.INT);
            case "BIGINT", "UINTEGER" -> of(DataType.LONG);
            case "HUGEINT", "UBIGINT" -> decimal(MAX_PRECISION, 0);
            case "FLOAT" -> of(DataType.FLOAT);
            case "DOUBLE" -> of(DataType.DOUBLE);
            case "DATE" -> of(DataType.NAIVE_DATE);
            case "TIMESTAMP" -> of(DataType.NAIVE_DATETIME);
            case "TIMESTAMP WITH TIME ZONE" -> of(DataType.UTC_DATETIME);
            case "BLOB" -> of(DataType.BINARY);
            case "JSON" -> of(DataType.JSON);
            default -> of("XML".equals(comment) ? DataType.XML : DataType.STRING);
        };
    }

    /** Digits before the decimal point that a value of this type can hold. */
    private int integerDigits() {
        return switch (type) {
            case BOOLEAN -> 1;
            case SHORT -> 5;
            case INT -> 10;
            case LONG -> 19;
            case DECIMAL -> precision - scale;
            default -> MAX_PRECISION;
        };
    }

    /**
     * The narrowest type that holds values of both types, by the rules of Fivetran's tester: within
     * BOOLEAN..DOUBLE and within the date types the wider wins, every other mix becomes STRING.
     */
    public ColumnType widen(ColumnType other) {
        if (equals(other)) {
            return this;
        }
        if (type.isNumeric() && other.type.isNumeric()) {
            DataType wider = type.ordinal() >= other.type.ordinal() ? type : other.type;
            if (wider != DataType.DECIMAL) {
                return of(wider);
            }
            int scale = Math.max(this.scale, other.scale);
            int digits = Math.max(integerDigits(), other.integerDigits());
            // past 38 digits the scale is kept: a value with too many digits before the point is refused by name, where
            // fewer decimals would round every later value silently (an inferred DECIMAL(38,0) meeting 12.50)
            return digits + scale <= MAX_PRECISION ? decimal(digits + scale, scale) : decimal(MAX_PRECISION, scale);
        }
        if (type.isTemporal() && other.type.isTemporal()) {
            return type.ordinal() >= other.type.ordinal() ? this : other;
        }
        return of(DataType.STRING);
    }

    @Override
    public String toString() {
        return type == DataType.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : type.name();
    }
}
