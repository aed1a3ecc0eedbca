package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.Connector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.IVersionProvider;

/** {@code version}: prints the SDK version. */
@Command(name = "version", description = "Print the SDK version, and where the connector's SDK comes from.")
public final class VersionCommand implements Callable<Integer> {
    /** The line {@code version} and {@code --version} print. */
    public static final String LINE = "connector-sdk-java " + Connector.SDK_VERSION;

    @Mixin
    ProjectPath project;

    /** The version, then where the connector's SDK comes from ({@link SdkOrigin}) when its source says. */
    @Override
    public Integer call() {
        System.out.println(LINE);
        try {
            SdkOrigin origin = SdkOrigin.of(ConnectorSource.in(project.resolve()));
            if (origin != null) {
                System.out.println(origin.describe());
            }
        } catch (RuntimeException noConnectorHere) {
            // the version alone, as for a connector run outside its project folder
        }
        return 0;
    }

    /** Lets {@code --version} print the same line. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {LINE};
        }
    }
}
