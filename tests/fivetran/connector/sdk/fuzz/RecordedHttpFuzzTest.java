package fivetran.connector.sdk.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.testkit.HttpRecording;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A recorded HTTP file ({@code mappings/*.json}), any bytes, replayed by the test kit: the replay starts, or is refused
 * with CommandFailure; a request carrying the secret (query and header) gets a recorded answer or the 501 of an unmatched
 * request, whose message and whatever the replay printed hold no secret.
 */
class RecordedHttpFuzzTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @FuzzTest
    void replaysItOrRefusesItAndNeverShowsTheSecret(byte[] content) throws Exception {
        Project project = Project.empty("fuzz-recording");
        // the replay is a server on loopback that the test itself calls
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.equals("127.0.0.1"))) {
            Files.createDirectories(project.file("mappings"));
            Files.write(project.file("mappings/001-get-v1-items.json"), content);
            AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
            Captured printed = Captured.run(() -> {
                HttpRecording replay;
                try {
                    replay = HttpRecording.replay(project.dir(), Fuzzing.CONFIGURATION);
                } catch (RuntimeException refused) {
                    Fuzzing.assertDocumented(refused, Fuzzing.FILE_REFUSAL);
                    return 1;
                }
                try (replay) {
                    answer.set(CLIENT.send(HttpRequest.newBuilder(URI.create(replay.url() + "/v1/items?limit=2&api_key=" + Fuzzing.SECRET))
                            .header(Http.ORIGIN_HEADER, "https://api.example.com").header("X-Api-Key", Fuzzing.SECRET).build(),
                            HttpResponse.BodyHandlers.ofString()));
                } catch (Exception e) {
                    throw new AssertionError("the replay did not answer", e);
                }
                return 0;
            });
            if (new String(content, StandardCharsets.ISO_8859_1).contains(Fuzzing.SECRET)) {
                // the recording itself holds the marker: what it shows of its own text is no leak of the configuration
                return;
            }
            Fuzzing.assertNoSecret(printed.out() + printed.err());
            if (answer.get() != null && answer.get().statusCode() == 501
                    && answer.get().headers().firstValue("X-Connector-Sdk-Replay").orElse("").equals("unmatched")) {
                Fuzzing.assertNoSecret(answer.get().body());
            }
        } finally {
            project.delete();
        }
    }
}
