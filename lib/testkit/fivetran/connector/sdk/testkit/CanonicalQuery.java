package fivetran.connector.sdk.testkit;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A request's path and query with its parameters sorted by name, so that a recording matches its request's exact
 * query ({@code url}, which allows no other parameter) whatever order the client wrote them in.
 */
final class CanonicalQuery {
    private CanonicalQuery() {
    }

    /** {@code path} with the decoded {@code parameters}, sorted by name (a name's values kept in their order), encoded. */
    static String of(String path, List<Map.Entry<String, String>> parameters) {
        if (parameters.isEmpty()) {
            return path;
        }
        List<Map.Entry<String, String>> sorted = new ArrayList<>(parameters);
        sorted.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        StringJoiner query = new StringJoiner("&", path + "?", "");
        sorted.forEach(parameter -> query.add(encode(parameter.getKey()) + "=" + encode(parameter.getValue())));
        return query.toString();
    }

    /** A raw {@code path?query}, its parameters sorted and encoded as {@link #of} does. */
    static String url(String pathAndQuery) {
        int mark = pathAndQuery.indexOf('?');
        if (mark < 0) {
            return pathAndQuery;
        }
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        for (String pair : pathAndQuery.substring(mark + 1).split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                parameters.add(new AbstractMap.SimpleEntry<>(decode(equals < 0 ? pair : pair.substring(0, equals)),
                        equals < 0 ? "" : decode(pair.substring(equals + 1))));
            }
        }
        return of(pathAndQuery.substring(0, mark), parameters);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
