package fivetran.connector.sdk.warehouse;

/** Input the warehouse refuses: the message names the table, column, value and the rule it breaks. */
public final class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A value that breaks {@code rule}, named with its table and column. */
    static InvalidInputException value(String table, String column, Object value, String rule) {
        return new InvalidInputException("table '" + table + "', column '" + column + "': value " + Values.describe(value) + " " + rule);
    }
}
