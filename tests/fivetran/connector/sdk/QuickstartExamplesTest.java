package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The quickstart examples, each run through JBang as its README says, with the rows and state asserted. */
@Tag("e2e")
class QuickstartExamplesTest {
    private static Project.Result debug(Project project) {
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
        return result;
    }

    private static List<Object> column(Project project, String sql) {
        return project.query(sql).stream().map(row -> row.values().iterator().next()).toList();
    }

    @Test
    void configurationReadsTypedValuesAndNamesAMissingKeyWithoutPrintingValues() {
        Project project = Project.example("quickstart/configuration");
        Project.Result result = debug(project);
        assertTrue(result.err().contains("syncing at most 5 orders of customer globex, returned orders excluded"), result::toString);
        assertEquals(List.of(Map.of("n", 5L, "customers", 1L, "returned", 0L)), project.query(
                "SELECT count(*) AS n, count(DISTINCT customer) AS customers, count(*) FILTER (status = 'returned') AS returned "
                        + "FROM tester.orders WHERE customer = 'globex'"));

        project.write("configuration.json", "{\"customer\": \"secret-customer\", \"limit\": \"many\"}");
        Project.Result missingKey = project.jbang("debug");
        assertEquals(1, missingKey.exit(), missingKey::toString);
        assertTrue(missingKey.all().contains("configuration is missing required key 'api_key'"), missingKey::toString);
        assertFalse(missingKey.all().contains("secret-customer"), missingKey::toString);

        project.write("configuration.json", "{\"api_key\": \"k\", \"limit\": \"many\"}");
        Project.Result malformed = project.jbang("debug");
        assertEquals(1, malformed.exit(), malformed::toString);
        assertTrue(malformed.all().contains("configuration value of 'limit' is not an integer"), malformed::toString);
        assertFalse(malformed.all().contains("many"), malformed::toString);
    }

    @Test
    void multipleCodeFilesCompilesTheSourcesAndResumesAfterItsCursor() {
        Project project = Project.example("quickstart/multiple_code_files_with_sub_directory_structure");
        debug(project);
        assertEquals("{\"last_id\":5}", project.state());
        debug(project);
        assertEquals("{\"last_id\":10}", project.state());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), column(project, "SELECT id FROM tester.orders ORDER BY id"));
        assertEquals(0L, project.value("SELECT count(*) FROM tester.orders WHERE customer <> upper(customer)"));
        assertEquals("DECIMAL(12,2)", project.value(
                "SELECT data_type FROM duckdb_columns() WHERE table_name = 'orders' AND column_name = 'amount_usd'"));
    }

    @Test
    void largeDataSetCheckpointsAsItGoesAndResumesOnlyWithTheNewRows() {
        Project project = Project.example("quickstart/large_data_set");
        project.write("configuration.json", "{\"source_rows\": \"25000\", \"page_size\": \"10000\", \"checkpoint_every\": \"10000\"}");
        Project.Result first = debug(project);
        assertTrue(first.out().contains("Checkpoints     | 6"), first::toString);   // 3 pages; 10,000, 20,000 and the end
        assertEquals("{\"paged_last_id\":25000,\"streamed_last_id\":25000}", project.state());
        assertEquals(List.of(Map.of("paged", 25000L, "streamed", 25000L, "distinct_ids", 25000L)), project.query(
                "SELECT (SELECT count(*) FROM tester.paged_orders) AS paged, (SELECT count(*) FROM tester.streamed_orders) AS streamed, "
                        + "(SELECT count(DISTINCT id) FROM tester.streamed_orders) AS distinct_ids"));

        project.write("configuration.json", "{\"source_rows\": \"30000\", \"page_size\": \"10000\", \"checkpoint_every\": \"10000\"}");
        Project.Result second = debug(project);
        assertTrue(second.out().contains("Upserts         | 10000"), second::toString);   // 5,000 new rows per table
        assertEquals("{\"paged_last_id\":30000,\"streamed_last_id\":30000}", project.state());
        assertEquals(30000L, project.value("SELECT count(*) FROM tester.paged_orders"));
    }

    @Test
    void base64EncodingDecodesIntoBinaryAndEncodesADigest() {
        Project project = Project.example("quickstart/base_64_encoding_decoding");
        debug(project);
        assertEquals(List.of(
                        Map.of("id", 1L, "content", "68656C6C6F2C20776F726C64", "size", 12, "checksum", "5NfxtO0uQtFYmPSyewGdpA=="),
                        Map.of("id", 2L, "content", "89504E470D0A1A0A", "size", 8, "checksum", "6d0nlwGMrXkYbgPoxa7I3A=="),
                        Map.of("id", 3L, "content", "", "size", 0, "checksum", "1B2M2Y8AsgTpgAmY7PhCfg==")),
                project.query("SELECT id, hex(content) AS content, size, checksum FROM tester.files ORDER BY id"));
        assertEquals("BLOB", project.value("SELECT data_type FROM duckdb_columns() WHERE table_name = 'files' AND column_name = 'content'"));
    }

    @Test
    void parsingJsonIntoRecordsUpsertsTheRecordsComponentsAsColumns() {
        Project project = Project.example("quickstart/parsing_json_response_in_class");
        debug(project);
        Map<String, Object> first = project.query("SELECT customer, total, created_at, ship_to->>'city' AS city, "
                + "lines->>'$[1].sku' AS second_sku FROM tester.orders WHERE id = 1").get(0);
        assertEquals("acme", first.get("customer"));
        assertEquals(0, new BigDecimal("129.90").compareTo((BigDecimal) first.get("total")));
        assertEquals(OffsetDateTime.of(2024, 3, 1, 9, 30, 0, 0, ZoneOffset.UTC), first.get("created_at"));
        assertEquals("Lyon", first.get("city"));
        assertEquals("B-7", first.get("second_sku"));
        assertEquals(2L, project.value("SELECT count(*) FROM tester.orders"));
        assertEquals(0L, project.value("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'orders' AND column_name = 'internal_note'"));
    }
}
