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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against Apache Olingo's OData V2 server (olingo-odata2-core 2.0.13, an ODataSingleProcessor)
 * in an embedded Tomcat 9, started once for the class (../ODataTestServer.java): its $metadata (EDMX), its V2 JSON
 * ({@code d.results}, {@code __metadata}, Int64 and Decimal as strings, {@code \/Date(…)\/}), its server-driven paging
 * by {@code __next} (2 entities a page), $select, $filter and $orderby. Each test loads entity sets of its own, syncs,
 * changes them in the server and syncs again from the saved state; the tests that the three OData examples share are
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
        return server.v2Url();
    }

    @Override
    String formatQuery() {
        return "$format=json&";
    }

    @Override
    String dateTimeOffset(String instant) {
        return "datetimeoffset'" + instant + "'";
    }

    /** V2 has no Edm.Date: ReleaseDate is an Edm.DateTime. */
    @Override
    String releaseDateType() {
        return "TIMESTAMP";
    }

    @Override
    Object releaseDate(LocalDate date) {
        return date.atStartOfDay();
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

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
