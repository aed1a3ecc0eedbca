///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.apache.poi:poi-ooxml:5.5.1
//DEPS com.github.pjfanning:excel-streaming-reader:5.2.0

import com.github.pjfanning.xlsx.StreamingReader;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.XSSFReader;

/**
 * Excel workbooks (.xlsx) in a folder: each sheet is a table, its header row names the columns, and the cells' own types
 * (number, date, boolean, text, a formula's cached result) type the values. Sheets are streamed row by row
 * (excel-streaming-reader, over POI's SAX parsing of the sheet XML), so memory does not grow with the sheet.
 *
 * <p>Incremental by file: state remembers each workbook's modification time and size, and a sync reads only the
 * workbooks that are new or changed since, whole. Rows are keyed by file, sheet and row number unless a key column is
 * configured; with positional keys the rows a changed workbook no longer has, and every row of a workbook that is gone,
 * are deleted.
 */
class connector {
    /** The key columns every row carries: where it came from. */
    static final String FILE = "_file", SHEET = "_sheet", ROW = "_row", MODIFIED = "_modified";

    static {
        // POI logs through the Log4j API, which has no provider here and says so with an ERROR line at first use; its
        // own simple provider prints POI's errors (to stderr) instead. (log4j-to-slf4j would route them to this log, but
        // JBang then applies Log4j's managed versions to the SDK's: Jackson 2.17 and logback-core 1.3.)
        if (System.getProperty("log4j.provider") == null) {
            System.setProperty("log4j.provider", "org.apache.logging.log4j.simple.internal.SimpleProvider");
        }
    }

    static List<Table> schema(Configuration configuration) throws IOException {
        Source source = Source.of(configuration);
        Set<String> sheets = new LinkedHashSet<>(source.sheets);
        if (sheets.isEmpty()) {
            for (Path file : source.files()) {
                sheets.addAll(sheetNames(file));
            }
        }
        List<Table> tables = new ArrayList<>();
        for (String sheet : sheets) {
            Table table = Table.named(sheet).column(FILE, DataType.STRING).column(SHEET, DataType.STRING)
                    .column(ROW, DataType.LONG).column(MODIFIED, DataType.UTC_DATETIME);
            tables.add(source.keyColumn == null ? table.primaryKey(FILE, SHEET, ROW) : table.primaryKey(source.keyColumn));
        }
        return tables;
    }

    static void update(Configuration configuration, State state) throws IOException {
        Source source = Source.of(configuration);
        Map<String, Map<String, Object>> known = new TreeMap<>(filesIn(state));
        state.put("files", known);

        Map<String, Path> present = new LinkedHashMap<>();
        for (Path file : source.files()) {
            present.put(source.name(file), file);
        }
        for (String gone : new ArrayList<>(known.keySet())) {
            if (!present.containsKey(gone)) {
                if (source.keyColumn == null) {
                    deleteRows(gone, sheetRows(known.get(gone)), Map.of());
                    Logging.info(gone + ": gone from the source, its rows deleted");
                } else {
                    Logging.warning(gone + ": gone from the source; its rows stay (with key_column set, rows are not tracked by file)");
                }
                known.remove(gone);
                Operations.checkpoint(state);
            }
        }

        List<Changed> changed = new ArrayList<>();
        for (Map.Entry<String, Path> entry : present.entrySet()) {
            BasicFileAttributes attributes = Files.readAttributes(entry.getValue(), BasicFileAttributes.class);
            Instant modified = attributes.lastModifiedTime().toInstant();
            Map<String, Object> before = known.get(entry.getKey());
            if (before != null && modified.toString().equals(before.get("modified"))
                    && before.get("size") instanceof Number size && size.longValue() == attributes.size()) {
                continue;
            }
            changed.add(new Changed(entry.getKey(), entry.getValue(), modified, attributes.size()));
        }
        changed.sort(Comparator.comparing(Changed::modified).thenComparing(Changed::name));
        Logging.info(present.size() + " workbooks, " + changed.size() + " new or changed, " + (present.size() - changed.size()) + " unchanged and skipped");

        for (Changed file : changed) {
            Map<String, BitSet> rows = read(source, file, state);
            if (rows == null) {
                continue;
            }
            if (source.keyColumn == null) {
                deleteRows(file.name(), sheetRows(known.get(file.name())), rows);
            }
            Map<String, String> ranges = new TreeMap<>();
            rows.forEach((sheet, numbers) -> ranges.put(sheet, ranges(numbers)));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("modified", file.modified().toString());
            entry.put("size", file.size());
            entry.put("rows", ranges);
            known.put(file.name(), entry);
            Operations.checkpoint(state);
        }
        Operations.checkpoint(state);
    }

