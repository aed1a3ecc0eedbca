///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java
//JAVA_OPTIONS -Xmx128m

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector on workbooks that the test writes with POI into a temporary folder: a small one with every
 * kind of cell, and one of 100,000 rows written with SXSSF, read under this JVM's 128 MiB heap (//JAVA_OPTIONS).
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final Instant FIRST = Instant.parse("2024-03-01T09:00:00Z");
    private static final int BIG = 100_000;

    static {
        try {
            Class.forName("connector"); // its static set-up (POI's Log4j provider) before this test's own use of POI
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @TempDir
    Path folder;

    private TestSync sync(Map<String, String> configuration) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("folder", folder.toString()));
        values.putAll(configuration);
        return TestSync.of(new Connector(connector::update, connector::schema)).configuration(values);
    }

    @Test
    void aFirstSyncReadsEverySheetWithItsCellTypesAndTheNextOnlyTheWorkbooksThatChanged() throws Exception {
        writeSales(true, FIRST);
        writeBig(FIRST);
        try (TestSync sync = sync(Map.of())) {
            long start = System.nanoTime();
            SyncResult first = sync.run();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(first.succeeded(), first.failure());
            System.out.printf("first sync (%,d rows of big.xlsx among them): %,d ms, heap max %d MiB%n", BIG + 5, millis, Runtime.getRuntime().maxMemory() >> 20);
            assertEquals(3L + 2 + BIG, first.counts().upserts());

            assertEquals(List.of(
                    row(1L, "Ada", 10.5, true, LocalDate.of(2024, 1, 2), LocalDateTime.of(2024, 1, 3, 10, 30), 21.0, "ADA", false, "x", null),
                    row(2L, "Grace", 30.0, false, LocalDate.of(2024, 1, 5), LocalDateTime.of(2024, 1, 6, 8, 0), 60.0, "GRACE", true, null, "rush"),
                    row(3L, "Linus", 7.25, true, LocalDate.of(2024, 2, 1), null, 14.5, "LINUS", false, null, null)),
                    sync.rows("SELECT id, customer, amount, paid, ordered_on, shipped_at, double_amount, label, big, j, note FROM orders ORDER BY id"));
            assertEquals(List.of(2L, 3L, 5L), sync.rows("SELECT _row FROM orders ORDER BY _row").stream().map(r -> r.get("_row")).toList(),
                    "row 4 is blank and has no row");
            assertFalse(columnTypes(sync, "orders").containsKey("ratio"), "#DIV/0! is null, and a column of nulls only is not created");
            assertEquals(Map.of("_file", "sales.xlsx", "_sheet", "Orders", "_row", 2L),
                    sync.rows("SELECT _file, _sheet, _row FROM orders WHERE id = 1").get(0));
            assertEquals(Map.ofEntries(Map.entry("id", "BIGINT"), Map.entry("customer", "VARCHAR"), Map.entry("amount", "DOUBLE"),
                            Map.entry("paid", "BOOLEAN"), Map.entry("ordered_on", "DATE"), Map.entry("shipped_at", "TIMESTAMP"),
                            Map.entry("double_amount", "DOUBLE"), Map.entry("label", "VARCHAR"), Map.entry("big", "BOOLEAN"),
                            Map.entry("j", "VARCHAR"), Map.entry("note", "VARCHAR"), Map.entry("_file", "VARCHAR"), Map.entry("_sheet", "VARCHAR"),
                            Map.entry("_row", "BIGINT"), Map.entry("_modified", "TIMESTAMP WITH TIME ZONE")),
                    columnTypes(sync, "orders"));
            assertEquals(List.of(Map.of("code", "EU", "name", "Europe"), Map.of("code", "US", "name", "United States")),
                    sync.rows("SELECT code, name FROM regions ORDER BY code"));

            assertEquals((long) BIG, sync.value("SELECT count(*) FROM events"));
            assertEquals(Map.of("id", 99_999L, "name", "event 999", "value", 49_999.5, "at", LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(99_999)),
                    sync.rows("SELECT id, name, value, \"at\" FROM events WHERE _row = " + (BIG + 1)).get(0));
            assertEquals(Map.of("id", "BIGINT", "name", "VARCHAR", "value", "DOUBLE", "at", "TIMESTAMP"),
                    columnTypes(sync, "events").entrySet().stream().filter(e -> !e.getKey().startsWith("_"))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertEquals(Map.of("files", Map.of(
                    "big.xlsx", Map.of("modified", FIRST.toString(), "size", size("big.xlsx"), "rows", Map.of("Events", "2-" + (BIG + 1))),
                    "sales.xlsx", Map.of("modified", FIRST.toString(), "size", size("sales.xlsx"), "rows", Map.of("Orders", "2-3,5", "Regions", "2-3")))),
                    first.state());

            // Grace's order changes and Linus's (the last row) is removed; a new workbook arrives; big.xlsx is left alone
            Instant later = FIRST.plusSeconds(3600);
            writeSales(false, later);
            write(folder.resolve("returns.xlsx"), new XSSFWorkbook(), later, workbook -> {
                Sheet returns = workbook.createSheet("Returns");
                cells(returns.createRow(0), "order_id", "reason");
                cells(returns.createRow(1), 2, "damaged");
            });
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO 3 workbooks, 2 new or changed, 1 unchanged and skipped"), sync.log()::toString);
            assertEquals(5L, second.counts().upserts(), "the 4 rows of sales.xlsx and the one of returns.xlsx, nothing of big.xlsx");
            assertEquals(1L, second.counts().deletes(), "Linus's order");
            assertEquals(List.of(Map.of("id", 1L, "amount", 10.5, "_fivetran_deleted", false), Map.of("id", 2L, "amount", 31.0, "_fivetran_deleted", false),
                            Map.of("id", 3L, "amount", 7.25, "_fivetran_deleted", true)),
                    sync.rows("SELECT id, amount, _fivetran_deleted FROM orders ORDER BY id"));
            assertEquals(Map.of("order_id", 2L, "reason", "damaged"), sync.rows("SELECT order_id, reason FROM returns").get(0));
            assertEquals((long) BIG, sync.value("SELECT count(*) FROM events WHERE NOT _fivetran_deleted"));
            @SuppressWarnings("unchecked")
            Map<String, Object> files = (Map<String, Object>) second.state().get("files");
            assertEquals(Map.of("modified", later.toString(), "size", size("sales.xlsx"), "rows", Map.of("Orders", "2-3", "Regions", "2-3")),
                    files.get("sales.xlsx"));
            assertEquals(Map.of("modified", later.toString(), "size", size("returns.xlsx"), "rows", Map.of("Returns", "2")),
                    files.get("returns.xlsx"));
            assertEquals(((Map<?, ?>) first.state().get("files")).get("big.xlsx"), files.get("big.xlsx"));

            // nothing changes; then a workbook is removed
            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts() + third.counts().deletes());
            assertEquals(second.state(), third.state());
            Files.delete(folder.resolve("returns.xlsx"));
            SyncResult fourth = sync.run();
            assertTrue(fourth.succeeded(), fourth.failure());
            assertEquals(0L, fourth.counts().upserts());
            assertEquals(1L, fourth.counts().deletes());
            assertEquals(true, sync.value("SELECT _fivetran_deleted FROM returns"));
            assertFalse(((Map<?, ?>) fourth.state().get("files")).containsKey("returns.xlsx"));
        }
    }

    @Test
    void aKeyColumnKeepsARowsIdentityWhenTheSheetIsReorderedButDoesNotSeeRemovedRows() throws Exception {
        Path file = folder.resolve("people.xlsx");
        write(file, new XSSFWorkbook(), FIRST, workbook -> {
            Sheet people = workbook.createSheet("People");
            cells(people.createRow(0), "A list of people");                  // a title above the header
            cells(people.createRow(1), "email", "name");
            cells(people.createRow(2), "ada@example.com", "Ada");
            cells(people.createRow(3), "grace@example.com", "Grace");
            cells(people.createRow(4), "linus@example.com", "Linus");
            cells(workbook.createSheet("Notes").createRow(0), "not synced");
        });
        try (TestSync sync = sync(Map.of("key_column", "email", "header_row", "2", "sheets", "People"))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(List.of("people"), sync.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'tester' AND table_name NOT LIKE '\\_%' ESCAPE '\\'")
                    .stream().map(r -> r.get("table_name")).toList());

            write(file, new XSSFWorkbook(), FIRST.plusSeconds(60), workbook -> {
                Sheet people = workbook.createSheet("People");
                cells(people.createRow(0), "A list of people");
                cells(people.createRow(1), "email", "name");
                cells(people.createRow(2), "grace@example.com", "Grace Hopper");  // sorted the other way, Ada's row gone
                cells(people.createRow(3), "linus@example.com", "Linus");
                cells(people.createRow(4), null, "nobody");                      // no key: skipped
            });
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts());
            assertEquals(0L, second.counts().deletes(), "with a key column, a removed row is not seen");
            assertTrue(sync.log().contains("INFO people.xlsx [People]: 2 rows, 1 without a email skipped"), sync.log()::toString);
            assertEquals(List.of(Map.of("email", "ada@example.com", "name", "Ada", "_row", 3L),
                            Map.of("email", "grace@example.com", "name", "Grace Hopper", "_row", 3L),
                            Map.of("email", "linus@example.com", "name", "Linus", "_row", 4L)),
                    sync.rows("SELECT email, name, _row FROM people WHERE NOT _fivetran_deleted ORDER BY email"));
        }
    }

    @Test
    void aFileThatIsNotAWorkbookIsSkippedAndTriedAgainAtTheNextSync() throws Exception {
        Files.writeString(folder.resolve("half-copied.xlsx"), "not a zip");
        try (TestSync sync = sync(Map.of())) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN half-copied.xlsx: not read, it will be tried again at the next sync")),
                    sync.log()::toString);
            assertEquals(Map.of("files", Map.of()), first.state());
        }
    }

    /** A workbook's size as state holds it (a JSON number read back: an Integer at this size). */
    private Object size(String file) throws Exception {
        return Math.toIntExact(Files.size(folder.resolve(file)));
    }

    private static Map<String, Object> row(Object... values) {
        String[] names = {"id", "customer", "amount", "paid", "ordered_on", "shipped_at", "double_amount", "label", "big", "j", "note"};
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], values[i]);
        }
        return row;
    }

    /** The warehouse's column types of a table, system columns (_fivetran_*) left out. */
    private static Map<String, String> columnTypes(TestSync sync, String table) {
        return sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '" + table
                        + "' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'").stream()
                .collect(Collectors.toMap(r -> (String) r.get("column_name"), r -> (String) r.get("data_type")));
    }

    /** sales.xlsx: Orders, with numbers, dates, booleans, text, formulas, a blank header, an error, a blank row; Regions. */
    private void writeSales(boolean first, Instant modified) throws Exception {
        write(folder.resolve("sales.xlsx"), new XSSFWorkbook(), modified, workbook -> {
            CellStyle money = style(workbook, "0.00");
            CellStyle date = style(workbook, "yyyy-mm-dd");
            CellStyle dateTime = style(workbook, "yyyy-mm-dd hh:mm");
            Sheet orders = workbook.createSheet("Orders");
            cells(orders.createRow(0), "id", "customer", "amount", "paid", "ordered_on", "shipped_at", "double_amount", "label", "big", null, "note", "ratio");
            Object[][] data = {
                    {1, "Ada", 10.5, true, LocalDate.of(2024, 1, 2), LocalDateTime.of(2024, 1, 3, 10, 30), "x", null},
                    {2, "Grace", first ? 30 : 31, false, LocalDate.of(2024, 1, 5), LocalDateTime.of(2024, 1, 6, 8, 0), null, "rush"},
                    {3, "Linus", 7.25, true, LocalDate.of(2024, 2, 1), null, null, null}};
            int[] rows = first ? new int[] {1, 2, 4} : new int[] {1, 2};          // row 4 (index 3) stays blank
            for (int i = 0; i < rows.length; i++) {
                Object[] d = data[i];
                int n = rows[i] + 1;
                Row row = orders.createRow(rows[i]);
                cells(row, d[0], d[1], d[2], d[3], d[4], d[5]);
                row.getCell(2).setCellStyle(money);
                row.getCell(4).setCellStyle(date);
                if (d[5] != null) {
                    row.getCell(5).setCellStyle(dateTime);
                }
                row.createCell(6).setCellFormula("C" + n + "*2");
                row.createCell(7).setCellFormula("UPPER(B" + n + ")");
                row.createCell(8).setCellFormula("C" + n + ">20");
                if (d[6] != null) {
                    row.createCell(9).setCellValue((String) d[6]);
                }
                if (d[7] != null) {
                    row.createCell(10).setCellValue((String) d[7]);
                }
                row.createCell(11).setCellFormula("1/0");
            }
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();    // the cached results Excel would save
            Sheet regions = workbook.createSheet("Regions");
            cells(regions.createRow(0), "code", "name");
            cells(regions.createRow(1), "EU", "Europe");
            cells(regions.createRow(2), "US", "United States");
        });
    }

    /** big.xlsx: 100,000 rows streamed out with SXSSF, its strings in a shared-strings table as Excel writes them. */
    private void writeBig(Instant modified) throws Exception {
        write(folder.resolve("big.xlsx"), new SXSSFWorkbook(null, 100, true, true), modified, workbook -> {
            CellStyle dateTime = style(workbook, "yyyy-mm-dd hh:mm:ss");
            Sheet events = workbook.createSheet("Events");
            cells(events.createRow(0), "id", "name", "value", "at");
            LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
            for (int i = 0; i < BIG; i++) {
                Row row = events.createRow(i + 1);
                cells(row, i, "event " + i % 1000, i * 0.5, start.plusMinutes(i));
                row.getCell(3).setCellStyle(dateTime);
            }
        });
    }

    interface Filler {
        void fill(Workbook workbook) throws Exception;
    }

    /** Writes a workbook (closing an SXSSFWorkbook deletes its temporary files) and gives it a modification time. */
    private static void write(Path file, Workbook workbook, Instant modified, Filler filler) throws Exception {
        try (workbook; OutputStream out = Files.newOutputStream(file)) {
            filler.fill(workbook);
            workbook.write(out);
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static CellStyle style(Workbook workbook, String format) {
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }

    private static void cells(Row row, Object... values) {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            var cell = row.createCell(i);
            if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            } else if (value instanceof Boolean bool) {
                cell.setCellValue(bool);
            } else if (value instanceof LocalDateTime at) {
                cell.setCellValue(at);
            } else if (value instanceof LocalDate day) {
                cell.setCellValue(day);
            } else {
                cell.setCellValue(value.toString());
            }
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
