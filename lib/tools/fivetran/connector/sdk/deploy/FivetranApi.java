package fivetran.connector.sdk.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.http.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * The Fivetran REST API, through {@code java.net.http}: every call sends {@code Authorization: Basic <api key>} and a
 * {@code User-Agent}, has a timeout, and reads and writes JSON with Jackson. Answers 429 (too many requests) are
 * retried, and so are 5xx answers to the calls that are safe to repeat, as {@link #RETRIES} says. Other errors
 * raise a {@link FivetranApiException} with the API's message, and so does a redirect, which is not followed: the API
 * key goes to the API's host only. Nothing here logs the API key or a request body.
 */
public final class FivetranApi {
    public static final String DEFAULT_BASE_URL = "https://api.fivetran.com";
    /** Overrides the base URL, e.g. with a local server standing in for the API. */
    public static final String BASE_URL_ENV = "FIVETRAN_API_BASE_URL";
    /** Fivetran's SDK reads a custom base URL from {@code production_base_url} in this file under the home folder. */
    private static final Path CONFIG_FILE = Path.of(".fivetran", "connector_sdk", "_config.json");

    /**
     * 5 attempts, waiting 1, 2, 4 then 8 s, or what {@code Retry-After} asks up to 2 minutes. PATCH (which replaces the
     * whole connection) and DELETE are repeated after a 5xx, a POST never: it could create a second package or connection.
     * Nor is a call repeated after an I/O error, which may come after the API has done it.
     */
    public static final RetryPolicy RETRIES = RetryPolicy.builder().maxAttempts(5).delays(Duration.ofSeconds(1), Duration.ofMinutes(2))
            .jitter(false).idempotent("PATCH").retryIoErrors(false).retryAfterCap(Duration.ofMinutes(2)).rateLimitHeaders(false).build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Lookups and deletions. */
    public static final Duration SHORT_CALL = Duration.ofMinutes(1);
    /** Uploads, and creations and updates, which run the connection's setup tests. */
    public static final Duration LONG_CALL = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String apiKey;
    private final Logger log;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** A client of the API at {@code baseUrl} authenticating with {@code apiKey} (base64 of {@code key:secret}). */
    public FivetranApi(URI baseUrl, String apiKey, Logger log) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.log = log;
    }

    /**
     * The API's base URL: {@code FIVETRAN_API_BASE_URL}, else {@code production_base_url} in
     * {@code ~/.fivetran/connector_sdk/_config.json}, else {@value #DEFAULT_BASE_URL}. A custom one is logged.
     */
    public static URI baseUrl(Logger log) {
        String fromEnv = System.getenv(BASE_URL_ENV);
        Path config = Path.of(System.getProperty("user.home")).resolve(CONFIG_FILE);
        boolean useEnv = fromEnv != null && !fromEnv.isBlank();
        String custom = useEnv ? fromEnv : Files.isRegularFile(config) ? productionBaseUrl(config) : null;
        if (custom == null || custom.isBlank()) {
            return URI.create(DEFAULT_BASE_URL);
        }
        log.info("using custom production url: {}", custom);
        return httpUrl(custom.strip().replaceAll("/+$", "")).orElseThrow(() -> new CommandFailure("invalid API base URL '" + custom
                + "' (from " + (useEnv ? BASE_URL_ENV : config) + "): it must be an http or https URL"));
    }

    private static Optional<URI> httpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String productionBaseUrl(Path config) {
        try {
            JsonNode url = JSON.readTree(Files.readString(config)).path("production_base_url");
            return url.isTextual() ? url.textValue() : null;
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code GET path} ({@code path} may hold a query); the answer's JSON. */
    public JsonNode get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null, SHORT_CALL);
    }

    /** {@code POST path} with a JSON body. */
    public JsonNode post(String path, JsonNode body, Duration timeout) {
        return send("POST", path, json(body), "application/json", timeout);
    }

    /** {@code PATCH path} with a JSON body. */
    public JsonNode patch(String path, JsonNode body, Duration timeout) {
        return send("PATCH", path, json(body), "application/json", timeout);
    }

    /** {@code DELETE path}. */
    public JsonNode delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), null, SHORT_CALL);
    }

    /** {@code POST path} of {@code file} as the multipart/form-data field {@code field}. */
    public JsonNode upload(String path, String field, Path file) {
        String boundary = "connector-sdk-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + file.getFileName() + "\"\r\n"
                + "Content-Type: application/zip\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(file),
                    HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FivetranApiException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return send("POST", path, body, "multipart/form-data; boundary=" + boundary, LONG_CALL);
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, String contentType, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body)
                .timeout(timeout)
                .header("Authorization", "Basic " + apiKey)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = sendWithRetries(request.build());
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status / 100 != 2) {
            throw new FivetranApiException(status, apiMessage(answer, response.body(), status));
        }
        return answer;
    }

    private HttpResponse<String> sendWithRetries(HttpRequest request) {
        String call = request.method() + " " + request.uri().getRawPath();
        RetryPolicy.Outcome<String> outcome;
        try {
            outcome = RETRIES.send(new RetryPolicy.Call<>() {
                @Override
                public String method() {
                    return request.method();
                }

                @Override
                public String described() {
                    return call;
                }

                @Override
                public HttpResponse<String> send() throws IOException, InterruptedException {
                    return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                }

                @Override
                public void retrying(String message) {
                    log.warn(message);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FivetranApiException(call + " was interrupted", e);
        }
        if (outcome.failure() instanceof HttpTimeoutException e) {
            throw new FivetranApiException(call + " got no answer within " + request.timeout().map(Duration::toSeconds).orElse(0L) + " s", e);
        } else if (outcome.failure() instanceof ConnectException e) {
            throw new FivetranApiException("cannot connect to " + baseUrl + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
        } else if (outcome.failure() != null) {
            throw new FivetranApiException(call + " failed: " + outcome.failure(), outcome.failure());
        }
        return outcome.response();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static String apiMessage(JsonNode answer, String body, int status) {
        JsonNode message = answer.path("message");
        if (message.isTextual() && !message.textValue().isBlank()) {
            return message.textValue();
        }
        String text = body == null ? "" : body.strip();
        return text.isEmpty() ? "HTTP " + status : text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private static String userAgent() {
        return "connector-sdk-java/" + Connector.SDK_VERSION + "/" + System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(' ', '_')
                + "-" + System.getProperty("os.arch");
    }
}
