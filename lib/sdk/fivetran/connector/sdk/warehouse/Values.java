package fivetran.connector.sdk.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fivetran.connector.sdk.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java values in, warehouse values out: the type inferred for an undeclared column, and the coercion of a value
 * to its column's type. A coerced value is one of Boolean, Short, Integer, Long, BigDecimal (at the column's
 * scale), Float, Double, LocalDate, LocalDateTime, OffsetDateTime (UTC), byte[] or String.
 */
public final class Values {
    /** The JSON mapper for JSON columns and state: java.time as ISO text, nesting limited by Jackson's constraints. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final Pattern NAIVE_DATETIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?");
    private static final Pattern UTC_DATETIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)\\s?(Z|z|[+-]\\d{2}(?::?\\d{2})?)");
    private static final int DESCRIBE_LIMIT = 80;

    private Values() {
    }

    /** The type of an undeclared column first seen holding {@code value} (never null). */
    public static ColumnType infer(Object value) {
        if (value instanceof Boolean) {
            return ColumnType.of(DataType.BOOLEAN);
        }
        if (value instanceof Short || value instanceof Byte) {
            return ColumnType.of(DataType.SHORT);
        }
        if (value instanceof Integer || value instanceof AtomicInteger) {
            return ColumnType.of(DataType.INT);
        }
        if (value instanceof Long || value instanceof AtomicLong) {
            return ColumnType.of(DataType.LONG);
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? ColumnType.of(DataType.LONG) : ColumnType.decimal(38, 0);
        }
        if (value instanceof BigDecimal decimal) {
            int scale = Math.max(0, Math.min(decimal.scale(), 38 - Math.max(1, decimal.precision() - decimal.scale())));
            return ColumnType.decimal(38, scale);
        }
        if (value instanceof Float) {
            return ColumnType.of(DataType.FLOAT);
        }
        if (value instanceof Double) {
            return ColumnType.of(DataType.DOUBLE);
        }
        if (value instanceof LocalDate) {
            return ColumnType.of(DataType.NAIVE_DATE);
        }
        if (value instanceof LocalDateTime) {
            return ColumnType.of(DataType.NAIVE_DATETIME);
        }
        if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof Date) {
            return ColumnType.of(DataType.UTC_DATETIME);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return ColumnType.of(DataType.BINARY);
        }
        if (value instanceof Map || value instanceof Collection || value instanceof JsonNode || value instanceof Object[]
                || value.getClass().isRecord()) {
            return ColumnType.of(DataType.JSON);
        }
        return ColumnType.of(DataType.STRING);
    }

    /** {@code value} as a value of {@code type}; fails with a message naming table, column, value and rule. */
    public static Object coerce(Object value, ColumnType type, String table, String column) {
        if (value == null) {
            return null;
        }
        return switch (type.type()) {
            case BOOLEAN -> {
                if (value instanceof Boolean) {
                    yield value;
                }
                throw InvalidInputException.value(table, column, value, "is not a BOOLEAN: give a Boolean");
            }
            case SHORT -> (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE, type, table, column);
            case INT -> (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, type, table, column);
            case LONG -> integral(value, Long.MIN_VALUE, Long.MAX_VALUE, type, table, column);
            case DECIMAL -> decimal(value, type, table, column);
            case FLOAT -> (float) floating(value, type, table, column);
            case DOUBLE -> floating(value, type, table, column);
            case NAIVE_DATE -> naiveDate(value, table, column);
            case NAIVE_DATETIME -> naiveDateTime(value, table, column);
            case UTC_DATETIME -> utcDateTime(value, table, column);
            case BINARY -> {
                if (value instanceof byte[]) {
                    yield value;
                }
                if (value instanceof ByteBuffer buffer) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.duplicate().get(bytes);
                    yield bytes;
                }
                throw InvalidInputException.value(table, column, value, "is not BINARY: give a byte[] (decode Base64 text first)");
            }
            case XML -> {
                if (value instanceof String text) {
                    yield validText(text, value, table, column);
                }
                throw InvalidInputException.value(table, column, value, "is not XML: give the document as a String");
            }
            case STRING -> text(value, table, column);
            case JSON -> json(value, table, column);
        };
    }

    private static long integral(Object value, long min, long max, ColumnType type, String table, String column) {
        long result;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof AtomicInteger || value instanceof AtomicLong) {
            result = ((Number) value).longValue();
        } else if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            BigDecimal exact = exactDecimal(value, type, table, column);
            try {
                BigInteger whole = exact.toBigIntegerExact();
                if (whole.bitLength() >= 64) {
                    throw outOfRange(value, min, max, type, table, column);
                }
                result = whole.longValue();
            } catch (ArithmeticException notWhole) {
                throw InvalidInputException.value(table, column, value, "is not an integer, which " + type + " needs");
            }
        } else {
            throw InvalidInputException.value(table, column, value, "is not a number, which " + type + " needs"
                    + (value instanceof String ? " (parse the text in the connector)" : ""));
        }
        if (result < min || result > max) {
            throw outOfRange(value, min, max, type, table, column);
        }
        return result;
    }

    private static InvalidInputException outOfRange(Object value, long min, long max, ColumnType type, String table, String column) {
        return InvalidInputException.value(table, column, value, "is out of range for " + type + " (" + min + ".." + max + ")");
    }

    private static BigDecimal exactDecimal(Object value, ColumnType type, String table, String column) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw InvalidInputException.value(table, column, value, "cannot be stored in " + type + ": NaN and Infinity are not numbers");
            }
            return value instanceof Float ? new BigDecimal(value.toString()) : BigDecimal.valueOf(d);
        }
        if (value instanceof Number number) {
            return BigDecimal.valueOf(number.longValue());
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw InvalidInputException.value(table, column, value, "is not a decimal number, which " + type + " needs");
            }
        }
        throw InvalidInputException.value(table, column, value, "is not a number, which " + type + " needs");
    }

    private static BigDecimal decimal(Object value, ColumnType type, String table, String column) {
        BigDecimal exact = exactDecimal(value, type, table, column).setScale(type.scale(), RoundingMode.HALF_UP);
        if (exact.precision() - exact.scale() > type.precision() - type.scale() && exact.signum() != 0) {
            throw InvalidInputException.value(table, column, value, "does not fit " + type + ": it has "
                    + (exact.precision() - exact.scale()) + " digits before the decimal point, at most "
                    + (type.precision() - type.scale()) + " are allowed");
        }
        return exact;
    }

    private static double floating(Object value, ColumnType type, String table, String column) {
        if (!(value instanceof Number number) || value instanceof AtomicInteger || value instanceof AtomicLong) {
            throw InvalidInputException.value(table, column, value, "is not a number, which " + type + " needs"
                    + (value instanceof String ? " (parse the text in the connector)" : ""));
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw InvalidInputException.value(table, column, value, "cannot be stored in " + type + ": NaN and Infinity are not numbers");
        }
        if (type.type() == DataType.FLOAT && Math.abs(d) > Float.MAX_VALUE) {
            throw InvalidInputException.value(table, column, value, "is out of range for FLOAT");
        }
        return d;
    }

    private static LocalDate naiveDate(Object value, String table, String column) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toLocalDate();
        }
        if (value instanceof String text) {
            try {
                return LocalDate.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw InvalidInputException.value(table, column, value, "is not a NAIVE_DATE: expected YYYY-MM-DD");
            }
        }
        throw InvalidInputException.value(table, column, value, "is not a NAIVE_DATE: give a LocalDate or YYYY-MM-DD text");
    }

    private static LocalDateTime naiveDateTime(Object value, String table, String column) {
        if (value instanceof LocalDateTime dateTime) {
            return dateTime;
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        if (value instanceof String text) {
            Matcher m = NAIVE_DATETIME.matcher(text.trim());
            if (m.matches()) {
                try {
                    return m.group(2) == null ? LocalDate.parse(m.group(1)).atStartOfDay() : LocalDateTime.parse(m.group(1) + "T" + m.group(2));
                } catch (DateTimeParseException e) {
                    throw InvalidInputException.value(table, column, value, "is not a valid NAIVE_DATETIME: " + e.getMessage());
                }
            }
            throw InvalidInputException.value(table, column, value,
                    "is not a NAIVE_DATETIME: expected YYYY-MM-DDTHH:MM:SS[.ffffff] without an offset (declare UTC_DATETIME for times with one)");
        }
        throw InvalidInputException.value(table, column, value, "is not a NAIVE_DATETIME: give a LocalDateTime or ISO text");
    }

    private static OffsetDateTime utcDateTime(Object value, String table, String column) {
        Instant instant;
        if (value instanceof Instant i) {
            instant = i;
        } else if (value instanceof OffsetDateTime o) {
            instant = o.toInstant();
        } else if (value instanceof ZonedDateTime z) {
            instant = z.toInstant();
        } else if (value instanceof Date d) {
            instant = d.toInstant();
        } else if (value instanceof String text) {
            Matcher m = UTC_DATETIME.matcher(text.trim());
            if (!m.matches()) {
                throw InvalidInputException.value(table, column, value,
                        "is not a UTC_DATETIME: expected YYYY-MM-DDTHH:MM:SS[.ffffff] with an offset (Z, +00:00 or +0000)");
            }
            String offset = m.group(3).toUpperCase();
            if (offset.length() == 5) {
                offset = offset.substring(0, 3) + ":" + offset.substring(3);
            } else if (offset.length() == 3) {
                offset = offset + ":00";
            }
            try {
                instant = OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + offset).toInstant();
            } catch (DateTimeParseException e) {
                throw InvalidInputException.value(table, column, value, "is not a valid UTC_DATETIME: " + e.getMessage());
            }
        } else if (value instanceof LocalDateTime) {
            throw InvalidInputException.value(table, column, value,
                    "has no offset, which UTC_DATETIME needs: give an Instant or OffsetDateTime, or declare NAIVE_DATETIME");
        } else {
            throw InvalidInputException.value(table, column, value, "is not a UTC_DATETIME: give an Instant, OffsetDateTime or ISO text with an offset");
        }
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String text(Object value, String table, String column) {
        if (value instanceof String s) {
            return validText(s, value, table, column);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw InvalidInputException.value(table, column, value, "cannot be stored: NaN and Infinity are not numbers");
            }
        }
        if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof Date) {
            return utcDateTime(value, table, column).toString();
        }
        if (value instanceof Map || value instanceof Collection || value instanceof JsonNode || value instanceof Object[]
                || value.getClass().isRecord()) {
            return json(value, table, column);
        }
        return validText(value.toString(), value, table, column);
    }

    /**
     * DuckDB's VARCHAR holds UTF-8, which cannot encode a lone UTF-16 surrogate: Java would silently write '?'
     * in its place, so such text is refused. A null character is valid UTF-8 and is kept.
     */
    private static String validText(String text, Object value, String table, String column) {
        int unpaired = unpairedSurrogate(text);
        if (unpaired >= 0) {
            throw InvalidInputException.value(table, column, value, "is not valid text: " + surrogateRule(text, unpaired));
        }
        return text;
    }

    /** The index of the first UTF-16 surrogate without its pair in {@code text}, or -1. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** {@code text} with each unpaired surrogate written as a Java escape, so that a message can show it. */
    private static String escapeUnpairedSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            out.append(Character.isSurrogate(c) && !paired ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** Why text with an unpaired surrogate at {@code index} is refused. */
    static String surrogateRule(String text, int index) {
        return String.format("it holds an unpaired UTF-16 surrogate (U+%04X at index %d), which UTF-8 cannot encode", (int) text.charAt(index), index);
    }

    private static String json(Object value, String table, String column) {
        String text = JsonValues.text(value);
        if (text != null) {
            return text;
        }
        String problem = JsonValues.problem(value);
        if (problem != null) {
            throw InvalidInputException.value(table, column, value, "cannot be written as JSON: " + problem);
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException | StackOverflowError e) {
            throw InvalidInputException.value(table, column, value, "cannot be written as JSON: "
                    + (e instanceof StackOverflowError ? "it nests too deeply or refers to itself" : ((JsonProcessingException) e).getOriginalMessage()));
        }
    }

    /** A value for an error message: its text cut to a readable length, and its Java type. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text;
        try {
            text = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
        } catch (RuntimeException | StackOverflowError e) {
            text = "<unprintable>";
        }
        if (text.length() > DESCRIBE_LIMIT) {
            text = text.substring(0, DESCRIBE_LIMIT) + "… (" + text.length() + " characters)";
        }
        if (unpairedSurrogate(text) >= 0) {
            text = escapeUnpairedSurrogates(text);
        }
        String quoted = value instanceof String ? "'" + text + "'" : text;
        return quoted + " (" + value.getClass().getSimpleName() + ")";
    }
}
