package fivetran.connector.sdk.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.Configuration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A configuration value, any text: every typed getter, {@code require} to {@code getJson(key, type)}, answers or refuses
 * with an IllegalArgumentException whose message holds no value. The input is the value's UTF-8 text, each {@code $S} in
 * it the marker secret; it is read alone and behind the secret, so that a message quoting the text it failed on shows it.
 */
class ConfigurationFuzzTest {
    @FuzzTest
    void everyGetterAnswersOrRefusesNamingTheKeyOnly(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8).replace("$S", Fuzzing.SECRET);
        for (String value : List.of(text, Fuzzing.SECRET + text)) {
            Configuration configuration = Configuration.of(Map.of("key", value));
            List<Consumer<String>> getters = List.of(configuration::require, configuration::getInt, configuration::getLong,
                    configuration::getDouble, configuration::getBoolean, configuration::getDate, configuration::getInstant,
                    configuration::getList, configuration::getJson, key -> configuration.getJson(key, Endpoint.class));
            for (Consumer<String> getter : getters) {
                try {
                    getter.accept("key");
                } catch (RuntimeException refused) {
                    Fuzzing.assertDocumented(refused, List.of(IllegalArgumentException.class));
                }
            }
        }
    }

    /** A record a connector reads a JSON value into. */
    record Endpoint(String url, int port, List<String> tags) {
    }
}
