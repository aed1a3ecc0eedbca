package fivetran.connector.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.testing.Project;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbang lib/tools.java http-recording}, the process that {@code debug --record} and {@code --replay} start. */
@Tag("e2e")
class HttpRecordingCommandTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    /** The running command, its first line read: the URL it listens on. */
    private record Server(Process process, BufferedReader out, Path err, String url) implements AutoCloseable {
        /** The lines it printed after the first, once it exited. */
        List<String> exit() throws IOException, InterruptedException {
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command stops");
            assertEquals(0, process.exitValue(), Files.readString(err));
            return lines;
        }

        /** Ends the command if a failed assertion left it running. */
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private Server start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Project.root().resolve("jbang").toString(), "lib/tools.java", "http-recording"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(Project.root().toFile()).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.matches("listening on http://127\\.0\\.0\\.1:\\d+"), "the first line: " + first + "\n" + Files.readString(err));
        return new Server(process, out, err, first.substring("listening on ".length()));
    }

    private static HttpResponse<String> get(String url, String origin, String pathAndQuery, String token) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).header(Http.ORIGIN_HEADER, origin)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordsUntilItReadsStopThenReplaysUntilItsInputEnds() throws Exception {
        Path configuration = Files.writeString(dir.resolve("configuration.json"), "{\"api_token\": \"" + ExampleApi.TOKEN + "\"}");
        Path recording = dir.resolve("recording");
        String origin;
        String recorded;
        try (ExampleApi api = ExampleApi.start()) {
            origin = api.url();
            try (Server server = start("--record", recording.toString(), "--configuration", configuration.toString())) {
                HttpResponse<String> items = get(server.url(), origin, "/v1/items?limit=2", ExampleApi.TOKEN);
                assertEquals(200, items.statusCode(), items.body());
                recorded = items.body();
                try (Writer in = server.process().outputWriter()) {
                    in.write("stop\n");
                }
                assertEquals(List.of("recorded 1 exchange to " + recording), server.exit());
            }
        }
        try (Stream<Path> files = Files.list(recording.resolve("mappings"))) {
            for (Path file : files.toList()) {
                assertFalse(Files.readString(file).contains(ExampleApi.TOKEN), file + " holds the configured token");
            }
        }

        try (Server server = start("--replay", recording.toString(), "--configuration", configuration.toString())) {
            HttpResponse<String> replayed = get(server.url(), origin, "/v1/items?limit=2", ExampleApi.TOKEN);
            assertEquals(200, replayed.statusCode(), replayed.body());
            assertEquals(Jackson.MAPPER.readTree(recorded), Jackson.MAPPER.readTree(replayed.body()));
            server.process().getOutputStream().close();
            assertEquals(List.of("replayed 1 exchange"), server.exit());
        }
    }

    @Test
    void aReplayWithoutARecordingFailsWithItsMessage() {
        Project.Result result = Project.runIn(Project.root(), List.of(Project.root().resolve("jbang").toString(), "lib/tools.java",
                "http-recording", "--replay", dir.toString()), Map.of(), null);
        assertEquals(1, result.exit(), result.toString());
        assertTrue(result.err().contains("no recording to replay in " + dir + ": " + dir.resolve("mappings") + " is not a folder"),
                result.toString());
    }
}
