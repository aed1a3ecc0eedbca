package fivetran.connector.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.warehouse.Values;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A JSON HTTP client for connectors, on {@code java.net.http}: timeouts, retries with exponential backoff and jitter
 * on 429, 5xx and I/O errors (honouring {@code Retry-After}), and errors that name the request that failed.
 *
 * <pre>{@code
 * Http api = Http.builder("https://api.example.com").header("Authorization", "Bearer " + token).build();
 * JsonNode page = api.get("/v1/items", Map.of("since", cursor));
 * }</pre>
 */
public final class Http {
    private static final int EXCERPT = 300;

    private final HttpClient client;
    private final URI base;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final int retries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private Http(Builder builder) {
        this.client = HttpClient.newBuilder().connectTimeout(builder.timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.base = URI.create(builder.baseUrl.endsWith("/") ? builder.baseUrl : builder.baseUrl + "/");
        this.headers = Map.copyOf(builder.headers);
        this.timeout = builder.timeout;
        this.retries = builder.retries;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
    }

    /** A client for the API at {@code baseUrl}; paths given to requests are resolved against it. */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** GETs {@code path} with query parameters and returns the JSON body. */
    public JsonNode get(String path, Map<String, ?> query) {
        return send("GET", path, query, null);
    }

    /** GETs {@code path} and returns the JSON body. */
    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** POSTs {@code body} as JSON and returns the JSON body of the response (null when empty). */
    public JsonNode post(String path, Object body) {
        return send("POST", path, Map.of(), body);
    }

    private JsonNode send(String method, String path, Map<String, ?> query, Object body) {
        URI uri = uri(path, query);
        String described = method + " " + describe(uri);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(request::header);
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Values.JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
        } catch (IOException e) {
            throw new HttpException(described + ": the body cannot be written as JSON: " + e.getMessage(), 0, e);
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt > retries) {
                    throw new HttpException(described + " failed after " + attempt + " attempts: " + e, 0, e);
                }
                pause(described, e.toString(), backoff(attempt), attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpException(described + " was interrupted", 0, e);
            }
            int status = response.statusCode();
            if (status < 300) {
                return parse(described, response);
            }
            boolean retriable = status == 429 || status >= 500;
            if (!retriable || attempt > retries) {
                throw new HttpException(described + " failed: " + status + (retriable ? " after " + attempt + " attempts" : "")
                        + ": " + excerpt(response.body()), status, null);
            }
            Duration wait = retryAfter(response).orElse(backoff(attempt));
            pause(described, String.valueOf(status), wait, attempt);
        }
    }

    private JsonNode parse(String described, HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Values.JSON.readTree(body);
        } catch (IOException e) {
            throw new HttpException(described + " returned " + response.statusCode() + " with a body that is not JSON: " + excerpt(body),
                    response.statusCode(), e);
        }
    }

    private void pause(String described, String why, Duration wait, int attempt) {
        Logging.warning(String.format(Locale.ROOT, "%s: %s; retrying in %.1f s (retry %d of %d)",
                described, why, wait.toMillis() / 1000.0, attempt, retries));
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpException(described + " was interrupted while waiting to retry", 0, e);
        }
    }

    /** Exponential backoff with full jitter: a random wait up to initial × 2^(attempt-1), capped. */
    private Duration backoff(int attempt) {
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    /** {@code Retry-After} in seconds or as an HTTP date, capped at the maximum backoff. */
    private java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                try {
                    return Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (RuntimeException notDate) {
                    return backoff(1);
                }
            }
        }).map(wait -> wait.isNegative() ? Duration.ZERO : wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait);
    }

    private URI uri(String path, Map<String, ?> query) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        URI target = path.startsWith("http://") || path.startsWith("https://") ? URI.create(path) : base.resolve(relative);
        if (query.isEmpty()) {
            return target;
        }
        StringJoiner parameters = new StringJoiner("&");
        query.forEach((key, value) -> {
            if (value != null) {
                parameters.add(encode(key) + "=" + encode(value.toString()));
            }
        });
        String separator = target.getRawQuery() == null ? "?" : "&";
        return URI.create(target + separator + parameters);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The URL with query values replaced by … so that keys passed in queries never reach a log. */
    static String describe(URI uri) {
        String url = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        if (uri.getRawQuery() == null) {
            return url;
        }
        StringJoiner names = new StringJoiner("&", "?", "");
        for (String pair : uri.getRawQuery().split("&")) {
            names.add(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) + "=…" : pair);
        }
        return url + names;
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "(no body)";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() > EXCERPT ? flat.substring(0, EXCERPT) + "…" : flat;
    }

    /** Settings of an {@link Http} client. */
    public static final class Builder {
        private final String baseUrl;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(30);
        private int retries = 5;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(60);

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** A header sent with every request, e.g. {@code Authorization}. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The connect and per-request timeout (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How many times a request is retried after a 429, a 5xx or an I/O error (default 5). */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /** The first backoff (default 0.5 s, doubling each retry) and the longest wait (default 60 s). */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public Http build() {
            return new Http(this);
        }
    }
}
