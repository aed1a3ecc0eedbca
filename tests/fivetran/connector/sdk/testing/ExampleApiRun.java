package fivetran.connector.sdk.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fivetran.connector.sdk.demo.ExampleApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * What {@code jbang example-api} does for an HTTP example, with the API started by the test: the example API as the
 * project's configuration needs it, and {@code base_url} pointing at it.
 */
public final class ExampleApiRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExampleApiRun() {
    }

    /** The example API, over HTTPS requiring the example's client certificate when the configuration has one. */
    public static ExampleApi startFor(Project project) {
        return configuration(project).hasNonNull("client_certificate") ? ExampleApi.startTls() : ExampleApi.start();
    }

    /** Sets {@code base_url} in the project's {@code configuration.json} (created when missing), keeping the rest. */
    public static Project pointAt(Project project, String url) {
        ObjectNode configuration = configuration(project).put("base_url", url);
        try {
            return project.write("configuration.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(configuration));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode configuration(Project project) {
        try {
            return Files.exists(project.file("configuration.json"))
                    ? (ObjectNode) JSON.readTree(Project.read(project.file("configuration.json"))) : JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
