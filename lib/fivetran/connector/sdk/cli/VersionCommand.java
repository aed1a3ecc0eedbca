package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.Connector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code version}: prints the SDK version. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Print the SDK version.")
public final class VersionCommand implements Callable<Integer> {
    /** The line {@code version} and {@code --version} print. */
    public static final String LINE = "connector-sdk-java " + Connector.SDK_VERSION;

    @Override
    public Integer call() {
        System.out.println(LINE);
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
