package fivetran.connector.sdk.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.common.FileSource;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.StubMappingTransformer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * While recording: each stub mapping the snapshot makes of an exchange, redacted ({@link Redaction}), a JSON response
 * body kept as JSON ({@code jsonBody}, readable in the file). WireMock runs it before it groups repeated requests into
 * scenarios, so requests that differ only in a secret are repeats of one request, answered in their recorded order.
 */
final class RecordedStubRedaction extends StubMappingTransformer {
    private final Redaction redaction;

    RecordedStubRedaction(Redaction redaction) {
        this.redaction = redaction;
    }

    @Override
    public StubMapping transform(StubMapping stubMapping, FileSource files, Parameters parameters) {
        try {
            ObjectNode stub = (ObjectNode) Redaction.JSON.readTree(Json.write(stubMapping));
            if (stub.get("name") instanceof TextNode name) {
                stub.put("name", redaction.values(name.textValue()));   // WireMock names a stub after its URL
            }
            request((ObjectNode) stub.get("request"));
            response((ObjectNode) stub.get("response"));
            return Json.read(Redaction.JSON.writeValueAsString(stub), StubMapping.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("WireMock wrote a stub mapping that is not JSON", e);
        }
    }

    private void request(ObjectNode request) {
        for (String url : List.of("url", "urlPath")) {
            if (request.get(url) instanceof TextNode value) {
                request.put(url, redaction.url(value.textValue()));
            }
        }
        if (request.get("queryParameters") instanceof ObjectNode query) {
            ObjectNode redacted = Redaction.JSON.createObjectNode();
            query.properties().forEach(parameter -> redacted.set(parameter.getKey(), strings(parameter.getValue(),
                    value -> Redaction.secret(parameter.getKey()) ? Redaction.MASK : redaction.values(value))));
            request.set("queryParameters", redacted);
            exactQuery(request);
        } else if (request.get("url") instanceof TextNode url) {
            request.put("url", CanonicalQuery.url(url.textValue()));
        }
        for (String url : List.of("url", "urlPath")) {
            if (request.get(url) instanceof TextNode value) {
                request.put(url, encodePlaceholders(value.textValue()));
            }
        }
        if (request.get("headers") instanceof ObjectNode headers) {
            request.set("headers", headers(headers));
        }
        if (request.get("bodyPatterns") instanceof ArrayNode patterns) {
            for (JsonNode pattern : patterns) {
                ObjectNode body = (ObjectNode) pattern;
                if (body.get("equalToJson") instanceof TextNode json) {
                    body.set("equalToJson", jsonOrText(json.textValue()));
                }
                for (String type : List.of("equalTo", "equalToXml")) {
                    if (body.get(type) instanceof TextNode text) {
                        body.put(type, redaction.body(text.textValue()));
                    }
                }
                if (body.get("binaryEqualTo") instanceof TextNode binary) {
                    body.put("binaryEqualTo", base64(binary.textValue()));
                }
            }
        }
    }

    /**
     * A placeholder in a URL's path, percent-encoded: WireMock parses the URL of each stub it groups into a scenario, and braces
     * are not allowed there. {@link #decodePlaceholders} turns them back when the recording is written, so that the
     * files say {@code {{config.owner}}}, which a replayed request's redacted URL equals.
     */
    static String encodePlaceholders(String url) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return path.replace("{{config.", "%7B%7Bconfig.").replace("}}", "%7D%7D") + (query < 0 ? "" : url.substring(query));
    }

    /** The path's placeholders as they were; the query's stay as the canonical query writes them. */
    static String decodePlaceholders(String url) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return PLACEHOLDER.matcher(path).replaceAll("{{config.$1}}") + (query < 0 ? "" : url.substring(query));
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("%7B%7Bconfig\\.([^%/?&]+)%7D%7D");

    /**
     * The snapshot's {@code urlPath} and {@code queryParameters}, which would also match a request with more parameters
     * (a first page's recording answering every later page), as one {@code url}: this query and no other.
     */
    private static void exactQuery(ObjectNode request) {
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        for (Map.Entry<String, JsonNode> parameter : request.get("queryParameters").properties()) {
            List<JsonNode> values = new ArrayList<>();
            parameter.getValue().path("hasExactly").forEach(values::add);
            if (parameter.getValue().has("equalTo")) {
                values.add(parameter.getValue());
            }
            if (values.isEmpty() || !values.stream().allMatch(value -> value.size() == 1 && value.get("equalTo") instanceof TextNode)) {
                return;
            }
            values.forEach(value -> parameters.add(new AbstractMap.SimpleEntry<>(parameter.getKey(), value.get("equalTo").textValue())));
        }
        if (request.get("urlPath") instanceof TextNode path) {
            request.put("url", CanonicalQuery.of(path.textValue(), parameters));
            request.remove(List.of("urlPath", "queryParameters"));
        }
    }

    private void response(ObjectNode response) {
        if (response.get("headers") instanceof ObjectNode headers) {
            response.set("headers", headers(headers));
        }
        if (response.get("body") instanceof TextNode body) {
            JsonNode json = redaction.jsonBody(body.textValue());
            if (json != null) {
                response.remove("body");
                response.set("jsonBody", json);
            } else {
                response.put("body", redaction.body(body.textValue()));
            }
        }
        if (response.get("base64Body") instanceof TextNode binary) {
            response.put("base64Body", base64(binary.textValue()));
        }
    }

    /** WireMock writes the expected JSON as a string; it is written as JSON, readable. */
    private JsonNode jsonOrText(String text) {
        JsonNode json = redaction.jsonBody(text);
        return json != null ? json : TextNode.valueOf(redaction.body(text));
    }

    /** Request header patterns ({@code {"equalTo": "..."}}) or response headers (a string or a list of them). */
    private ObjectNode headers(ObjectNode headers) {
        ObjectNode redacted = Redaction.JSON.createObjectNode();
        headers.properties().stream().filter(header -> !Redaction.dropsHeader(header.getKey())).forEach(header ->
                redacted.set(header.getKey(), strings(header.getValue(), value -> redaction.header(header.getKey(), value))));
        return redacted;
    }

    /** A copy of a value or of a WireMock pattern ({@code {"hasExactly": [{"equalTo": "..."}]}}) with its strings redacted. */
    private static JsonNode strings(JsonNode node, UnaryOperator<String> redacted) {
        if (node.isTextual()) {
            return TextNode.valueOf(redacted.apply(node.textValue()));
        }
        if (node instanceof ArrayNode values) {
            ArrayNode copy = Redaction.JSON.createArrayNode();
            values.forEach(element -> copy.add(strings(element, redacted)));
            return copy;
        }
        if (node instanceof ObjectNode pattern) {
            ObjectNode copy = Redaction.JSON.createObjectNode();
            pattern.properties().forEach(field -> copy.set(field.getKey(), strings(field.getValue(), redacted)));
            return copy;
        }
        return node;
    }

    private String base64(String encoded) {
        return Base64.getEncoder().encodeToString(redaction.body(Base64.getDecoder().decode(encoded)));
    }

    @Override
    public String getName() {
        return "connector-sdk-redaction";
    }
}
