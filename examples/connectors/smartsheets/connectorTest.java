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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Smartsheet's API 2.0 documentation (Get Sheet
 * Version, Get Sheet and Get Report with page and pageSize, List Sheets, and its error bodies), replayed in order as
 * one WireMock scenario per sheet or report: recordings/ (two syncs of two sheets and a report), recordings-all-sheets/
 * (no sheet configured: every sheet the token sees), recordings-not-shared/ (a sheet id the token cannot read).
 * Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    static final String PLAN = "4583173393803140";
    static final String INVENTORY = "2252168947361668";
    static final String OPEN_TASKS = "6761305928427396";

    private static TestSync sync(String recording, String sheets, String reports) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_token", "ll352u9jujauoqz4gstvsae05test")
                .configure("sheets", sheets).configure("reports", reports)
                .configure("page_size", "2").configure("requests_per_minute", "6000")
                .replay(Path.of(recording));
    }

    private static TestSync sync() {
        return sync("recordings", PLAN + ":project_plan," + INVENTORY + ":inventory", OPEN_TASKS + ":open_tasks");
    }

    @Test
    void changedSheetsAreReadWithTheirNewRowsRenumberedRowsAndDeletesAndUnchangedOnesAreSkipped() {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET https://api.smartsheet.com/2.0/sheets/" + PLAN + "/version: 429; retrying in ")),
                    sync.log()::toString);
            assertEquals(8L, first.counts().upserts(), "5 + 1 sheet rows, 2 report rows");
            assertEquals(9L, first.counts().checkpoints(), "one per page (3 + 1 + 2) and one per sheet or report read whole (3)");
            assertEquals(Map.of("sheets", Map.of(
                            PLAN, Map.of("version", 12, "last_modified", "2024-03-04T09:45:00Z", "row_numbers", Map.of(
                                    "1892798800535428", 4, "3018698707378052", 2, "5270498521063300", 1, "6396398427905924", 5, "7522298334748548", 3)),
                            INVENTORY, Map.of("version", 3, "last_modified", "2024-02-01T00:00:00Z", "row_numbers", Map.of("4444444444444444", 1))),
                            "reports", Map.of(OPEN_TASKS, Map.of("row_ids", List.of("3018698707378052", "7522298334748548")))),
                    first.state());

            Map<String, Object> kickOff = sync.rows("SELECT * FROM sheet_project_plan WHERE row_id = 5270498521063300").get(0);
            assertEquals(Long.parseLong(PLAN), kickOff.get("sheet_id"));
            assertEquals("Project Plan", kickOff.get("sheet_name"));
            assertEquals(1, kickOff.get("row_number"));
            assertEquals("Kick-off", kickOff.get("task"));
            assertEquals("Ana", kickOff.get("owner"), "a contact as Smartsheet displays it");
            assertEquals(LocalDate.of(2024, 3, 4), kickOff.get("due"));
            assertEquals(true, kickOff.get("done"));
            assertEquals("$1,200.00", kickOff.get("budget"), "a number column as displayed, as upstream");
            assertEquals(OffsetDateTime.of(2024, 3, 2, 10, 0, 0, 0, ZoneOffset.UTC), kickOff.get("modified"));
            assertNull(sync.value("SELECT due FROM sheet_project_plan WHERE row_id = 1892798800535428"), "an empty cell");
            assertEquals(List.of(Map.of("column_name", "row_id", "data_type", "BIGINT"), Map.of("column_name", "sheet_id", "data_type", "BIGINT"),
                            Map.of("column_name", "sheet_name", "data_type", "VARCHAR"), Map.of("column_name", "row_number", "data_type", "INTEGER"),
                            Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "modified_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "budget", "data_type", "VARCHAR"), Map.of("column_name", "done", "data_type", "BOOLEAN"),
                            Map.of("column_name", "due", "data_type", "DATE"), Map.of("column_name", "modified", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "owner", "data_type", "VARCHAR"), Map.of("column_name", "task", "data_type", "VARCHAR")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'sheet_project_plan'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY CASE WHEN column_index <= 6 THEN column_index ELSE 99 END, column_name"),
                    "the fixed columns, then one per Smartsheet column (by name)");
            assertEquals(List.of(Map.of("item", "Widget", "in_stock", "42")), sync.rows("SELECT item, in_stock FROM sheet_inventory"));
            assertEquals(List.of(Map.of("report_name", "Open Tasks", "sheet_id", Long.parseLong(PLAN), "sheet_name", "Project Plan", "task", "Design")),
                    sync.rows("SELECT report_name, sheet_id, col_sheet_name AS sheet_name, task FROM report_open_tasks WHERE row_id = 3018698707378052"),
                    "the report's Sheet Name column, apart from the fixed columns");

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO sheet_inventory: version 3 unchanged, skipped"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO sheet_project_plan: version 14, 5 rows, 2 new or modified, 2 renumbered, 1 deleted"), sync.log()::toString);
            assertEquals(3L, second.counts().upserts(), "the modified row and the new one; the report's row");
            assertEquals(2L, second.counts().updates(), "the row numbers of the two rows below the deleted one");
            assertEquals(3L, second.counts().deletes(), "Build from the sheet; Design and Build from the report");
            assertEquals(List.of(Map.of("row_id", 5270498521063300L, "row_number", 1, "done", true), Map.of("row_id", 3018698707378052L, "row_number", 2, "done", true),
                            Map.of("row_id", 1892798800535428L, "row_number", 3, "done", false), Map.of("row_id", 6396398427905924L, "row_number", 4, "done", false),
                            Map.of("row_id", 8648198241591172L, "row_number", 5, "done", false)),
                    sync.rows("SELECT row_id, row_number, done FROM sheet_project_plan WHERE NOT _fivetran_deleted ORDER BY row_number"));
            assertEquals(List.of(7522298334748548L), sync.rows("SELECT row_id FROM sheet_project_plan WHERE _fivetran_deleted").stream().map(row -> row.get("row_id")).toList());
            assertEquals(List.of("Retrospective"), sync.rows("SELECT task FROM report_open_tasks WHERE NOT _fivetran_deleted").stream().map(row -> row.get("task")).toList());
            @SuppressWarnings("unchecked")
            Map<String, Object> plan = (Map<String, Object>) ((Map<String, Object>) second.state().get("sheets")).get(PLAN);
            assertEquals(14, plan.get("version"));
            assertEquals("2024-03-05T15:00:00Z", plan.get("last_modified"));
        }
    }

    @Test
    void withNoSheetConfiguredEverySheetTheTokenSeesIsSynced() {
        try (TestSync sync = sync("recordings-all-sheets", "", "")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(List.of(Map.of("item", "Widget", "in_stock", "42")), sync.rows("SELECT item, in_stock FROM sheet_inventory"));
        }
    }

    @Test
    void aSheetTheTokenCannotReadFailsTheSyncNamingIt() {
        try (TestSync sync = sync("recordings-not-shared", PLAN + ":project_plan", "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Smartsheet has no " + PLAN + " that the token of 'api_token' may read (404): check the id in configuration 'sheets' or 'reports'")
                    && result.failure().contains("\"errorCode\":1006"), result.failure());
        }
    }

    @Test
    void aSheetWithoutATableNameIsRefused() {
        try (TestSync sync = sync("recordings", PLAN, "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'sheets': each item must be <id>:<table name>"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
