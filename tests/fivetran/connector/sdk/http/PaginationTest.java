package fivetran.connector.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every paginator against the example API, a real server on the loopback interface. */
class PaginationTest {
    private static final List<Long> ALL_IDS = IntStream.rangeClosed(1, ExampleApi.ITEMS).mapToObj(id -> (long) id).toList();
    private static ExampleApi server;
    private static Http api;

    record Item(long id, String name, double price, @com.fasterxml.jackson.annotation.JsonProperty("updated_at") Instant updatedAt) {
    }

    @BeforeAll
    static void start() {
        server = ExampleApi.start();
        api = Http.builder(server.url()).retries(0).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Integer> pageSizes(Pages pages) {
        List<Integer> sizes = new ArrayList<>();
        pages.forEach(page -> sizes.add(page.items().size()));
        return sizes;
    }

    private static List<Long> ids(Iterable<JsonNode> items) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get("id").asLong()).toList();
    }

    @Test
    void pageNumberStopsAtAShortPageOrAfterAFullLastPageAtAnEmptyOne() {
        Pages tens = Pages.of(api, "/page-number/items", Map.of("per_page", 10), "/items", Pagination.pageNumber("page", "per_page"));
        assertEquals(List.of(10, 10, 5), pageSizes(tens));
        assertEquals(ALL_IDS, ids(tens.items()));
        Pages fives = Pages.of(api, "/page-number/items", Map.of("per_page", 5, "page", 3), "/items", Pagination.pageNumber("page", "per_page"));
        assertEquals(List.of(5, 5, 5, 0), pageSizes(fives));
    }

    @Test
    void offsetAdvancesByTheRecordsRead() {
        Pages pages = Pages.of(api, "/offset/items", Map.of("limit", 7), "/items", Pagination.offset("offset", "limit"));
        assertEquals(List.of(7, 7, 7, 4), pageSizes(pages));
        assertEquals(ALL_IDS, ids(pages.items()));
    }

    @Test
    void keysetStartsAfterTheLastKeyAndMapsRecords() {
        Pages pages = Pages.of(api, "/keyset/items", Map.of("after_id", 20, "limit", 2), "/items", Pagination.keyset("after_id", "id", "limit"));
        List<Item> items = new ArrayList<>();
        pages.items(Item.class).forEach(items::add);
        assertEquals(List.of(21L, 22L, 23L, 24L, 25L), items.stream().map(Item::id).toList());
        assertEquals(new Item(25, "item 25", 31.25, Instant.parse("2024-01-02T01:00:00Z")), items.get(4));
    }

    @Test
    void nextUrlFollowsTheLinkInTheBody() {
        Pages pages = Pages.of(api, "/next-url/items", Map.of(), "/items", Pagination.nextUrl("/next"));
        assertEquals(List.of(10, 10, 5), pageSizes(pages));
        assertEquals(ALL_IDS, ids(pages.items()));
    }

    @Test
    void linkHeaderFollowsRelNextAndTheBodyMayBeTheArray() {
        Pages pages = Pages.of(api, "/link/items", Map.of("per_page", 10), "", Pagination.linkHeader());
        List<String> links = new ArrayList<>();
        for (Page page : pages) {
            links.add(page.response().header("link").orElse("none").replaceAll("http://[^/]+", ""));
        }
        assertEquals(List.of("</link/items?per_page=10&page=2>; rel=\"next\", </link/items?per_page=10&page=3>; rel=\"last\"",
                "</link/items?per_page=10&page=3>; rel=\"next\", </link/items?per_page=10&page=3>; rel=\"last\"", "none"), links);
        assertEquals(ALL_IDS, ids(pages.items()));
    }

    @Test
    void scrollSendsOnlyTheTokenAfterTheFirstRequestAndStopsAtAnEmptyPage() {
        Pages pages = Pages.of(api, "/scroll/items", Map.of("size", 10), "/hits", Pagination.scroll("scroll_id", "/scroll_id"));
        List<Map<String, Object>> queries = new ArrayList<>();
        pages.forEach(page -> queries.add(page.request().query()));
        assertEquals(List.of(Map.of("size", 10), Map.of("scroll_id", "scroll-10-10"), Map.of("scroll_id", "scroll-20-10"),
                Map.of("scroll_id", "scroll-30-10")), queries);
        assertEquals(ALL_IDS, ids(pages.items()));
    }

    @Test
    void cursorStopsWhenTheBodyHasNone() {
        try (var demo = fivetran.connector.sdk.demo.DemoApi.start("t")) {
            Http bearer = Http.builder(demo.url()).header("Authorization", "Bearer t").backoff(java.time.Duration.ZERO, java.time.Duration.ZERO).build();
            Pages pages = Pages.of(bearer, "/v1/items", Map.of("limit", 20), "/items", Pagination.cursor("cursor", "/next_cursor"));
            assertEquals(List.of(20, 20, 2), pageSizes(pages));
        }
    }
}
