package fivetran.connector.sdk.http.paging;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.Json;
import fivetran.connector.sdk.http.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The pages of a paginated GET, fetched lazily one at a time as they are iterated; iterating again starts over.
 * Iterate pages to checkpoint after each, or {@link #items()} for the records alone.
 *
 * <pre>{@code
 * Pages pages = Pages.of(api, "/v1/items", Map.of("per_page", 50), "/items", Pagination.pageNumber("page", "per_page"));
 * for (Page page : pages) {
 *     page.items(Item.class).forEach(item -> Operations.upsert("item", item));
 *     Operations.checkpoint(state);
 * }
 * }</pre>
 */
public final class Pages implements Iterable<Page> {
    private final Http api;
    private final PageRequest first;
    private final String itemsPointer;
    private final Pagination pagination;

    private Pages(Http api, PageRequest first, String itemsPointer, Pagination pagination) {
        this.api = api;
        this.first = first;
        this.itemsPointer = itemsPointer;
        this.pagination = pagination;
    }

    /**
     * The pages of {@code GET path?query}, the next request given by {@code pagination}. {@code itemsPointer} is the
     * JSON pointer of the records' array in a page, e.g. {@code "/items"}, or {@code ""} when the body is the array.
     */
    public static Pages of(Http api, String path, Map<String, ?> query, String itemsPointer, Pagination pagination) {
        return new Pages(api, new PageRequest(path, new LinkedHashMap<String, Object>(query)), itemsPointer, pagination);
    }

    @Override
    public Iterator<Page> iterator() {
        return new Iterator<>() {
            private PageRequest next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Page next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Page page = fetch(next);
                next = pagination.next(page);
                return page;
            }
        };
    }

    /** Every record of every page. */
    public Iterable<JsonNode> items() {
        return flatten(Page::items);
    }

    /** Every record of every page, mapped to {@code type} (see {@link Json#as}). */
    public <T> Iterable<T> items(Class<T> type) {
        return flatten(page -> page.items(type));
    }

    private <T> Iterable<T> flatten(Function<Page, List<T>> records) {
        return () -> new Iterator<>() {
            private final Iterator<Page> pages = iterator();
            private Iterator<T> current = List.<T>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pages.hasNext()) {
                    current = records.apply(pages.next()).iterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private Page fetch(PageRequest request) {
        Response response = api.send("GET", request.path(), request.query(), null);
        JsonNode array = response.body() == null ? null : response.body().at(itemsPointer);
        if (array == null || !array.isArray()) {
            String path = request.path().replaceFirst("\\?.*", "");
            throw new IllegalStateException("GET " + path + ": the response has no array at '" + itemsPointer + "'");
        }
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return new Page(request, response, List.copyOf(items));
    }
}
