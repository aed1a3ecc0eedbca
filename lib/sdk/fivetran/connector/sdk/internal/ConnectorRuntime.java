package fivetran.connector.sdk.internal;

import fivetran.connector.sdk.Connector;

/**
 * What runs a {@link Connector}'s commands: the SDK's command line, found with {@link java.util.ServiceLoader} so that
 * the API does not depend on the layers above it. Internal to the SDK.
 */
public interface ConnectorRuntime {
    /** Runs the command in {@code args} and returns its exit code, leaving the JVM running. */
    int execute(Connector connector, String... args);

    /** Runs the command in {@code args} as a program's {@code main} does, and returns the code to exit with. */
    int run(Connector connector, String... args);
}
