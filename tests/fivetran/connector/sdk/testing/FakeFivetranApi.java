package fivetran.connector.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Fivetran REST API, on 127.0.0.1 and a free port: the calls deploy makes, answered from settable
 * state, with every request recorded. Requests without {@code Authorization: Basic <api key>} get 401; a JSON body that
 * does not parse, or an upload without the multipart field {@code file}, gets 400.
 */
public final class FakeFivetranApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONNECTION = Pattern.compile("/v1/connectors/([^/]+)");
    private static final Pattern PACKAGE = Pattern.compile("/v1/connector-sdk/packages/([^/]+)");
    private static final Pattern CONNECTIONS_OF_GROUP = Pattern.compile("/v1/groups/([^/]+)/connectors");

    /** A request as received. */
    public record Request(String method, String path, String query, Headers headers, byte[] body, long nanoTime) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        /** The multipart/form-data parts: name → (filename, content). */
        public Map<String, Part> parts() {
            return multipart(header("Content-Type"), body);
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    /** One part of a multipart body. */
    public record Part(String filename, byte[] content) {
    }

    private final HttpServer server;
    private final String apiKey;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Deque<int[]>> scheduledFailures = new LinkedHashMap<>();
    private final Map<String, String> redirects = new LinkedHashMap<>();
    private final List<String[]> groups = new ArrayList<>();
    private final Map<String, String[]> connections = new LinkedHashMap<>();
    private int groupsPerPage = 500;
    private int createStatus = 201;
    private List<Map<String, String>> setupTests = List.of(Map.of("title", "Connection test", "status", "PASSED", "message", ""));
    private int packages;

    private FakeFivetranApi(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server that accepts {@code apiKey}. */
    public static FakeFivetranApi start(String apiKey) {
        try {
            return new FakeFivetranApi(apiKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds destinations (groups), each as {id, name}. */
    public synchronized FakeFivetranApi groups(String[]... idAndName) {
        groups.addAll(Arrays.asList(idAndName));
        return this;
    }

    /** Answers the groups in pages of {@code size}, linked by next_cursor. */
    public synchronized FakeFivetranApi groupsPerPage(int size) {
        groupsPerPage = size;
        return this;
    }

    /** An existing connection named (schema) {@code schema}, with this id and service. */
    public synchronized FakeFivetranApi connection(String schema, String id, String service) {
        connections.put(schema, new String[] {id, service});
        return this;
    }

    /** The status of a create; 500 makes it fail with an API message. */
    public synchronized FakeFivetranApi createStatus(int status) {
        createStatus = status;
        return this;
    }

    /** The setup tests a create or update reports, each {title, status, message}. */
    public synchronized FakeFivetranApi setupTests(List<Map<String, String>> tests) {
        setupTests = tests;
        return this;
    }

    /** The next call to {@code method path} answers {@code status}, with {@code Retry-After} unless it is negative. */
    public synchronized FakeFivetranApi failNext(String method, String path, int status, int retryAfterSeconds) {
        scheduledFailures.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(new int[] {status, retryAfterSeconds});
        return this;
    }

    /** The next call to {@code method path} answers 302 with {@code Location: location}. */
    public synchronized FakeFivetranApi redirectNext(String method, String path, String location) {
        redirects.put(method + " " + path, location);
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The received requests as {@code METHOD /path}, in order. */
    public List<String> calls() {
        return requests().stream().map(request -> request.method() + " " + request.path()).toList();
    }

    /** The requests received for {@code method path}. */
    public List<Request> requests(String method, String path) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Headers headers = new Headers();
            headers.putAll(exchange.getRequestHeaders());
            Request request = new Request(method, path, exchange.getRequestURI().getRawQuery(), headers, body, System.nanoTime());
            requests.add(request);
            if (!("Basic " + apiKey).equals(request.header("Authorization"))) {
                answer(exchange, 401, error("AuthFailed", "Missing or invalid authorization header"));
                return;
            }
            String location = redirects.remove(method + " " + path);
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
                answer(exchange, 302, error("Moved", "moved to " + location));
                return;
            }
            Deque<int[]> failures = scheduledFailures.get(method + " " + path);
            if (failures != null && !failures.isEmpty()) {
                int[] failure = failures.poll();
                if (failure[1] >= 0) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(failure[1]));
                }
                answer(exchange, failure[0], error("Scheduled", "scheduled failure " + failure[0]));
                return;
            }
            route(exchange, request);
        } catch (RuntimeException e) {
            answer(exchange, 400, error("BadRequest", e.toString()));
        }
    }

    private void route(HttpExchange exchange, Request request) throws IOException {
        String call = request.method() + " " + request.path();
        Matcher connectionsOfGroup = CONNECTIONS_OF_GROUP.matcher(request.path());
        Matcher connection = CONNECTION.matcher(request.path());
        Matcher uploaded = PACKAGE.matcher(request.path());
        if (call.equals("GET /v1/groups")) {
            answer(exchange, 200, groupsPage(request.query()));
        } else if (request.method().equals("GET") && connectionsOfGroup.matches()) {
            answer(exchange, 200, connectionsNamed(request.query().replaceFirst("^schema=", "")));
        } else if (call.equals("POST /v1/connector-sdk/packages")) {
            Part file = request.parts().get("file");
            if (file == null || file.content().length == 0) {
                answer(exchange, 400, error("BadRequest", "no multipart field 'file'"));
                return;
            }
            ObjectNode answer = success();
            ((ObjectNode) answer.get("data")).put("id", "pkg_" + (++packages));
            answer(exchange, 201, answer);
        } else if (call.equals("POST /v1/connectors")) {
            if (createStatus >= 300) {
                answer(exchange, createStatus, error("InternalError", "the connection could not be created"));
                return;
            }
            answer(exchange, createStatus, connectionAnswer("conn_new", request.json()));
        } else if (request.method().equals("PATCH") && connection.matches()) {
            answer(exchange, 200, connectionAnswer(connection.group(1), request.json()));
        } else if (request.method().equals("DELETE") && uploaded.matches()) {
            answer(exchange, 200, success());
        } else {
            answer(exchange, 404, error("NotFound", "no such endpoint: " + call));
        }
    }

    private ObjectNode groupsPage(String query) {
        Matcher cursor = Pattern.compile("cursor=(\\d+)").matcher(query == null ? "" : query);
        int from = cursor.find() ? Integer.parseInt(cursor.group(1)) : 0;
        ObjectNode answer = success();
        ArrayNode items = ((ObjectNode) answer.get("data")).putArray("items");
        int to = Math.min(groups.size(), from + groupsPerPage);
        for (String[] group : groups.subList(from, to)) {
            items.addObject().put("id", group[0]).put("name", group[1]);
        }
        ((ObjectNode) answer.get("data")).put("next_cursor", to < groups.size() ? String.valueOf(to) : null);
        return answer;
    }

    private ObjectNode connectionsNamed(String schema) {
        ObjectNode answer = success();
        ArrayNode items = ((ObjectNode) answer.get("data")).putArray("items");
        String[] existing = connections.get(schema);
        if (existing != null) {
            items.addObject().put("id", existing[0]).put("service", existing[1]).put("schema", schema);
        }
        return answer;
    }

    private ObjectNode connectionAnswer(String id, JsonNode request) {
        ObjectNode answer = success();
        ObjectNode data = (ObjectNode) answer.get("data");
        data.put("id", id).put("service", "connector_sdk").put("paused", true);
        data.put("destination_schema_names", request.path("destination_schema_names").asText("FIVETRAN_NAMING"));
        data.putObject("config").put("java_version", request.path("config").path("java_version").asText("17"));
        ArrayNode tests = data.putArray("setup_tests");
        setupTests.forEach(test -> tests.addObject().put("title", test.get("title")).put("status", test.get("status")).put("message", test.get("message")));
        return answer;
    }

    private static ObjectNode success() {
        ObjectNode answer = JSON.createObjectNode().put("code", "Success");
        answer.putObject("data");
        return answer;
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, Part> multipart(String contentType, byte[] body) {
        Matcher boundary = Pattern.compile("multipart/form-data;\\s*boundary=(\\S+)").matcher(contentType == null ? "" : contentType);
        if (!boundary.find()) {
            throw new IllegalArgumentException("not multipart/form-data: " + contentType);
        }
        byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int headersStart = start + delimiter.length + 2;
            int next = indexOf(body, delimiter, headersStart);
            if (next < 0) {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            Matcher filename = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            if (name.find()) {
                parts.put(name.group(1), new Part(filename.find() ? filename.group(1) : null,
                        Arrays.copyOfRange(body, headersEnd + 4, next - 2)));
            }
            start = next;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
