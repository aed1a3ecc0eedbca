package fivetran.connector.sdk;

import java.util.Locale;

/**
 * The column types of a destination table, as in Fivetran's Connector SDK.
 *
 * <p>Java values accepted for each type (a {@code null} is always accepted):
 * <ul>
 *   <li>{@link #BOOLEAN}: {@code Boolean}</li>
 *   <li>{@link #SHORT}, {@link #INT}, {@link #LONG}: any integral {@code Number} in range
 *       (a floating-point or decimal value only when it is integral)</li>
 *   <li>{@link #DECIMAL}: {@code BigDecimal}, any {@code Number}, or a decimal {@code String} such as {@code "105.34"}</li>
 *   <li>{@link #FLOAT}, {@link #DOUBLE}: any {@code Number}</li>
 *   <li>{@link #NAIVE_DATE}: {@code LocalDate} or {@code "YYYY-MM-DD"}</li>
 *   <li>{@link #NAIVE_DATETIME}: {@code LocalDateTime}, {@code LocalDate} (midnight), or
 *       {@code "YYYY-MM-DDTHH:MM:SS[.ffffff]"} ({@code T} or a space)</li>
 *   <li>{@link #UTC_DATETIME}: {@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime}, {@code java.util.Date},
 *       or a string with an offset ({@code Z}, {@code +00:00}, {@code +0000}); stored as UTC</li>
 *   <li>{@link #BINARY}: {@code byte[]} or {@code ByteBuffer}</li>
 *   <li>{@link #XML}: {@code String}</li>
 *   <li>{@link #STRING}: any value, converted to text</li>
 *   <li>{@link #JSON}: {@code Map}, {@code List}, Jackson {@code JsonNode}, a record, or a scalar
 *       (a {@code String} becomes a JSON string literal, as in the Python SDK)</li>
 * </ul>
 */
public enum DataType {
    BOOLEAN, SHORT, INT, LONG, DECIMAL, FLOAT, DOUBLE, NAIVE_DATE, NAIVE_DATETIME, UTC_DATETIME, BINARY, XML, STRING, JSON;

    /** The type named {@code name}, case-insensitively; {@code null} when there is none. */
    public static DataType parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether this is one of the numeric types, BOOLEAN through DOUBLE. */
    public boolean isNumeric() {
        return ordinal() <= DOUBLE.ordinal();
    }

    /** Whether this is one of the date and time types. */
    public boolean isTemporal() {
        return this == NAIVE_DATE || this == NAIVE_DATETIME || this == UTC_DATETIME;
    }
}
