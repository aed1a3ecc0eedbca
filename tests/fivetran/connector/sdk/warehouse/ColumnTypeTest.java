package fivetran.connector.sdk.warehouse;

import static fivetran.connector.sdk.DataType.BOOLEAN;
import static fivetran.connector.sdk.DataType.DOUBLE;
import static fivetran.connector.sdk.DataType.FLOAT;
import static fivetran.connector.sdk.DataType.INT;
import static fivetran.connector.sdk.DataType.JSON;
import static fivetran.connector.sdk.DataType.LONG;
import static fivetran.connector.sdk.DataType.NAIVE_DATE;
import static fivetran.connector.sdk.DataType.NAIVE_DATETIME;
import static fivetran.connector.sdk.DataType.STRING;
import static fivetran.connector.sdk.DataType.UTC_DATETIME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ColumnTypeTest {
    private static ColumnType t(fivetran.connector.sdk.DataType type) {
        return ColumnType.of(type);
    }

    @Test
    void widensWithinNumbersAndWithinDatesAndOtherwiseToString() {
        assertEquals(t(LONG), t(INT).widen(t(LONG)));
        assertEquals(t(INT), t(BOOLEAN).widen(t(INT)));
        assertEquals(t(FLOAT), t(LONG).widen(t(FLOAT)));
        assertEquals(t(DOUBLE), t(FLOAT).widen(t(DOUBLE)));
        assertEquals(t(UTC_DATETIME), t(NAIVE_DATE).widen(t(UTC_DATETIME)));
        assertEquals(t(NAIVE_DATETIME), t(NAIVE_DATETIME).widen(t(NAIVE_DATE)));
        assertEquals(t(STRING), t(LONG).widen(t(NAIVE_DATE)));
        assertEquals(t(STRING), t(JSON).widen(t(INT)));
    }

    @Test
    void widensDecimalsToHoldBothIntegerDigitsAndScale() {
        assertEquals(ColumnType.decimal(12, 4), ColumnType.decimal(10, 2).widen(ColumnType.decimal(6, 4)));
        assertEquals(ColumnType.decimal(21, 2), ColumnType.decimal(10, 2).widen(t(LONG)));
        assertEquals(t(DOUBLE), ColumnType.decimal(10, 2).widen(t(DOUBLE)));
        assertEquals(ColumnType.decimal(38, 0), ColumnType.decimal(38, 0).widen(ColumnType.decimal(38, 0)));
        assertEquals(ColumnType.decimal(38, 3), ColumnType.decimal(38, 0).widen(ColumnType.decimal(38, 3)),
                "past 38 digits the decimals are kept, not the digits before the point");
    }

    @Test
    void readsBackTheDuckDbTypesItCreates() {
        for (fivetran.connector.sdk.DataType type : fivetran.connector.sdk.DataType.values()) {
            ColumnType column = type == fivetran.connector.sdk.DataType.DECIMAL ? ColumnType.decimal(15, 2) : t(type);
            assertEquals(column, ColumnType.fromSql(column.sql(), type == fivetran.connector.sdk.DataType.XML ? "XML" : null));
        }
    }
}
