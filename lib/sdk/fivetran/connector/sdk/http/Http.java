package fivetran.connector.sdk.http;

import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.http.auth.Auth;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;

/**
 * A JSON HTTP client for connectors, on {@code java.net.http}: timeouts, retries as its {@link RetryPolicy} says (by
 * default 429 answers, and 5xx answers and I/O errors of idempotent requests, with exponential backoff and jitter,
 * honouring {@code Retry-After}, and {@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset} on a 403 as GitHub
 * sends), and errors that name the request that failed. Optionally: an {@link Auth} (renewed once on a 401), a
 * call-rate limit, a {@link CircuitBreaker}, and an {@link SSLContext} for mutual TLS. Safe to share between threads.
 *
 * <pre>{@code
 * Http api = Http.builder("https://api.example.com").auth(Auth.bearer(token)).rateLimit(10, Duration.ofSeconds(1)).build();
 * JsonNode page = api.get("/v1/items", Map.of("since", cursor));
 * Item item = api.get("/v1/items/7", Item.class);
 * }</pre>
 */
public final class Http {
    private static final int EXCERPT = 300;
    private static final String JSON = "application/json";
    /**
     * The local server of {@code debug --record} or {@code --replay} (a JVM system property), which receives every
     * request instead of its origin, named in {@link #ORIGIN_HEADER}; the connector and its {@code base_url} are unchanged.
     */
    public static final String VIA_PROPERTY = "connector.sdk.http.via";
    public static final String ORIGIN_HEADER = "X-Connector-Sdk-Origin";
    /** The replay server's answer to a request that no recording matches; its body is the message. */
    public static final String REPLAY_HEADER = "X-Connector-Sdk-Replay";

    private final HttpClient client;
    private final URI base;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final Auth auth;
    private final RateLimit rateLimit;
    private final CircuitBreaker circuitBreaker;
    private final Set<String> trustedOrigins = new HashSet<>();

