package fivetran.connector.sdk.http.paging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an API pages: given the page just read, the request of the next one, or null after the last. Each works with
 * any {@link fivetran.connector.sdk.http.auth.Auth}, since the pages are fetched by the {@code Http} client given to
 * {@link Pages#of}. A page whose record count is below the page size given in its query is the last one, which saves
 * the request for an empty page.
 */
@FunctionalInterface
public interface Pagination {
    /** The request of the page after {@code page}, or null when {@code page} was the last. */
    PageRequest next(Page page);

    /** {@code ?page=1, 2, 3…} (the first page is the query's, else 1); stops at an empty or short page. */
    static Pagination pageNumber(String pageParameter, String sizeParameter) {
        return page -> isLast(page, sizeParameter) ? null
                : page.request().with(pageParameter, page.request().number(pageParameter, 1) + 1);
    }

    /** {@code ?offset=0&limit=n}, then offset + records read; stops at an empty or short page. */
    static Pagination offset(String offsetParameter, String limitParameter) {
        return page -> isLast(page, limitParameter) ? null
                : page.request().with(offsetParameter, page.request().number(offsetParameter, 0) + page.items().size());
    }

    /**
     * Keyset (seek) pagination: the next page starts after the last record's key, {@code ?after_id=<last id>}; stops
     * at an empty or short page. Records must be ordered by that key.
     */
    static Pagination keyset(String afterParameter, String keyField, String limitParameter) {
        return page -> isLast(page, limitParameter) ? null
                : page.request().with(afterParameter, page.last().path(keyField).asText());
    }

    /** An opaque cursor in the body (e.g. {@code /next_cursor}) sent back as {@code ?cursor=}; stops when it is null or empty. */
    static Pagination cursor(String cursorParameter, String cursorPointer) {
        return page -> text(page.body().at(cursorPointer)) == null ? null
                : page.request().with(cursorParameter, text(page.body().at(cursorPointer)));
    }

    /** The next page's URL in the body (e.g. {@code /links/next}); stops when it is null or empty. */
    static Pagination nextUrl(String urlPointer) {
        return page -> {
            String next = text(page.body().at(urlPointer));
            return next == null ? null : new PageRequest(next, Map.of());
        };
    }

    /** The {@code rel="next"} URL of the RFC 8288 {@code Link} header (GitHub's pagination); stops when there is none. */
    static Pagination linkHeader() {
        Pattern next = Pattern.compile("<([^>]*)>\\s*;[^,]*\\brel=\"?next\"?");
        return page -> page.response().header("Link").map(next::matcher).filter(Matcher::find)
                .map(match -> new PageRequest(match.group(1), Map.of())).orElse(null);
    }

    /**
     * A scroll: the first request carries the search; each next one carries only the scroll token from the body
     * (e.g. {@code /scroll_id}) as {@code tokenParameter}; stops at the first empty page.
     */
    static Pagination scroll(String tokenParameter, String tokenPointer) {
        return page -> page.items().isEmpty() || text(page.body().at(tokenPointer)) == null ? null
                : new PageRequest(page.request().path(), Map.of(tokenParameter, text(page.body().at(tokenPointer))));
    }

    private static boolean isLast(Page page, String sizeParameter) {
        return page.items().isEmpty() || page.items().size() < page.request().number(sizeParameter, 0);
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
