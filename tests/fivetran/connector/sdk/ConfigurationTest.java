package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    record Settings(String region, int retries) {
    }

    private final Configuration config = Configuration.of(Map.of("port", "5432", "big", "9000000000", "ratio", "0.25",
            "enabled", "yes", "tables", " a, b ,,c ", "settings", "{\"region\": \"eu\", \"retries\": 3}", "secret", "p4ssw0rd", "blank", " "));

    @Test
    void typedGetters() {
        assertEquals(5432, config.getInt("port"));
        assertEquals(9_000_000_000L, config.getLong("big"));
        assertEquals(0.25, config.getDouble("ratio"));
        assertTrue(config.getBoolean("enabled"));
        assertEquals(List.of("a", "b", "c"), config.getList("tables"));
        assertEquals("eu", config.getJson("settings").get("region").asText());
        assertEquals(new Settings("eu", 3), config.getJson("settings", Settings.class));
        assertEquals(7, config.getInt("missing", 7));
        assertEquals(7, config.getInt("blank", 7));
        assertEquals(List.of(), config.getList("missing"));
        Configuration dates = Configuration.of(Map.of("end_date", "2024-02-29", "since", "2024-02-29T10:00:00+01:00"));
        assertEquals(java.time.LocalDate.of(2024, 2, 29), dates.getDate("end_date"));
        assertEquals(java.time.LocalDate.of(2024, 1, 1), dates.getDate("missing", java.time.LocalDate.of(2024, 1, 1)));
        assertEquals(java.time.Instant.parse("2024-02-29T09:00:00Z"), dates.getInstant("since"));
        assertEquals("configuration value of 'since' is not a date as YYYY-MM-DD",
                assertThrows(IllegalArgumentException.class, () -> dates.getDate("since")).getMessage());
        assertEquals("configuration value of 'end_date' is not an instant as YYYY-MM-DDTHH:MM:SSZ",
                assertThrows(IllegalArgumentException.class, () -> dates.getInstant("end_date", null)).getMessage());
    }

    @Test
    void errorsNameTheKeyButNeverTheValue() {
        assertEquals("configuration is missing required key 'api_key'", assertThrows(IllegalArgumentException.class, () -> config.require("api_key")).getMessage());
        assertEquals("configuration key 'blank' is empty; give it a value in the configuration", assertThrows(IllegalArgumentException.class, () -> config.require("blank")).getMessage());
        String message = assertThrows(IllegalArgumentException.class, () -> config.getInt("secret")).getMessage();
        assertEquals("configuration value of 'secret' is not an integer", message);
        assertThrows(IllegalArgumentException.class, () -> config.getInt("big"));
        assertThrows(IllegalArgumentException.class, () -> config.getBoolean("port"));
        assertFalse(config.toString().contains("p4ssw0rd"));
        assertTrue(config.toString().contains("secret=****"));
    }

    @Test
    void isReadOnly() {
        assertThrows(UnsupportedOperationException.class, () -> config.put("x", "y"));
    }
}
