package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void buildsADeclaration() {
        Table table = Table.named("orders").primaryKey("id").column("id", DataType.INT).decimal("amount", 15, 2);
        assertEquals("orders", table.name());
        assertEquals(List.of("id"), table.primaryKey());
        assertEquals(List.of(new Column("id", DataType.INT, 0, 0), new Column("amount", DataType.DECIMAL, 15, 2)), List.copyOf(table.columns()));
        assertEquals("DECIMAL(15,2)", table.columns().stream().skip(1).findFirst().orElseThrow().typeName());
    }

    @Test
    void readsThePythonDictionaryForm() {
        Table table = Table.fromMap(Map.of("table", "orders", "primary_key", List.of("id"),
                "columns", Map.of("id", "int", "amount", Map.of("type", "Decimal", "precision", 15, "scale", 2))));
        assertEquals(List.of("id"), table.primaryKey());
        assertEquals(2, table.columns().size());
        assertEquals(DataType.INT, table.columns().stream().filter(c -> c.name().equals("id")).findFirst().orElseThrow().type());
    }

    @Test
    void refusesInvalidDeclarations() {
        assertEquals("table name must not be empty or blank", assertThrows(IllegalArgumentException.class, () -> Table.named(" ")).getMessage());
        assertEquals("table 'orders', column 'amount': DECIMAL needs a precision and scale; use decimal(\"amount\", precision, scale)",
                assertThrows(IllegalArgumentException.class, () -> Table.named("orders").column("amount", DataType.DECIMAL)).getMessage());
        assertEquals("column 'amount': DECIMAL precision must be 1 to 38, was 39",
                assertThrows(IllegalArgumentException.class, () -> Table.named("orders").decimal("amount", 39, 2)).getMessage());
        assertEquals("table 'orders': column 'a' is declared twice",
                assertThrows(IllegalArgumentException.class, () -> Table.named("orders").column("a", DataType.INT).column("a", DataType.LONG)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Table.fromMap(Map.of("primary_key", List.of("id"))));
        assertThrows(IllegalArgumentException.class, () -> Table.fromMap(Map.of("table", 42)));
        assertThrows(IllegalArgumentException.class, () -> Table.fromMap(Map.of("table", "t", "columns", Map.of("a", Map.of("type", "INT")))));
        assertThrows(IllegalArgumentException.class, () -> Table.fromMap(Map.of("table", "t", "columns", Map.of("a", Map.of("type", "DECIMAL", "precision", 5)))));
    }
}
