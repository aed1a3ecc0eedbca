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
import org.apache.iceberg.BaseTransaction;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's destination in Apache Iceberg tables of one catalog namespace ({@code tester} by default). Each table a
 * checkpoint changed gets one snapshot whose summary carries the checkpoint's number and state ({@link TableCommit}).
 * How the tables commit together depends on the catalog:
 * <ul>
 * <li>A REST catalog commits them in one multi-table transaction: all or none. The state is in their snapshots; a
 * checkpoint that changes no table records it in the namespace property {@value #COMMIT_PROPERTY}. The committed state
 * is that of the highest checkpoint number found in either place.
 * <li>A JDBC catalog has no multi-table transaction: each table commits alone, then comes the checkpoint's commit point,
 * the namespace property {@value #COMMIT_PROPERTY}, which names every table's metadata file as that checkpoint left it,
 * with the state. A catalog that has tables ahead of that property (a run killed between its tables' commits and the
 * property's) is put back to it when the next run opens it.
 * </ul>
 */
final class IcebergDestination implements Destination, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("debugger");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COMMIT_PROPERTY = "connector-sdk.commit";
    static final String PRIMARY_KEY_PROPERTY = "connector-sdk.primary-key";
    static final Namespace NAMESPACE = Namespace.of(Warehouse.SCHEMA);

    private final Path location;
    private final Catalog catalog;
    private final Namespace namespace;
    private final Warehouse staging;
    private CommitRecord record;

    /** The catalog's commit point: the commit's number, the state and the one before, each table's metadata file (JDBC). */
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

    private IcebergDestination(Path location, Catalog catalog, Namespace namespace, Warehouse staging) {
        this.location = location;
        this.catalog = catalog;
        this.namespace = namespace;
        this.staging = staging;
    }

    /** Opens (creating) the embedded catalog in {@code folder}, and puts its tables back to its last commit point. */
    static IcebergDestination open(Path folder, Warehouse staging) {
        return open(folder, () -> {
            Files.createDirectories(folder.resolve("warehouse"));
            return catalog(folder);
        }, NAMESPACE, staging);
    }

    /** Opens the catalog a destination file names. */
    static IcebergDestination open(DestinationFile file, Warehouse staging) {
        return open(file.file(), () -> catalog(file), file.namespace(), staging);
    }

    private interface CatalogOpener {
        Catalog open() throws Exception;
    }

    private static IcebergDestination open(Path location, CatalogOpener opener, Namespace namespace, Warehouse staging) {
        Catalog catalog = null;
        try {
            catalog = opener.open();
            SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
            if (!namespaces.namespaceExists(namespace)) {
                namespaces.createNamespace(namespace);
            }
            IcebergDestination destination = new IcebergDestination(location, catalog, namespace, staging);
            destination.record = readRecord(catalog, namespace);
            if (destination.atomic()) {
                destination.recoverFromSnapshots();
            } else {
                destination.recover();
            }
            return destination;
        } catch (Exception e) {
            close(catalog);
            throw new WarehouseException("cannot open the Iceberg catalog of " + location + ": " + e.getMessage(), e);
        }
    }

    static void close(Catalog catalog) {
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // reporting the first failure
            }
        }
    }

    /** The embedded catalog of {@code folder}, as it is: for {@code inspect}, which changes nothing. */
    static JdbcCatalog catalog(Path folder) throws ClassNotFoundException {
        quietLibraries();
        // registers SQLite's driver with DriverManager from this module's class loader
        Class.forName("org.sqlite.JDBC");
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(new Configuration());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CatalogProperties.URI, "jdbc:sqlite:" + folder.resolve("catalog.db").toAbsolutePath());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, folder.resolve("warehouse").toAbsolutePath().toUri().toString());
        properties.put("jdbc.schema-version", "V1");
        properties.put(CatalogProperties.FILE_IO_IMPL, SyncedFileIO.class.getName());
        catalog.initialize("connector_sdk", properties);
        return catalog;
    }

    /** The catalog of a destination file. */
    static Catalog catalog(DestinationFile file) throws ClassNotFoundException {
        quietLibraries();
        if (file.s3Compatible()) {
            // the AWS SDK's default checksums (since 2.30) are refused by many S3-compatible stores; Iceberg's S3FileIO
            // has no property for them, the SDK reads these (unless the user set them, or their environment variables)
            Map.of("aws.requestChecksumCalculation", "AWS_REQUEST_CHECKSUM_CALCULATION",
                    "aws.responseChecksumValidation", "AWS_RESPONSE_CHECKSUM_VALIDATION").forEach((setting, variable) -> {
                if (System.getProperty(setting) == null && System.getenv(variable) == null) {
                    System.setProperty(setting, "when_required");
                }
            });
        }
        Map<String, String> properties = new LinkedHashMap<>(file.properties());
        properties.put(CatalogUtil.ICEBERG_CATALOG_TYPE, file.type());
        if (properties.getOrDefault(CatalogProperties.URI, "").startsWith("jdbc:sqlite:")) {
            Class.forName("org.sqlite.JDBC");
        } else if (properties.getOrDefault(CatalogProperties.URI, "").startsWith("jdbc:postgresql:")) {
            Class.forName("org.postgresql.Driver");
        }
        return CatalogUtil.buildIcebergCatalog("connector_sdk", properties, new Configuration());
    }

    /** Iceberg's and Hadoop's INFO lines (each table load, each commit) are not the sync's log. */
    private static void quietLibraries() {
        for (String name : List.of("org.apache.iceberg", "org.apache.hadoop", "org.apache.parquet", "org.apache.hadoop.util.NativeCodeLoader")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(name.endsWith("NativeCodeLoader") ? ch.qos.logback.classic.Level.ERROR : ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    /** Whether the catalog commits several tables in one transaction. */
    private boolean atomic() {
        return catalog instanceof RESTCatalog;
    }

    static CommitRecord readRecord(Catalog catalog, Namespace namespace) throws IOException {
        String json = ((SupportsNamespaces) catalog).loadNamespaceMetadata(namespace).get(COMMIT_PROPERTY);
        return json == null ? null : CommitRecord.parse(json);
    }

    /**
     * Puts every table back to the metadata file the commit point names: a table committed by a checkpoint whose commit
     * point was never written is re-registered at its earlier metadata, and one that checkpoint created is dropped.
     */
    private void recover() {
        Map<String, String> recorded = record == null ? Map.of() : record.tables();
        for (TableIdentifier id : catalog.listTables(namespace)) {
            String name = id.name();
            if (!recorded.containsKey(name)) {
                LOG.warn("Iceberg table {} was created by a checkpoint that did not complete; dropping it", name);
                catalog.dropTable(id, false);
            } else if (!recorded.get(name).equals(metadataLocation(catalog.loadTable(id)))) {
                if (!aheadByAnIncompleteCheckpoint(name, catalog.loadTable(id))) {
                    LOG.info("Iceberg table {} has another writer's commits since the last completed checkpoint; keeping them", name);
                    continue;
                }
                LOG.warn("Iceberg table {} is ahead of the last completed checkpoint; putting it back to that checkpoint", name);
                catalog.dropTable(id, false);
                catalog.registerTable(id, recorded.get(name));
            }
        }
        for (Map.Entry<String, String> table : recorded.entrySet()) {
            TableIdentifier id = TableIdentifier.of(namespace, table.getKey());
            if (!catalog.tableExists(id)) {
                // a run killed between the drop and the register above
                catalog.registerTable(id, table.getValue());
            }
        }
    }

    /**
     * Whether the table's newest snapshot of this sync is of a checkpoint whose commit point was never written (numbered
     * past it); snapshots above it, when there are any, are another writer's, which putting the table back would lose.
     */
    private boolean aheadByAnIncompleteCheckpoint(String name, Table table) {
        boolean otherWriter = false;
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
            String checkpoint = snapshot.summary().get(TableCommit.CHECKPOINT_SUMMARY);
            if (checkpoint == null) {
                otherWriter = true;
                continue;
            }
            boolean incomplete = Long.parseLong(checkpoint) > record.commit();
            if (incomplete && otherWriter) {
                throw new WarehouseException("Iceberg table " + namespace + "." + name + " has another writer's commits on top of a checkpoint "
                        + "that did not complete, which putting it back to the last completed checkpoint would lose: roll it back to "
                        + record.tables().get(name) + " yourself, or drop it to sync it anew", null);
            }
            return incomplete;
        }
        return false;
    }

    /**
     * With multi-table transactions a table is never ahead of another: the committed state is that of the highest
     * checkpoint ({@link #latest}). A table without a snapshot was created for a checkpoint whose transaction never
     * committed, and is dropped.
     */
    private void recoverFromSnapshots() {
        for (TableIdentifier id : catalog.listTables(namespace)) {
            if (catalog.loadTable(id).currentSnapshot() == null) {
                LOG.warn("Iceberg table {} was created by a checkpoint that did not complete; dropping it", id.name());
                catalog.dropTable(id, false);
            }
        }
        record = latest(catalog, namespace, record);
    }

    /** The commit of the highest checkpoint number: in a table's current snapshot, or {@code record} (the namespace's). */
    static CommitRecord latest(Catalog catalog, Namespace namespace, CommitRecord record) {
        CommitRecord latest = record;
        for (TableIdentifier id : catalog.listTables(namespace)) {
            Snapshot snapshot = catalog.loadTable(id).currentSnapshot();
            String checkpoint = snapshot == null ? null : snapshot.summary().get(TableCommit.CHECKPOINT_SUMMARY);
            if (checkpoint != null && (latest == null || Long.parseLong(checkpoint) > latest.commit())) {
                latest = new CommitRecord(Long.parseLong(checkpoint), snapshot.summary().get(TableCommit.STATE_SUMMARY),
                        snapshot.summary().get(TableCommit.PREVIOUS_STATE_SUMMARY), Map.of());
            }
        }
        return latest;
    }

    static String metadataLocation(Table table) {
        return ((HasTableOperations) table).operations().current().metadataFileLocation();
    }

    @Override
    public Path location() {
        return location;
    }

    @Override
    public String schema() {
        return namespace.toString();
    }

    @Override
    public Map<String, TableDefinition> tables() {
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        for (TableIdentifier id : catalog.listTables(namespace)) {
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
        return record == null || record.state() == null ? null : new Warehouse.CommittedState(record.state(), record.previousState(), record.commit());
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
        String committedState = state != null ? state : record == null ? null : record.state();
        String committedPrevious = state != null ? previousState : record == null ? null : record.previousState();
        List<TableChange> changed = tables.stream().filter(change -> !ScratchMerge.unchanged(change)).toList();
        if (changed.isEmpty() && state == null && record != null) {
            return;
        }
        Map<TableIdentifier, Transaction> staged = new LinkedHashMap<>();
        for (TableChange change : changed) {
            TableIdentifier id = TableIdentifier.of(namespace, change.desired().name());
            staged.put(id, new TableCommit(catalog, id, staging, change, commit, committedState, committedPrevious, atomic()).stage());
        }
        CommitRecord next = new CommitRecord(commit, committedState, committedPrevious, Map.of());
        if (atomic()) {
            List<org.apache.iceberg.catalog.TableCommit> commits = new ArrayList<>();
            staged.forEach((id, tx) -> {
                BaseTransaction base = (BaseTransaction) tx;
                if (base.currentMetadata() != base.startMetadata()) {
                    commits.add(org.apache.iceberg.catalog.TableCommit.create(id, base.startMetadata(), base.currentMetadata()));
                }
            });
            CrashWindows.enter(CrashWindows.BEFORE_COMMIT);
            if (!commits.isEmpty()) {
                // the checkpoint's commit: every table's snapshot, with the state, or none of them
                try {
                    ((RESTCatalog) catalog).commitTransaction(commits);
                } catch (ValidationException | CommitFailedException e) {
                    throw new WarehouseException("the Iceberg catalog refused the checkpoint's commit of " + staged.keySet() + ", which another writer "
                            + "changed meanwhile (" + e.getMessage() + "); nothing of the checkpoint was committed: run again to sync it from the "
                            + "last completed checkpoint", e);
                }
            } else {
                ((SupportsNamespaces) catalog).setProperties(namespace, commitProperty(next.json()));
            }
        } else {
            Map<String, String> files = new LinkedHashMap<>(record == null ? Map.of() : record.tables());
            staged.forEach((id, tx) -> {
                try {
                    tx.commitTransaction();
                } catch (ValidationException | CommitFailedException e) {
                    throw TableCommit.conflict(id, e);
                }
                files.put(id.name(), metadataLocation(catalog.loadTable(id)));
            });
            next = new CommitRecord(commit, committedState, committedPrevious, files);
            CrashWindows.enter(CrashWindows.BEFORE_COMMIT);
            // one property, so one statement of the catalog's database: the checkpoint's commit point
            ((SupportsNamespaces) catalog).setProperties(namespace, commitProperty(next.json()));
        }
        record = next;
    }

    /** A mutable map: the REST client's request asks it whether it holds a null key, which {@code Map.of} refuses to answer. */
    private static Map<String, String> commitProperty(String json) {
        Map<String, String> property = new LinkedHashMap<>();
        property.put(COMMIT_PROPERTY, json);
        return property;
    }

    @Override
    public TableSummary summary(String name) {
        return summary(catalog, namespace, name);
    }

    static TableSummary summary(Catalog catalog, Namespace namespace, String name) {
        TableIdentifier id = TableIdentifier.of(namespace, name);
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

    @Override
    public void close() {
        close(catalog);
    }
}
