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

    /** Configures Logback for a local run; {@code level} is the lowest level shown for connector and SDK lines. */
    public static void configureLocal(Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
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
