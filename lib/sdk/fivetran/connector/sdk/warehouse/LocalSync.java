package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.Column;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.internal.Frames;
import fivetran.connector.sdk.internal.OperationSink;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync into the local warehouse: receives the connector's operations, stages them, and commits them with
 * their state at each checkpoint. Any number of threads may call: each resolves and coerces its rows against their
 * table as it stands and hands full batches to an appending thread, which appends them under the sync's shared lock;
 * everything that changes a table, and every checkpoint, waits for the batches handed over and takes its exclusive
 * lock.
 */
public final class LocalSync implements OperationSink {
    private static final Logger LOG = LoggerFactory.getLogger("debugger");
    /** Seconds between progress lines; the property exists so that a short sync can show one too. */
    private static final long PROGRESS_INTERVAL_NANOS = (long) (Double.parseDouble(System.getProperty("connector.sdk.progress.seconds", "5")) * 1e9);
    /** Checkpoints with a "checkpoint recorded" line each; after them, one line per progress interval, and the last one. */
    private static final int CHECKPOINTS_SHOWN = 10;
    /** Set to {@code all}, every checkpoint has its line: for tests and tools that count them. */
    static final String CHECKPOINT_LOG_PROPERTY = "connector.sdk.log.checkpoints";

    /** Where operations are staged: DuckDB temporary tables on this connection. */
    private final Warehouse warehouse;
    /** Where each checkpoint is committed, with its state. */
    private final Destination destination;
    private final Naming naming;
    private final Path stateFile;
    private final SyncCounters counters = new SyncCounters();
    private final Map<String, TableDefinition> existing;
    /** Written under the sync's lock, read by producer threads preparing their rows. */
    private final Map<String, TableWriter> writersBySource = new ConcurrentHashMap<>();
    private final Map<String, TableWriter> writersByName = new LinkedHashMap<>();
    private final Map<String, String> sourceByTable = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private String committedState;
    private String pendingState;
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final long startNanos = System.nanoTime();
    private long lastProgressNanos = startNanos;
    private long lastProgressOperations;
    private final boolean everyCheckpointShown = "all".equals(System.getProperty(CHECKPOINT_LOG_PROPERTY));
    private long lastCheckpointLineNanos;
    /** Checkpoints committed since the last "checkpoint recorded" line. */
    private int checkpointsNotShown;
    private volatile RuntimeException failure;
    /** Set when the sync is finished or abandoned: threads the connector left running are stopped at their next call. */
    private volatile boolean closed;
    private boolean declaring;

    /**
     * @param staging        the DuckDB connection operations are staged on
     * @param destination    where checkpoints are committed (for the local tester, {@code staging} itself)
     * @param committedState the state the sync starts from (JSON object text)
     * @param stateFile      where each committed state is mirrored
     */
    public LocalSync(Warehouse staging, Destination destination, Naming naming, String committedState, Path stateFile) {
        this.warehouse = staging;
        this.destination = destination;
        this.naming = naming;
        this.committedState = committedState;
        this.stateFile = stateFile;
        try {
            this.existing = destination.tables();
        } catch (SQLException e) {
            throw new WarehouseException("cannot read the tables of " + destination.location() + ": " + Warehouse.firstLine(e.getMessage()), e);
        }
    }

    public SyncCounters counters() {
        return counters;
    }

    /** The state committed last (JSON object text): the starting state until a checkpoint commits. */
    public String committedState() {
        return committedState;
    }

