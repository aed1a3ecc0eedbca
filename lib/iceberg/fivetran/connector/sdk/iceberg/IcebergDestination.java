package fivetran.connector.sdk.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fivetran.connector.sdk.warehouse.ColumnType;
import fivetran.connector.sdk.warehouse.CrashWindows;
import fivetran.connector.sdk.warehouse.Destination;
import fivetran.connector.sdk.warehouse.ScratchMerge;
import fivetran.connector.sdk.warehouse.TableDefinition;
import fivetran.connector.sdk.warehouse.TableSummary;
import fivetran.connector.sdk.warehouse.Warehouse;
import fivetran.connector.sdk.warehouse.WarehouseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's destination in Apache Iceberg tables of one catalog namespace ({@code tester}). Each checkpoint is one
 * Iceberg commit per table it changed ({@link TableCommit}), each snapshot's summary carrying the checkpoint's number and
 * state; then the checkpoint's commit point: one namespace property, {@value #COMMIT_PROPERTY}, which names every
 * table's metadata file as that checkpoint left it, with the state. A catalog that has tables ahead of that property (a
 * run killed between its tables' commits and the property's) is put back to it when the next run opens it.
 */
final class IcebergDestination implements Destination, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("debugger");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COMMIT_PROPERTY = "connector-sdk.commit";
    static final String PRIMARY_KEY_PROPERTY = "connector-sdk.primary-key";
    static final Namespace NAMESPACE = Namespace.of(Warehouse.SCHEMA);

    private final Path folder;
    private final JdbcCatalog catalog;
    private final Warehouse staging;
    private CommitRecord record;

    /** The catalog's commit point: the commit's number, the state and the one before, each table's metadata file. */
    record CommitRecord(long commit, String state, String previousState, Map<String, String> tables) {
        String json() {
            ObjectNode node = JSON.createObjectNode();
            node.put("commit", commit);
            node.put("state", state);
            node.put("previous_state", previousState);
            ObjectNode files = node.putObject("tables");
            tables.forEach(files::put);
            return node.toString();
        }

        static CommitRecord parse(String json) throws IOException {
            JsonNode node = JSON.readTree(json);
            Map<String, String> tables = new LinkedHashMap<>();
            node.path("tables").fields().forEachRemaining(e -> tables.put(e.getKey(), e.getValue().asText()));
            return new CommitRecord(node.path("commit").asLong(), node.path("state").isNull() ? null : node.path("state").asText(null),
                    node.path("previous_state").asText(null), tables);
        }
    }

    private IcebergDestination(Path folder, JdbcCatalog catalog, Warehouse staging) {
        this.folder = folder;
        this.catalog = catalog;
        this.staging = staging;
    }

    /** Opens (creating) the catalog in {@code folder}, and puts its tables back to its last commit point. */
    static IcebergDestination open(Path folder, Warehouse staging) {
        JdbcCatalog catalog = new JdbcCatalog();
        try {
            Files.createDirectories(folder.resolve("warehouse"));
            initialize(catalog, folder);
            IcebergDestination destination = new IcebergDestination(folder, catalog, staging);
            destination.record = destination.readRecord();
            destination.recover();
            return destination;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            try {
                catalog.close();
            } catch (Exception ignored) {
                // reporting the first failure
            }
            throw new WarehouseException("cannot open the Iceberg catalog in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The catalog of {@code folder}, as it is: for {@code inspect}, which changes nothing. */
    static JdbcCatalog catalog(Path folder) throws ClassNotFoundException {
        JdbcCatalog catalog = new JdbcCatalog();
        initialize(catalog, folder);
        return catalog;
    }

    private static void initialize(JdbcCatalog catalog, Path folder) throws ClassNotFoundException {
        quietLibraries();
        // registers SQLite's driver with DriverManager from this module's class loader
        Class.forName("org.sqlite.JDBC");
        catalog.setConf(new Configuration());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CatalogProperties.URI, "jdbc:sqlite:" + folder.resolve("catalog.db").toAbsolutePath());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, folder.resolve("warehouse").toAbsolutePath().toUri().toString());
        properties.put("jdbc.schema-version", "V1");
        catalog.initialize("connector_sdk", properties);
        if (!catalog.namespaceExists(NAMESPACE)) {
            catalog.createNamespace(NAMESPACE);
        }
    }

    /** Iceberg's and Hadoop's INFO lines (each table load, each commit) are not the sync's log. */
    private static void quietLibraries() {
        for (String name : List.of("org.apache.iceberg", "org.apache.hadoop", "org.apache.parquet", "org.apache.hadoop.util.NativeCodeLoader")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(name.endsWith("NativeCodeLoader") ? ch.qos.logback.classic.Level.ERROR : ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    private CommitRecord readRecord() throws IOException {
        return readRecord(catalog);
    }

    static CommitRecord readRecord(JdbcCatalog catalog) throws IOException {
        String json = catalog.loadNamespaceMetadata(NAMESPACE).get(COMMIT_PROPERTY);
        return json == null ? null : CommitRecord.parse(json);
    }

    /**
     * Puts every table back to the metadata file the commit point names: a table committed by a checkpoint whose commit
     * point was never written is re-registered at its earlier metadata, and one that checkpoint created is dropped.
     */
    private void recover() {
        Map<String, String> recorded = record == null ? Map.of() : record.tables();
        for (TableIdentifier id : catalog.listTables(NAMESPACE)) {
            String name = id.name();
            if (!recorded.containsKey(name)) {
                LOG.warn("Iceberg table {} was created by a checkpoint that did not complete; dropping it", name);
                catalog.dropTable(id, false);
            } else if (!recorded.get(name).equals(metadataLocation(catalog.loadTable(id)))) {
                LOG.warn("Iceberg table {} is ahead of the last completed checkpoint; putting it back to that checkpoint", name);
                catalog.dropTable(id, false);
                catalog.registerTable(id, recorded.get(name));
            }
        }
        for (Map.Entry<String, String> table : recorded.entrySet()) {
            TableIdentifier id = TableIdentifier.of(NAMESPACE, table.getKey());
            if (!catalog.tableExists(id)) {
                // a run killed between the drop and the register above
                catalog.registerTable(id, table.getValue());
            }
        }
    }

    static String metadataLocation(Table table) {
        return ((HasTableOperations) table).operations().current().metadataFileLocation();
    }

    @Override
    public Path location() {
        return folder;
    }

    @Override
    public Map<String, TableDefinition> tables() {
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        for (TableIdentifier id : catalog.listTables(NAMESPACE)) {
            tables.put(id.name(), definition(catalog.loadTable(id)));
        }
        return tables;
    }

    /** A table's definition as this module wrote it: user columns with their Fivetran types, and the primary key. */
    static TableDefinition definition(Table table) {
        TableDefinition definition = new TableDefinition(table.name().substring(table.name().lastIndexOf('.') + 1));
        for (Types.NestedField field : table.schema().columns()) {
            if (!Set.of(TableDefinition.ID, TableDefinition.SYNCED, TableDefinition.DELETED).contains(field.name())) {
                definition.columns().put(field.name(), IcebergTypes.fromField(field));
            }
        }
        String key = table.properties().get(PRIMARY_KEY_PROPERTY);
        if (key != null) {
            try {
                for (JsonNode column : JSON.readTree(key)) {
                    definition.primaryKey().add(column.asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return definition;
    }

    @Override
    public Warehouse.CommittedState committedState() {
        return record == null || record.state() == null ? null : new Warehouse.CommittedState(record.state(), record.previousState());
    }

    @Override
    public Set<String> reservedWords() {
        // the names debug gives, so that both commands sync into the same tables and columns
        return staging.reservedWords();
    }

    @Override
    public void commit(List<TableChange> tables, String state, String previousState) throws SQLException {
        CrashWindows.enter(CrashWindows.MERGING);
        long commit = record == null ? 1 : record.commit() + 1;
        Map<String, String> files = new LinkedHashMap<>(record == null ? Map.of() : record.tables());
        String committedState = state != null ? state : record == null ? null : record.state();
        String committedPrevious = state != null ? previousState : record == null ? null : record.previousState();
        List<TableChange> changed = tables.stream().filter(change -> !ScratchMerge.unchanged(change)).toList();
        for (TableChange change : changed) {
            String name = change.desired().name();
            Table table = new TableCommit(catalog, TableIdentifier.of(NAMESPACE, name), staging, change, commit, committedState).run();
            files.put(name, metadataLocation(table));
        }
        if (changed.isEmpty() && state == null && record != null) {
            return;
        }
        CommitRecord next = new CommitRecord(commit, committedState, committedPrevious, files);
        CrashWindows.enter(CrashWindows.BEFORE_COMMIT);
        // one property, so one statement of the catalog's database: the checkpoint's commit point
        catalog.setProperties(NAMESPACE, Map.of(COMMIT_PROPERTY, next.json()));
        record = next;
    }

    @Override
    public TableSummary summary(String name) {
        return summary(catalog, name);
    }

    static TableSummary summary(JdbcCatalog catalog, String name) {
        TableIdentifier id = TableIdentifier.of(NAMESPACE, name);
        if (!catalog.tableExists(id)) {
            return null;
        }
        Table table = catalog.loadTable(id);
        TableDefinition definition = definition(table);
        List<TableSummary.ColumnSummary> columns = new ArrayList<>();
        for (Types.NestedField field : table.schema().columns()) {
            ColumnType type = definition.columns().get(field.name());
            boolean key = definition.keyedById() ? field.name().equals(TableDefinition.ID) : definition.primaryKey().contains(field.name());
            columns.add(new TableSummary.ColumnSummary(field.name(), field.type().toString(), type == null ? "system" : type.toString(), key));
        }
        long live = 0;
        long deleted = 0;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select(TableDefinition.DELETED).build()) {
            for (Record row : rows) {
                if (Boolean.TRUE.equals(row.getField(TableDefinition.DELETED))) {
                    deleted++;
                } else {
                    live++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TableSummary(name, columns, live, deleted);
    }

    /** The catalog itself, for inspection and tests. */
    JdbcCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() throws IOException {
        catalog.close();
    }

    /** Schema of the table's current snapshot, for messages. */
    static Schema schema(Table table) {
        return table.schema();
    }
}