    private Http(Builder builder) {
        // redirects are followed here, not by the JDK client, which would send every header to any host
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(builder.timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (builder.sslContext != null) {
            client.sslContext(builder.sslContext);
        }
        this.client = client.build();
        this.auth = builder.auth;
        this.rateLimit = builder.rateLimit;
        this.circuitBreaker = builder.circuitBreaker;
        this.base = URI.create(builder.baseUrl.endsWith("/") ? builder.baseUrl : builder.baseUrl + "/");
        this.headers = Map.copyOf(builder.headers);
        this.timeout = builder.timeout;
        this.retryPolicy = builder.retryPolicy.build();
        trustedOrigins.add(origin(base));
        builder.trustedOrigins.forEach(url -> trustedOrigins.add(origin(URI.create(url))));
    }

    /** A client for the API at {@code baseUrl}; paths given to requests are resolved against it. */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** GETs {@code path} with query parameters and returns the JSON body. */
    public JsonNode get(String path, Map<String, ?> query) {
        return send("GET", path, query, null).body();
    }

    /** GETs {@code path} and returns the JSON body. */
    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** POSTs {@code body} as JSON and returns the JSON body of the response (null when empty). */
    public JsonNode post(String path, Object body) {
        return send("POST", path, Map.of(), body).body();
    }

    /** PUTs {@code body} as JSON and returns the JSON body of the response (null when empty). */
    public JsonNode put(String path, Object body) {
        return send("PUT", path, Map.of(), body).body();
    }

    /** PATCHes with {@code body} as JSON and returns the JSON body of the response (null when empty). */
    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, Map.of(), body).body();
    }

    /** DELETEs {@code path} and returns the JSON body of the response (null when empty). */
    public JsonNode delete(String path) {
        return send("DELETE", path, Map.of(), null).body();
    }

    /** POSTs a form ({@code application/x-www-form-urlencoded}), as OAuth2 token endpoints expect, and returns the JSON body. */
    public JsonNode postForm(String path, Map<String, String> form) {
        return send("POST", path, Map.of(), new Form(form)).body();
    }

    /** GETs {@code path} and maps the JSON body to {@code type} (see {@link Json#as}). */
    public <T> T get(String path, Map<String, ?> query, Class<T> type) {
        return Json.as(get(path, query), type);
    }

    /** GETs {@code path} and maps the JSON body to {@code type} (see {@link Json#as}). */
    public <T> T get(String path, Class<T> type) {
        return get(path, Map.of(), type);
    }

    /**
     * Sends a request and returns the whole response: status, headers (e.g. {@code Link}) and JSON body. A 2xx
     * answer is returned; redirects are followed; others are retried or thrown as {@link HttpException}. {@code body}
     * is sent as JSON when not null; {@code path} may also be an absolute URL, e.g. a next-page link. Credentials (the
     * {@link Builder#auth auth} and the {@link Builder#header headers}) go only to the base URL's origin and to
     * {@link Builder#trust trusted} ones: a link or redirect elsewhere is followed without them.
     */
    public Response send(String method, String path, Map<String, ?> query, Object body) {
        return send(method, path, query, body, Map.of());
    }

    /**
     * {@link #send(String, String, Map, Object)} with headers of this request's own, e.g. a conversation id or an
     * {@code Accept} with a version ({@code application/json;version=2}); like the builder's headers they go only to
     * trusted origins, and they replace a builder's header of the same name.
     */
    public Response send(String method, String path, Map<String, ?> query, Object body, Map<String, String> headers) {
        Answer<String> answer = exchange(method, path, query, body, JSON, HttpResponse.BodyHandlers.ofString(), headers);
        return new Response(answer.response().statusCode(), answer.response().headers(), parse(answer.described(), answer.response()));
    }

    /**
     * GETs {@code path} and returns every JSON document of the body, in order: JSON lines ({@code application/jsonl},
     * ClickHouse's {@code FORMAT JSONEachRow}) or documents one after another (InfluxDB 1's chunked answers). An empty
     * body gives an empty list. The other methods refuse a body of more than one document rather than read its first.
     */
    public List<JsonNode> getJsonLines(String path, Map<String, ?> query) {
        Answer<String> answer = exchange("GET", path, query, null);
        String body = answer.response().body();
        List<JsonNode> documents = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return documents;
        }
        try (MappingIterator<JsonNode> values = Jackson.MAPPER.readerFor(JsonNode.class).readValues(body)) {
            while (values.hasNextValue()) {
                documents.add(values.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new HttpException(answer.described() + " returned " + answer.response().statusCode() + " with a body that is not JSON lines"
                    + " (document " + (documents.size() + 1) + "): " + excerpt(body), answer.response().statusCode(), e);
        }
        return documents;
    }

    /**
     * GETs {@code path} and returns the body as text, for an answer that is not JSON: a CSV export, an XML document
     * (OData's {@code $metadata}, a SOAP or RSS feed). {@code accept} is sent as the {@code Accept} header
     * ({@code text/csv}, {@code application/xml}); retries, authentication, redirects and record/replay as for JSON.
     */
    public String getText(String path, Map<String, ?> query, String accept) {
        String body = exchange("GET", path, query, null, accept, HttpResponse.BodyHandlers.ofString()).response().body();
        return body == null ? "" : body;
    }

    /**
     * GETs {@code path} and returns the body's bytes, for a file the API hands out: a ZIP archive (read it with
     * {@link fivetran.connector.sdk.util.Zip#forEachEntry}), a PDF, an image. {@code accept} is sent as the {@code Accept}
     * header; retries, authentication, redirects and record/replay as for JSON.
     */
    public byte[] getBytes(String path, Map<String, ?> query, String accept) {
        return getBytes(path, query, accept, Map.of());
    }

    /** {@link #getBytes(String, Map, String)} with headers of this request's own, as {@link #send(String, String, Map, Object, Map)} sends them. */
    public byte[] getBytes(String path, Map<String, ?> query, String accept, Map<String, String> headers) {
        byte[] body = exchange("GET", path, query, null, accept, HttpResponse.BodyHandlers.ofByteArray(), headers).response().body();
        return body == null ? new byte[0] : body;
    }

    /**
     * GETs {@code path} and returns the XML body as a JSON tree, read by Jackson's XML module: an element is an object
     * of its attributes and children, a repeated element an array, text is text ({@code <a id="1">x</a>} is
     * {@code {"id":"1","":"x"}}). The root element's name is dropped. Values are text; convert them, or map the tree to a
     * record with {@link Json#as}.
     */
    public JsonNode getXml(String path, Map<String, ?> query) {
        Answer<String> answer = exchange("GET", path, query, null, "application/xml", HttpResponse.BodyHandlers.ofString());
        String body = answer.response().body();
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return XML.readTree(body);
        } catch (IOException e) {
            throw new HttpException(answer.described() + " returned " + answer.response().statusCode() + " with a body that is not XML: "
                    + excerpt(body), answer.response().statusCode(), e);
        }
    }

    private static final XmlMapper XML = new XmlMapper();

    private record Answer<T>(String described, HttpResponse<T> response) {
    }

    /** Sends the request with the retry policy; a 2xx answer, or the HttpException of the failure. */
    private Answer<String> exchange(String method, String path, Map<String, ?> query, Object body) {
        return exchange(method, path, query, body, JSON, HttpResponse.BodyHandlers.ofString());
    }

    private <T> Answer<T> exchange(String method, String path, Map<String, ?> query, Object body, String accept, HttpResponse.BodyHandler<T> handler) {
        return exchange(method, path, query, body, accept, handler, Map.of());
    }

    private <T> Answer<T> exchange(String method, String path, Map<String, ?> query, Object body, String accept, HttpResponse.BodyHandler<T> handler,
                                   Map<String, String> callHeaders) {
        Exchange<T> exchange = new Exchange<>(method, uri(path, query), body, accept, handler, callHeaders);
        RetryPolicy.Outcome<T> outcome;
        try {
            outcome = retryPolicy.send(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpException(exchange.described() + " was interrupted", 0, e);
        }
        String described = exchange.described();
        String attempts = outcome.attempts() > 1 ? " after " + outcome.attempts() + " attempts" : "";
        String breakerOpen = circuitBreaker != null && circuitBreaker.isOpen() ? " (the circuit breaker is open)" : "";
        if (outcome.failure() != null) {
            throw new HttpException(described + " failed" + attempts + ": " + outcome.failure() + breakerOpen, 0, outcome.failure());
        }
        HttpResponse<T> response = outcome.response();
        int status = response.statusCode();
        if (status >= 300) {
            throw new HttpException(described + " failed: " + status + attempts + ": " + excerpt(text(response.body())) + breakerOpen, status, null);
        }
        return new Answer<>(described, response);
    }

    /**
     * One request through its redirects and an authentication renewal, which are not attempts of the retry policy,
     * with the rate limit and the circuit breaker applied to every exchange.
     */
    private final class Exchange<T> implements RetryPolicy.Call<T> {
        private String method;
        private URI target;
        private Object body;
        private HttpRequest.BodyPublisher publisher;
        private boolean renewed;
        private int redirects;

        private final String accept;
        private final HttpResponse.BodyHandler<T> handler;
        private final Map<String, String> callHeaders;

        Exchange(String method, URI target, Object body, String accept, HttpResponse.BodyHandler<T> handler, Map<String, String> callHeaders) {
            this.method = method;
            this.target = target;
            this.body = body;
            this.accept = accept;
            this.handler = handler;
            this.callHeaders = callHeaders;
            this.publisher = publisher(described(), body);
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String described() {
            return method + " " + describe(target);
        }

        @Override
        public HttpResponse<T> send() throws IOException, InterruptedException {
            while (true) {
                if (circuitBreaker != null) {
                    circuitBreaker.allow(described());
                }
                if (rateLimit != null) {
                    rateLimit.acquire();
                }
                HttpResponse<T> response;
                try {
                    response = client.send(request(method, target, body, publisher, accept, callHeaders), handler);
                } catch (IOException e) {
                    recordFailure();
                    throw e;
                }
                if (response.headers().firstValue(REPLAY_HEADER).filter("unmatched"::equals).isPresent()) {
                    throw new CommandFailure(text(response.body()));
                }
                int status = response.statusCode();
                Optional<String> location = REDIRECTS.contains(status) ? response.headers().firstValue("Location") : Optional.empty();
                if (location.isPresent()) {
                    follow(status, location.get());
                    continue;
                }
                if (status < 300 && circuitBreaker != null) {
                    circuitBreaker.recordSuccess();
                }
                if (status >= 500) {
                    recordFailure();
                }
                if (status == 401 && auth != null && trusted(target) && !renewed && auth.renew()) {
                    renewed = true;
                    continue;
                }
                return response;
            }
        }

        private void follow(int status, String location) {
            if (++redirects > MAX_REDIRECTS) {
                throw new HttpException(described() + " failed: more than " + MAX_REDIRECTS + " redirects", status, null);
            }
            target = target.resolve(location);
            if (status == 303 || (status <= 302 && method.equals("POST"))) {
                method = "GET";
                body = null;
                publisher = HttpRequest.BodyPublishers.noBody();
            }
        }

        @Override
        public void retrying(String message) {
            Logging.warning(message);
        }

        @Override
        public boolean giveUp() {
            return circuitBreaker != null && circuitBreaker.isOpen();
        }
    }

    private void recordFailure() {
        if (circuitBreaker != null) {
            circuitBreaker.recordFailure();
        }
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 5;

    private HttpRequest request(String method, URI target, Object body, HttpRequest.BodyPublisher publisher, String accept,
                                Map<String, String> callHeaders) {
        boolean trusted = trusted(target);
        URI uri = trusted && auth != null && !auth.query().isEmpty() ? withQuery(target, auth.query()) : target;
        String via = System.getProperty(VIA_PROPERTY);
        HttpRequest.Builder request = HttpRequest.newBuilder(via == null ? uri : routed(URI.create(via), uri))
                .timeout(timeout).header("Accept", accept);
        if (via != null) {
            // HTTP/1.1: an HTTP/2 upgrade's headers would be forwarded to the origin with the request
            request.version(HttpClient.Version.HTTP_1_1).header(ORIGIN_HEADER, uri.getScheme() + "://" + uri.getRawAuthority());
        }
        if (trusted) {
            headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Accept") || accept.equals(JSON)) {
                    request.setHeader(name, value);   // a builder's Accept replaces the JSON default, not what a call asks for
                }
            });
            callHeaders.forEach(request::setHeader);
            if (auth != null) {
                auth.headers().forEach(request::setHeader);
            }
        }
        if (body != null) {
            request.header("Content-Type", body instanceof Form ? "application/x-www-form-urlencoded" : "application/json");
        }
        return request.method(method, publisher).build();
    }

    private static HttpRequest.BodyPublisher publisher(String described, Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        if (body instanceof Form form) {
            return HttpRequest.BodyPublishers.ofString(form.encoded());
        }
        try {
            return HttpRequest.BodyPublishers.ofString(Jackson.MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new HttpException(described + ": the body cannot be written as JSON: " + e.getMessage(), 0, e);
        }
    }

    /** A form body: keys and values URL-encoded. */
    private record Form(Map<String, String> fields) {
        String encoded() {
            StringJoiner joined = new StringJoiner("&");
            fields.forEach((key, value) -> joined.add(encode(key) + "=" + encode(value)));
            return joined.toString();
        }
    }

    private JsonNode parse(String described, HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Jackson.MAPPER.readTree(body);
        } catch (MismatchedInputException e) {
            if (e.getMessage().startsWith("Trailing token")) {
                throw new HttpException(described + " returned " + response.statusCode() + " with more than one JSON document (JSON lines?"
                        + " read them with getJsonLines): " + excerpt(body), response.statusCode(), e);
            }
            throw new HttpException(described + " returned " + response.statusCode() + " with a body that is not JSON: " + excerpt(body),
                    response.statusCode(), e);
        } catch (IOException e) {
            throw new HttpException(described + " returned " + response.statusCode() + " with a body that is not JSON: " + excerpt(body),
                    response.statusCode(), e);
        }
    }

    private boolean trusted(URI uri) {
        return trustedOrigins.contains(origin(uri));
    }

    /** Scheme, host and port: what a browser calls the origin, the unit that may see credentials. */
    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    private URI uri(String path, Map<String, ?> query) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        URI target = path.startsWith("http://") || path.startsWith("https://") ? URI.create(path) : base.resolve(relative);
        return withQuery(target, query);
    }

    /** {@code uri} sent to {@code via}: the same path and query, on the local server's scheme, host and port. */
    private static URI routed(URI via, URI uri) {
        return URI.create(via.getScheme() + "://" + via.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static URI withQuery(URI target, Map<String, ?> query) {
        if (query.isEmpty()) {
            return target;
        }
        StringJoiner parameters = new StringJoiner("&");
        query.forEach((key, value) -> {
            if (value != null) {
                parameters.add(encodeInUrl(key) + "=" + encodeInUrl(value.toString()));
            }
        });
        String separator = target.getRawQuery() == null ? "?" : "&";
        return URI.create(target + separator + parameters);
    }

    /** A form field's name or value, as {@code application/x-www-form-urlencoded} writes it (a space is {@code +}). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * A query parameter's name or value in a URL: a space is {@code %20}, which every server reads as a space (a
     * {@code +} is a space only to form decoders; OData servers, for one, read it as a plus sign).
     */
    private static String encodeInUrl(String text) {
        return encode(text).replace("+", "%20");
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

    /** A body as text for a message: a byte body is read as UTF-8. */
    private static String text(Object body) {
        return body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) body;
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
        private RetryPolicy.Builder retryPolicy = RetryPolicy.builder();
        private Auth auth;
        private RateLimit rateLimit;
        private CircuitBreaker circuitBreaker;
        private SSLContext sslContext;
        private final List<String> trustedOrigins = new ArrayList<>();

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** A header sent with every request to the API's origin (see {@link #trust}), e.g. {@code Authorization}. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The connect and per-request timeout (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * When a request is sent again (default {@link RetryPolicy#defaults()}), e.g.
         * {@code RetryPolicy.builder().idempotent("POST").build()} to repeat this API's POSTs after a 5xx too. It
         * replaces what {@link #retries} and {@link #backoff} set before it; called after it, they change it.
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy.toBuilder();
            return this;
        }

        /** How many times a request may be retried (default 5): the retry policy's attempts, less the first. */
        public Builder retries(int retries) {
            retryPolicy.maxAttempts(retries + 1);
            return this;
        }

        /** The first backoff (default 0.5 s, doubling each retry) and the longest wait, {@code Retry-After} included (default 60 s). */
        public Builder backoff(Duration initial, Duration max) {
            retryPolicy.delays(initial, max).retryAfterCap(max);
            return this;
        }

        /** How every request authenticates, e.g. {@code Auth.bearer(token)}; on a 401 it is renewed once and the request repeated. */
        public Builder auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        /** At most {@code calls} requests (retries included) per {@code period}, spaced evenly, e.g. {@code rateLimit(10, Duration.ofSeconds(1))}. */
        public Builder rateLimit(int calls, Duration period) {
            this.rateLimit = new RateLimit(period.dividedBy(calls));
            return this;
        }

        /** Stops sending while {@code breaker} is open; it may be shared by several clients of one API. */
        public Builder circuitBreaker(CircuitBreaker breaker) {
            this.circuitBreaker = breaker;
            return this;
        }

        /**
         * Another origin (scheme, host and port of {@code url}) that may receive the credentials, for an API whose
         * next-page links or redirects point to a second host of its own. Any other host gets neither the auth nor
         * the headers.
         */
        public Builder trust(String url) {
            trustedOrigins.add(url);
            return this;
        }

        /** The TLS context, e.g. {@code ClientCertificate.sslContext(...)} for mutual TLS. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Http build() {
            return new Http(this);
        }
    }
}