    /** Creates or alters the tables declared by {@code schema()}, committing at once (no rows are involved). */
    public void declare(List<Table> tables) {
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            Set<String> seen = new HashSet<>();
            declaring = true;
            try {
                declareAll(tables, seen);
            } finally {
                declaring = false;
            }
            guard(() -> commit(null, true));
        } finally {
            exclusive.unlock();
        }
    }

    private void declareAll(List<Table> tables, Set<String> seen) {
        for (Table table : tables) {
            if (!seen.add(table.name())) {
                throw new InvalidInputException("Table already defined: " + table.name());
            }
            TableWriter writer = writer(table.name());
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            for (Column column : table.columns()) {
                String name = columnName(writer, column.name());
                columns.put(name, column.type() == fivetran.connector.sdk.DataType.DECIMAL
                        ? ColumnType.decimal(column.precision(), column.scale()) : ColumnType.of(column.type()));
            }
            List<String> key = table.primaryKey().stream().map(k -> columnName(writer, k)).toList();
            String change = writer.exists() ? "declaration changed" : "table created";
            if (writer.declare(key, columns)) {
                schemaChanged(writer.name(), change);
            }
        }
    }

    // ---- operations -------------------------------------------------------------------------------------------

    /**
     * A producer thread's operations not yet applied. Each thread buffers its own and hands them over (or, when one
     * may change a table, applies them itself) a batch at a time, in its order, so that threads do not contend for the
     * sync's lock on every row. Lock order: a buffer's lock, then the sync's.
     */
    private static final class Pending {
        final ReentrantLock lock = new ReentrantLock();
        List<Operation> operations = new ArrayList<>(BATCH);
    }

    /** An operation, prepared in the calling thread or, with the connector's frame that called it, to resolve later. */
    private record Operation(OperationKind kind, TableWriter writer, TableWriter.Prepared prepared, String table, Map<String, ?> data,
                             StackTraceElement caller) {
    }

    private static final StackWalker STACK = StackWalker.getInstance();

    /** The first frame outside the SDK and the JDK: the connector's line that called an operation. */
    private static StackTraceElement caller() {
        return STACK.walk(frames -> frames.filter(frame -> Frames.outsideTheSdk(frame.getClassName())).findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
    }

    private static final int BATCH = 256;
    private final Appending appending = new Appending();
    private final List<Pending> allPending = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Pending> pending = ThreadLocal.withInitial(() -> {
        Pending created = new Pending();
        allPending.add(created);
        return created;
    });

    @Override
    public void upsert(String table, Map<String, ?> data) {
        enqueue(OperationKind.UPSERT, table, data);
    }

    @Override
    public void update(String table, Map<String, ?> modified) {
        enqueue(OperationKind.UPDATE, table, modified);
    }

    @Override
    public void delete(String table, Map<String, ?> keys) {
        enqueue(OperationKind.DELETE, table, keys);
    }

    /** Buffers an operation, applying the batch when it is full. */
    private void enqueue(OperationKind kind, String table, Map<String, ?> data) {
        if (closed) {
            throw ended();
        }
        RuntimeException failed = failure;
        if (failed != null) {
            throw new SyncAlreadyFailedException(failed);
        }
        Operation operation = prepare(kind, table, data);
        Pending mine = pending.get();
        mine.lock.lock();
        try {
            mine.operations.add(operation);
            if (mine.operations.size() >= BATCH) {
                if (allPrepared(mine.operations)) {
                    appending.handOver(mine.operations);
                    mine.operations = new ArrayList<>(BATCH);
                } else {
                    appending.drain();
                    apply(mine.operations);
                }
            }
        } finally {
            mine.lock.unlock();
        }
    }

    /**
     * Resolves and coerces an operation in the calling thread when its table's columns already fit it, so that
     * producer threads share that work and append at once. Otherwise the operation
     * keeps a copy of its map (the caller may reuse its own) and is resolved under the lock.
     */
    private Operation prepare(OperationKind kind, String table, Map<String, ?> data) {
        TableWriter writer = table == null || data == null ? null : writersBySource.get(table);
        if (writer != null) {
            TableWriter.Prepared prepared;
            try {
                prepared = writer.prepare(kind, data);
            } catch (RuntimeException e) {
                failWith(e);
                throw e;
            }
            if (prepared != null) {
                return new Operation(kind, writer, prepared, null, null, null);
            }
        }
        // only operations that change a table, or its first rows, wait to be resolved: few, so the frame costs little
        return new Operation(kind, null, null, table, data == null ? null : new HashMap<>(data), caller());
    }

    private static boolean allPrepared(List<Operation> operations) {
        for (Operation operation : operations) {
            if (operation.prepared() == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies every batch handed over and every thread's buffered operations; called before an operation that
     * concerns rows written so far.
     */
    private void applyAllPending() {
        appending.drain();
        for (Pending buffer : allPending) {
            buffer.lock.lock();
            try {
                apply(buffer.operations);
            } finally {
                buffer.lock.unlock();
            }
        }
    }

    /** Applies a batch in its order, then empties it; the caller holds its buffer's lock, or owns the batch. */
    private void apply(List<Operation> operations) {
        try {
            if (!applyShared(operations)) {
                applyExclusive(operations);
            }
        } finally {
            operations.clear();
        }
    }

    /**
     * The thread that appends full batches of prepared rows, so that a producer thread goes on building and coercing
     * its next rows while DuckDB's Appender takes the last ones: on two cores the two halves of a row's cost run at
     * once. Batches are applied in the order handed over; whatever concerns the rows written so far (a batch that
     * changes a table, a truncate, a checkpoint, the end) first waits until they are ({@link #drain}). A failure there
     * fails the sync, and the producer's next call reports it.
     */
    private final class Appending {
        private static final int QUEUED_BATCHES = 16;
        private static final Runnable STOP = () -> {
        };
        private final BlockingQueue<Runnable> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        private Thread thread;
        private boolean stopped;

        void handOver(List<Operation> batch) {
            if (!started()) {
                // after the sync ended (a thread the connector left running), applying refuses the batch at once
                apply(batch);
                return;
            }
            put(() -> apply(batch));
        }

        /** Whether batches go to the appending thread, started on the first; false once it was stopped. */
        private synchronized boolean started() {
            if (thread == null && !stopped) {
                thread = new Thread(this::applyHandedOver, "connector-sdk-appender");
                thread.setDaemon(true);
                thread.start();
            }
            return thread != null;
        }

        /** Waits until every batch handed over so far is applied. */
        void drain() {
            if (!running()) {
                return;
            }
            CountDownLatch applied = new CountDownLatch(1);
            put(applied::countDown);
            boolean interrupted = false;
            // a stop() in between (the sync ending under a thread the connector left running) ends the wait too
            while (running()) {
                try {
                    if (applied.await(50, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Applies what was handed over, then ends the thread. */
        void stop() {
            Thread running;
            synchronized (this) {
                running = thread;
                thread = null;
                stopped = true;
            }
            if (running != null) {
                put(STOP);
                try {
                    running.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private synchronized boolean running() {
            return thread != null;
        }

        /** Queues {@code task}, waiting while the queue is full; gives up on all but STOP once the thread was stopped. */
        private void put(Runnable task) {
            boolean interrupted = false;
            while (task == STOP || running()) {
                try {
                    if (batches.offer(task, 50, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void applyHandedOver() {
            while (true) {
                Runnable task;
                try {
                    task = batches.take();
                } catch (InterruptedException e) {
                    continue;
                }
                if (task == STOP) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // guard() recorded it; the producer's next call throws it
                } catch (Throwable e) {
                    failWith(new WarehouseException("appending rows failed: " + e, e));
                }
            }
        }
    }

    /**
     * Appends a buffer whose operations all fit their tables as they stand, under the shared lock, so that other
     * threads append theirs at the same time. Returns false, having staged nothing, when one of them does not.
     */
    private boolean applyShared(List<Operation> operations) {
        Lock shared = lock.readLock();
        shared.lock();
        try {
            for (Operation operation : operations) {
                if (operation.prepared() == null || !operation.writer().stagesShared(operation.prepared())) {
                    return false;
                }
            }
            for (Operation operation : operations) {
                guard(() -> {
                    operation.writer().stageShared(sequence.incrementAndGet(), operation.kind(), now(), operation.prepared());
                    count(operation.kind());
                });
            }
            return true;
        } finally {
            shared.unlock();
        }
    }

    private void applyExclusive(List<Operation> operations) {
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            for (Operation operation : operations) {
                if (operation.prepared() != null) {
                    applyPrepared(operation.kind(), operation.writer(), operation.prepared());
                } else {
                    applyUnprepared(operation);
                }
            }
        } finally {
            exclusive.unlock();
        }
    }

    /** Stages a prepared operation, or resolves it again if its table changed since it was prepared. */
    private void applyPrepared(OperationKind kind, TableWriter writer, TableWriter.Prepared prepared) {
        guard(() -> {
            if (writer.current(prepared)) {
                writer.stage(sequence.incrementAndGet(), kind, now(), prepared.values(),
                        kind == OperationKind.UPDATE ? TableWriter.presence(prepared) : null, null);
                count(kind);
            } else {
                stage(kind, writer, TableWriter.byColumn(prepared));
            }
        });
    }

    private void applyUnprepared(Operation operation) {
        try {
            guard(() -> {
                OperationKind kind = operation.kind();
                String op = kind.messageName;
                TableWriter writer = kind == OperationKind.UPSERT ? writer(operation.table()) : knownWriter(operation.table(), op);
                stage(kind, writer, byColumn(writer, operation.data(), op, kind != OperationKind.UPSERT));
            });
        } catch (InvalidInputException e) {
            // refused later than called: the trace starts at the connector's call, which the log line shows
            if (operation.caller() != null) {
                StackTraceElement[] frames = e.getStackTrace();
                StackTraceElement[] withCaller = new StackTraceElement[frames.length + 1];
                withCaller[0] = operation.caller();
                System.arraycopy(frames, 0, withCaller, 1, frames.length);
                e.setStackTrace(withCaller);
            }
            throw e;
        }
    }

    /** Resolves an operation's values by column against the table, changing the table as needed, and stages it. */
    private void stage(OperationKind kind, TableWriter writer, Map<String, Object> byColumn) throws SQLException {
        String givenId = null;
        if (kind == OperationKind.UPDATE) {
            givenId = requireId(writer, byColumn, kind.messageName);
        } else if (kind == OperationKind.DELETE) {
            Object id = byColumn.remove(TableDefinition.ID);
            givenId = id == null ? null : fivetranId(writer, id);
        }
        Object[] values = writer.resolve(byColumn, kind.messageName);
        writer.stage(sequence.incrementAndGet(), kind, now(), values, kind == OperationKind.UPDATE ? writer.presence(byColumn) : null, givenId);
        count(kind);
    }

    private void count(OperationKind kind) {
        switch (kind) {
            case UPSERT -> counters.upserts.increment();
            case UPDATE -> counters.updates.increment();
            case DELETE -> counters.deletes.increment();
        }
    }

    @Override
    public void truncate(String table) {
        applyAllPending();
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            guard(() -> {
                TableWriter writer = knownWriter(table, "truncate");
                writer.truncate(sequence.incrementAndGet(), now());
                counters.truncates++;
                LOG.info("table truncated: {}.{}", Warehouse.SCHEMA, writer.name());
            });
        } finally {
            exclusive.unlock();
        }
    }

    @Override
    public void checkpoint(Map<String, ?> state) {
        applyAllPending();
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            guard(() -> {
                if (state == null) {
                    throw new InvalidInputException("checkpoint state must be a map that serializes to a JSON object, was null");
                }
                String json = StateJson.write(state);
                boolean shown = showsNextCheckpoint();
                commit(json, shown);
                counters.checkpoints++;
                checkpointsNotShown++;
                if (shown) {
                    showCheckpoint();
                    lastCheckpointLineNanos = System.nanoTime();
                }
            });
        } finally {
            exclusive.unlock();
        }
    }

    /** Applies the operations still buffered or handed over, so that a refusal among them is reported before the final commit. */
    public void applyPending() {
        if (failure == null) {
            applyAllPending();
        }
    }

    /** Commits what is left after {@code update()} returned. */
    public void finish() {
        try {
            if (failure == null) {
                applyAllPending();
            }
            finishCommit();
        } finally {
            appending.stop();
        }
    }

    private void finishCommit() {
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            showLastCheckpoint();
            LOG.info("Final checkpoint: committing any remaining operations");
            guard(() -> commit(null, true));
            closed = true;
        } finally {
            exclusive.unlock();
        }
    }

    /** Drops the staged operations after a failure; the warehouse keeps the last committed checkpoint. */
    public void abandon() {
        closed = true;
        appending.stop();
        for (Pending buffer : allPending) {
            buffer.lock.lock();
            try {
                buffer.operations.clear();
            } finally {
                buffer.lock.unlock();
            }
        }
        clearStaging();
    }

    private void clearStaging() {
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            showLastCheckpoint();
            for (TableWriter writer : writersByName.values()) {
                try {
                    writer.clearStaging();
                } catch (SQLException ignored) {
                    // the staging tables are temporary and vanish with the connection
                }
            }
        } finally {
            exclusive.unlock();
        }
    }

    /** What this sync wrote per table, and the live rows each table now has: for the end-of-sync summary. */
    public List<TableCount> tableCounts() {
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            List<TableCount> counts = new ArrayList<>();
            for (TableWriter writer : writersByName.values()) {
                TableSummary summary = writer.exists() ? destination.summary(writer.name()) : null;
                if (summary != null) {
                    counts.add(new TableCount(writer.name(), writer.written(), summary.live()));
                }
            }
            return counts;
        } finally {
            exclusive.unlock();
        }
    }

    /** A table's line in the summary: operations written by this sync, live rows now. */
    public record TableCount(String table, long written, long live) {
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private interface Step {
        void run() throws SQLException, IOException;
    }

    /** Runs an operation; after the first failure every later call fails the same way, so no thread goes on. */
    private static IllegalStateException ended() {
        return new IllegalStateException("no sync is running: the sync has ended, so operations from threads it left behind are refused");
    }

    private void guard(Step step) {
        if (closed) {
            throw ended();
        }
        RuntimeException failed = failure;
        if (failed != null) {
            throw new SyncAlreadyFailedException(failed);
        }
        try {
            step.run();
            progress();
        } catch (SQLException e) {
            throw failWith(new WarehouseException("DuckDB refused a write: " + Warehouse.firstLine(e.getMessage()), e));
        } catch (IOException e) {
            throw failWith(new WarehouseException("cannot write " + stateFile + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw failWith(e);
        }
    }

    /** Records the sync's first failure, after which every call fails; returns {@code e} to be thrown. */
    private synchronized RuntimeException failWith(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    private void progress() {
        long operations = sequence.get();
        if ((operations & 0x3FFF) != 0) {
            return;
        }
        synchronized (counters) {
            logProgress(operations);
        }
    }

    private void logProgress(long operations) {
        long now = System.nanoTime();
        if (now - lastProgressNanos >= PROGRESS_INTERVAL_NANOS) {
            double rate = (operations - lastProgressOperations) / ((now - lastProgressNanos) / 1e9);
            LOG.info(String.format(Locale.ROOT, "progress: %,d rows, %,.0f rows/s", operations, rate));
            lastProgressNanos = now;
            lastProgressOperations = operations;
        }
    }

    private static OffsetDateTime now() {
        return Instant.now().atOffset(ZoneOffset.UTC);
    }

    /** Commits the staged operations with {@code state} (null: none); {@code logged}: with its DEBUG line. */
    private void commit(String state, boolean logged) throws SQLException, IOException {
        long started = System.nanoTime();
        List<Destination.TableChange> changes = new ArrayList<>();
        long operations = 0;
        int tablesWritten = 0;
        for (TableWriter writer : writersByName.values()) {
            Destination.TableChange change = writer.change();
            if (change != null) {
                changes.add(change);
                operations += writer.staged();
                tablesWritten += writer.staged() > 0 ? 1 : 0;
            }
        }
        destination.commit(changes, state, committedState);
        if (logged && LOG.isDebugEnabled()) {
            LOG.debug(String.format(Locale.ROOT, "committed %,d operation%s%s%s in %d ms", operations, operations == 1 ? "" : "s",
                    tablesWritten == 0 ? "" : " (" + tablesWritten + (tablesWritten == 1 ? " table)" : " tables)"),
                    state == null ? "" : " with the state", (System.nanoTime() - started) / 1_000_000));
        }
        for (TableWriter writer : writersByName.values()) {
            writer.committed();
            writer.clearStaging();
        }
        if (state != null) {
            committedState = state;
            StateFile.write(stateFile, state, destination.committedState().checkpoint());
        }
    }

    /**
     * Whether the next checkpoint has its lines ("committed …" and "checkpoint recorded"): each of the first
     * {@value #CHECKPOINTS_SHOWN}, then the first after each progress interval, so that a sync of a thousand checkpoints
     * does not print a thousand of each; {@link #showLastCheckpoint} adds the last one at the end.
     */
    private boolean showsNextCheckpoint() {
        return everyCheckpointShown || counters.checkpoints < CHECKPOINTS_SHOWN
                || System.nanoTime() - lastCheckpointLineNanos >= PROGRESS_INTERVAL_NANOS;
    }

    private void showLastCheckpoint() {
        if (checkpointsNotShown > 0) {
            showCheckpoint();
        }
    }

    private void showCheckpoint() {
        String masked = StateLog.masked(committedState);
        if (checkpointsNotShown == 1) {
            LOG.info("checkpoint recorded: {}", masked);
        } else {
            LOG.info(String.format(Locale.ROOT, "checkpoint recorded: %s (%,d checkpoints since the last such line)", masked, checkpointsNotShown));
        }
        checkpointsNotShown = 0;
    }


    private TableWriter knownWriter(String table, String op) {
        TableWriter writer = writer(table);
        if (!writer.exists() && !writer.declared() && writer.staged() == 0 && writer.desired.columns.isEmpty()) {
            throw new InvalidInputException("table '" + table + "': " + op + " on a table that was never declared nor written; "
                    + "upsert to it or declare it in schema() first");
        }
        return writer;
    }

    /** Each change counted in the summary's "Schema changes" has its own log line. */
    private void schemaChanged(String table, String change) {
        counters.schemaChanges++;
        LOG.info("schema change detected: {}.{}: {}", Warehouse.SCHEMA, table, change);
    }

    private TableWriter writer(String source) {
        TableWriter writer = source == null ? null : writersBySource.get(source);
        if (writer != null) {
            return writer;
        }
        requireTableName(source);
        String name = naming.table(source);
        if (name.toLowerCase(Locale.ROOT).startsWith("_fivetran_")) {
            throw new InvalidInputException("table '" + source + "': names starting with _fivetran_ are reserved for Fivetran");
        }
        writer = writersByName.get(name);
        if (writer == null) {
            TableDefinition found = existing.get(name);
            writer = new TableWriter(warehouse, source, found, name, writersByName.size(),
                    this::warnOnce, change -> schemaChanged(name, change));
            if (found == null && !declaring) {
                schemaChanged(name, "table created");
            }
            writersByName.put(name, writer);
            sourceByTable.put(name, source);
        } else if (!sourceByTable.get(name).equals(source)) {
            warnOnce("tables '" + sourceByTable.get(name) + "' and '" + source + "' both become '" + name + "'; their rows are merged into one table");
        }
        writersBySource.put(source, writer);
        return writer;
    }

    private static void requireTableName(String source) {
        if (source == null) {
            throw new InvalidInputException("table name is missing (null)");
        }
        if (source.isBlank()) {
            throw new InvalidInputException("table name must not be empty or blank, was '" + source + "'");
        }
        if (Values.unpairedSurrogate(source) >= 0) {
            throw new InvalidInputException("table name " + Values.describe(source) + " is not valid text: "
                    + Values.surrogateRule(source, Values.unpairedSurrogate(source)));
        }
    }

    private Map<String, Object> byColumn(TableWriter writer, Map<String, ?> data, String op, boolean allowId) {
        if (data == null) {
            throw new InvalidInputException("table '" + writer.sourceName() + "': " + op + " needs a map of column values, was null");
        }
        Map<String, Object> byColumn = new HashMap<>(data.size() * 2);
        for (Map.Entry<String, ?> entry : data.entrySet()) {
            Object key = entry.getKey();
            if (!(key instanceof String source)) {
                throw new InvalidInputException("table '" + writer.sourceName() + "': column name " + Values.describe(key) + " is not a string");
            }
            String column = writer.column(source);
            if (column == null) {
                column = columnName(writer, source, allowId && writer.desired.keyedById());
            }
            byColumn.put(column, entry.getValue());
        }
        return byColumn;
    }

    private String columnName(TableWriter writer, String source) {
        return columnName(writer, source, false);
    }

    private String columnName(TableWriter writer, String source, boolean allowId) {
        if (source.isBlank()) {
            throw new InvalidInputException("table '" + writer.sourceName() + "': column name must not be empty or blank, was '" + source + "'");
        }
        if (Values.unpairedSurrogate(source) >= 0) {
            throw new InvalidInputException("table '" + writer.sourceName() + "': column name " + Values.describe(source)
                    + " is not valid text: " + Values.surrogateRule(source, Values.unpairedSurrogate(source)));
        }
        String column = naming.column(source);
        if (column.toLowerCase(Locale.ROOT).startsWith("_fivetran_") && !(allowId && column.equals(TableDefinition.ID))) {
            throw new InvalidInputException("table '" + writer.sourceName() + "', column '" + source
                    + "': names starting with _fivetran_ are reserved for Fivetran's system columns");
        }
        if (!column.equals(TableDefinition.ID)) {
            writer.mapColumn(source, column);
        }
        return column;
    }

    private static String requireId(TableWriter writer, Map<String, Object> byColumn, String op) {
        if (!writer.desired.keyedById()) {
            return null;
        }
        Object id = byColumn.remove(TableDefinition.ID);
        if (id == null) {
            throw new InvalidInputException("table '" + writer.sourceName() + "' has no primary key: " + op
                    + " needs the row's _fivetran_id, or declare a primary key in schema()");
        }
        return fivetranId(writer, id);
    }

    /** A given {@code _fivetran_id}: an unsigned 128-bit integer, as a number or its decimal text. */
    private static String fivetranId(TableWriter writer, Object id) {
        try {
            java.math.BigInteger value = new java.math.BigInteger(id.toString().trim());
            if (value.signum() >= 0 && value.bitLength() <= 128) {
                return value.toString();
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw InvalidInputException.value(writer.sourceName(), TableDefinition.ID, id, "is not a _fivetran_id: an unsigned 128-bit integer");
    }

    private void warnOnce(String message) {
        if (warned.add(message)) {
            LOG.warn(message);
        }
    }
}
