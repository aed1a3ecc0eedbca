package fivetran.connector.sdk.deploy;

import fivetran.connector.sdk.internal.CommandFailure;
import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.cli.ConfigurationOption;
import fivetran.connector.sdk.cli.ProjectPath;
import fivetran.connector.sdk.cli.PromptMode;
import fivetran.connector.sdk.cli.VersionCommand;
import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.warehouse.Naming;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deploy}: packages the connector and creates or updates its Fivetran Connector SDK connection (see
 * {@link Deployment}). Every parameter is checked before the first call to the API; the API key is masked in every log
 * line, and configuration values are never logged.
 */
@Command(name = "deploy",
        description = "Package the connector and create or update its Fivetran connection (a Connector SDK connection).")
public final class DeployCommand implements Callable<Integer> {
    /** The Java runtimes a connection can ask for. */
    static final List<Integer> JAVA_VERSIONS = List.of(17, 21, 25);
    private static final Pattern CONNECTION_NAME = Pattern.compile("^[_a-z][_a-z0-9]*$");
    private static final Logger SDK = LoggerFactory.getLogger("sdk");
    private static final int MASK_SHOWN = 8;
    private static final int MASK_MIN_LENGTH = 5 * MASK_SHOWN;

    @Mixin
    ProjectPath project;

    @Mixin
    PromptMode prompt;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Fivetran API key, base64 of key:secret (default: $FIVETRAN_API_KEY).")
    String apiKey;

    @Option(names = "--destination", paramLabel = "NAME", description = "Destination (group) name (default: $FIVETRAN_DESTINATION_NAME).")
    String destination;

    @Option(names = "--connection", paramLabel = "NAME",
            description = "Connection name: [a-z0-9_], starting with a letter or '_' (default: $FIVETRAN_CONNECTION_NAME).")
    String connection;

    @Mixin
    ConfigurationOption configuration;

    @Option(names = "--java-version", paramLabel = "VERSION",
            description = "Java runtime of the connection: 17, 21 or 25 (default for a new connection: the oldest that runs the compiled connector).")
    String javaVersion;

    @Option(names = "--hybrid-deployment-agent-id", paramLabel = "ID", description = "Hybrid deployment agent (default: $FIVETRAN_HD_AGENT_ID).")
    String hybridAgentId;

    @Option(names = "--naming", paramLabel = "FIVETRAN|SOURCE",
            description = "Naming strategy of a new connection: FIVETRAN (default, or $FIVETRAN_NAMING) or SOURCE.")
    String naming;

    @Override
    public Integer call() {
        LogSetup.configureLocal(Level.INFO);
        try {
            Path dir = project.resolve();
            String key = fromFlagOrEnv(apiKey, "FIVETRAN_API_KEY", "api key");
            String destinationName = fromFlagOrEnv(destination, "FIVETRAN_DESTINATION_NAME", "destination");
            String connectionName = fromFlagOrEnv(connection, "FIVETRAN_CONNECTION_NAME", "connection name");
            String agent = fromFlagOrEnv(hybridAgentId, "FIVETRAN_HD_AGENT_ID", "hybrid deployment agent id");
            String namingText = fromFlagOrEnv(naming, "FIVETRAN_NAMING", "naming strategy");
            SDK.info(commandLine(key, destinationName, connectionName, agent));
            List<String> problems = parameterProblems(key, destinationName, connectionName);
            Naming.Strategy strategy = parseNaming(namingText, problems);
            if (!problems.isEmpty()) {
                problems.forEach(SDK::error);
                return 1;
            }
            Configuration config = readConfiguration(dir);
            ConnectorBuild build = ConnectorBuild.of(dir);
            checkJavaVersion(build.javaVersion());
            String requestedRuntime = javaVersion == null ? null : String.valueOf(parseVersion(javaVersion));
            Deployment.Target target = new Deployment.Target(destinationName, connectionName, config, requestedRuntime,
                    defaultJavaRuntime(build.javaVersion()), agent, strategy);
            ConnectorPackage contents = ConnectorPackage.of(dir, build);
            URI baseUrl = FivetranApi.baseUrl(SDK);
            return new Deployment(new FivetranApi(baseUrl, key, SDK), SDK, System.out)
                    .deploy(target, contents, ConnectorPackage.location(dir), question -> prompt.confirm(question, false));
        } catch (CommandFailure e) {
            SDK.error(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            SDK.error("deploy run failed with error: " + e, e);
            return 1;
        }
    }

    /** Missing or malformed parameters, each with the message Fivetran's SDK gives. */
    private List<String> parameterProblems(String key, String destinationName, String connectionName) {
        List<String> problems = new ArrayList<>();
        required(key, "--api-key", "FIVETRAN_API_KEY", problems);
        required(destinationName, "--destination", "FIVETRAN_DESTINATION_NAME", problems);
        required(connectionName, "--connection", "FIVETRAN_CONNECTION_NAME", problems);
        if (key != null && !isBase64(key)) {
            problems.add("invalid api key; it must be the base64 encoding of your Fivetran API key and secret (key:secret)");
        }
        if (connectionName != null && !CONNECTION_NAME.matcher(connectionName).matches()) {
            problems.add("invalid connection name: '" + connectionName + "'\n"
                    + "connection names must use only [a-z0-9_] and begin with '_' or a lowercase letter");
        }
        if (javaVersion != null && !JAVA_VERSIONS.contains(parseVersion(javaVersion))) {
            problems.add("unsupported java version: '" + javaVersion + "'; supported versions: " + joined(JAVA_VERSIONS));
        }
        if ((prompt.yes ? 1 : 0) + (prompt.nonInteractive ? 1 : 0) + (prompt.force ? 1 : 0) > 1) {
            problems.add("choose one of --yes and --non-interactive");
        }
        return problems;
    }

    private static String fromFlagOrEnv(String flag, String environmentVariable, String what) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        String fromEnv = System.getenv(environmentVariable);
        if (fromEnv == null || fromEnv.isBlank()) {
            return null;
        }
        SDK.info("reading {} from {} environment variable", what, environmentVariable);
        return fromEnv.strip();
    }

