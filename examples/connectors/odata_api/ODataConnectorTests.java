import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The tests that the three OData connector examples share, each against its protocol's server of
 * ../ODataTestServer.java with pages of 2: an incremental read by a cursor property over several pages and then of
 * only the changes, and a first read that finds nothing. Each example's connectorTest extends this class, starts the
 * server with the entity sets it needs, and says what its protocol writes differently.
 */
abstract class ODataConnectorTests {
    static ODataTestServer server;

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** The service root the connector is configured with, e.g. {@code server.v4Url()}. */
    abstract String serviceUrl();

    /** What the connector puts before $select in a read of an entity set: V2 asks for JSON with {@code $format=json&}. */
    String formatQuery() {
        return "";
    }

    /** A DateTimeOffset in a $filter: V4 writes it bare, V2 as {@code datetimeoffset'…'}. */
    String dateTimeOffset(String instant) {
        return instant;
    }

    /** The warehouse type of ReleaseDate, an Edm.Date in the server's model. */
    String releaseDateType() {
        return "DATE";
    }

    /** The value of ReleaseDate in the warehouse. */
    Object releaseDate(LocalDate date) {
        return date;
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

    TestSync sync(String entitySets) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("service_url", serviceUrl()).configure("entity_sets", entitySets);
    }

    /** {@code GET /v4/} and the rest, as the server logs a request. */
    private String get(String rest) {
        return "GET " + URI.create(serviceUrl()).getPath() + rest;
    }

    @Test
    void aFirstSyncPagesThroughEverySelectedEntityAndTheNextReadsOnlyTheChanges() {
        String entitySets = """
                [{"name": "Products", "table": "products", "select": ["Name", "Price", "InStock", "Units", "ReleaseDate"], "cursor": "ModifiedAt"}]""";
        String read = "Products?" + formatQuery() + "$select=ID,ModifiedAt,Name,Price,InStock,Units,ReleaseDate";
        try (TestSync sync = sync(entitySets)) {
            server.clearRequests();
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "a checkpoint per page of 2");
            List<String> requests = server.requests();
            assertEquals(get("$metadata"), requests.get(0));
            assertEquals(get(read + "&$orderby=ModifiedAt,ID"), requests.get(2), requests::toString);   // 1: schema() reads $metadata too
            assertEquals(get(read + "&$orderby=ModifiedAt,ID&$skiptoken=4"), requests.get(4), "the third page, by the second page's next link");
            assertEquals(List.of(
                            Map.of("column_name", "id", "data_type", "INTEGER"), Map.of("column_name", "modified_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "name", "data_type", "VARCHAR"), Map.of("column_name", "price", "data_type", "DECIMAL(10,2)"),
                            Map.of("column_name", "in_stock", "data_type", "BOOLEAN"), Map.of("column_name", "units", "data_type", "BIGINT"),
                            Map.of("column_name", "release_date", "data_type", releaseDateType())),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'products'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"),
                    "typed from $metadata, named as the warehouse names them; Description not selected");
            assertEquals(List.of(Map.of("id", 3, "name", "Product 3", "price", new BigDecimal("30.25"), "in_stock", true, "units", 30_000_000_000L,
                            "release_date", releaseDate(LocalDate.of(2023, 3, 15)),
                            "modified_at", OffsetDateTime.parse("2024-02-03T10:00:00Z").withOffsetSameInstant(ZoneOffset.UTC))),
                    sync.rows("SELECT id, name, price, in_stock, units, release_date, modified_at FROM products WHERE id = 3"));
            assertEquals(Map.of("products", Map.of("cursor", "2024-02-05T10:00:00Z", "keys_at_cursor", List.of("[5]"))), first.state());

            ODataTestServer.EntitySet products = server.set("Products");
            products.put(product(2, "Product 2, renamed", new BigDecimal("22.50"), "2024-03-01T09:00:00Z"));
            products.put(product(6, "Product 6", new BigDecimal("60.25"), "2024-03-01T09:00:00Z"));
            server.clearRequests();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(get(read + "&$filter=ModifiedAt ge " + dateTimeOffset("2024-02-05T10:00:00Z") + "&$orderby=ModifiedAt,ID"), server.requests().get(2));
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
}
