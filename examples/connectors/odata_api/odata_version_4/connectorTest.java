///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java
//SOURCES ../ODataTestServer.java
//SOURCES ../ODataConnectorTests.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against Apache Olingo's OData V4 server (odata-server-core 4.10.0) in an embedded Tomcat 9,
 * started once for the class (../ODataTestServer.java): its $metadata, its server-driven paging by @odata.nextLink
 * (2 entities a page, or the client's odata.maxpagesize), $select, $filter and $orderby. Each test loads entity sets
 * of its own, syncs, changes them in the server and syncs again from the saved state; the tests that the three OData examples share are
 * ../ODataConnectorTests.java. Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest extends ODataConnectorTests {
    @BeforeAll
    static void startServer() throws Exception {
        server = ODataTestServer.start(2, products("Products"), orderLines("OrderLines"), suppliers("Suppliers"));
    }

    static ODataTestServer.EntitySet suppliers(String name) {
        ODataTestServer.EntitySet set = new ODataTestServer.EntitySet(name, List.of("Code"), List.of(
                ODataTestServer.Property.of("Code", "String"), ODataTestServer.Property.of("Name", "String")));
        set.put(Map.of("Code", "ALFKI", "Name", "Alfreds"));
        set.put(Map.of("Code", "O'B 1", "Name", "O'Brien & Sons"));   // a key with a quote and a space: Suppliers('O''B%201')
        set.put(Map.of("Code", "ZEPHYR", "Name", "Zephyr"));
        return set;
    }

    @Override
    String serviceUrl() {
        return server.v4Url();
    }

    @Test
    void anEntitySetWithoutCursorIsReadInFullWithItsCompositeKeyFromMetadataAndVanishedEntitiesAreDeleted() {
        String entitySets = """
                [{"name": "OrderLines", "table": "order_lines"}]""";
        try (TestSync sync = sync(entitySets).configure("max_page_size", "1")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "pages of 1: the client's odata.maxpagesize");
            assertEquals(List.of(Map.of("order_id", 1, "line_number", 1, "quantity", 4), Map.of("order_id", 1, "line_number", 2, "quantity", 1),
                    Map.of("order_id", 2, "line_number", 1, "quantity", 9)), sync.rows("SELECT order_id, line_number, quantity FROM order_lines ORDER BY 1, 2"));

            ODataTestServer.EntitySet lines = server.set("OrderLines");
            lines.remove(Map.of("OrderID", 1, "LineNumber", 2));
            lines.put(Map.of("OrderID", 2, "LineNumber", 2, "Quantity", 3));
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().truncates());
            assertEquals(List.of(Map.of("order_id", 1, "line_number", 1, "_fivetran_deleted", false), Map.of("order_id", 1, "line_number", 2, "_fivetran_deleted", true),
                            Map.of("order_id", 2, "line_number", 1, "_fivetran_deleted", false), Map.of("order_id", 2, "line_number", 2, "_fivetran_deleted", false)),
                    sync.rows("SELECT order_id, line_number, _fivetran_deleted FROM order_lines ORDER BY 1, 2"));
            assertEquals(Map.of(), second.state(), "a set without a cursor keeps nothing in state");
        }
    }

    @Test
    void anEntitySetReadByDeltaLinksGetsItsChangesAndDeletes() {
        String entitySets = """
                [{"name": "Suppliers", "table": "suppliers", "track_changes": true}]""";
        try (TestSync sync = sync(entitySets)) {
            server.clearRequests();
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals("GET /v4/Suppliers", server.requests().get(2), "the first read: every entity, with change tracking");
            assertEquals(3L, first.counts().upserts());
            assertEquals(2L, first.counts().checkpoints(), "a checkpoint per page of 2");
            assertEquals(List.of(Map.of("code", "ALFKI", "name", "Alfreds"), Map.of("code", "O'B 1", "name", "O'Brien & Sons"),
                    Map.of("code", "ZEPHYR", "name", "Zephyr")), sync.rows("SELECT code, name FROM suppliers ORDER BY code"));
            String deltaLink = ((Map<?, ?>) first.state().get("suppliers")).get("delta_link").toString();
            assertTrue(deltaLink.startsWith(server.v4Url() + "Suppliers?$deltatoken="), deltaLink);

            ODataTestServer.EntitySet suppliers = server.set("Suppliers");
            suppliers.remove(Map.of("Code", "O'B 1"));
            suppliers.put(Map.of("Code", "ALFKI", "Name", "Alfreds Futterkiste"));
            suppliers.put(Map.of("Code", "BERGS", "Name", "Berglunds"));
            server.clearRequests();
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals("GET " + deltaLink.substring(deltaLink.indexOf("/v4/")), server.requests().get(2), "the delta link of the first sync");
            assertEquals(2L, second.counts().upserts(), "ALFKI changed, BERGS added");
            assertEquals(1L, second.counts().deletes(), "O'B 1, deleted: its key parsed from the entity-id Suppliers('O''B%201')");
            assertEquals(0L, second.counts().truncates());
            assertEquals(List.of(Map.of("code", "ALFKI", "name", "Alfreds Futterkiste", "_fivetran_deleted", false),
                            Map.of("code", "BERGS", "name", "Berglunds", "_fivetran_deleted", false),
                            Map.of("code", "O'B 1", "name", "O'Brien & Sons", "_fivetran_deleted", true),
                            Map.of("code", "ZEPHYR", "name", "Zephyr", "_fivetran_deleted", false)),
                    sync.rows("SELECT code, name, _fivetran_deleted FROM suppliers ORDER BY code"));
            String nextDeltaLink = ((Map<?, ?>) second.state().get("suppliers")).get("delta_link").toString();
            assertTrue(nextDeltaLink.startsWith(server.v4Url() + "Suppliers?$deltatoken=") && !nextDeltaLink.equals(deltaLink), nextDeltaLink);

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts() + third.counts().deletes(), "nothing changed");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
