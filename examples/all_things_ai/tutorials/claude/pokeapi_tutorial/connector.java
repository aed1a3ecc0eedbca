///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pokémon from the PokeAPI (https://pokeapi.co/docs/v2), the connector that Fivetran's Claude tutorial builds: the
 * list {@code /pokemon?offset=&limit=} is read from the offset in state, each Pokémon's details are fetched, and its
 * types, abilities and stats go to tables of their own. A sync reads at most {@code max_pokemon_per_sync}; once the
 * end of the list is reached the offset goes back to 0, so the next syncs refresh the list from the start.
 */
class connector {
    static final String DEFAULT_API = "https://pokeapi.co/api/v2";
    private static final int CHECKPOINT_EVERY = 10;

    static List<Table> schema(Configuration configuration) {
        return List.of(
                Table.named("pokemon").primaryKey("id")
                        .column("id", DataType.INT)
                        .column("name", DataType.STRING)
                        .column("height", DataType.INT)
                        .column("weight", DataType.INT)
                        .column("base_experience", DataType.INT)
                        .column("order", DataType.INT)
                        .column("is_default", DataType.BOOLEAN)
                        .column("species_id", DataType.INT)
                        .column("species_name", DataType.STRING)
                        .column("image_url", DataType.STRING),
                Table.named("pokemon_types").primaryKey("pokemon_id", "type_id")
                        .column("pokemon_id", DataType.INT).column("type_id", DataType.INT)
                        .column("type_name", DataType.STRING).column("slot", DataType.INT),
                Table.named("pokemon_abilities").primaryKey("pokemon_id", "ability_id")
                        .column("pokemon_id", DataType.INT).column("ability_id", DataType.INT)
                        .column("ability_name", DataType.STRING).column("is_hidden", DataType.BOOLEAN).column("slot", DataType.INT),
                Table.named("pokemon_stats").primaryKey("pokemon_id", "stat_id")
                        .column("pokemon_id", DataType.INT).column("stat_id", DataType.INT)
                        .column("stat_name", DataType.STRING).column("base_value", DataType.INT).column("effort", DataType.INT));
    }

    static void update(Configuration configuration, State state) {
        int limit = configuration.getInt("limit", 100);
        if (limit < 1) {
            throw new IllegalArgumentException("configuration 'limit' must be at least 1");
        }
        int maxPerSync = configuration.getInt("max_pokemon_per_sync", 100);
        if (maxPerSync < 1) {
            throw new IllegalArgumentException("configuration 'max_pokemon_per_sync' must be at least 1");
        }
        double delay = configuration.getDouble("request_delay", 1.0);
        if (delay < 0) {
            throw new IllegalArgumentException("configuration 'request_delay' must not be negative");
        }
        String baseUrl = configuration.get("api_base_url", DEFAULT_API);
        Http.Builder builder = Http.builder(baseUrl);
        if (delay > 0) {
            builder.rateLimit(1, Duration.ofMillis(Math.round(delay * 1000)));   // PokeAPI's fair use: one request per delay
        }
        Http api = builder.build();

        long offset = state.getLong("offset", 0);
        long start = offset;
        long total = -1;
        int processed = 0;
        int skipped = 0;
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("offset", offset);
        query.put("limit", limit);
        try {
            for (Page page : Pages.of(api, "pokemon", query, "/results", Pagination.nextUrl("/next"))) {
                total = page.body().path("count").asLong(-1);
                for (JsonNode entry : page.items()) {
                    if (!write(api, entry)) {
                        skipped++;
                    }
                    processed++;
                    state.put("offset", ++offset);
                    if (processed == maxPerSync) {
                        break;
                    }
                    if (processed % CHECKPOINT_EVERY == 0) {
                        Operations.checkpoint(state);
                    }
                }
                Operations.checkpoint(state);
                if (processed == maxPerSync) {
                    break;
                }
            }
        } catch (HttpException e) {
            if (e.status() == 404 && processed == 0) {
                throw new IllegalStateException("the PokeAPI of configuration 'api_base_url' has no Pokémon list: " + e.getMessage(), e);
            }
            throw e;   // the offset of the last checkpoint is kept: the next sync goes on from there
        }
        Logging.info(processed + " Pokémon read from offset " + start + (total >= 0 ? " of " + total : "") + ", " + skipped + " of them skipped");
        if (total >= 0 && offset >= total) {
            Logging.info("the end of the list is reached: the next sync starts again at offset 0");
            state.put("offset", 0);
            Operations.checkpoint(state);
        }
    }

    /** One Pokémon's details as rows of the four tables; false when the list names it but its details are gone (404). */
    static boolean write(Http api, JsonNode entry) {
        JsonNode pokemon;
        try {
            pokemon = api.get(entry.path("url").asText());
        } catch (HttpException e) {
            if (e.status() == 404) {
                Logging.warning("Pokémon " + entry.path("name").asText() + " skipped: its details are gone: " + e.getMessage());
                return false;
            }
            throw e;
        }
        int id = pokemon.path("id").asInt();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", pokemon.path("name").asText(entry.path("name").asText()));
        row.put("height", integer(pokemon.path("height")));
        row.put("weight", integer(pokemon.path("weight")));
        row.put("base_experience", integer(pokemon.path("base_experience")));
        row.put("order", integer(pokemon.path("order")));
        row.put("is_default", pokemon.path("is_default").isBoolean() ? pokemon.get("is_default").booleanValue() : null);
        row.put("species_id", idOf(pokemon.path("species")));
        row.put("species_name", pokemon.path("species").path("name").asText(null));
        row.put("image_url", pokemon.path("sprites").path("front_default").asText(null));
        Operations.upsert("pokemon", row);
        for (JsonNode type : pokemon.path("types")) {
            Operations.upsert("pokemon_types", Map.of("pokemon_id", id, "type_id", requiredId(type.path("type"), "a type"),
                    "type_name", type.path("type").path("name").asText(), "slot", type.path("slot").asInt()));
        }
        for (JsonNode ability : pokemon.path("abilities")) {
            Operations.upsert("pokemon_abilities", Map.of("pokemon_id", id, "ability_id", requiredId(ability.path("ability"), "an ability"),
                    "ability_name", ability.path("ability").path("name").asText(), "is_hidden", ability.path("is_hidden").asBoolean(),
                    "slot", ability.path("slot").asInt()));
        }
        for (JsonNode stat : pokemon.path("stats")) {
            Operations.upsert("pokemon_stats", Map.of("pokemon_id", id, "stat_id", requiredId(stat.path("stat"), "a stat"),
                    "stat_name", stat.path("stat").path("name").asText(), "base_value", stat.path("base_stat").asInt(),
                    "effort", stat.path("effort").asInt()));
        }
        return true;
    }

    /** The id of a named resource: the last segment of its URL ({@code …/pokemon-species/1/} is 1). */
    static Integer idOf(JsonNode resource) {
        String url = resource.path("url").asText("").replaceAll("/+$", "");
        String last = url.substring(url.lastIndexOf('/') + 1);
        return last.matches("\\d+") ? Integer.valueOf(last) : null;
    }

    private static int requiredId(JsonNode resource, String what) {
        Integer id = idOf(resource);
        if (id == null) {
            throw new IllegalStateException("the PokeAPI answered " + what + " without an id in its url: " + resource);
        }
        return id;
    }

    private static Integer integer(JsonNode node) {
        return node.canConvertToInt() ? node.intValue() : null;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
