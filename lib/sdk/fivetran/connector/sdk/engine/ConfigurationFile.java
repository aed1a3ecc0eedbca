package fivetran.connector.sdk.engine;

import fivetran.connector.sdk.internal.HomePath;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Finds and validates the configuration: {@code --configuration FILE}, else {@code FIVETRAN_CONFIGURATION}, else
 * {@code configuration.json} in the project, else none. It must be a JSON object of at most 100 string values.
 * Error messages name keys, never values.
 */
public final class ConfigurationFile {
    public static final int MAX_KEYS = 100;
    public static final String ENV = "FIVETRAN_CONFIGURATION";

    private ConfigurationFile() {
    }

    /** The configuration file chosen by the option, the environment or the project; null when there is none. */
    public static Path locate(Path project, String option, Logger log) {
        if (option != null) {
            return project.resolve(HomePath.expand(option));
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            log.info("reading configuration from {} environment variable", ENV);
            return project.resolve(HomePath.expand(fromEnv));
        }
        Path inProject = project.resolve("configuration.json");
        if (Files.exists(inProject)) {
            log.info("reading configuration from configuration.json found in project folder");
            return inProject;
        }
        log.info("no configuration provided");
        return null;
    }

    /** In an unzipped package (manifest.json beside lib/), why a configuration is missing, and what to do. */
    private static String packageHint(Path folder) {
        boolean unzippedPackage = folder != null && Files.isRegularFile(folder.resolve("manifest.json"))
                && Files.isDirectory(folder.resolve("lib"));
        return unzippedPackage ? "; a package never holds configuration.json (it holds secrets): copy the project's configuration.json into "
                + folder + ", or give --configuration its path" : "";
    }

    /** Reads and validates {@code file}; an empty configuration when {@code file} is null. */
    public static Configuration read(Path file) {
        if (file == null) {
            return Configuration.of(Map.of());
        }
        if (!Files.isRegularFile(file) && !isPipe(file)) {
            throw new CommandFailure("configuration file " + file + " does not exist or is not a file" + packageHint(file.toAbsolutePath().getParent()));
        }
        JsonNode root;
        try {
            root = Jackson.MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new CommandFailure("Configuration must be provided as a JSON file: " + file + " is not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (CharacterCodingException e) {
            throw new CommandFailure("Configuration must be provided as a JSON file: " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CommandFailure("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CommandFailure("invalid configuration file " + file + "; it must be a JSON object of string values, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        if (root.size() > MAX_KEYS) {
            throw new CommandFailure("invalid configuration file " + file + "; at most " + MAX_KEYS + " keys are allowed, found " + root.size());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getValue().isTextual()) {
                throw new CommandFailure("invalid configuration file " + file + "; all values must be strings, but the value of '"
                        + field.getKey() + "' is " + field.getValue().getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                        + " (encode lists, objects and numbers as strings)");
            }
            values.put(field.getKey(), field.getValue().textValue());
        }
        return Configuration.of(values);
    }

    private static boolean isPipe(Path file) {
        return Files.exists(file) && !Files.isDirectory(file) && !Files.isRegularFile(file);
    }
}
