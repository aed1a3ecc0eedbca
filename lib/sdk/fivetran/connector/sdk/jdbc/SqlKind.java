package fivetran.connector.sdk.jdbc;

import fivetran.connector.sdk.DataType;
import java.sql.Types;
import java.util.Locale;

/** How a source column's SQL type is read into Java and declared in the destination. */
enum SqlKind {
    BOOLEAN(DataType.BOOLEAN), SHORT(DataType.SHORT), INT(DataType.INT), LONG(DataType.LONG), DECIMAL(DataType.DECIMAL),
    FLOAT(DataType.FLOAT), DOUBLE(DataType.DOUBLE), DATE(DataType.NAIVE_DATE), DATETIME(DataType.NAIVE_DATETIME),
    UTC_DATETIME(DataType.UTC_DATETIME), BINARY(DataType.BINARY), XML(DataType.XML), JSON(DataType.JSON),
    ARRAY(DataType.JSON), TEXT(DataType.STRING);

    final DataType dataType;

    SqlKind(DataType dataType) {
        this.dataType = dataType;
    }

    /**
     * Classifies a column from its {@link Types} code, its database type name, its precision and whether it is
     * signed. Type names matter where drivers share a code: PostgreSQL reports {@code timestamptz} as TIMESTAMP and
     * {@code json} as OTHER; MySQL reports unsigned integers with the signed codes.
     */
    static SqlKind of(int jdbcType, String typeName, int precision, boolean signed) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        boolean unsigned = !signed || name.contains("unsigned");
        if (name.equals("timestamptz") || name.equals("timestamp with time zone")) {
            return UTC_DATETIME;
        }
        if (name.equals("json") || name.equals("jsonb")) {
            return JSON;
        }
        return switch (jdbcType) {
            case Types.BOOLEAN -> BOOLEAN;
            case Types.BIT -> precision <= 1 ? BOOLEAN : BINARY;
            case Types.TINYINT -> SHORT;
            case Types.SMALLINT -> unsigned ? INT : SHORT;
            case Types.INTEGER -> unsigned ? LONG : INT;
            case Types.BIGINT -> unsigned ? DECIMAL : LONG;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.REAL -> FLOAT;
            case Types.FLOAT, Types.DOUBLE -> DOUBLE;
            case Types.DATE -> DATE;
            case Types.TIMESTAMP -> DATETIME;
            case Types.TIMESTAMP_WITH_TIMEZONE -> UTC_DATETIME;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            case Types.SQLXML -> XML;
            case Types.ARRAY -> ARRAY;
            default -> TEXT;
        };
    }
}
