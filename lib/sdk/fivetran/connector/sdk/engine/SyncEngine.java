package fivetran.connector.sdk.engine;

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.internal.Sinks;
import fivetran.connector.sdk.warehouse.Destination;
import fivetran.connector.sdk.warehouse.InvalidInputException;
import fivetran.connector.sdk.warehouse.LocalSync;
import fivetran.connector.sdk.warehouse.Naming;
import fivetran.connector.sdk.warehouse.StateFile;
import fivetran.connector.sdk.warehouse.StateLog;
import fivetran.connector.sdk.warehouse.SyncAlreadyFailedException;
import fivetran.connector.sdk.warehouse.SyncCounters;
import fivetran.connector.sdk.warehouse.Warehouse;
import fivetran.connector.sdk.warehouse.WarehouseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a connector's sync in this JVM into a project's local warehouse, {@code <project>/files/warehouse.db}, with its
 * state mirrored in {@code files/state.json}: the configuration and the starting state are chosen, {@code schema()}
 * and {@code update()} are called, and what they wrote is committed, or abandoned at the last checkpoint on failure.
 * {@code debug}, the scratch warehouse, the benchmark and tests all sync through it.
 *
 * <pre>{@code
 * SyncResult result = SyncEngine.forProject(Path.of("my_connector")).run(new Connector(MyConnector::update));
 * }</pre>
 */
public final class SyncEngine {
    private static final Logger SDK = LoggerFactory.getLogger("sdk");
    private static final Logger DEBUGGER = LoggerFactory.getLogger("debugger");

    private final Path project;
    private Configuration configuration;
    private String configurationOption;
    private String stateOption;
    private Naming.Strategy naming = Naming.Strategy.FIVETRAN;
    private DestinationFactory destinationFactory;

    /**
     * Where {@code run} commits instead of {@code files/warehouse.db}: a destination opened on the project, with the
     * DuckDB file the sync stages its operations in. Implemented by modules the SDK loads only for that command (the
     * Iceberg module); needs a public no-argument constructor. Internal to the SDK.
     */
    public interface DestinationFactory {
        /** The DuckDB file operations are staged in; it holds no committed data, and its lock keeps a second run out. */
        Path staging(Path project);

        /** Opens the destination; the engine closes it after the sync when it is {@link AutoCloseable}. */
        Destination open(Path project, Warehouse staging) throws Exception;
    }

    private SyncEngine(Path project) {
        this.project = project.toAbsolutePath().normalize();
    }

    /** A sync of the project folder {@code project}, whose {@code files/} holds the warehouse and the state file. */
    public static SyncEngine forProject(Path project) {
        return new SyncEngine(Objects.requireNonNull(project, "project"));
    }

    /** Syncs with this configuration instead of reading one from a file. */
    public SyncEngine configuration(Configuration configuration) {
        this.configuration = configuration;
        return this;
    }

    /** Syncs with this configuration: a map of string values, as in {@code configuration.json}. */
    public SyncEngine configuration(Map<String, String> values) {
        return configuration(Configuration.of(values));
    }

    /**
     * Reads the configuration from {@code file} (relative to the project); when neither this nor
     * {@link #configuration(Configuration)} is given, from {@code FIVETRAN_CONFIGURATION}, else the project's
     * {@code configuration.json}, else none.
     */
    public SyncEngine configurationFile(String file) {
        this.configurationOption = file;
        return this;
    }

    /** Starts from the state in {@code file} (relative to the project) instead of the committed one. */
    public SyncEngine stateFile(String file) {
        this.stateOption = file;
        return this;
    }

    /** Commits into the destination {@code factory} opens instead of the local warehouse. */
    public SyncEngine destination(DestinationFactory factory) {
        this.destinationFactory = factory;
        return this;
    }

