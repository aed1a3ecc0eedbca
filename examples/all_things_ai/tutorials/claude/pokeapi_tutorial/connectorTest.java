///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after the PokeAPI's documentation (the named-resource
 * list {@code /pokemon?offset=&limit=} with {@code count}, {@code next} and {@code results}, and the Pokémon resource),
 * a list shortened to 8 Pokémon, replayed in order (one WireMock scenario per folder): recordings/ holds two syncs
 * (5 Pokémon over 3 pages of the list, one 502 retried; then the rest from the saved offset, a 404 skipped, and the
 * offset back to 0); recordings-wrong-base-url/ a 404 for the list. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("limit", "2", "max_pokemon_per_sync", "5", "request_delay", "0", "api_base_url", "https://pokeapi.co/api/v2"))
                .replay(Path.of(recording));
    }

    @Test
    void aSyncReadsAtMostMaxPokemonAndTheNextGoesOnFromTheOffsetToTheEndThenStartsOver() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("offset", 5), first.state());
            assertEquals(5L, sync.value("SELECT count(*) FROM pokemon"));
            assertEquals(1L, sync.log().stream().filter(line -> line.startsWith("WARN GET https://pokeapi.co/api/v2/pokemon/3/: 502; retrying")).count(),
                    sync.log()::toString);
            assertTrue(sync.log().contains("INFO 5 Pokémon read from offset 0 of 8, 0 of them skipped"), sync.log()::toString);

            Map<String, Object> bulbasaur = sync.rows("SELECT * FROM pokemon WHERE id = 1").get(0);
            assertEquals("bulbasaur", bulbasaur.get("name"));
            assertEquals(7, bulbasaur.get("height"));
            assertEquals(69, bulbasaur.get("weight"));
            assertEquals(64, bulbasaur.get("base_experience"));
            assertEquals(1, bulbasaur.get("_order"), "order is a reserved word: Fivetran's naming makes it _order");
            assertEquals(true, bulbasaur.get("is_default"));
            assertEquals(1, bulbasaur.get("species_id"));
            assertEquals("https://raw.githubusercontent.com/PokeAPI/sprites/master/sprites/pokemon/1.png", bulbasaur.get("image_url"));
            assertEquals(List.of(Map.of("type_id", 12, "type_name", "grass", "slot", 1), Map.of("type_id", 4, "type_name", "poison", "slot", 2)),
                    sync.rows("SELECT type_id, type_name, slot FROM pokemon_types WHERE pokemon_id = 1 ORDER BY slot"));
            assertEquals(List.of(Map.of("ability_id", 65, "ability_name", "overgrow", "is_hidden", false, "slot", 1),
                            Map.of("ability_id", 34, "ability_name", "chlorophyll", "is_hidden", true, "slot", 3)),
                    sync.rows("SELECT ability_id, ability_name, is_hidden, slot FROM pokemon_abilities WHERE pokemon_id = 1 ORDER BY slot"));
            assertEquals(Map.of("stat_id", 4, "stat_name", "special-attack", "base_value", 65, "effort", 1),
                    sync.rows("SELECT stat_id, stat_name, base_value, effort FROM pokemon_stats WHERE pokemon_id = 1 AND stat_id = 4").get(0));
            assertEquals(30L, sync.value("SELECT count(*) FROM pokemon_stats"), "6 stats of 5 Pokémon");
            assertEquals(List.of(
                            Map.of("table_name", "pokemon", "column_name", "id", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon", "column_name", "name", "data_type", "VARCHAR"),
                            Map.of("table_name", "pokemon", "column_name", "height", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon", "column_name", "weight", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon", "column_name", "base_experience", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon", "column_name", "_order", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon", "column_name", "is_default", "data_type", "BOOLEAN"),
                            Map.of("table_name", "pokemon", "column_name", "species_id", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon", "column_name", "species_name", "data_type", "VARCHAR"),
                            Map.of("table_name", "pokemon", "column_name", "image_url", "data_type", "VARCHAR"),
                            Map.of("table_name", "pokemon_abilities", "column_name", "pokemon_id", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon_abilities", "column_name", "ability_id", "data_type", "INTEGER"),
                            Map.of("table_name", "pokemon_abilities", "column_name", "ability_name", "data_type", "VARCHAR"),
                            Map.of("table_name", "pokemon_abilities", "column_name", "is_hidden", "data_type", "BOOLEAN"),
                            Map.of("table_name", "pokemon_abilities", "column_name", "slot", "data_type", "INTEGER")),
                    sync.rows("SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester'"
                            + " AND table_name IN ('pokemon', 'pokemon_abilities') AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'"
                            + " ORDER BY table_name, column_index"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("offset", 0), second.state(), "the end of the list: the next sync starts over");
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN Pokémon ogerpon-cornerstone-mask skipped: its details are gone:")
                    && line.contains("failed: 404: Not Found")), sync.log()::toString);
            assertTrue(sync.log().contains("INFO 3 Pokémon read from offset 5 of 8, 1 of them skipped"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO the end of the list is reached: the next sync starts again at offset 0"), sync.log()::toString);
            assertEquals(List.of(6, 7), sync.rows("SELECT id FROM pokemon WHERE id > 5 ORDER BY id").stream().map(row -> row.get("id")).toList(),
                    "only charizard and squirtle are new");
            assertEquals(7L, sync.value("SELECT count(*) FROM pokemon"));
            assertEquals(2L, sync.value("SELECT count(*) FROM pokemon_types WHERE pokemon_id = 6"), "fire and flying");
            assertEquals(second.counts().upserts(), 2L + 3 + 4 + 12, "2 Pokémon, 3 types, 4 abilities, 12 stats");
        }
    }

    @Test
    void aWrongApiBaseUrlFailsTheSyncNamingTheKey() {
        try (TestSync sync = sync("recordings-wrong-base-url").configure("api_base_url", "https://pokeapi.co/api/v1")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the PokeAPI of configuration 'api_base_url' has no Pokémon list:"
                    + " GET https://pokeapi.co/api/v1/pokemon?offset=…&limit=… failed: 404: Not Found"), result.failure());
            assertEquals(0L, sync.value("SELECT count(*) FROM pokemon"));
        }
    }

    @Test
    void theIdOfANamedResourceIsTheLastSegmentOfItsUrl() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(25, connector.idOf(json.readTree("{\"url\": \"https://pokeapi.co/api/v2/pokemon-species/25/\"}")));
        assertEquals(null, connector.idOf(json.readTree("{\"name\": \"no url\"}")));
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
