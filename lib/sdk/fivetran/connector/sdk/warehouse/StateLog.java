package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * State as log lines show it: the values of keys that name a secret (a rotated OAuth2 refresh token, a session
 * token, a password) are masked, and a long state is cut. The state file and the warehouse keep the real values.
 */
public final class StateLog {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(token|secret|password|passwd|api_?key|credential).*");
    private static final int LIMIT = 500;

    private StateLog() {
    }

    /** {@code json} (a state object) with secret-named values replaced by {@code ****}, cut at 500 characters. */
    public static String masked(String json) {
        String text;
        try {
            JsonNode state = Jackson.MAPPER.readTree(json);
            mask(state);
            text = Jackson.MAPPER.writeValueAsString(state);
        } catch (Exception notJson) {
            text = json;
        }
        return text.length() > LIMIT ? text.substring(0, LIMIT) + "…" : text;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (SECRET_KEY.matcher(field.getKey()).matches() && field.getValue().isValueNode() && !field.getValue().isNull()) {
                    field.setValue(object.textNode("****"));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(StateLog::mask);
        }
    }
}
