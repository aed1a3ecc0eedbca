package fivetran.connector.sdk.iceberg;

import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.warehouse.ColumnType;
import fivetran.connector.sdk.warehouse.Destination;
import fivetran.connector.sdk.warehouse.ScratchMerge;
import fivetran.connector.sdk.warehouse.TableDefinition;
import fivetran.connector.sdk.warehouse.Warehouse;
import fivetran.connector.sdk.warehouse.WarehouseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One table's part of a checkpoint, as one Iceberg commit. The rows the table holds are loaded into a scratch table in
 * the staging DuckDB, the checkpoint's operations merged into it with debug's own statements ({@link ScratchMerge}),
 * and what differs is written: the changed rows as a new data file, the rows they replace as a position-delete file,
 * both in one row delta. A type change Iceberg cannot make in place (to STRING, say), or a changed primary key,
 * replaces the table's schema and rows in one replace transaction instead.
 */
final class TableCommit {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHECKPOINT_SUMMARY = "connector-sdk.checkpoint";
    static final String STATE_SUMMARY = "connector-sdk.state";
    static final String PREVIOUS_STATE_SUMMARY = "connector-sdk.previous-state";
    private static final String BEFORE = "temp.main._iceberg_before";
    private static final String CHANGED = "temp.main._iceberg_changed";
    private static final String FILE = "_iceberg_file";
    private static final String POS = "_iceberg_pos";

    private final Catalog catalog;
    private final TableIdentifier id;
    private final Warehouse staging;
    private final Connection db;
    private final Destination.TableChange change;
    private final TableDefinition desired;
    private final TableDefinition committed;
    private final long commit;
    private final String state;
    private final String previousState;
    private final boolean createApart;

    /**
     * {@code createApart}: a new table is created at once, empty, and filled by the staged transaction, which can then
     * join a multi-table commit (a create transaction cannot).
     */
    TableCommit(Catalog catalog, TableIdentifier id, Warehouse staging, Destination.TableChange change, long commit, String state,
            String previousState, boolean createApart) {
        this.catalog = catalog;
        this.id = id;
        this.staging = staging;
        this.db = ScratchMerge.connection(staging);
        this.change = change;
        this.desired = change.desired();
        this.committed = change.committed();
        this.commit = commit;
        this.state = state;
        this.previousState = previousState;
        this.createApart = createApart;
    }