    /** How table and column names are normalized; {@code FIVETRAN} by default. */
    public SyncEngine naming(Naming.Strategy strategy) {
        this.naming = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    /** Runs the sync; never throws for what the connector or its input did wrong, which the result reports. */
    public SyncResult run(Connector connector) {
        Session session = new Session(connector);
        try {
            session.open();
            session.phase = "update()";
            SDK.info("calling update()");
            connector.update().update(session.configuration, State.of(parse(session.startState)));
            return session.finish();
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return session.fail(e);
        } finally {
            session.close();
        }
    }

    /**
     * Opens a sync that stays open for operations from this thread and others, until {@link Session#finish()}:
     * the warehouse is opened, the state chosen, and {@code connector}'s {@code schema()} (when it has one) applied.
     * Used by the scratch warehouse; fails with the message {@code debug} would print.
     */
    Session begin(Connector connector) {
        Session session = new Session(connector);
        try {
            session.open();
            return session;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            SyncResult failed = session.fail(e);
            session.close();
            throw new CommandFailure(failed.failure(), e);
        }
    }

    /** One sync in progress: the warehouse it holds and the operation sink bound for its length. */
    final class Session implements AutoCloseable {
        private final long start = System.nanoTime();
        private final Connector connector;
        private Path database = project.resolve("files").resolve("warehouse.db");
        private Configuration configuration;
        private Warehouse warehouse;
        private Destination destination;
        private LocalSync sync;
        private String startState = "{}";
        private String phase = "debug";

        private Session(Connector connector) {
            this.connector = connector;
        }

        private void open() throws Exception {
            SDK.info("debugging connector at: {}", project);
            configuration = SyncEngine.this.configuration != null ? SyncEngine.this.configuration
                    : ConfigurationFile.read(ConfigurationFile.locate(project, configurationOption, SDK));
            if (destinationFactory == null) {
                warehouse = Warehouse.open(database);
                destination = warehouse;
            } else {
                warehouse = Warehouse.open(destinationFactory.staging(project));
                destination = destinationFactory.open(project, warehouse);
                database = destination.location();
            }
            Path stateFile = project.resolve("files").resolve("state.json");
            startState = StateFile.choose(project, stateOption, stateFile, destination, SDK);
            DEBUGGER.info("connector SDK version: {}", Connector.SDK_VERSION);
            DEBUGGER.info("destination schema path: {} (schema={})", destination.location(), destination.schema());
            DEBUGGER.info("previous state:\n{}", StateLog.masked(startState));
            sync = new LocalSync(warehouse, destination, new Naming(naming, destination.reservedWords()), startState, stateFile);
            Sinks.bind(sync);
            if (connector != null && connector.schema() != null) {
                phase = "schema()";
                SDK.info("calling schema()");
                List<Table> tables = connector.schema().schema(configuration);
                sync.declare(tables == null ? List.of() : tables);
            }
        }

        Warehouse warehouse() {
            return warehouse;
        }

        LocalSync sync() {
            return sync;
        }

        /** Commits what is left; a failure of that commit is reported in the result. */
        SyncResult finish() {
            try {
                // the operations still buffered are update()'s: a value refused among them is reported as update()'s
                sync.applyPending();
            } catch (RuntimeException e) {
                return fail(e);
            }
            phase = "the final commit";
            try {
                sync.finish();
                return result(null, null);
            } catch (RuntimeException e) {
                return fail(e);
            }
        }

        private SyncResult fail(Throwable e) {
            String message;
            if (e instanceof CommandFailure || e instanceof WarehouseException && sync == null) {
                // a refusal before anything ran (configuration, a locked warehouse): the summary's one line says it
                message = e.getMessage();
            } else {
                message = "failed while executing " + phase + " error: " + describe(e);
                SDK.error(Logging.SEVERE, message, e);
            }
            if (sync != null) {
                sync.abandon();
            }
            return result(message, e);
        }

        private SyncResult result(String failure, Throwable error) {
            SyncResult.Counts counts = null;
            List<SyncResult.TableCount> tables = List.of();
            Map<String, Object> state = Map.of();
            if (sync != null) {
                SyncCounters c = sync.counters();
                counts = new SyncResult.Counts(c.upserts(), c.updates(), c.deletes(), c.truncates(), c.checkpoints(), c.schemaChanges());
                if (failure == null) {
                    tables = sync.tableCounts().stream().map(t -> new SyncResult.TableCount(t.table(), t.written(), t.live())).toList();
                }
                state = committedState(sync);
            }
            return new SyncResult(failure, error, counts, tables, state, database, Duration.ofNanos(System.nanoTime() - start));
        }

        /** Releases the warehouse and the operation sink. */
        @Override
        public void close() {
            if (sync != null) {
                Sinks.unbind(sync);
            }
            if (destination != warehouse && destination instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    SDK.warn("closing {} failed: {}", destination.location(), e.getMessage());
                }
            }
            if (warehouse != null) {
                warehouse.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) throws Exception {
        return Jackson.MAPPER.readValue(json, Map.class);
    }

    /**
     * The message of what failed the sync. When the sync refused an operation, that refusal is the cause, even
     * if the connector wrapped it, or another of its threads then failed on "the sync has already failed".
     */
    private static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SyncAlreadyFailedException) {
                root = t.getCause();
                break;
            }
            if (t instanceof InvalidInputException || t instanceof WarehouseException) {
                root = t;
                break;
            }
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getName() : message;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> committedState(LocalSync sync) {
        try {
            return Collections.unmodifiableMap(Jackson.MAPPER.readValue(sync.committedState(), LinkedHashMap.class));
        } catch (Exception | Error e) {
            return Map.of();
        }
    }
}
