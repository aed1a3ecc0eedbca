package fivetran.connector.sdk;

/**
 * A declared column: its name, its type and, for {@link DataType#DECIMAL}, its precision and scale.
 *
 * @param name      the column name as the connector writes it
 * @param type      the declared type
 * @param precision total digits of a DECIMAL (1 to 38), 0 otherwise
 * @param scale     digits after the decimal point of a DECIMAL (0 to precision), 0 otherwise
 */
public record Column(String name, DataType type, int precision, int scale) {

    public Column {
        Table.requireName(name, "column name");
        if (type == null) {
            throw new IllegalArgumentException("column '" + name + "': type is missing");
        }
        if (type == DataType.DECIMAL) {
            if (precision < 1 || precision > 38) {
                throw new IllegalArgumentException("column '" + name + "': DECIMAL precision must be 1 to 38, was " + precision);
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException("column '" + name + "': DECIMAL scale must be 0 to the precision (" + precision + "), was " + scale);
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException("column '" + name + "': only DECIMAL takes a precision and scale");
        }
    }

    /** The type as Fivetran writes it, e.g. {@code DECIMAL(15,2)} or {@code STRING}. */
    public String typeName() {
        return type == DataType.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : type.name();
    }
}
