///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java
//SOURCES ../ODataTestServer.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against Apache Olingo's OData V2 server (olingo-odata2-core 2.0.13, an ODataSingleProcessor)
 * in an embedded Tomcat 9, started once for the class (../ODataTestServer.java): its $metadata (EDMX), its V2 JSON
 * ({@code d.results}, {@code __metadata}, Int64 and Decimal as strings, {@code \/Date(…)\/}), its server-driven paging
 * by {@code __next} (2 entities a page), $select, $filter and $orderby. Each test loads entity sets of its own, syncs,
 * changes them in the server and syncs again from the saved state. Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static ODataTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ODataTestServer.start(2, products("Products"), orderLines("OrderLines"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static ODataTestServer.EntitySet products(String name) {
        ODataTestServer.EntitySet set = new ODataTestServer.EntitySet(name, List.of("ID"), List.of(
                ODataTestServer.Property.of("ID", "Int32"), ODataTestServer.Property.of("Name", "String"),
                ODataTestServer.Property.of("Description", "String"), ODataTestServer.Property.of("Price", "Decimal"),
                ODataTestServer.Property.of("InStock", "Boolean"), ODataTestServer.Property.of("Units", "Int64"),
                ODataTestServer.Property.of("ReleaseDate", "Date"), ODataTestServer.Property.of("ModifiedAt", "DateTimeOffset")));
        for (int id = 1; id <= 5; id++) {
            set.put(product(id, "Product " + id, new BigDecimal(id + "0.25"), "2024-02-0" + id + "T10:00:00Z"));
        }
        return set;
    }

    static Map<String, Object> product(int id, String name, BigDecimal price, String modifiedAt) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("ID", id);
        product.put("Name", name);
        product.put("Description", "not selected");
        product.put("Price", price);
        product.put("InStock", id % 2 == 1);
        product.put("Units", id * 10_000_000_000L);
        product.put("ReleaseDate", LocalDate.of(2023, id, 15));
        product.put("ModifiedAt", Instant.parse(modifiedAt));
        return product;
    }

    static ODataTestServer.EntitySet orderLines(String name) {
        ODataTestServer.EntitySet set = new ODataTestServer.EntitySet(name, List.of("OrderID", "LineNumber"), List.of(
                ODataTestServer.Property.of("OrderID", "Int32"), ODataTestServer.Property.of("LineNumber", "Int32"),
                ODataTestServer.Property.of("Quantity", "Int32")));
        set.put(Map.of("OrderID", 1, "LineNumber", 1, "Quantity", 4));
        set.put(Map.of("OrderID", 1, "LineNumber", 2, "Quantity", 1));
        set.put(Map.of("OrderID", 2, "LineNumber", 1, "Quantity", 9));
        return set;
    }

    private static TestSync sync(String entitySets) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("service_url", server.v2Url()).configure("entity_sets", entitySets);
    }

    private static long written(SyncResult result, String table) {
        return result.tables().stream().filter(t -> t.table().equals(table)).mapToLong(SyncResult.TableCount::written).sum();
    }

    @Test
    void aFirstSyncPagesThroughEverySelectedEntityAndTheNextReadsOnlyTheChanges() {
        String entitySets = """
                [{"name": "Products", "table": "products", "select": ["Name", "Price", "InStock", "Units", "ReleaseDate"], "cursor": "ModifiedAt"}]""";
        try (TestSync sync = sync(entitySets)) {
            server.clearRequests();
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "a checkpoint per page of 2");
            List<String> requests = server.requests();
            assertEquals("GET /v2/$metadata", requests.get(0));
            assertEquals("GET /v2/Products?$format=json&$select=ID,ModifiedAt,Name,Price,InStock,Units,ReleaseDate&$orderby=ModifiedAt,ID", requests.get(2),
                    requests::toString);   // requests.get(1): schema() reads $metadata too
            assertEquals("GET /v2/Products?$format=json&$select=ID,ModifiedAt,Name,Price,InStock,Units,ReleaseDate&$orderby=ModifiedAt,ID&$skiptoken=4",
                    requests.get(4), "the third page, by the second page's __next");
            assertEquals(List.of(
                            Map.of("column_name", "id", "data_type", "INTEGER"), Map.of("column_name", "modified_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "name", "data_type", "VARCHAR"), Map.of("column_name", "price", "data_type", "DECIMAL(10,2)"),
                            Map.of("column_name", "in_stock", "data_type", "BOOLEAN"), Map.of("column_name", "units", "data_type", "BIGINT"),
                            Map.of("column_name", "release_date", "data_type", "TIMESTAMP")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'products'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"), "typed from $metadata (V2 has no Edm.Date: ReleaseDate is an Edm.DateTime), named as the warehouse names them; Description not selected");
            assertEquals(List.of(row(3, "Product 3", "30.25", true, 30_000_000_000L, LocalDateTime.of(2023, 3, 15, 0, 0), "2024-02-03T10:00:00Z")),
                    sync.rows("SELECT id, name, price, in_stock, units, release_date, modified_at FROM products WHERE id = 3"));
            assertEquals(Map.of("products", Map.of("cursor", "2024-02-05T10:00:00Z", "keys_at_cursor", List.of("[5]"))), first.state());

            ODataTestServer.EntitySet products = server.set("Products");
            products.put(product(2, "Product 2, renamed", new BigDecimal("22.50"), "2024-03-01T09:00:00Z"));
            products.put(product(6, "Product 6", new BigDecimal("60.25"), "2024-03-01T09:00:00Z"));
            server.clearRequests();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals("GET /v2/Products?$format=json&$select=ID,ModifiedAt,Name,Price,InStock,Units,ReleaseDate&$filter=ModifiedAt ge datetimeoffset'2024-02-05T10:00:00Z'"
                    + "&$orderby=ModifiedAt,ID", server.requests().get(2));
            assertEquals(2L, second.counts().upserts(), "product 2 changed and product 6 added; product 5, at the cursor, was read before");
            assertEquals(List.of(Map.of("id", 2, "name", "Product 2, renamed", "price", new BigDecimal("22.50")), Map.of("id", 6, "name", "Product 6",
                    "price", new BigDecimal("60.25"))), sync.rows("SELECT id, name, price FROM products WHERE id IN (2, 6) ORDER BY id"));
            assertEquals(6L, sync.value("SELECT count(*) FROM products"));
            assertEquals(Map.of("products", Map.of("cursor", "2024-03-01T09:00:00Z", "keys_at_cursor", List.of("[2]", "[6]"))), second.state());

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts(), "nothing changed: both entities at the cursor were read already");
            assertEquals(second.state(), third.state());
        }
    }

    private static Map<String, Object> row(int id, String name, String price, boolean inStock, long units, LocalDateTime released, String modified) {
        return Map.of("id", id, "name", name, "price", new BigDecimal(price), "in_stock", inStock, "units", units, "release_date", released,
                "modified_at", OffsetDateTime.parse(modified).withOffsetSameInstant(ZoneOffset.UTC));
    }

    @Test
    void anEntitySetWithoutCursorIsReadInFullWithItsCompositeKeyFromMetadataAServerErrorIsRetriedAndVanishedEntitiesAreDeleted() {
        String entitySets = """
                [{"name": "OrderLines", "table": "order_lines"}]""";
        try (TestSync sync = sync(entitySets)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(2L, first.counts().checkpoints(), "pages of 2");
            assertEquals(List.of(Map.of("order_id", 1, "line_number", 1, "quantity", 4), Map.of("order_id", 1, "line_number", 2, "quantity", 1),
                    Map.of("order_id", 2, "line_number", 1, "quantity", 9)), sync.rows("SELECT order_id, line_number, quantity FROM order_lines ORDER BY 1, 2"));

            ODataTestServer.EntitySet lines = server.set("OrderLines");
            lines.remove(Map.of("OrderID", 1, "LineNumber", 2));
            lines.put(Map.of("OrderID", 2, "LineNumber", 2, "Quantity", 3));
            server.failNext(1, 500);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET http://127.0.0.1:") && line.contains("/v2/OrderLines?")
                    && line.contains(": 500; retrying in ")), sync.log()::toString);
            assertEquals(1L, second.counts().truncates());
            assertEquals(List.of(Map.of("order_id", 1, "line_number", 1, "_fivetran_deleted", false), Map.of("order_id", 1, "line_number", 2, "_fivetran_deleted", true),
                            Map.of("order_id", 2, "line_number", 1, "_fivetran_deleted", false), Map.of("order_id", 2, "line_number", 2, "_fivetran_deleted", false)),
                    sync.rows("SELECT order_id, line_number, _fivetran_deleted FROM order_lines ORDER BY 1, 2"));
            assertEquals(Map.of(), second.state(), "a set without a cursor keeps nothing in state");
        }
    }

    @Test
    void aSetWithNothingToReadYetStartsFromTheBeginningNextTime() {
        String entitySets = """
                [{"name": "Products", "table": "products", "cursor": "ModifiedAt", "filter": "ID gt 100"}]""";
        try (TestSync sync = sync(entitySets)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(0L, first.counts().upserts());
            assertEquals(Map.of("products", Map.of("cursor", "", "keys_at_cursor", List.of())), first.state());
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO Products: reading the entities with ModifiedAt from the start"), sync.log()::toString);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