    private static void required(String value, String flag, String environmentVariable, List<String> problems) {
        if (value == null) {
            problems.add(flag + " is required; provide it via the " + flag + " flag or the " + environmentVariable + " environment variable.");
        }
    }

    private static boolean isBase64(String key) {
        try {
            Base64.getDecoder().decode(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Naming.Strategy parseNaming(String text, List<String> problems) {
        try {
            return text == null ? null : Naming.Strategy.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static int parseVersion(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Configuration readConfiguration(Path dir) {
        Path file = configuration.locate(dir, SDK);
        return file == null ? null : ConfigurationFile.read(file);
    }

    /** Checks that {@code --java-version}, when given, runs the connector compiled for Java {@code compiledFor}. */
    private void checkJavaVersion(int compiledFor) {
        if (javaVersion != null && parseVersion(javaVersion) < compiledFor) {
            int chosen = parseVersion(javaVersion);
            throw new CommandFailure("the connector is compiled for Java " + compiledFor + " and cannot run on Java " + chosen
                    + "; choose --java-version " + compiledFor + " or later, or compile it for Java " + chosen
                    + " (//JAVA " + chosen + " or //COMPILE_OPTIONS --release " + chosen + ")");
        }
    }

    /** The oldest supported runtime that runs a connector compiled for Java {@code compiledFor}. */
    private static String defaultJavaRuntime(int compiledFor) {
        return JAVA_VERSIONS.stream().filter(version -> version >= compiledFor).findFirst().map(String::valueOf)
                .orElseThrow(() -> new CommandFailure("the connector is compiled for Java " + compiledFor + ", newer than every supported runtime ("
                        + joined(JAVA_VERSIONS) + "); compile it for Java " + JAVA_VERSIONS.get(JAVA_VERSIONS.size() - 1) + " or older"));
    }

    /** The command as given, with the API key masked ({@link #mask}). */
    private String commandLine(String key, String destinationName, String connectionName, String agent) {
        StringBuilder line = new StringBuilder("jbang connector.java deploy");
        append(line, "--destination", destinationName);
        append(line, "--connection", connectionName);
        append(line, "--api-key", key == null ? null : mask(key));
        append(line, "--configuration", configuration.file);
        append(line, "--java-version", javaVersion);
        append(line, "--hybrid-deployment-agent-id", agent);
        append(line, "--naming", naming);
        if (prompt.yes) {
            line.append(" --yes");
        }
        if (prompt.nonInteractive) {
            line.append(" --non-interactive");
        }
        return line.toString();
    }

    /**
     * The key's first 8 characters, then {@code ********}, when they are at most a fifth of it (a Fivetran key, base64
     * of {@code key:secret}, is longer, and its first 8 characters encode only the start of the key id, never the
     * secret); only {@code ********} for a shorter key, of which 8 characters would be too large a share.
     */
    private static String mask(String key) {
        return (key.length() >= MASK_MIN_LENGTH ? key.substring(0, MASK_SHOWN) : "") + "********";
    }

    private static void append(StringBuilder line, String flag, String value) {
        if (value != null) {
            line.append(' ').append(flag).append(' ').append(value);
        }
    }

    private static String joined(List<Integer> versions) {
        return String.join(", ", versions.stream().map(String::valueOf).toList());
    }
}
