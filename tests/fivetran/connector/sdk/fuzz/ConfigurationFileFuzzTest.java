package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.internal.Jackson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code configuration.json}, any bytes: read into a configuration equal to the file's one JSON object of strings, or
 * refused with CommandFailure naming no value (keys it may name). The seeds hold {@link Fuzzing#SECRET} in their values.
 */
class ConfigurationFileFuzzTest {
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("configuration-", ".json");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void readAsTheOneJsonObjectItHoldsOrRefusedNamingNoValue(byte[] content) throws IOException {
        Files.write(file, content);
        Configuration configuration;
        try {
            configuration = ConfigurationFile.read(file);
        } catch (RuntimeException refused) {
            Fuzzing.assertType(refused, Fuzzing.FILE_REFUSAL);
            Fuzzing.assertNoSecret(withoutKeys(refused.getMessage(), content));
            return;
        }
        // the strict mapper: one document, nothing after it
        Map<?, ?> json = Jackson.MAPPER.readValue(Files.readString(file), Map.class);
        assertEquals(json, configuration, "the configuration is not the file's object");
    }

    /** {@code message} without the file's keys: a refusal may name a key, and a key is no secret even when it holds the marker. */
    private static String withoutKeys(String message, byte[] content) {
        String shown = String.valueOf(message);
        try {
            JsonNode object = Jackson.MAPPER.readTree(content);
            if (object != null && object.isObject()) {
                for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
                    String key = keys.next();
                    if (!key.isEmpty()) {
                        shown = shown.replace(key, "");
                    }
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // not JSON: the refusal names no key
        }
        return shown;
    }
}
