package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.internal.Jackson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code configuration.json}, any bytes: read into a configuration equal to the file's one JSON object of strings, or
 * refused with CommandFailure naming no value. The seeds hold {@link Fuzzing#SECRET} in their values.
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
            Fuzzing.assertDocumented(refused, Fuzzing.FILE_REFUSAL);
            return;
        }
        // the strict mapper: one document, nothing after it
        Map<?, ?> json = Jackson.MAPPER.readValue(Files.readString(file), Map.class);
        assertEquals(json, configuration, "the configuration is not the file's object");
    }
}
