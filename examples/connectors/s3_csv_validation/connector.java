///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS ../../../lib/s3.java
//DEPS org.apache.commons:commons-csv:1.14.1

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.s3.S3Clients;
import fivetran.connector.sdk.s3.S3NewObjects;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * CSV files under a prefix of an S3 bucket (or an S3-compatible store), each row validated against the column rules
 * of the configuration: the valid rows are upserted, every broken rule of an invalid row becomes a row of the rejects
 * table. Files are read oldest first, from where the last sync stopped (see {@link S3NewObjects}), one checkpoint per
 * file.
 */
class connector {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Upstream's {@code %Y-%m-%d %H:%M:%S} (one-digit hours accepted, as strptime does), with optional fractions. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ')
            .appendValue(ChronoField.HOUR_OF_DAY, 1, 2, SignStyle.NOT_NEGATIVE).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final int ROWS_PER_CHECKPOINT = 10_000;
    private static final int LOGGED_VALUE = 100;

    /** The rules of one CSV column: its type and the checks on its text; {@code name} is the destination column. */
    record Column(String header, String name, DataType type, boolean required, Pattern pattern, Set<String> allowed,
                  BigDecimal min, BigDecimal max, DateTimeFormatter format) {
    }

    /** One broken rule: the file (and its version), the line of the row, the column, the value and the rule. */
    record Reject(String file, Instant fileLastModified, long line, String columnName, String value, String rule, String message) {
    }

    static List<Table> schema(Configuration configuration) {
        Table data = Table.named(table(configuration)).primaryKey(primaryKey(configuration).toArray(String[]::new));
        columns(configuration).forEach(column -> data.column(column.name(), column.type()));
        return List.of(data, Table.named(rejectsTable(configuration))
                .primaryKey("file", "file_last_modified", "line", "column_name", "rule")
                .column("file", DataType.STRING).column("file_last_modified", DataType.UTC_DATETIME)
                .column("line", DataType.LONG).column("column_name", DataType.STRING).column("value", DataType.STRING)
                .column("rule", DataType.STRING).column("message", DataType.STRING));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String bucket = configuration.require("bucket_name");
        String prefix = configuration.get("prefix", "");
        List<Column> columns = columns(configuration);
        try (S3Client s3 = S3Clients.fromConfiguration(configuration)) {
            S3NewObjects cursor = S3NewObjects.list(s3, bucket, prefix, ".csv", state);
            List<S3Object> files = cursor.objects();
            Logging.info(files.size() + " new or changed CSV files under s3://" + bucket + "/" + prefix);
            for (S3Object file : files) {
                try (Reader text = new BufferedReader(new InputStreamReader(
                        s3.getObject(get -> get.bucket(bucket).key(file.key())), StandardCharsets.UTF_8))) {
                    readFile(configuration, columns, file, text, state);
                }
                cursor.done(file, state);
                Operations.checkpoint(state);
            }
        }
    }

    /** Validates and writes the rows of one file; a file that cannot be parsed further is rejected from there on. */
    private static void readFile(Configuration configuration, List<Column> columns, S3Object file, Reader text, State state) throws Exception {
        Rejects rejects = new Rejects(rejectsTable(configuration), file);
        long upserted = 0;
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser csv = CSVParser.builder().setReader(skipByteOrderMark(text)).setFormat(format).get()) {
            Set<String> headers = new HashSet<>(csv.getHeaderNames());
            for (Column column : columns) {
                if (column.required() && !headers.contains(column.header())) {
                    rejects.add(1, column.name(), null, "missing_column", "the header has no column '" + column.header() + "'");
                }
            }
            if (rejects.count() > 0) {
                return;                                  // a missing required column rejects the whole file
            }
            boolean keepOthers = configuration.getBoolean("keep_other_columns", false);
            Iterator<CSVRecord> records = csv.iterator();
            long lastLine = csv.getCurrentLineNumber();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof CSVException broken)) {
                        throw e;                         // reading the object failed: the sync fails, the file is not done
                    }
                    rejects.add(lastLine + 1, "", null, "malformed_csv", broken.getMessage());  // an unclosed quote
                    return;
                }
                long line = csv.getCurrentLineNumber() - lineBreaks(record);   // where the row starts
                lastLine = csv.getCurrentLineNumber();
                long before = rejects.count();
                Map<String, Object> row = validate(record, columns, line, rejects);
                if (!record.isConsistent()) {
                    rejects.add(line, "", null, "field_count", "the row has " + record.size() + " fields, the header " + headers.size());
                }
                if (rejects.count() > before) {
                    continue;
                }
                if (keepOthers) {
                    record.toMap().forEach((header, value) -> {
                        if (columns.stream().noneMatch(column -> column.header().equals(header))) {
                            row.put(header, value);
                        }
                    });
                }
                Operations.upsert(table(configuration), row);
                if (++upserted % ROWS_PER_CHECKPOINT == 0) {
                    Operations.checkpoint(state);          // commits the rows so far; the cursor still names the file before
                }
            }
        } catch (CSVException e) {                       // the header line itself cannot be parsed
            rejects.add(1, "", null, "malformed_csv", e.getMessage());
        } finally {
            rejects.log(upserted);
        }
    }

    /** The rejects of one file: each broken rule is written as it is found; the first is kept for the log line. */
    static final class Rejects {
        private final String table;
        private final S3Object file;
        private long count;
        private Reject first;

        Rejects(String table, S3Object file) {
            this.table = table;
            this.file = file;
        }

        void add(long line, String columnName, String value, String rule, String message) {
            Reject reject = new Reject(file.key(), file.lastModified(), line, columnName, value, rule, message);
            if (count++ == 0) {
                first = reject;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", reject.file());
            row.put("file_last_modified", reject.fileLastModified());
            row.put("line", reject.line());
            row.put("column_name", reject.columnName());
            row.put("value", reject.value());
            row.put("rule", reject.rule());
            row.put("message", reject.message());
            Operations.upsert(table, row);
        }

        long count() {
            return count;
        }

        /** The file's summary, and a warning naming its first reject: file, line, column, value and rule. */
        void log(long upserted) {
            Logging.info(file.key() + ": rows upserted: " + upserted + ", rule violations: " + count);
            if (first != null) {
                String value = first.value() == null ? "none" : "'" + abbreviate(first.value()) + "'";
                Logging.warning("rejected in " + first.file() + " at line " + first.line() + ", column '" + first.columnName()
                        + "', value " + value + ", rule " + first.rule() + ": " + first.message()
                        + (count > 1 ? " (and " + (count - 1) + " more, in table " + table + ")" : ""));
            }
        }
    }

    /** The row of the valid values, keyed by destination column; each broken rule is added to {@code rejects}. */
    private static Map<String, Object> validate(CSVRecord record, List<Column> columns, long line, Rejects rejects) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Column column : columns) {
            String raw = record.isSet(column.header()) ? record.get(column.header()) : null;
            String problem = null;
            String rule = null;
            Object value = null;
            if (raw == null || raw.isBlank()) {
                if (column.required()) {
                    rule = "required";
                    problem = "a value is required";
                }
            } else {
                String text = column.type() == DataType.STRING ? raw : raw.trim();
                try {
                    value = convert(column, text);
                } catch (RuntimeException e) {
                    rule = "type";
                    problem = "not a valid " + column.type() + (column.format() != null ? " of the given format" : "");
                }
                if (rule == null && column.pattern() != null && !column.pattern().matcher(text).matches()) {
                    rule = "pattern";
                    problem = "does not match " + column.pattern().pattern();
                } else if (rule == null && column.allowed() != null && !column.allowed().contains(text)) {
                    rule = "allowed";
                    problem = "not one of " + column.allowed();
                } else if (rule == null && column.min() != null && new BigDecimal(text).compareTo(column.min()) < 0) {
                    rule = "min";
                    problem = "less than " + column.min().toPlainString();
                } else if (rule == null && column.max() != null && new BigDecimal(text).compareTo(column.max()) > 0) {
                    rule = "max";
                    problem = "greater than " + column.max().toPlainString();
                }
            }
            if (rule != null) {
                rejects.add(line, column.name(), raw, rule, problem);
            }
            row.put(column.name(), value);
        }
        return row;
    }

    private static Object convert(Column column, String text) {
        return switch (column.type()) {
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("not a boolean");
            };
            case SHORT -> Short.parseShort(text);
            case INT -> Integer.parseInt(text);
            case LONG -> Long.parseLong(text);
            case DECIMAL -> new BigDecimal(text);
            case FLOAT, DOUBLE -> new BigDecimal(text).doubleValue();     // no NaN, Infinity or 1d, which parseDouble takes
            case NAIVE_DATE -> LocalDate.parse(text, column.format() != null ? column.format() : DateTimeFormatter.ISO_LOCAL_DATE);
            case NAIVE_DATETIME -> column.format() != null ? LocalDateTime.parse(text, column.format())
                    : LocalDateTime.parse(text.length() > 10 && text.charAt(10) == 'T' ? text.replace('T', ' ') : text, DATE_TIME);
            case UTC_DATETIME -> column.format() != null ? OffsetDateTime.parse(text, column.format())
                    : OffsetDateTime.parse(text.length() > 10 && text.charAt(10) == ' ' ? text.replaceFirst(" ", "T") : text);
            case JSON -> json(text);
            case BINARY -> Base64.getDecoder().decode(text);
            case STRING, XML -> text;
        };
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** The column rules: {@code columns} is a JSON object from CSV header to its rules (see the README). */
    static List<Column> columns(Configuration configuration) {
        JsonNode spec = configuration.getJson("columns");
        if (!spec.isObject() || spec.isEmpty()) {
            throw new IllegalArgumentException("configuration value of 'columns' is not a JSON object of column rules");
        }
        List<String> primaryKey = primaryKey(configuration);
        List<Column> columns = new ArrayList<>();
        spec.properties().forEach(entry -> {
            String header = entry.getKey();
            JsonNode rules = entry.getValue();
            String where = "column '" + header + "' of 'columns'";
            DataType type = DataType.parse(rules.path("type").asText("STRING"));
            if (type == null) {
                throw new IllegalArgumentException(where + " has an unknown type: " + rules.path("type").asText());
            }
            if ((rules.has("min") || rules.has("max")) && !(type.isNumeric() && type != DataType.BOOLEAN)) {
                throw new IllegalArgumentException(where + ": min and max apply to numeric types only");
            }
            String name = rules.path("as").asText(header);
            Set<String> allowed = null;
            if (rules.has("allowed")) {
                allowed = new HashSet<>();
                for (JsonNode value : rules.get("allowed")) {
                    allowed.add(value.asText());
                }
            }
            columns.add(new Column(header, name, type, rules.path("required").asBoolean(false) || primaryKey.contains(name),
                    rules.has("pattern") ? Pattern.compile(rules.get("pattern").asText()) : null, allowed,
                    rules.has("min") ? new BigDecimal(rules.get("min").asText()) : null,
                    rules.has("max") ? new BigDecimal(rules.get("max").asText()) : null,
                    rules.has("format") ? DateTimeFormatter.ofPattern(rules.get("format").asText(), Locale.ROOT) : null));
        });
        for (String key : primaryKey) {
            if (columns.stream().noneMatch(column -> column.name().equals(key))) {
                throw new IllegalArgumentException("primary key column '" + key + "' has no rules in 'columns'");
            }
        }
        return columns;
    }

    private static String table(Configuration configuration) {
        return configuration.get("table", "data");
    }

    private static String rejectsTable(Configuration configuration) {
        return configuration.get("rejects_table", table(configuration) + "_rejects");
    }

    private static List<String> primaryKey(Configuration configuration) {
        List<String> key = configuration.getList("primary_key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("configuration key 'primary_key' is empty; name the key column(s)");
        }
        return key;
    }

    /** The line breaks inside the record's quoted values, which the parser's line count includes. */
    private static long lineBreaks(CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            breaks += value.chars().filter(c -> c == '\n').count() + value.replace("\r\n", "\n").chars().filter(c -> c == '\r').count();
        }
        return breaks;
    }

    private static Reader skipByteOrderMark(Reader text) throws Exception {
        text.mark(1);
        if (text.read() != '\uFEFF') {
            text.reset();
        }
        return text;
    }

    private static String abbreviate(String value) {
        return value.length() <= LOGGED_VALUE ? value : value.substring(0, LOGGED_VALUE) + "…";
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
