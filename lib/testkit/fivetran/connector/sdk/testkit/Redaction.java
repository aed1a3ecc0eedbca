package fivetran.connector.sdk.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fivetran.connector.sdk.Configuration;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a recording must not hold, applied alike to what is recorded and to what a replay receives, so that a request
 * carrying the real secrets matches its redacted recording:
 * <ul>
 * <li>the headers {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and {@code Set-Cookie} are
 *     dropped;</li>
 * <li>every configuration value of at least {@value #SHORTEST} characters becomes {@code {{config.KEY}}} wherever it
 *     appears, as it is or URL-encoded: in URLs, header values and bodies (in a JSON body, in names and strings);</li>
 * <li>the value of a query parameter, form field, header or JSON field (its strings) whose name looks secret
 *     ({@link #SECRET_NAME}) becomes {@value #MASK}.</li>
 * </ul>
 * A replay turns each placeholder of its own configuration back into the value ({@link #restored(String)}).
 */
final class Redaction {
    static final String MASK = "***";
    private static final int SHORTEST = 4;
    private static final Set<String> DROPPED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    /** Key, token, secret, password, auth (but not author: GitHub's author and author_association), session, signature. */
    private static final Pattern SECRET_NAME = Pattern.compile("key|token|secret|password|auth(?!or)|authori[sz]|session|signature",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FORM = Pattern.compile("[^=&\\s{}\\[\\]\"]+=[^&\\s]*(&[^=&\\s]+=[^&\\s]*)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{config\\.([^{}]+)}}");
    /** Numbers read and written as WireMock reads and writes them, so that a recorded body keeps every digit. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Configuration configuration;
    /** Each form of each configuration value, longest first (a value holding another is replaced whole), with its placeholder. */
    private final List<Map.Entry<String, String>> replacements;

    Redaction(Configuration configuration) {
        this.configuration = configuration;
        Map<String, String> forms = new LinkedHashMap<>();
        configuration.forEach((key, value) -> {
            if (value != null && value.length() >= SHORTEST) {
                String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
                for (String form : List.of(value, encoded, encoded.replace("+", "%20"))) {
                    forms.putIfAbsent(form, "{{config." + key + "}}");
                }
            }
        });
        replacements = forms.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> form) -> form.getKey().length()).reversed()).toList();
    }

    static boolean dropsHeader(String name) {
        return DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    static boolean secret(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    /** {@code text} with every configuration value replaced by its placeholder. */
    String values(String text) {
        String result = text;
        for (Map.Entry<String, String> replacement : replacements) {
            result = result.replace(replacement.getKey(), replacement.getValue());
        }
        return result;
    }

    /** A path with its query ({@code /v1/items?token=...}): values replaced, secret parameters masked. */
    String url(String url) {
        String redacted = values(url);
        int query = redacted.indexOf('?');
        return query < 0 ? redacted : redacted.substring(0, query + 1) + maskedFields(redacted.substring(query + 1));
    }

    String header(String name, String value) {
        return secret(name) ? MASK : values(value);
    }

    /** A request or response body: a JSON object or array, a form ({@code a=1&b=2}) or any other text. */
    String body(String text) {
        JsonNode json = jsonBody(text);
        if (json != null) {
            return text(json);
        }
        String redacted = values(text);
        return FORM.matcher(redacted).matches() ? maskedFields(redacted) : redacted;
    }

    /** A body as bytes: redacted as {@link #body(String)} when it is UTF-8 text, else as it is. */
    byte[] body(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return body(text).getBytes(StandardCharsets.UTF_8);
        } catch (CharacterCodingException binary) {
            return bytes;
        }
    }

    /** A body that is a JSON object or array, redacted; null for any other text. */
    JsonNode jsonBody(String text) {
        JsonNode json = parsed(text);
        return json == null ? null : json(json);
    }

    /** A copy of a JSON document: names and strings with values replaced, every string under a secret name masked. */
    JsonNode json(JsonNode node) {
        return copy(node, false, this::values, (string, underSecretName) -> underSecretName ? MASK : values(string));
    }

    /** A recorded text with each placeholder of a key of the configuration turned back into its value. */
    String restored(String text) {
        if (!text.contains("{{config.")) {
            return text;
        }
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (placeholder.find()) {
            String value = configuration.get(placeholder.group(1));
            placeholder.appendReplacement(result, Matcher.quoteReplacement(value != null ? value : placeholder.group()));
        }
        return placeholder.appendTail(result).toString();
    }

    /** A recorded body with its placeholders restored; in a JSON document, in names and strings (escaped as JSON). */
    String restoredBody(String text) {
        JsonNode json = parsed(text);
        return json == null ? restored(text) : text(copy(json, false, this::restored, (string, underSecretName) -> restored(string)));
    }

    /** A URL with every query value masked, as the message about an unmatched request shows it. */
    static String maskedQuery(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        List<String> fields = new ArrayList<>();
        for (String field : url.substring(query + 1).split("&", -1)) {
            int equals = field.indexOf('=');
            fields.add(equals < 0 ? field : field.substring(0, equals + 1) + MASK);
        }
        return url.substring(0, query + 1) + String.join("&", fields);
    }

    private static String text(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always written", e);
        }
    }

    private static JsonNode parsed(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private interface Strings {
        String apply(String string, boolean underSecretName);
    }

    private static JsonNode copy(JsonNode node, boolean underSecretName, UnaryOperator<String> names, Strings strings) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(field -> copy.set(names.apply(field.getKey()),
                    copy(field.getValue(), underSecretName || secret(field.getKey()), names, strings)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(copy(element, underSecretName, names, strings)));
            return copy;
        }
        return node.isTextual() ? TextNode.valueOf(strings.apply(node.textValue(), underSecretName)) : node;
    }

    /** {@code a=1&token=2} as {@code a=1&token=***}: the fields of a query or a form. */
    private static String maskedFields(String fields) {
        List<String> result = new ArrayList<>();
        for (String field : fields.split("&", -1)) {
            int equals = field.indexOf('=');
            result.add(equals >= 0 && secret(decoded(field.substring(0, equals))) ? field.substring(0, equals + 1) + MASK : field);
        }
        return String.join("&", result);
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }
}
