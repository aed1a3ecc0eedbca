package fivetran.connector.sdk.launcher;

import fivetran.connector.sdk.deploy.JBang;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.cli.VersionCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import fivetran.connector.sdk.cli.SdkOrigin;
import fivetran.connector.sdk.cli.SdkTools;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code setup}: once per machine, from the checkout. Installs the SDK into the local Maven repository (so that
 * {@code //DEPS fivetran.connector:connector-sdk:<version>} resolves offline anywhere), registers the catalog under
 * the name {@code connector-sdk}, and keeps JBang from downloading JDKs. Running it again is harmless.
 */
@Command(name = "setup",
        description = "Install the SDK into the local Maven repository, register the connector-sdk catalog, "
                + "and keep JBang from downloading JDKs. Safe to run again.")
public final class SetupCommand implements Callable<Integer> {
    /** The name the catalog is registered under: {@code jbang init -t connector@connector-sdk}. */
    public static final String CATALOG = "connector-sdk";
    static final String JDK_PROVIDERS = "current,javahome,path,linked";

    @Option(names = "--replace", description = "Replace an SDK of the same version installed from another checkout.")
    boolean replace;

    @Override
    public Integer call() throws IOException {
        Path checkout = SdkTools.checkoutAbove(Path.of("").toAbsolutePath());
        if (checkout == null) {
            System.err.println("setup runs from the SDK's checkout: cd <checkout> && ./jbang connector-sdk.java setup");
            return 1;
        }
        Path installedFrom = SdkOrigin.installedFrom(Connector.SDK_VERSION);
        if (installedFrom != null && !sameFolder(installedFrom, checkout) && !replace) {
            System.err.println("the SDK " + Connector.SDK_VERSION + " in the local Maven repository was installed from another checkout, "
                    + installedFrom + "; every connector that depends on fivetran.connector:connector-sdk:" + Connector.SDK_VERSION
                    + " runs on it. Run setup again with --replace to install this checkout's SDK (" + checkout + ") in its place.");
            return 1;
        }
        try {
            JBang.output(List.of("export", "mavenrepo", "--force", "connector-sdk.java"), checkout);
            Path installed = SdkOrigin.localRepository().resolve("fivetran/connector/connector-sdk").resolve(Connector.SDK_VERSION);
            Files.writeString(installed.resolve(SdkOrigin.INSTALLED_FROM), checkout + "\n");
            if (installedFrom != null && !sameFolder(installedFrom, checkout)) {
                System.out.println("replaced the SDK installed from " + installedFrom);
            }
            System.out.println("installed the SDK as fivetran.connector:connector-sdk:" + Connector.SDK_VERSION
                    + " in the local Maven repository: connectors anywhere can use //DEPS fivetran.connector:connector-sdk:" + Connector.SDK_VERSION);
            installModule(checkout, "lib/testkit.java", "connector-sdk-testkit");
            System.out.println("installed the test kit as fivetran.connector:connector-sdk-testkit:" + Connector.SDK_VERSION
                    + ": a connector's tests can use //DEPS fivetran.connector:connector-sdk-testkit:" + Connector.SDK_VERSION);
            installModule(checkout, "lib/ssh.java", "connector-sdk-ssh");
            System.out.println("installed SSH tunnels as fivetran.connector:connector-sdk-ssh:" + Connector.SDK_VERSION
                    + ": a connector behind an SSH server can use //DEPS fivetran.connector:connector-sdk-ssh:" + Connector.SDK_VERSION);
            installModule(checkout, "lib/s3.java", "connector-sdk-s3");
            System.out.println("installed S3 helpers as fivetran.connector:connector-sdk-s3:" + Connector.SDK_VERSION
                    + ": a connector reading an S3 bucket can use //DEPS fivetran.connector:connector-sdk-s3:" + Connector.SDK_VERSION);
            installModule(checkout, "lib/iceberg.java", "connector-sdk-iceberg");
            System.out.println("installed run's Apache Iceberg destination as fivetran.connector:connector-sdk-iceberg:" + Connector.SDK_VERSION
                    + ": `jbang connector.java run` resolves it, never a connector's package");

            Path catalog = checkout.resolve("catalog").resolve("jbang-catalog.json");
            String catalogs = JBang.output(List.of("catalog", "list"), checkout);
            if (catalogs.contains(CATALOG) && catalogs.contains(catalog.toString())) {
                System.out.println("catalog '" + CATALOG + "' was already registered: " + catalog);
            } else {
                JBang.output(List.of("catalog", "add", "--global", "--import", "--name", CATALOG, catalog.toString()), checkout);
                System.out.println("registered catalog '" + CATALOG + "': " + catalog
                        + " (jbang init -t connector@" + CATALOG + " connector.java, jbang debug@" + CATALOG + ")");
            }

            JBang.output(List.of("config", "set", "--global", "jdkproviders", JDK_PROVIDERS), checkout);
            System.out.println("JBang looks for installed JDKs only and never downloads one (jdkproviders=" + JDK_PROVIDERS + ")");
            return 0;
        } catch (RuntimeException | IOException e) {
            System.err.println("setup failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Exports a module of the SDK ({@code lib/testkit.java}, {@code lib/ssh.java}, {@code lib/s3.java}, {@code lib/iceberg.java}). JBang writes its dependency on the
     * SDK's source ({@code //DEPS ../connector-sdk.java}) into the pom as NOT_FOUND, so the pom is given the installed
     * SDK's coordinates instead.
     */
    private static void installModule(Path checkout, String file, String artifact) throws IOException {
        JBang.output(List.of("export", "mavenrepo", "--force", file), checkout);
        Path pom = SdkOrigin.localRepository().resolve("fivetran/connector/" + artifact).resolve(Connector.SDK_VERSION)
                .resolve(artifact + "-" + Connector.SDK_VERSION + ".pom");
        String text = Files.readString(pom);
        String sdk = "<groupId>fivetran.connector</groupId>\n\t\t\t<artifactId>connector-sdk</artifactId>\n\t\t\t<version>"
                + Connector.SDK_VERSION + "</version>";
        String fixed = text.replaceFirst("<groupId>NOT_FOUND</groupId>\\s*<artifactId>NOT_FOUND</artifactId>\\s*<version>NOT_FOUND</version>",
                java.util.regex.Matcher.quoteReplacement(sdk));
        if (fixed.contains("NOT_FOUND")) {
            throw new IllegalStateException("the pom of " + file + " names a dependency JBang could not write: " + pom);
        }
        Files.writeString(pom, fixed);
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

}
