package fivetran.connector.sdk.demo;

import fivetran.connector.sdk.cli.ConnectorSource;
import fivetran.connector.sdk.cli.ProjectPath;
import fivetran.connector.sdk.deploy.JBang;
import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.internal.Jackson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code example-api}: runs an HTTP example offline. It serves {@link ExampleApi} on 127.0.0.1 (over HTTPS with client
 * certificates when the project's configuration has {@code client_certificate}), then runs the project's connector
 * with {@code debug} and the project's configuration, {@code base_url} set to that server, and stops the server.
 */
@Command(name = "example-api",
        description = "Serve the examples' emulated API on 127.0.0.1 and sync the connector of PROJECT_PATH (default: the current "
                + "directory) from it: debug runs with the project's configuration.json and base_url set to the server.")
public final class ExampleApiCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_PATH", description = "The example's folder (default: the current directory).")
    String path;

    @Option(names = "--serve", description = "Only serve the API, printing its URL, until interrupted.")
    boolean serveOnly;

    @Option(names = "--tls", description = "Serve over HTTPS with client certificates (default: when the configuration has client_certificate).")
    boolean tls;

    @Unmatched
    List<String> debugOptions = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path project = ProjectPath.resolve(path);
        Path file = project.resolve("configuration.json");
        Map<String, String> configuration = new LinkedHashMap<>(Files.isRegularFile(file) ? ConfigurationFile.read(file) : Map.of());
        boolean https = tls || configuration.containsKey("client_certificate");
        try (ExampleApi api = https ? ExampleApi.startTls() : ExampleApi.start()) {
            System.err.println("example API (emulated) at " + api.url() + "; for a real API set base_url in configuration.json");
            if (serveOnly) {
                new CountDownLatch(1).await();
            }
            configuration.put("base_url", api.url());
            Path withServer = Files.createTempFile("example-api-configuration-", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(withServer, Jackson.MAPPER.writeValueAsString(configuration));
                List<String> command = new ArrayList<>(List.of(ConnectorSource.in(project).toString(), "debug", project.toString(),
                        "--configuration", withServer.toString()));
                command.addAll(debugOptions);
                return JBang.interactive(command, Path.of("").toAbsolutePath());
            } finally {
                Files.deleteIfExists(withServer);
            }
        }
    }

}
