package fivetran.connector.sdk.cli;

import java.nio.file.Path;
import org.slf4j.Logger;
import picocli.CommandLine.Option;

/** The {@code --configuration FILE} option of the commands that read the connector's configuration. */
public final class ConfigurationOption {
    @Option(names = "--configuration", paramLabel = "FILE",
            description = "Configuration JSON (default: $FIVETRAN_CONFIGURATION, else configuration.json in the project).")
    public String file;

    /** The configuration file chosen by the option, the environment or the project; null when there is none. */
    public Path locate(Path project, Logger log) {
        return fivetran.connector.sdk.engine.ConfigurationFile.locate(project, file, log);
    }
}
