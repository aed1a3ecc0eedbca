package fivetran.connector.sdk.http.paging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The request of one page: a path (or an absolute URL, e.g. a next-page link) and query parameters. */
public record PageRequest(String path, Map<String, Object> query) {
    public PageRequest {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** This request with one query parameter set. */
    public PageRequest with(String parameter, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(query);
        changed.put(parameter, value);
        return new PageRequest(path, changed);
    }

    /** A query parameter as a long, or {@code fallback} when absent. */
    long number(String parameter, long fallback) {
        Object value = query.get(parameter);
        return value == null ? fallback : Long.parseLong(value.toString());
    }
}
