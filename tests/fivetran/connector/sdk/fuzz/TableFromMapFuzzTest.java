package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.Column;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Python SDK's dictionary form of a table, any keys and values: {@link Table#fromMap} returns a table whose dictionary
 * form reads back as the same table, or refuses with an IllegalArgumentException.
 */
class TableFromMapFuzzTest {
    @FuzzTest
    void readsBackAsTheSameTableOrIsRefused(FuzzedDataProvider data) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            String key = data.pickValue(List.of("table", "primary_key", "columns", "table", "columns", FuzzedValues.text(data)));
            map.put(key, key.equals("columns") && data.consumeBoolean() ? columns(data) : FuzzedValues.value(data));
        }
        Table table;
        try {
            table = Table.fromMap(map);
        } catch (RuntimeException refused) {
            // a declaration is no secret: its message may quote it
            Fuzzing.assertType(refused, List.of(IllegalArgumentException.class));
            return;
        }
        Table again = Table.fromMap(dictionary(table));
        assertEquals(table.name(), again.name());
        assertEquals(table.primaryKey(), again.primaryKey());
        assertEquals(List.copyOf(table.columns()), List.copyOf(again.columns()));
    }

    /** Columns as a schema writes them: type names in any case, DECIMAL as a map, sometimes something else. */
    private static Map<Object, Object> columns(FuzzedDataProvider data) {
        Map<Object, Object> columns = new LinkedHashMap<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            String type = data.pickValue(DataType.values()).name();
            Object spec = switch (data.consumeInt(0, 3)) {
                case 0 -> data.consumeBoolean() ? type.toLowerCase(Locale.ROOT) : " " + type + " ";
                case 1 -> Map.of("type", type, "precision", data.consumeInt(-2, 40), "scale", data.consumeInt(-2, 40));
                case 2 -> FuzzedValues.value(data);
                default -> type;
            };
            columns.put(data.consumeBoolean() ? FuzzedValues.text(data) : FuzzedValues.value(data), spec);
        }
        return columns;
    }

    private static Map<String, Object> dictionary(Table table) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Column column : table.columns()) {
            columns.put(column.name(), column.type() == DataType.DECIMAL
                    ? Map.of("type", "DECIMAL", "precision", column.precision(), "scale", column.scale()) : column.type().name());
        }
        return Map.of("table", table.name(), "primary_key", table.primaryKey(), "columns", columns);
    }
}
