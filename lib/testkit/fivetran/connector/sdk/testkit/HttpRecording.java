package fivetran.connector.sdk.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.recordSpec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.common.SingleRootFileSource;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.standalone.JsonFileMappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.internal.CommandFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * HTTP record and replay on WireMock, for {@code debug --record DIR} and {@code debug --replay DIR}: a server on
 * 127.0.0.1 that receives the requests the SDK's {@link Http} client sends to it instead of their origin, which each
 * request names in its {@value Http#ORIGIN_HEADER} header.
 * <ul>
 * <li>{@link #record}: proxies each request to its origin; {@link #close()} writes every exchange, in call order and
 *     redacted, to {@code DIR/mappings/NNN-method-path.json} (WireMock stub mappings), replacing what it held.</li>
 * <li>{@link #replay}: answers each request from {@code DIR/mappings}; repeats of a request in their recorded order
 *     (WireMock scenarios); a request no recording matches with status 501, header
 *     {@code X-Connector-Sdk-Replay: unmatched} and the message as a text body.</li>
 * </ul>
 * Both redact with the configuration ({@link Redaction}): nothing secret is written, and a replayed request carrying
 * the real secrets matches its recording.
 */
public final class HttpRecording implements AutoCloseable {
    private final WireMockServer server;
    /** Where {@link #close()} writes the recording; null when replaying. */
    private final Path recordInto;
    /** The redaction of a replay's requests and answers: that of the configuration the connector syncs with now. */
    private final AtomicReference<Redaction> replayRedaction;
    private int written;

    private HttpRecording(WireMockServer server, Path recordInto, AtomicReference<Redaction> replayRedaction) {
        this.server = server;
        this.recordInto = recordInto;
        this.replayRedaction = replayRedaction;
    }

    /** Starts recording into {@code dir}, redacting with {@code configuration}. */
    public static HttpRecording record(Path dir, Configuration configuration) {
        Redaction redaction = new Redaction(configuration);
        Path mappings = dir.resolve("mappings");
        WireMockServer server = new WireMockServer(options(dir)
                .mappingSource(new JsonFileMappingsSource(new SingleRootFileSource(mappings.toFile()), null) {
                    @Override
                    public void loadMappingsInto(StubMappings stubMappings) {
                        // the one stub while recording is the proxy, whatever DIR held before
                    }
                })
                .extensions(new OriginProxy(), new RecordedStubRedaction(redaction))
                // the connector's own timeout applies, not the proxy's default of 30 s
                .proxyTimeout((int) Duration.ofMinutes(10).toMillis()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse()));
        return new HttpRecording(server, dir, null);
    }

    /** Starts replaying the recording in {@code dir}, redacting each request with {@code configuration} first. */
    public static HttpRecording replay(Path dir, Configuration configuration) {
        Path mappings = dir.resolve("mappings");
        if (!Files.isDirectory(mappings)) {
            throw new CommandFailure("no recording to replay in " + dir + ": " + mappings + " is not a folder (record one with --record "
                    + dir + ")");
        }
        AtomicReference<Redaction> redaction = new AtomicReference<>(new Redaction(configuration));
        RecordingFiles files = new RecordingFiles(mappings);
        WireMockServer server = new WireMockServer(options(dir)
                .mappingSource(files)
                .extensions(services -> List.of(new ReplayedRequestRedaction(redaction::get), new ConfigurationRestore(redaction::get),
                        new UnmatchedRequest(services.getAdmin(), files))));
        server.start();
        server.stubFor(any(anyUrl()).withId(UnmatchedRequest.STUB).atPriority(Integer.MAX_VALUE).willReturn(aResponse()));
        return new HttpRecording(server, null, redaction);
    }

    /** {@code dir} is WireMock's root: a hand-written mapping's {@code bodyFileName} is a file of {@code dir/__files}. */
    private static WireMockConfiguration options(Path dir) {
        return WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .usingFilesUnderDirectory(dir.toString())
                .notifier(new ConsoleNotifier("http-recording", false));
    }

    /**
     * Replaying: the configuration of the syncs from now on (a test that changes a date between two syncs), whose values
     * stand for the {@code {{config.KEY}}} of the recording; the scenarios' states are kept. Recording: no effect.
     */
    public void configuration(Configuration configuration) {
        if (replayRedaction != null) {
            replayRedaction.set(new Redaction(configuration));
        }
    }

    /** Where the SDK's client sends its requests: {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Recording: how many exchanges {@link #close()} wrote. Replaying: how many requests were answered from the recording. */
    public int exchanges() {
        return recordInto != null ? written : (int) server.getAllServeEvents().stream().filter(event -> !UnmatchedRequest.answers(event)).count();
    }

    /** Stops the server; when recording, writes the recording first. */
    @Override
    public void close() {
        try {
            if (recordInto != null) {
                write(server.snapshotRecord(recordSpec()
                        .captureHeader(Http.ORIGIN_HEADER)
                        .chooseBodyMatchTypeAutomatically(false, false, false)
                        .extractTextBodiesOver(Long.MAX_VALUE)
                        .extractBinaryBodiesOver(Long.MAX_VALUE)
                        .makeStubsPersistent(false)).getStubMappings());
            }
        } finally {
            server.stop();
        }
    }

    /** Writes {@code stubs}, which WireMock gives newest first, as one file per exchange named in call order. */
    private void write(List<StubMapping> stubs) {
        List<StubMapping> inCallOrder = new ArrayList<>(stubs);
        Collections.reverse(inCallOrder);
        Path mappings = recordInto.resolve("mappings");
        try {
            Files.createDirectories(mappings);
            try (Stream<Path> old = Files.walk(mappings)) {
                for (Path file : old.filter(path -> path.toString().endsWith(".json") && Files.isRegularFile(path)).toList()) {
                    Files.delete(file);
                }
            }
            int digits = Math.max(3, String.valueOf(inCallOrder.size()).length());
            for (int i = 0; i < inCallOrder.size(); i++) {
                StubMapping stub = inCallOrder.get(i);
                ObjectNode json = (ObjectNode) Redaction.JSON.readTree(Json.write(stub));
                json.remove("uuid");
                if (json.get("request") instanceof ObjectNode request) {
                    for (String url : List.of("url", "urlPath")) {
                        if (request.get(url) != null && request.get(url).isTextual()) {
                            request.put(url, RecordedStubRedaction.decodePlaceholders(request.get(url).textValue()));
                        }
                    }
                }
                String name = String.format(Locale.ROOT, "%0" + digits + "d-%s.json", i + 1, slug(stub));
                Files.writeString(mappings.resolve(name), Redaction.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot write the recording into " + mappings + ": " + e, e);
        }
        written = inCallOrder.size();
    }

    /** {@code get-v1-items} for {@code GET /v1/items?limit=2}. */
    private static String slug(StubMapping stub) {
        String url = RecordedStubRedaction.decodePlaceholders(stub.getRequest().getUrlMatcher().getExpected());
        int query = url.indexOf('?');
        String path = (query < 0 ? url : url.substring(0, query)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String slug = (stub.getRequest().getMethod().getName().toLowerCase(Locale.ROOT) + "-" + path).replaceAll("-+", "-")
                .replaceAll("-$", "");
        return slug.length() <= 60 ? slug : slug.substring(0, 60).replaceAll("-$", "");
    }
}
