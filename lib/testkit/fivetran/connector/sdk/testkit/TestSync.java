package fivetran.connector.sdk.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.engine.SyncEngine;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.internal.Folders;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * A connector's sync in a test, in this JVM: into the warehouse of a temporary project folder, from a configuration
 * and a starting state, its HTTP optionally recorded, or answered from a recording, as {@code debug --record} and
 * {@code --replay} do. Each {@link #run()} starts from the state the one before committed, as consecutive syncs do;
 * {@link #close()} deletes the folder.
 *
 * <pre>{@code
 * try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
 *         .configuration(Map.of("base_url", "https://api.example.com", "api_key", "test"))
 *         .replay(Path.of("recordings/first_sync"))) {
 *     SyncResult first = sync.run();
 *     assertTrue(first.succeeded(), first.failure());
 *     assertEquals(42L, sync.value("SELECT count(*) FROM orders"));
 *     assertEquals(Map.of("cursor", "2024-01-02T00:00:00Z"), first.state());
 * }
 * }</pre>
 */
public final class TestSync implements AutoCloseable {
    private final Connector connector;
    private final Path project;
    private Configuration configuration = Configuration.of(Map.of());
    private Map<String, ?> startState;
    private Path recording;
    private boolean recordingIt;
    /** The recording's server, from the first run to {@link #close()}: one recording, or one replay, of every sync. */
    private HttpRecording http;
    private final List<String> logged = new CopyOnWriteArrayList<>();

    private TestSync(Connector connector, Path project) {
        this.connector = connector;
        this.project = project;
    }

    /** A test sync of {@code connector} in a new temporary project folder. */
    public static TestSync of(Connector connector) {
        LogSetup.configureLocal(Level.INFO);
        try {
            return new TestSync(Objects.requireNonNull(connector, "connector"), Files.createTempDirectory("connector-test-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration of the syncs: string values, as in {@code configuration.json}. */
    public TestSync configuration(Map<String, String> values) {
        this.configuration = Configuration.of(values);
        return this;
    }

    /**
     * The configuration of the syncs, read from a configuration file ({@code configuration.json}) as {@code debug}
     * reads it: a file that is not a flat JSON object of strings fails as it does there.
     */
    public TestSync configuration(Path file) {
        this.configuration = ConfigurationFile.read(file);
        return this;
    }

    /** One value of the configuration, added or replacing the one given before (a test's batch size, a local URL). */
    public TestSync configure(String key, String value) {
        Map<String, String> values = new LinkedHashMap<>(configuration);
        values.put(key, value);
        this.configuration = Configuration.of(values);
        return this;
    }

    /** The state the next {@link #run()} starts from, instead of the one the last sync committed. */
    public TestSync state(Map<String, ?> state) {
        this.startState = Map.copyOf(state);
        return this;
    }

    /** Answers the syncs' HTTP requests from the recording in {@code dir}, with no network; null for none. */
    public TestSync replay(Path dir) {
        this.recording = dir;
        this.recordingIt = false;
        return this;
    }

    /**
     * Records the syncs' HTTP exchanges with the real API into {@code dir}, redacted, as {@code debug --record} does;
     * {@link #close()} writes them.
     */
    public TestSync record(Path dir) {
        this.recording = dir;
        this.recordingIt = true;
        return this;
    }

    /** Runs a sync: what it wrote, committed, and what failed (see {@link SyncResult}). */
    public SyncResult run() {
        logged.clear();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logged.add(event.getLevel() + " " + event.getFormattedMessage());
            }
        };
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        try {
            return sync();
        } finally {
            root.detachAppender(capture);
        }
    }

    /**
     * The lines the last {@link #run()} logged, the connector's ({@code Logging}) and the SDK's, each {@code LEVEL
     * message} ({@code "WARNING"} is logged as {@code WARN}), in order; DEBUG lines only when the log level shows them.
     */
    public List<String> log() {
        return List.copyOf(logged);
    }

    private SyncResult sync() {
        SyncEngine engine = SyncEngine.forProject(project).configuration(configuration);
        if (startState != null) {
            write(project.resolve("start-state.json"), startState);
            engine.stateFile("start-state.json");
            startState = null;
        }
        if (recording == null) {
            return engine.run(connector);
        }
        if (http == null) {
            http = recordingIt ? HttpRecording.record(recording, configuration) : HttpRecording.replay(recording, configuration);
        } else {
            http.configuration(configuration);   // configure(...) between runs: the recording's {{config.KEY}} are its values
        }
        System.setProperty(Http.VIA_PROPERTY, http.url());
        try {
            return engine.run(connector);
        } finally {
            System.clearProperty(Http.VIA_PROPERTY);
        }
    }

    /** The rows of {@code sql} on the warehouse (schema {@code tester} is the default), each a map of column to value. */
    public List<Map<String, Object>> rows(String sql) {
        try (Warehouse warehouse = Warehouse.openExisting(project.resolve("files").resolve("warehouse.db"))) {
            return warehouse.query(sql).rows();
        }
    }

    /** The first column of the first row of {@code sql}, or null when there is none. */
    public Object value(String sql) {
        List<Map<String, Object>> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    /** The temporary project folder: {@code files/warehouse.db} and {@code files/state.json}. */
    public Path project() {
        return project;
    }

    private static void write(Path file, Map<String, ?> state) {
        try {
            Files.writeString(file, Jackson.MAPPER.writeValueAsString(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the recording of {@link #record}, and deletes the project folder. */
    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        try {
            Folders.delete(project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
