package fivetran.connector.sdk.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashingTest {
    @Test
    void sha256OfOneValueIsTheStandardDigestOfItsText() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.sha256("abc"));
    }

    @Test
    void separatorsAndNullsKeepDifferentValuesApart() {
        assertNotEquals(Hashing.sha256("a,b", "c"), Hashing.sha256("a", "b,c"));
        assertNotEquals(Hashing.sha256("ab", "c"), Hashing.sha256("a", "bc"));
        assertNotEquals(Hashing.sha256((Object) null), Hashing.sha256("null"));
        assertNotEquals(Hashing.sha256("a", "b"), Hashing.sha256("b", "a"));
        assertEquals(Hashing.sha256("a", 1, true), Hashing.sha256("a", 1L, "true"));
    }

    @Test
    void aRowHashesTheSameWhateverTheOrderOfItsColumns() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("id", 1);
        ordered.put("name", "x");
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("name", "x");
        reversed.put("id", 1);
        assertEquals(Hashing.sha256(ordered), Hashing.sha256(reversed));
        assertEquals(Hashing.sha256("id", 1, "name", "x"), Hashing.sha256(ordered));
        assertNotEquals(Hashing.sha256(ordered), Hashing.sha256(Map.of("id", 1, "name", "y")));
    }
}