    /** The change as a transaction, for the caller to commit. */
    Transaction stage() throws SQLException {
        Table table = committed == null ? null : catalog.loadTable(id);
        boolean rewrite = table == null || needsRewrite(table.schema());
        try {
            // a key column promoted in place (INT to LONG): its index holds values of the old type, the rows are all read instead
            boolean keyTypeChanged = !rewrite && keyColumns().stream()
                    .anyMatch(k -> !isSystem(k) && !committed.columns().get(k).equals(desired.columns().get(k)));
            if (rewrite || keyTypeChanged) {
                execute("DROP TABLE IF EXISTS " + keyIndex());
            }
            if (table != null) {
                ScratchMerge.create(staging, committed);
                // a truncate or a rewrite concerns every row; otherwise only the rows with the staged keys can change
                loadRows(table, rewrite || keyTypeChanged || ScratchMerge.truncates(change));
            } else {
                // a run killed inside this table's first commit left its scratch table in the staging file
                ScratchMerge.drop(staging, desired.name());
            }
            ScratchMerge.apply(staging, change);
            return rewrite ? replace(table) : update(table);
        } catch (ValidationException | CommitFailedException e) {
            throw conflict(id, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            execute("DROP TABLE IF EXISTS " + BEFORE);
            execute("DROP TABLE IF EXISTS " + CHANGED);
            ScratchMerge.drop(staging, desired.name());
        }
    }

    // ---- the two kinds of commit ------------------------------------------------------------------------------

    /** A new table, or a new schema: the table's rows all written again, in one create or replace transaction. */
    private Transaction replace(Table table) throws SQLException, IOException {
        Schema schema = schema(desired, table == null ? List.of() : table.schema().columns().stream().map(Types.NestedField::name).toList());
        Map<String, String> properties = Map.of(TableProperties.FORMAT_VERSION, "2",
                IcebergDestination.PRIMARY_KEY_PROPERTY, JSON.writeValueAsString(desired.primaryKey()));
        var builder = catalog.buildTable(id, schema).withPartitionSpec(PartitionSpec.unpartitioned()).withProperties(properties);
        Transaction tx = table == null && createApart ? builder.create().newTransaction()
                : table == null ? builder.createTransaction() : builder.replaceTransaction();
        Table target = tx.table();
        DataFile rows = writeRows(target, ScratchMerge.qualified(desired.name()));
        var append = tx.newAppend();
        if (rows != null) {
            append.appendFile(rows);
        }
        summarize(append).commit();
        return tx;
    }

    /** The changed rows appended, the rows they replace position-deleted: one row delta, with any column added or widened. */
    private Transaction update(Table table) throws SQLException, IOException {
        Snapshot base = table.currentSnapshot();
        Transaction tx = table.newTransaction();
        evolve(tx, table.schema());
        Table target = tx.table();
        List<String> all = allColumns(desired);
        StringJoiner before = new StringJoiner(", ");
        for (String column : all) {
            before.add(column.equals(TableDefinition.ID) ? "CAST(" + quote(column) + " AS UHUGEINT)"
                    : committed.columns().containsKey(column) || isSystem(column) ? quote(column) : "NULL");
        }
        execute("CREATE OR REPLACE TEMP TABLE _iceberg_changed AS SELECT " + joined(all) + " FROM " + ScratchMerge.qualified(desired.name())
                + " EXCEPT SELECT " + before + " FROM " + BEFORE);
        DataFile rows = writeRows(target, CHANGED);
        DeleteFile deletes = writeDeletes(target);
        if (rows != null || deletes != null || base == null) {
            RowDelta delta = tx.newRowDelta();
            if (rows != null) {
                delta.addRows(rows);
            }
            if (deletes != null) {
                delta.addDeletes(deletes);
            }
            if (base != null) {
                // a concurrent writer's commit to this table fails this one, which is then reported, never applied twice
                delta.validateFromSnapshot(base.snapshotId()).validateNoConflictingDataFiles().validateNoConflictingDeleteFiles()
                        .validateDeletedFiles();
            }
            summarize(delta).commit();
        }
        return tx;
    }

    /** Another writer changed the table under this checkpoint: reported, the checkpoint committed nowhere. */
    static WarehouseException conflict(TableIdentifier id, RuntimeException e) {
        return new WarehouseException("Iceberg table " + id + " was changed by another writer while this checkpoint was being committed to it ("
                + e.getMessage() + "); nothing of the checkpoint was committed: run again to sync it from the last completed checkpoint", e);
    }

    private <T extends SnapshotUpdate<T>> T summarize(T update) {
        update.set(CHECKPOINT_SUMMARY, Long.toString(commit));
        if (state != null) {
            update.set(STATE_SUMMARY, state);
        }
        if (previousState != null) {
            update.set(PREVIOUS_STATE_SUMMARY, previousState);
        }
        return update;
    }

    /** Whether the desired definition needs a new schema: a changed key, or a type change that is no Iceberg promotion. */
    private boolean needsRewrite(Schema current) {
        if (!desired.primaryKey().equals(committed.primaryKey())) {
            return true;
        }
        for (Map.Entry<String, ColumnType> column : committed.columns().entrySet()) {
            ColumnType after = desired.columns().get(column.getKey());
            Types.NestedField field = current.findField(column.getKey());
            if (field == null || after == null || !IcebergTypes.promotable(field.type(), IcebergTypes.of(after))) {
                return true;
            }
        }
        return false;
    }

    /** Columns added and widened in place, and each field's doc kept to its Fivetran type. */
    private void evolve(Transaction tx, Schema current) {
        UpdateSchema update = null;
        for (Map.Entry<String, ColumnType> column : desired.columns().entrySet()) {
            Types.NestedField field = current.findField(column.getKey());
            Type type = IcebergTypes.of(column.getValue());
            String doc = IcebergTypes.doc(column.getValue());
            if (field != null && field.type().equals(type) && doc.equals(field.doc())) {
                continue;
            }
            // a transaction takes one pending operation at a time: the update is opened only when something changes
            update = update == null ? tx.updateSchema() : update;
            if (field == null) {
                update.addColumn(column.getKey(), type, doc);
                continue;
            }
            if (!field.type().equals(type)) {
                update.updateColumn(column.getKey(), type.asPrimitiveType());
            }
            if (!doc.equals(field.doc())) {
                update.updateColumnDoc(column.getKey(), doc);
            }
        }
        if (update != null) {
            update.commit();
        }
    }

    /** The Iceberg schema of a definition: the primary key (required, the identifier fields) first, as debug orders them. */
    static Schema schema(TableDefinition definition, List<String> existingOrder) {
        List<Types.NestedField> fields = new ArrayList<>();
        Set<Integer> identifiers = new HashSet<>();
        int next = 1;
        // a rewritten table keeps its columns where they were, as debug's ALTER TABLE does
        List<String> ordered = new ArrayList<>(existingOrder.stream().filter(definition.columns()::containsKey).toList());
        userColumns(definition).stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        for (String column : ordered) {
            ColumnType type = definition.columns().get(column);
            boolean key = definition.primaryKey().contains(column);
            fields.add(key ? Types.NestedField.required(next, column, IcebergTypes.of(type), IcebergTypes.doc(type))
                    : Types.NestedField.optional(next, column, IcebergTypes.of(type), IcebergTypes.doc(type)));
            if (key) {
                identifiers.add(next);
            }
            next++;
        }
        if (definition.keyedById()) {
            identifiers.add(next);
            fields.add(Types.NestedField.required(next++, TableDefinition.ID, Types.StringType.get(),
                    "the row's hash, as the decimal text of an unsigned 128-bit integer"));
        }
        fields.add(Types.NestedField.optional(next++, TableDefinition.SYNCED, Types.TimestampType.withZone()));
        fields.add(Types.NestedField.optional(next, TableDefinition.DELETED, Types.BooleanType.get()));
        return new Schema(fields, identifiers);
    }

    private static List<String> userColumns(TableDefinition definition) {
        List<String> ordered = new ArrayList<>(definition.primaryKey());
        definition.columns().keySet().stream().filter(c -> !definition.primaryKey().contains(c)).forEach(ordered::add);
        return ordered;
    }

    private static List<String> allColumns(TableDefinition definition) {
        List<String> all = userColumns(definition);
        if (definition.keyedById()) {
            all.add(TableDefinition.ID);
        }
        all.add(TableDefinition.SYNCED);
        all.add(TableDefinition.DELETED);
        return all;
    }

    private static boolean isSystem(String column) {
        return column.equals(TableDefinition.ID) || column.equals(TableDefinition.SYNCED) || column.equals(TableDefinition.DELETED);
    }

    // ---- reading the table's rows into the scratch table --------------------------------------------------------

    /** The columns that identify a row: the primary key, or {@code _fivetran_id}. */
    private List<String> keyColumns() {
        return desired.keyedById() ? List.of(TableDefinition.ID) : desired.primaryKey();
    }

    /**
     * The key index of the table: the key of every row of the data files it has read, with the row's file and position,
     * in a temporary table of the staging DuckDB. It lasts the run, so that a checkpoint reads the key columns of only the
     * files written since the one before, and finds the rows its staged keys replace with a join in DuckDB. Data files
     * never change, so an indexed file's keys stay true; its deleted rows are left out when its rows are read.
     */
    private String keyIndex() {
        return "temp.main." + quote("_iceberg_keys." + desired.name());
    }

    /**
     * The rows the table holds (deleted rows filtered by its position deletes), with their file and position: all of them,
     * or only those with a staged key.
     */
    private void loadRows(Table table, boolean all) throws SQLException, IOException {
        List<String> columns = allColumns(committed);
        StringJoiner create = new StringJoiner(", ", "CREATE OR REPLACE TEMP TABLE _iceberg_before (", ")");
        for (String column : columns) {
            ColumnType type = committed.columns().get(column);
            create.add(quote(column) + " " + (type != null ? type.sql() : column.equals(TableDefinition.SYNCED) ? "TIMESTAMP WITH TIME ZONE"
                    : column.equals(TableDefinition.DELETED) ? "BOOLEAN" : "VARCHAR"));
        }
        create.add(FILE + " VARCHAR").add(POS + " BIGINT");
        execute(create.toString());
        if (table.currentSnapshot() != null && (all || ScratchMerge.stagesRows(change))) {
            Schema projection = TypeUtil.join(table.schema(), new Schema(MetadataColumns.ROW_POSITION));
            StringJoiner marks = new StringJoiner(", ");
            for (int i = 0; i < columns.size() + 2; i++) {
                marks.add("?");
            }
            List<FileScanTask> tasks = new ArrayList<>();
            try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
                planned.forEach(tasks::add);
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + BEFORE + " VALUES (" + marks + ")")) {
                Map<String, Set<Long>> staged = all ? null : stagedPositions(table, tasks);
                for (FileScanTask task : tasks) {
                    String file = task.file().location();
                    Set<Long> positions = all ? null : staged.get(file);
                    if (!all && positions == null) {
                        continue;
                    }
                    try (CloseableIterable<Record> rows = read(table, task, projection)) {
                        int batch = 0;
                        for (Record row : rows) {
                            Long position = (Long) row.getField(MetadataColumns.ROW_POSITION.name());
                            if (positions != null && !positions.contains(position)) {
                                continue;
                            }
                            for (int i = 0; i < columns.size(); i++) {
                                insert.setObject(i + 1, toJdbc(row.getField(columns.get(i))));
                            }
                            insert.setString(columns.size() + 1, file);
                            insert.setLong(columns.size() + 2, position);
                            insert.addBatch();
                            if (++batch % 10_000 == 0) {
                                insert.executeBatch();
                            }
                        }
                        insert.executeBatch();
                    }
                }
            }
        }
        List<String> scratch = allColumns(committed);
        StringJoiner values = new StringJoiner(", ");
        scratch.forEach(c -> values.add(c.equals(TableDefinition.ID) ? "CAST(" + quote(c) + " AS UHUGEINT)" : quote(c)));
        execute("INSERT INTO " + ScratchMerge.qualified(committed.name()) + " (" + joined(scratch) + ") SELECT " + values + " FROM " + BEFORE);
    }

    /**
     * The positions, per data file, of the rows whose key is staged: the key index brought to the table's current files
     * (the files it no longer has dropped, the key columns of those not indexed yet read), then joined with the staged keys.
     */
    private Map<String, Set<Long>> stagedPositions(Table table, List<FileScanTask> tasks) throws SQLException, IOException {
        List<String> keys = keyColumns();
        StringJoiner create = new StringJoiner(", ", "CREATE TEMP TABLE IF NOT EXISTS " + keyIndex() + " (", ")");
        create.add(FILE + " VARCHAR").add(POS + " BIGINT");
        for (String key : keys) {
            create.add(quote(key) + " " + (key.equals(TableDefinition.ID) ? "UHUGEINT" : indexType(table.schema().findField(key).type())));
        }
        execute(create.toString());
        Set<String> indexed = new HashSet<>();
        try (Statement statement = db.createStatement(); ResultSet files = statement.executeQuery("SELECT DISTINCT " + FILE + " FROM " + keyIndex())) {
            while (files.next()) {
                indexed.add(files.getString(1));
            }
        }
        Set<String> current = new HashSet<>();
        Schema keyProjection = TypeUtil.join(table.schema().select(keys), new Schema(MetadataColumns.ROW_POSITION));
        try (DuckDBAppender appender = db.unwrap(DuckDBConnection.class).createAppender("temp", "main", "_iceberg_keys." + desired.name())) {
            for (FileScanTask task : tasks) {
                String file = task.file().location();
                current.add(file);
                if (indexed.contains(file)) {
                    continue;
                }
                try (CloseableIterable<Record> rows = read(table, task, keyProjection)) {
                    for (Record row : rows) {
                        BigInteger id = keys.contains(TableDefinition.ID) ? syncedId((String) row.getField(TableDefinition.ID)) : null;
                        if (keys.contains(TableDefinition.ID) && id == null) {
                            // another writer's row: no id this sync stages can be its
                            continue;
                        }
                        appender.beginRow();
                        appender.append(file);
                        appender.append((long) (Long) row.getField(MetadataColumns.ROW_POSITION.name()));
                        for (String key : keys) {
                            append(appender, key.equals(TableDefinition.ID) ? id : row.getField(key));
                        }
                        appender.endRow();
                    }
                }
            }
        }
        indexed.removeAll(current);
        if (!indexed.isEmpty()) {
            // files a rewrite or another writer took out of the table
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM " + keyIndex() + " WHERE " + FILE + " = ?")) {
                for (String gone : indexed) {
                    delete.setString(1, gone);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        StringJoiner same = new StringJoiner(" AND ");
        keys.forEach(key -> same.add("i." + quote(key) + " = s." + quote(key)));
        Map<String, Set<Long>> positions = new HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("SELECT i." + FILE + ", i." + POS + " FROM "
                + keyIndex() + " i JOIN (" + ScratchMerge.stagedKeys(change) + ") s(" + joined(keys) + ") ON " + same)) {
            while (rows.next()) {
                positions.computeIfAbsent(rows.getString(1), file -> new HashSet<>()).add(rows.getLong(2));
            }
        }
        return positions;
    }

    /** The DuckDB type of Iceberg's values of a key column, for the key index. */
    private static String indexType(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + ((Types.DecimalType) type).precision() + ", " + ((Types.DecimalType) type).scale() + ")";
            case DATE -> "DATE";
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
            case BINARY, FIXED -> "BLOB";
            default -> "VARCHAR";
        };
    }

    /** A {@code _fivetran_id} as this SDK writes it (an unsigned 128-bit number's decimal text), else null. */
    private static BigInteger syncedId(String text) {
        if (text == null || text.isEmpty() || text.length() > 39 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        BigInteger id = new BigInteger(text);
        return id.bitLength() <= 128 ? id : null;
    }

    /** One of Iceberg's values (or {@code _fivetran_id}'s BigInteger) appended to the row of {@code appender}. */
    private static void append(DuckDBAppender appender, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (value instanceof Boolean bool) {
            appender.append(bool);
        } else if (value instanceof Integer number) {
            appender.append(number);
        } else if (value instanceof Long number) {
            appender.append(number);
        } else if (value instanceof Float number) {
            appender.append(number);
        } else if (value instanceof Double number) {
            appender.append(number);
        } else if (value instanceof BigDecimal number) {
            appender.append(number);
        } else if (value instanceof BigInteger number) {
            // append(BigInteger) takes HUGEINT's range only: the two halves of the UHUGEINT instead
            appender.appendHugeInt(number.longValue(), number.shiftRight(64).longValue());
        } else if (value instanceof LocalDate date) {
            appender.append(date);
        } else if (value instanceof LocalDateTime time) {
            appender.append(time);
        } else if (value instanceof OffsetDateTime time) {
            appender.append(time);
        } else if (value instanceof ByteBuffer) {
            appender.append((byte[]) toJdbc(value));
        } else {
            appender.append(value.toString());
        }
    }

    /** A data file's rows as {@code projection} selects them, its position deletes applied. */
    private static CloseableIterable<Record> read(Table table, FileScanTask task, Schema projection) {
        GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), task, table.schema(), projection);
        Schema read = deletes.requiredSchema();
        return deletes.filter(Parquet.read(table.io().newInputFile(task.file().location())).project(read)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(read, fileSchema)).build());
    }

    private static Object toJdbc(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return value;
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    /** The rows of {@code relation} as one Parquet data file of {@code target}'s schema; null when there are none. */
    private DataFile writeRows(Table target, String relation) throws SQLException, IOException {
        Schema schema = target.schema();
        StringJoiner select = new StringJoiner(", ");
        for (Types.NestedField field : schema.columns()) {
            // JSON as its text; _fivetran_id (UHUGEINT) is read as a BigInteger, which DuckDB gives far faster than its VARCHAR cast
            select.add(field.type().typeId() == Type.TypeID.STRING && !field.name().equals(TableDefinition.ID)
                    ? "CAST(" + quote(field.name()) + " AS VARCHAR)" : quote(field.name()));
        }
        DataWriter<Record> writer = null;
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("SELECT " + select + " FROM " + relation)) {
            while (rows.next()) {
                if (writer == null) {
                    OutputFile out = target.io().newOutputFile(target.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet"));
                    writer = Parquet.writeData(out).forTable(target).createWriterFunc(GenericParquetWriter::create).overwrite().build();
                }
                GenericRecord record = GenericRecord.create(schema);
                List<Types.NestedField> fields = schema.columns();
                for (int i = 0; i < fields.size(); i++) {
                    record.set(i, fromJdbc(rows, i + 1, fields.get(i).type()));
                }
                writer.write(record);
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        return writer == null ? null : writer.toDataFile();
    }

    private static Object fromJdbc(ResultSet rows, int column, Type type) throws SQLException {
        Object value = switch (type.typeId()) {
            case BOOLEAN -> rows.getBoolean(column);
            case INTEGER -> rows.getInt(column);
            case LONG -> rows.getLong(column);
            case FLOAT -> rows.getFloat(column);
            case DOUBLE -> rows.getDouble(column);
            case DECIMAL -> {
                BigDecimal decimal = rows.getBigDecimal(column);
                yield decimal == null ? null : decimal.setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
            }
            case DATE -> rows.getObject(column, LocalDate.class);
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                    ? utc(rows.getObject(column, OffsetDateTime.class)) : rows.getObject(column, LocalDateTime.class);
            case BINARY -> {
                byte[] bytes = rows.getBytes(column);
                yield bytes == null ? null : ByteBuffer.wrap(bytes);
            }
            default -> {
                Object text = rows.getObject(column);
                yield text == null ? null : text.toString();
            }
        };
        return rows.wasNull() ? null : value;
    }

    private static OffsetDateTime utc(OffsetDateTime value) {
        return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** The positions of the rows the changed rows replace, as one position-delete file; null when there are none. */
    private DeleteFile writeDeletes(Table target) throws SQLException, IOException {
        List<String> keys = keyColumns();
        StringJoiner same = new StringJoiner(" AND ");
        for (String key : keys) {
            same.add((key.equals(TableDefinition.ID) ? "CAST(b." + quote(key) + " AS UHUGEINT)" : "b." + quote(key)) + " = c." + quote(key));
        }
        PositionDeleteWriter<Record> writer = null;
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT b." + FILE + ", b." + POS + " FROM " + BEFORE + " b WHERE EXISTS (SELECT 1 FROM "
                     + CHANGED + " c WHERE " + same + ") ORDER BY 1, 2")) {
            PositionDelete<Record> delete = PositionDelete.create();
            while (rows.next()) {
                if (writer == null) {
                    OutputFile out = target.io().newOutputFile(target.locationProvider().newDataLocation(UUID.randomUUID() + "-deletes.parquet"));
                    // no row schema: the file holds the deleted rows' file and position only
                    writer = Parquet.writeDeletes(out).setAll(target.properties()).overwrite().withSpec(target.spec()).buildPositionWriter();
                }
                writer.write(delete.set(rows.getString(1), rows.getLong(2), null));
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        return writer == null ? null : writer.toDeleteFile();
    }

    // ---- SQL ----------------------------------------------------------------------------------------------------

    private void execute(String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String joined(List<String> columns) {
        StringJoiner out = new StringJoiner(", ");
        columns.forEach(c -> out.add(quote(c)));
        return out.toString();
    }

}
