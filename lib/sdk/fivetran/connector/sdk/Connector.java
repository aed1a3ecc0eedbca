package fivetran.connector.sdk;

import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A connector: its {@code update} method, and optionally its {@code schema} method. A connector's {@code main}
 * hands its arguments to {@link #run(String...)}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     new Connector(MyConnector::update, MyConnector::schema).run(args);
 * }
 * }</pre>
 *
 * {@code jbang connector.java debug} then syncs into {@code files/warehouse.db}; {@code reset} starts over;
 * {@code version} prints the SDK version.
 */
public final class Connector {
    /** The version of this SDK. */
    public static final String SDK_VERSION = "0.1.0";

    /** Reads the source and writes through {@link Operations}. */
    @FunctionalInterface
    public interface Update {
        void update(Configuration configuration, State state) throws Exception;
    }

    /** Declares tables: names, primary keys and column types. Undeclared columns are inferred. */
    @FunctionalInterface
    public interface Schema {
        List<Table> schema(Configuration configuration) throws Exception;
    }

    /**
     * What runs a connector's commands: the SDK's command line, found with {@link ServiceLoader} so that this API does
     * not depend on the layers above it. Internal to the SDK: connectors never implement it.
     */
    public interface Runtime {
        /** Runs the command in {@code args} and returns its exit code, leaving the JVM running. */
        int execute(Connector connector, String... args);

        /** Runs the command in {@code args} as a program's {@code main} does, and returns the code to exit with. */
        int run(Connector connector, String... args);
    }

    private final Update update;
    private final Schema schema;

    public Connector(Update update) {
        this(update, null);
    }

    public Connector(Update update, Schema schema) {
        this.update = Objects.requireNonNull(update, "update");
        this.schema = schema;
    }

    public Update update() {
        return update;
    }

    /** The schema method, or null when the connector declares no tables. */
    public Schema schema() {
        return schema;
    }

    /** Runs the command in {@code args} ({@code debug}, {@code reset}, {@code version}, ...) and exits with its code. */
    public void run(String... args) {
        System.exit(runtime().run(this, args));
    }

    /**
     * Runs a debug sync in this JVM and returns its exit code (0 on success): for an IDE or a test.
     * {@code options} are those of the {@code debug} command, e.g. {@code "--configuration", "my.json"}.
     */
    public int debug(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "debug";
        System.arraycopy(options, 0, args, 1, options.length);
        return execute(args);
    }

    /** Runs the command in {@code args} and returns its exit code without exiting the JVM. */
    public int execute(String... args) {
        return runtime().execute(this, args);
    }

    /** The SDK's command line, which the API does not depend on at compile time. */
    private static Runtime runtime() {
        return ServiceLoader.load(Runtime.class, Connector.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the SDK's command line is missing from the class path; if JBang built "
                        + "the SDK while another build of it ran, its cached jar lacks it: run once with jbang --fresh"));
    }
}
