package fivetran.connector.sdk.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/** Routes every log line to standard error in the local format. */
public final class LogSetup {
    private LogSetup() {
    }

    /** The SLF4J provider of the SDK's log, Logback's. */
    static final String LOGBACK_PROVIDER = "ch.qos.logback.classic.spi.LogbackServiceProvider";

    /**
     * Binds SLF4J to Logback, naming its provider only while SLF4J binds: a library's relocated copy of SLF4J
     * (WireMock's) reads the same property later, and would refuse Logback's provider as not its own.
     */
    private static void bindLogback() {
        if (System.getProperty("slf4j.provider") != null) {
            return;
        }
        String verbosity = System.getProperty("slf4j.internal.verbosity");
        System.setProperty("slf4j.provider", LOGBACK_PROVIDER);
        System.setProperty("slf4j.internal.verbosity", "WARN");   // not SLF4J's note that the provider was named
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            System.clearProperty("slf4j.provider");
            if (verbosity == null) {
                System.clearProperty("slf4j.internal.verbosity");
            } else {
                System.setProperty("slf4j.internal.verbosity", verbosity);
            }
        }
    }

    /**
     * Configures Logback for a local run; {@code level} is the lowest level shown for connector and SDK lines. A
     * vendor library may bring an SLF4J provider of its own (Hadoop's reload4j, Neo4j's): unless the JVM names one,
     * Logback is chosen before SLF4J binds, so that the library's lines go through this log too.
     */
    public static void configureLocal(Level level) {
        bindLogback();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("SLF4J logs through " + LoggerFactory.getILoggerFactory().getClass().getName()
                    + ", not Logback: a library on the class path brings its own SLF4J provider and was bound before the"
                    + " SDK set up its log; run the JVM with -Dslf4j.provider=" + LOGBACK_PROVIDER);
        }
        context.reset();
        LocalLogFormat layout = new LocalLogFormat(System.console() != null && System.getenv("NO_COLOR") == null);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.setImmediateFlush(true);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        root.setLevel(Level.WARN);
        for (String name : new String[] {"connector", "sdk", "debugger", "fivetran.connector.sdk"}) {
            context.getLogger(name).setLevel(level);
        }
    }
}
