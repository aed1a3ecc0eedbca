package fivetran.connector.sdk.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NamingTest {
    private final Naming fivetran = new Naming(Naming.Strategy.FIVETRAN, Set.of("order", "select"));

    @ParameterizedTest(name = "{0} -> column {1}, table {2}")
    @CsvSource(delimiter = '|', value = {
            "userData|user_data|user_data",
            "user-data|user_data|user_data",
            "user.data|user_data|user_data",
            "UserID|user_id|user_id",
            "HTMLParser|htmlparser|htmlparser",
            "Order ID|order_id|order_id",
            "camelCase2Go|camel_case_2_go|camel_case_2_go",
            "$price|_price|price",
            "__name|_name|name",
            "_2col|_2_col|_2_col",
            "Café Crème|cafe_creme|cafe_creme",
            "field__x|field_x|field_x",
            "'  spaced  '|_spaced_|spaced_",
            "Straße Nr|strasse_nr|strasse_nr",
            "a1b2|a_1_b_2|a_1_b_2",
            "order|_order|_order"})
    void normalizesAsTheReferenceDoes(String source, String column, String table) {
        assertEquals(column, fivetran.column(source));
        assertEquals(table, fivetran.table(source));
    }

    @Test
    void sourceNamingKeepsNames() {
        Naming source = new Naming(Naming.Strategy.SOURCE, Set.of("order"));
        assertEquals("Order ID", source.column("Order ID"));
        assertEquals("order", source.table("order"));
    }

    @Test
    void strategiesParseCaseInsensitivelyAndRefuseOthers() {
        assertEquals(Naming.Strategy.SOURCE, Naming.Strategy.parse("source"));
        assertEquals(Naming.Strategy.FIVETRAN, Naming.Strategy.parse("Fivetran"));
        assertEquals("Invalid naming strategy: 'x'. Must be 'FIVETRAN' or 'SOURCE' (case-insensitive).",
                assertThrows(IllegalArgumentException.class, () -> Naming.Strategy.parse("x")).getMessage());
    }

    @Test
    void quotesIdentifiers() {
        assertEquals("\"a\"\"b\"", Naming.quote("a\"b"));
    }
}
