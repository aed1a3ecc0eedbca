package fivetran.connector.sdk.iceberg;

import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.warehouse.ColumnType;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Fivetran's types as Iceberg's. The Fivetran type is kept in the field's doc ({@code fivetran:JSON}), so that the
 * types Iceberg stores alike (SHORT and INT; STRING, JSON and XML) read back as declared.
 */
final class IcebergTypes {
    static final String DOC_PREFIX = "fivetran:";

    private IcebergTypes() {
    }

    static Type of(ColumnType type) {
        return switch (type.type()) {
            case BOOLEAN -> Types.BooleanType.get();
            case SHORT, INT -> Types.IntegerType.get();
            case LONG -> Types.LongType.get();
            case DECIMAL -> Types.DecimalType.of(type.precision(), type.scale());
            case FLOAT -> Types.FloatType.get();
            case DOUBLE -> Types.DoubleType.get();
            case NAIVE_DATE -> Types.DateType.get();
            case NAIVE_DATETIME -> Types.TimestampType.withoutZone();
            case UTC_DATETIME -> Types.TimestampType.withZone();
            case BINARY -> Types.BinaryType.get();
            case STRING, JSON, XML -> Types.StringType.get();
        };
    }

    static String doc(ColumnType type) {
        return DOC_PREFIX + type;
    }

    /** The Fivetran type of a field this module wrote (its doc), else the nearest one of its Iceberg type. */
    static ColumnType fromField(Types.NestedField field) {
        String doc = field.doc();
        if (doc != null && doc.startsWith(DOC_PREFIX)) {
            String name = doc.substring(DOC_PREFIX.length());
            if (name.startsWith("DECIMAL") && field.type() instanceof Types.DecimalType decimal) {
                return ColumnType.decimal(decimal.precision(), decimal.scale());
            }
            try {
                return ColumnType.of(DataType.valueOf(name));
            } catch (IllegalArgumentException other) {
                // the type below
            }
        }
        Type type = field.type();
        return switch (type.typeId()) {
            case BOOLEAN -> ColumnType.of(DataType.BOOLEAN);
            case INTEGER -> ColumnType.of(DataType.INT);
            case LONG -> ColumnType.of(DataType.LONG);
            case FLOAT -> ColumnType.of(DataType.FLOAT);
            case DOUBLE -> ColumnType.of(DataType.DOUBLE);
            case DECIMAL -> ColumnType.decimal(((Types.DecimalType) type).precision(), ((Types.DecimalType) type).scale());
            case DATE -> ColumnType.of(DataType.NAIVE_DATE);
            case TIMESTAMP -> ColumnType.of(((Types.TimestampType) type).shouldAdjustToUTC() ? DataType.UTC_DATETIME : DataType.NAIVE_DATETIME);
            case BINARY, FIXED -> ColumnType.of(DataType.BINARY);
            default -> ColumnType.of(DataType.STRING);
        };
    }

    /** Whether Iceberg changes a column from {@code before} to {@code after} in place (its allowed type promotions). */
    static boolean promotable(Type before, Type after) {
        if (before.equals(after)) {
            return true;
        }
        if (before.typeId() == Type.TypeID.INTEGER && after.typeId() == Type.TypeID.LONG
                || before.typeId() == Type.TypeID.FLOAT && after.typeId() == Type.TypeID.DOUBLE) {
            return true;
        }
        return before instanceof Types.DecimalType from && after instanceof Types.DecimalType to
                && from.scale() == to.scale() && to.precision() >= from.precision();
    }
}
