import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tests that the two Veeva Vault examples share, each on its own recordings of the same vault (two objects, the
 * same records and pages, only the authentication's calls differ): two syncs of recordings/, a pagination link refused
 * in recordings-page-lost/, and a subdomain that is not a host. Each example's connectorTest extends this class, says
 * what its authentication writes in the log, and tests its own refused authentication.
 */
abstract class VaultConnectorTests {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What the first sync of recordings/ logs for this example, besides the shared lines (asserted here). */
    abstract void assertFirstSyncLog(TestSync sync);

    /** What this example still does after the refused pagination link of recordings-page-lost/ failed the sync. */
    void assertAfterTheFailure(TestSync sync) {
    }

    static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("username", "etl.user@example.com").configure("password", "S3cret-Passw0rd")
                .configure("subdomain", "myvault.veevavault.com").configure("page_size", "2").configure("burst_limit_wait_seconds", "0")
                .replay(Path.of(recording));
    }

    static Map<String, Object> types(TestSync sync, String table) {
        Map<String, Object> types = new LinkedHashMap<>();
        sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "'"
                + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'").forEach(row -> types.put((String) row.get("column_name"), row.get("data_type")));
        return types;
    }

    @Test
    void eachObjectIsATableAndTheNextSyncReadsOnlyWhatWasModifiedSince() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(7L, first.counts().upserts(), "5 products over 3 pages, 2 regions");
            assertEquals(4L, first.counts().checkpoints(), "one per page of product__v, one at the end of region__c");
            assertEquals(Map.of("product__v_cursor", "2024-03-02T15:45:10.250Z"), first.state());
            assertFirstSyncLog(sync);
            assertTrue(sync.log().stream().anyMatch(line -> line.contains("503; retrying")), sync.log()::toString);

            assertEquals(Map.of("id", "VARCHAR", "name_v", "VARCHAR", "status_v", "JSON", "product_family_c", "VARCHAR",
                    "launch_date_c", "DATE", "unit_price_c", "DOUBLE", "controlled_c", "BOOLEAN",
                    "created_date_v", "TIMESTAMP WITH TIME ZONE", "modified_date_v", "TIMESTAMP WITH TIME ZONE", "therapeutic_area_c", "JSON"),
                    types(sync, "product_v"));
            Map<String, Object> nyaxa = sync.rows("SELECT * FROM product_v WHERE id = '00P000000000103'").get(0);
            assertEquals("Nyaxa", nyaxa.get("name_v"));
            assertEquals(JSON.readTree("[\"inactive__v\"]"), nyaxa.get("status_v"));
            assertEquals(JSON.readTree("[\"neurology__c\", \"oncology__c\"]"), nyaxa.get("therapeutic_area_c"));
            assertNull(nyaxa.get("launch_date_c"));
            assertEquals(8.75, nyaxa.get("unit_price_c"));
            assertEquals(false, nyaxa.get("controlled_c"));
            assertEquals(OffsetDateTime.of(2024, 3, 2, 8, 0, 0, 0, ZoneOffset.UTC), nyaxa.get("modified_date_v"));
            assertEquals(LocalDate.of(2021, 6, 1), sync.value("SELECT launch_date_c FROM product_v WHERE id = '00P000000000101'"));
            assertEquals(Map.of("id", "VARCHAR", "name_v", "VARCHAR", "code_c", "VARCHAR"), types(sync, "region_c"));
            assertEquals(2L, sync.value("SELECT count(*) FROM region_c"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(5L, second.counts().upserts(), "the boundary product again, one changed, one new; both regions there now");
            assertEquals(Map.of("product__v_cursor", "2024-03-05T10:00:00.000Z"), second.state());
            assertEquals(6L, sync.value("SELECT count(*) FROM product_v"));
            Map<String, Object> gludacta = sync.rows("SELECT unit_price_c, status_v FROM product_v WHERE id = '00P000000000102'").get(0);
            assertEquals(32.0, gludacta.get("unit_price_c"));
            assertEquals(JSON.readTree("[\"inactive__v\"]"), gludacta.get("status_v"));
            assertEquals(List.of(Map.of("name_v", "Europe", "_fivetran_deleted", false), Map.of("name_v", "North America", "_fivetran_deleted", true),
                            Map.of("name_v", "Asia Pacific", "_fivetran_deleted", false)),
                    sync.rows("SELECT name_v, _fivetran_deleted FROM region_c ORDER BY id"), "a region no longer read is deleted");
        }
    }

    @Test
    void aRefusedPaginationLinkFailsTheSyncAfterThePagesBeforeItWereCommitted() {
        try (TestSync sync = sync("recordings-page-lost")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Veeva Vault refused the query of product__v (FAILURE): INVALID_DATA: Invalid or expired query pagination link."),
                    result.failure());
            assertEquals(Map.of("product__v_cursor", "2024-03-01T12:30:00.000Z"), result.state(), "the next sync resumes after page 1");
            assertAfterTheFailure(sync);
            assertEquals(2L, sync.value("SELECT count(*) FROM product_v"));
        }
    }

    @Test
    void aSubdomainThatIsNotAHostIsNamed() {
        try (TestSync sync = sync("recordings").configure("subdomain", "https://myvault.veevavault.com/")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'subdomain' must be the vault's host name"), result.failure());
        }
    }
}
