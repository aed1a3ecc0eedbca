///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Accelo's API documentation (the service
 * application's token request; GET /api/v0/{entity} with _fields, _filters, _limit, _page and _order_by; the
 * {"meta", "response"} envelope), replayed with WireMock: pages are matched by their query (their requests come from
 * worker threads in any order), and a scenario orders the faults: a 503 before a page, an expired token before
 * another. recordings-bad-credentials/ holds a refused token request. Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    static final String[] ENTITIES = {"companies", "invoices", "payments", "prospects", "jobs", "staff"};

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("deployment", "planet-express")
                .configure("client_id", "a1b2c3d4e5@planet-express.accelo.com")
                .configure("client_secret", "test-client-secret")
                .configure("threads", "2").configure("page_size", "2").configure("requests_per_hour", "360000")
                .replay(Path.of(recording));
    }

    private static Map<String, Object> cursors(String companies, String invoices, String payments, String prospects, String jobs, String staff) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("last_company_sync", companies);
        state.put("last_invoice_sync", invoices);
        state.put("last_payment_sync", payments);
        state.put("last_prospect_sync", prospects);
        state.put("last_job_sync", jobs);
        state.put("last_staff_sync", staff);
        return state;
    }

    private static OffsetDateTime utc(int day, int hour) {
        return OffsetDateTime.of(2024, 2, day, hour, 0, 0, 0, ZoneOffset.UTC);
    }

    @Test
    void pagesAreFetchedOnThreadsInBatchesAndTheNextSyncReadsFromEachEntitysNewestDate() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET https://planet-express.api.accelo.com/api/v0/companies?")
                    && line.contains(": 503; retrying in ")), sync.log()::toString);
            assertEquals(14L, first.counts().upserts());
            assertEquals(7L, first.counts().checkpoints(), "companies in 2 batches of 2 pages, the 5 others in 1");
            assertEquals(cursors("2024-02-01T05:00:00Z", "2024-02-01T07:00:00Z", "2024-02-01T08:00:00Z", "2024-02-01T03:00:00Z",
                    "2024-02-01T04:00:00Z", "2024-02-01T02:00:00Z"), first.state());
            assertEquals(List.of(5L, 3L, 1L, 2L, 1L, 2L), List.of(ENTITIES).stream().map(table -> sync.value("SELECT count(*) FROM " + table)).toList());

            Map<String, Object> company = sync.rows("SELECT id, name, date_modified, date_last_interacted, status, postal_address FROM companies WHERE id = 1").get(0);
            assertEquals(Map.of("id", 1, "name", "Planet Express", "date_modified", utc(1, 1), "date_last_interacted",
                    OffsetDateTime.of(2024, 2, 1, 0, 50, 0, 0, ZoneOffset.UTC), "status", 3, "postal_address", 101), company);
            assertEquals(List.of(Map.of("amount", 1500.0, "tax", 150.0, "outstanding", 0.0, "invoice_number", 1001)),
                    sync.rows("SELECT amount, tax, outstanding, invoice_number FROM invoices WHERE id = 1"));
            assertEquals(List.of(Map.of("id", 1, "success", true), Map.of("id", 2, "success", false)),
                    sync.rows("SELECT id, success FROM prospects ORDER BY id"), "yes and no as booleans");
            assertNull(sync.value("SELECT date_completed FROM jobs WHERE id = 1"));
            assertNull(sync.value("SELECT status FROM staff WHERE id = 7"), "'active' is not an INT: null, with a warning");
            assertTrue(sync.log().contains("WARN staff.status: 'active' is not a INT; written as null"), sync.log()::toString);
            assertEquals(List.of(Map.of("column_name", "id", "data_type", "INTEGER"), Map.of("column_name", "title", "data_type", "VARCHAR"),
                            Map.of("column_name", "date_created", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "date_actioned", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "date_due", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "date_last_interacted", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "date_modified", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "weighting", "data_type", "INTEGER"), Map.of("column_name", "value", "data_type", "DOUBLE"),
                            Map.of("column_name", "success", "data_type", "BOOLEAN")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'prospects'"
                            + " AND column_index <= 10 ORDER BY column_index"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO the access token was refused: requesting a new one"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO companies: reading records with date_modified from 2024-02-01T05:00:00Z"), sync.log()::toString);
            assertEquals(8L, second.counts().upserts(), "each entity's newest record again (its second is read again), a changed company and a new invoice");
            assertEquals(cursors("2024-02-02T06:00:00Z", "2024-02-02T07:00:00Z", "2024-02-01T08:00:00Z", "2024-02-01T03:00:00Z",
                    "2024-02-01T04:00:00Z", "2024-02-01T02:00:00Z"), second.state());
            assertEquals(List.of(Map.of("phone", "+61 3 9000 0099", "status", 4, "date_modified", utc(2, 6))),
                    sync.rows("SELECT phone, status, date_modified FROM companies WHERE id = 2"));
            assertEquals(List.of(5L, 4L, 1L, 2L, 1L, 2L), List.of(ENTITIES).stream().map(table -> sync.value("SELECT count(*) FROM " + table)).toList());
        }
    }

    @Test
    void aSyncStoppedBetweenBatchesResumesAtItsSavedPage() {
        Map<String, Object> saved = Map.of("companies_page", 2, "companies_newest", "2024-02-01T04:00:00Z");
        try (TestSync sync = sync("recordings").state(saved)) {
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertTrue(sync.log().contains("INFO companies: reading records with date_modified from 1970-01-01T00:00:00Z, resuming at page 2"), sync.log()::toString);
            assertEquals(1L, sync.value("SELECT count(*) FROM companies"), "only page 2's company");
            assertEquals("2024-02-01T05:00:00Z", resumed.state().get("last_company_sync"));
            assertFalse(resumed.state().containsKey("companies_page"));
        }
    }

    @Test
    void refusedCredentialsFailTheSyncNamingTheKeys() {
        try (TestSync sync = sync("recordings-bad-credentials")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the token endpoint refused the client_credentials grant (401): check configuration 'deployment', 'client_id' and 'client_secret'")
                    && result.failure().contains("invalid_client"), result.failure());
            assertFalse(result.failure().contains("test-client-secret"));
        }
    }

    @Test
    void aPageSizeAboveAccelosLimitIsRefused() {
        try (TestSync sync = sync("recordings").configure("page_size", "500")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'threads' must be at least 1 and 'page_size' from 1 to 100"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
