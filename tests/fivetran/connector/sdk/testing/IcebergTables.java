package fivetran.connector.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg tables {@code run} left in a project ({@code files/iceberg/}), read with Iceberg's own reader
 * ({@link IcebergGenerics}), and the same tables of {@code debug}'s warehouse, both as rows of normalized text values so
 * that they compare row by row: numbers as plain decimals, timestamps as epoch microseconds, binary as hex.
 */
public final class IcebergTables implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Namespace NAMESPACE = Namespace.of("tester");
    private final Catalog catalog;
    private final Namespace namespace;

    /** The embedded catalog of a project's {@code run}. */
    public IcebergTables(Project project) {
        Path folder = project.dir().resolve("files/iceberg");
        JdbcCatalog jdbc = new JdbcCatalog();
        jdbc.setConf(new Configuration());
        jdbc.initialize("connector_sdk", Map.of("uri", "jdbc:sqlite:" + folder.resolve("catalog.db"),
                "warehouse", folder.resolve("warehouse").toUri().toString(), "jdbc.schema-version", "V1"));
        this.catalog = jdbc;
        this.namespace = NAMESPACE;
    }

    /** The tables of {@code namespace} in any catalog. */
    public IcebergTables(Catalog catalog, String namespace) {
        this.catalog = catalog;
        this.namespace = Namespace.of(namespace);
    }

    public List<String> tables() {
        return catalog.listTables(namespace).stream().map(TableIdentifier::name).sorted().toList();
    }

    public Table table(String name) {
        return catalog.loadTable(TableIdentifier.of(namespace, name));
    }

    /** The namespace's commit point: {@code {"commit", "state", "previous_state", "tables"}}. */
    public JsonNode commitRecord() throws Exception {
        String json = ((SupportsNamespaces) catalog).loadNamespaceMetadata(namespace).get("connector-sdk.commit");
        return json == null ? null : JSON.readTree(json);
    }

    /** The tables whose current metadata is not the one the commit point names: ahead of the last completed checkpoint. */
    public List<String> aheadOfTheCommitPoint() throws Exception {
        JsonNode record = commitRecord();
        JsonNode recorded = record == null ? JSON.createObjectNode() : record.path("tables");
        return tables().stream()
                .filter(name -> !recorded.path(name).asText("").equals(((HasTableOperations) table(name)).operations().current().metadataFileLocation()))
                .toList();
    }

    /** Appends rows as another writer of the table would: one Parquet data file and one append commit, through Iceberg's API. */
    public void append(String name, List<Map<String, Object>> rows) throws Exception {
        Table table = table(name);
        DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet")))
                .schema(table.schema()).createWriterFunc(GenericParquetWriter::create).withSpec(table.spec()).build();
        try (writer) {
            for (Map<String, Object> row : rows) {
                GenericRecord record = GenericRecord.create(table.schema());
                row.forEach(record::setField);
                writer.write(record);
            }
        }
        table.newAppend().appendFile(writer.toDataFile()).commit();
    }

    public List<Snapshot> snapshots(String name) {
        List<Snapshot> snapshots = new ArrayList<>();
        table(name).snapshots().forEach(snapshots::add);
        return snapshots;
    }

    /** The column names of a table, in order. */
    public List<String> columns(String name) {
        return table(name).schema().columns().stream().map(Types.NestedField::name).toList();
    }

    /** The rows of a table, read with IcebergGenerics, normalized, sorted by {@code orderBy}. */
    public List<Map<String, String>> rows(String name, String orderBy) throws Exception {
        Table table = table(name);
        List<Map<String, String>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                Map<String, String> row = new LinkedHashMap<>();
                for (Types.NestedField field : table.schema().columns()) {
                    row.put(field.name(), normalize(record.getField(field.name())));
                }
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing(r -> String.valueOf(r.get(orderBy))));
        return rows;
    }

    /** The same table in debug's warehouse, normalized as {@link #rows}, each column read as the Iceberg table types it. */
    public List<Map<String, String>> debugRows(Project debug, String name, String orderBy) {
        Table table = table(name);
        StringBuilder select = new StringBuilder();
        for (Types.NestedField field : table.schema().columns()) {
            String column = "\"" + field.name() + "\"";
            String expression = switch (field.type().typeId()) {
                case TIMESTAMP -> "epoch_us(" + column + ")";
                case DATE, STRING -> "CAST(" + column + " AS VARCHAR)";
                case BINARY -> "hex(" + column + ")";
                default -> column;
            };
            select.append(select.isEmpty() ? "" : ", ").append(expression).append(" AS ").append(column);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, Object> row : debug.query("SELECT " + select + " FROM tester.\"" + name + "\"")) {
            Map<String, String> normalized = new LinkedHashMap<>();
            row.forEach((column, value) -> normalized.put(column, normalize(value)));
            rows.add(normalized);
        }
        rows.sort(Comparator.comparing(r -> String.valueOf(r.get(orderBy))));
        return rows;
    }

    /** The rows without the columns that differ between two syncs of the same script ({@code _fivetran_synced}). */
    public static List<Map<String, String>> without(List<Map<String, String>> rows, Set<String> columns) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Map<String, String> copy = new LinkedHashMap<>(row);
            copy.keySet().removeAll(columns);
            out.add(copy);
        }
        return out;
    }

    static String normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return HexFormat.of().withUpperCase().formatHex(bytes);
        }
        if (value instanceof OffsetDateTime time) {
            return Long.toString(ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), time));
        }
        if (value instanceof LocalDateTime time) {
            return Long.toString(ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), time));
        }
        return value.toString();
    }

    /** The Iceberg type of a column, as text. */
    public String type(String table, String column) {
        Type type = table(table).schema().findField(column).type();
        return type.toString();
    }

    @Override
    public void close() throws Exception {
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
