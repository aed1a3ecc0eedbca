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
 * Tests of the connector, whose HTTP is Apache Olingo's client (odata-client-core 4.10.0), against Apache Olingo's OData
 * V4 server (odata-server-core 4.10.0) in an embedded Tomcat 9, started once for the class (../ODataTestServer.java):
 * its $metadata, which the EDM-enabled client reads for keys and types, its server-driven paging by @odata.nextLink
 * (2 entities a page, or the client's odata.maxpagesize), $select, $filter and $orderby. Each test loads entity sets of
 * its own, syncs, changes them in the server and syncs again from the saved state; the tests that the three OData examples share are
 * ../ODataConnectorTests.java. Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest extends ODataConnectorTests {
    @BeforeAll
    static void startServer() throws Exception {
        server = ODataTestServer.start(2, products("Products"), orderLines("OrderLines"));
    }

    @Override
    String serviceUrl() {
        return server.v4Url();
    }

    @Test
    void aConfiguredFilterAndKeyAreUsedAServerErrorIsRetriedAndASetWithoutCursorMarksVanishedEntitiesDeleted() {
        String entitySets = """
                [{"name": "OrderLines", "table": "order_lines", "filter": "Quantity gt 1", "key": ["OrderID", "LineNumber"]}]""";
        try (TestSync sync = sync(entitySets).configure("max_page_size", "1")) {
            server.clearRequests();
            server.failNext(1, 503);
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET ") && line.contains("/v4/OrderLines?")
                    && line.contains("retrying in 1 s (attempt 2 of 5)")), sync.log()::toString);
            assertEquals("GET /v4/OrderLines?$filter=(Quantity gt 1)&$orderby=OrderID,LineNumber", server.requests().get(2));
            assertEquals(2L, first.counts().upserts(), "line (1, 2) has a quantity of 1");
            assertEquals(2L, first.counts().checkpoints(), "pages of 1: the client's odata.maxpagesize");
            assertEquals(List.of(Map.of("order_id", 1, "line_number", 1, "quantity", 4), Map.of("order_id", 2, "line_number", 1, "quantity", 9)),
                    sync.rows("SELECT order_id, line_number, quantity FROM order_lines ORDER BY 1, 2"));

            ODataTestServer.EntitySet lines = server.set("OrderLines");
            lines.put(Map.of("OrderID", 1, "LineNumber", 1, "Quantity", 1));   // out of the filter: gone, for the connector
            lines.put(Map.of("OrderID", 2, "LineNumber", 2, "Quantity", 3));
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().truncates());
            assertEquals(List.of(Map.of("order_id", 1, "line_number", 1, "_fivetran_deleted", true),
                            Map.of("order_id", 2, "line_number", 1, "_fivetran_deleted", false), Map.of("order_id", 2, "line_number", 2, "_fivetran_deleted", false)),
                    sync.rows("SELECT order_id, line_number, _fivetran_deleted FROM order_lines ORDER BY 1, 2"));
            assertEquals(Map.of(), second.state(), "a set without a cursor keeps nothing in state");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
