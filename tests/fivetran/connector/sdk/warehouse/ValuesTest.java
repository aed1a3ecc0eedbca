package fivetran.connector.sdk.warehouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
    private static Object coerce(Object value, DataType type) {
        return Values.coerce(value, ColumnType.of(type), "t", "c");
    }

    private static String refusal(Object value, ColumnType type) {
        return assertThrows(InvalidInputException.class, () -> Values.coerce(value, type, "orders", "amount")).getMessage();
    }

    @Test
    void infersTypesFromJavaValues() {
        assertEquals(ColumnType.of(DataType.BOOLEAN), Values.infer(true));
        assertEquals(ColumnType.of(DataType.SHORT), Values.infer((short) 1));
        assertEquals(ColumnType.of(DataType.INT), Values.infer(1));
        assertEquals(ColumnType.of(DataType.LONG), Values.infer(1L));
        assertEquals(ColumnType.decimal(38, 0), Values.infer(BigInteger.TEN.pow(30)));
        assertEquals(ColumnType.decimal(38, 3), Values.infer(new BigDecimal("1.234")));
        assertEquals(ColumnType.of(DataType.FLOAT), Values.infer(1f));
        assertEquals(ColumnType.of(DataType.DOUBLE), Values.infer(1d));
        assertEquals(ColumnType.of(DataType.NAIVE_DATE), Values.infer(LocalDate.EPOCH));
        assertEquals(ColumnType.of(DataType.NAIVE_DATETIME), Values.infer(LocalDateTime.now()));
        assertEquals(ColumnType.of(DataType.UTC_DATETIME), Values.infer(Instant.now()));
        assertEquals(ColumnType.of(DataType.UTC_DATETIME), Values.infer(ZonedDateTime.now()));
        assertEquals(ColumnType.of(DataType.BINARY), Values.infer(new byte[0]));
        assertEquals(ColumnType.of(DataType.JSON), Values.infer(Map.of()));
        assertEquals(ColumnType.of(DataType.JSON), Values.infer(List.of()));
        assertEquals(ColumnType.of(DataType.STRING), Values.infer("2024-01-01T00:00:00Z"));
        assertEquals(ColumnType.of(DataType.STRING), Values.infer(java.util.UUID.randomUUID()));
    }

    @Test
    void parsesTextForDeclaredTypes() {
        assertEquals(new BigDecimal("105.34"), Values.coerce("105.34", ColumnType.decimal(10, 2), "t", "c"));
        assertEquals(new BigDecimal("1.50"), Values.coerce(1.5, ColumnType.decimal(10, 2), "t", "c"));
        assertEquals(LocalDate.of(2024, 2, 29), coerce("2024-02-29", DataType.NAIVE_DATE));
        assertEquals(LocalDateTime.of(2024, 2, 29, 1, 2, 3), coerce("2024-02-29 01:02:03", DataType.NAIVE_DATETIME));
        assertEquals(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 456_000), coerce("2024-02-29T01:02:03.000456", DataType.NAIVE_DATETIME));
        OffsetDateTime utc = OffsetDateTime.of(2024, 2, 29, 1, 2, 3, 0, ZoneOffset.UTC);
        assertEquals(utc, coerce("2024-02-29T01:02:03Z", DataType.UTC_DATETIME));
        assertEquals(utc, coerce("2024-02-29 03:02:03+02:00", DataType.UTC_DATETIME));
        assertEquals(utc, coerce("2024-02-29T03:02:03+0200", DataType.UTC_DATETIME));
        assertEquals(utc, coerce(utc.atZoneSameInstant(ZoneId.of("Asia/Tokyo")), DataType.UTC_DATETIME));
    }

    @Test
    void convertsJavaValuesForEachType() {
        assertEquals((short) 7, coerce(7, DataType.SHORT));
        assertEquals(7, coerce(7.0, DataType.INT));
        assertEquals(7L, coerce(BigInteger.valueOf(7), DataType.LONG));
        assertEquals(2.5f, coerce(2.5, DataType.FLOAT));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) coerce(ByteBuffer.wrap(new byte[] {1, 2}), DataType.BINARY));
        assertEquals("12.50", coerce(new BigDecimal("12.50"), DataType.STRING));
        assertEquals("{\"a\":[1,2]}", coerce(Map.of("a", List.of(1, 2)), DataType.JSON));
        assertEquals("\"text\"", coerce("text", DataType.JSON), "a String in a JSON column is a JSON string, as in the Python SDK");
        assertEquals("{\"day\":\"2024-01-02\"}", coerce(Map.of("day", LocalDate.of(2024, 1, 2)), DataType.JSON));
    }

    @Test
    void refusesValuesThatDoNotFitWithMessagesNamingTableColumnValueAndRule() {
        assertEquals("table 'orders', column 'amount': value 40000 (Integer) is out of range for SHORT (-32768..32767)",
                refusal(40000, ColumnType.of(DataType.SHORT)));
        assertEquals("table 'orders', column 'amount': value 1.5 (Double) is not an integer, which INT needs",
                refusal(1.5, ColumnType.of(DataType.INT)));
        assertEquals("table 'orders', column 'amount': value '12' (String) is not a number, which LONG needs (parse the text in the connector)",
                refusal("12", ColumnType.of(DataType.LONG)));
        assertEquals("table 'orders', column 'amount': value 1234.5 (BigDecimal) does not fit DECIMAL(5,2): it has 4 digits before "
                + "the decimal point, at most 3 are allowed", refusal(new BigDecimal("1234.5"), ColumnType.decimal(5, 2)));
        assertTrue(refusal(Double.NaN, ColumnType.of(DataType.DOUBLE)).contains("NaN and Infinity are not numbers"));
        assertTrue(refusal("2024-01-01T00:00:00", ColumnType.of(DataType.UTC_DATETIME)).contains("with an offset"));
        assertTrue(refusal(LocalDateTime.now(), ColumnType.of(DataType.UTC_DATETIME)).contains("has no offset"));
        assertTrue(refusal("yes", ColumnType.of(DataType.BOOLEAN)).contains("is not a BOOLEAN"));
        assertTrue(refusal("AQI=", ColumnType.of(DataType.BINARY)).contains("give a byte[]"));
        assertTrue(refusal("2024-13-01", ColumnType.of(DataType.NAIVE_DATE)).contains("expected YYYY-MM-DD"));
        assertTrue(refusal(new Object(), ColumnType.of(DataType.JSON)).contains("cannot be written as JSON: No serializer found"));
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        assertTrue(refusal(cyclic, ColumnType.of(DataType.JSON)).contains("cannot be written as JSON"));
        assertTrue(refusal("x".repeat(200), ColumnType.of(DataType.INT)).contains("… (200 characters)"), "long values are cut");
    }
}