    private record Changed(String name, Path path, Instant modified, long size) {
    }

    /**
     * Upserts the rows of the workbook's sheets, checkpointing every batch_size rows with the state as it was (so an
     * interrupted sync reads the workbook again), and returns the row numbers each sheet had; null when the
     * workbook cannot be opened (a file still being written, or not a workbook), which is skipped until it can.
     */
    private static Map<String, BitSet> read(Source source, Changed file, State state) {
        Map<String, BitSet> rows = new LinkedHashMap<>();
        Workbook workbook;
        try {
            workbook = StreamingReader.builder().rowCacheSize(200).bufferSize(8192).open(file.path().toFile());
        } catch (RuntimeException e) {
            Logging.warning(file.name() + ": not read, it will be tried again at the next sync: " + e.getMessage());
            return null;
        }
        try (workbook) {
            Set<String> found = new HashSet<>();
            for (Sheet sheet : workbook) {
                String name = sheet.getSheetName();
                if (!source.sheets.isEmpty() && !source.sheets.contains(name)) {
                    continue;
                }
                found.add(name);
                SheetRead read = new SheetRead(source, file, name, state);
                for (Row row : sheet) {
                    read.row(row);
                }
                rows.put(name, read.present);
                Logging.info(file.name() + " [" + name + "]: " + read.upserted + " rows" + (read.skipped > 0 ? ", " + read.skipped + " without a " + source.keyColumn + " skipped" : ""));
            }
            for (String wanted : source.sheets) {
                if (!found.contains(wanted)) {
                    Logging.info(file.name() + ": has no sheet '" + wanted + "'");
                }
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(file.name() + ": " + e.getMessage(), e);
        }
    }

    /** One sheet being read: its header, then its data rows. */
    private static final class SheetRead {
        private final Source source;
        private final Changed file;
        private final String sheet;
        private final State state;
        private final List<String> columns = new ArrayList<>();
        /** The numbers of the rows upserted. */
        final BitSet present = new BitSet();
        long upserted;
        long skipped;

        SheetRead(Source source, Changed file, String sheet, State state) {
            this.source = source;
            this.file = file;
            this.sheet = sheet;
            this.state = state;
        }

        void row(Row row) {
            long number = row.getRowNum() + 1L;
            if (number < source.headerRow) {
                return;
            }
            if (number == source.headerRow) {
                header(row);
                return;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            boolean any = false;
            for (Cell cell : row) {
                Object value = value(cell);
                if (value != null) {
                    values.put(column(cell.getColumnIndex()), value);
                    any = true;
                }
            }
            if (!any) {
                return;
            }
            if (source.keyColumn != null && values.get(source.keyColumn) == null) {
                skipped++;
                return;
            }
            values.put(FILE, file.name());
            values.put(SHEET, sheet);
            values.put(ROW, number);
            values.put(MODIFIED, file.modified());
            Operations.upsert(sheet, values);
            present.set(Math.toIntExact(number));
            if (++upserted % source.batchSize == 0) {
                Operations.checkpoint(state);
            }
        }

        /** The header row: each cell's text, a blank one named by its column letter, a repeated one suffixed. */
        private void header(Row row) {
            DataFormatter text = new DataFormatter(Locale.ROOT);
            Set<String> seen = new HashSet<>(List.of(FILE, SHEET, ROW, MODIFIED));
            for (Cell cell : row) {
                int index = cell.getColumnIndex();
                while (columns.size() < index) {
                    columns.add(null);
                }
                String name = text.formatCellValue(cell).trim();
                if (name.isEmpty()) {
                    columns.add(null);
                    continue;
                }
                String unique = name;
                for (int n = 2; !seen.add(unique.toLowerCase(Locale.ROOT)); n++) {
                    unique = name + "_" + n;
                }
                columns.add(unique);
            }
        }

        private String column(int index) {
            String name = index < columns.size() ? columns.get(index) : null;
            return name != null ? name : CellReference.convertNumToColString(index);
        }
    }

    /**
     * A cell's value as the type Excel holds it: a number as a Long when it is whole and its format shows no decimals,
     * else a Double; a date-formatted number as a LocalDateTime, or a LocalDate when the format shows no time; text;
     * a boolean; a formula as its cached result. Blank cells, empty text and error values (#DIV/0!) are null.
     */
    static Object value(Cell cell) {
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            type = cell.getCachedFormulaResultType();
        }
        return switch (type) {
            case NUMERIC -> {
                String format = cell.getCellStyle() == null ? "General" : cell.getCellStyle().getDataFormatString();
                if (DateUtil.isCellDateFormatted(cell)) {
                    LocalDateTime at = cell.getLocalDateTimeCellValue();
                    yield showsTime(format) ? at : at.toLocalDate();
                }
                double number = cell.getNumericCellValue();
                boolean whole = number == Math.rint(number) && Math.abs(number) < 1e15;
                yield whole && (format == null || !showsDecimals(format)) ? (Object) (long) number : (Object) number;
            }
            case STRING -> {
                String text = cell.getStringCellValue();
                yield text == null || text.isEmpty() ? null : text;
            }
            case BOOLEAN -> cell.getBooleanCellValue();
            default -> null;
        };
    }

    /** Whether a number format has a time part: an hour or a second field outside quoted text and [colour] codes. */
    static boolean showsTime(String format) {
        String fields = literalsRemoved(format).toLowerCase(Locale.ROOT);
        return fields.contains("h") || fields.contains("s");
    }

    /** Whether a number format shows decimals (0.00, #,##0.0, 0.00E+00). */
    static boolean showsDecimals(String format) {
        return literalsRemoved(format).contains(".");
    }

    private static String literalsRemoved(String format) {
        return format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[(?![hms]+\\])[^\\]]*\\]", "").replaceAll("\\\\.", "");
    }

    /**
     * Deletes the rows of a workbook that the new read did not produce (positional keys): a row removed or cleared, every
     * row of a sheet or a workbook that is gone.
     */
    private static void deleteRows(String file, Map<String, BitSet> before, Map<String, BitSet> after) {
        before.forEach((sheet, rows) -> {
            BitSet gone = (BitSet) rows.clone();
            gone.andNot(after.getOrDefault(sheet, new BitSet()));
            gone.stream().forEach(row -> Operations.delete(sheet, Map.of(FILE, file, SHEET, sheet, ROW, (long) row)));
        });
    }

    /** Beyond this many ranges, state keeps one range from the first row to the last (deleting blank rows again, harmlessly). */
    private static final int MAX_RANGES = 1000;

    /** The row numbers of a sheet as state keeps them: ranges, "2-40,42-100" (or "" for none). */
    static String ranges(BitSet rows) {
        List<String> ranges = new ArrayList<>();
        for (int from = rows.nextSetBit(0); from >= 0; from = rows.nextSetBit(rows.nextClearBit(from))) {
            int to = rows.nextClearBit(from) - 1;
            ranges.add(from == to ? String.valueOf(from) : from + "-" + to);
        }
        if (ranges.size() > MAX_RANGES) {
            return rows.nextSetBit(0) + "-" + (rows.length() - 1);
        }
        return String.join(",", ranges);
    }

    static BitSet rows(String ranges) {
        BitSet rows = new BitSet();
        for (String range : ranges.split(",")) {
            if (!range.isBlank()) {
                String[] ends = range.trim().split("-");
                rows.set(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]) + 1);
            }
        }
        return rows;
    }

    /** The sheets of a workbook, read from its workbook part only. */
    static List<String> sheetNames(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        OPCPackage workbook;
        try {
            workbook = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (Exception e) {
            Logging.warning(file.getFileName() + ": not a readable workbook: " + e.getMessage());
            return names;
        }
        try {
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) new XSSFReader(workbook).getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream ignored = sheets.next()) {
                    names.add(sheets.getSheetName());
                }
            }
            return names;
        } catch (Exception e) {
            throw new IOException(file.getFileName() + ": " + e.getMessage(), e);
        } finally {
            workbook.revert();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> filesIn(State state) {
        Map<String, Map<String, Object>> files = new HashMap<>();
        if (state.get("files") instanceof Map<?, ?> saved) {
            saved.forEach((name, entry) -> files.put((String) name, new LinkedHashMap<>((Map<String, Object>) entry)));
        }
        return files;
    }

    private static Map<String, BitSet> sheetRows(Map<String, Object> entry) {
        Map<String, BitSet> rows = new LinkedHashMap<>();
        if (entry != null && entry.get("rows") instanceof Map<?, ?> sheets) {
            sheets.forEach((sheet, ranges) -> rows.put((String) sheet, rows((String) ranges)));
        }
        return rows;
    }

    /** Where the workbooks are, and how to read them, from the configuration. */
    record Source(Path folder, List<String> listed, PathMatcher pattern, List<String> sheets, String keyColumn, int headerRow, int batchSize) {
        static Source of(Configuration configuration) {
            String folder = configuration.get("folder", null);
            List<String> listed = configuration.getList("files");
            if (folder == null && listed.isEmpty()) {
                throw new IllegalArgumentException("Set 'folder' (a folder of workbooks) or 'files' (a comma-separated list of workbooks)");
            }
            int headerRow = configuration.getInt("header_row", 1);
            int batchSize = configuration.getInt("batch_size", 10_000);
            if (headerRow < 1 || batchSize < 1) {
                throw new IllegalArgumentException("'header_row' and 'batch_size' must be at least 1");
            }
            return new Source(folder == null ? null : Path.of(folder), listed,
                    FileSystems.getDefault().getPathMatcher("glob:" + configuration.get("file_pattern", "*.xlsx")),
                    configuration.getList("sheets"), configuration.get("key_column", null), headerRow, batchSize);
        }

        /** The workbooks: the listed files (relative to the folder, if one is set), else those of the folder matching file_pattern. */
        List<Path> files() throws IOException {
            if (!listed.isEmpty()) {
                List<Path> files = new ArrayList<>();
                for (String name : listed) {
                    Path file = folder == null ? Path.of(name) : folder.resolve(name);
                    if (Files.isRegularFile(file)) {
                        files.add(file);
                    } else {
                        Logging.warning(name + ": no such file");
                    }
                }
                return files;
            }
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("folder '" + folder + "' is not a folder");
            }
            try (Stream<Path> all = Files.list(folder)) {
                return all.filter(Files::isRegularFile)
                        .filter(file -> pattern.matches(file.getFileName()))
                        .filter(file -> !file.getFileName().toString().startsWith("~$")) // Excel's lock files
                        .sorted().toList();
            }
        }

        /** A workbook's name in state and in the _file column: its path relative to the folder, or as listed. */
        String name(Path file) {
            return (folder == null ? file : folder.relativize(file)).toString().replace('\\', '/');
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
