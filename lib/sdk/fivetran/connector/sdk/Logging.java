package fivetran.connector.sdk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * A connector's log, with the levels of Fivetran's Connector SDK. Messages go through SLF4J (logger
 * {@code connector}) to Logback; locally each line reads {@code HH:MM:SS.mmm LEVEL    ⚡ connector message}.
 * {@code debug} and {@code fine} lines are shown during local runs only.
 */
public final class Logging {
    /** Marks the Fivetran levels that SLF4J has no level of its own for. */
    public static final Marker FINE = MarkerFactory.getMarker("FINE");
    public static final Marker SEVERE = MarkerFactory.getMarker("SEVERE");
    public static final Marker CRITICAL = MarkerFactory.getMarker("CRITICAL");

    private static final Logger LOG = LoggerFactory.getLogger("connector");

    private Logging() {
    }

    public static void debug(String message) {
        LOG.debug(message);
    }

    /** Deprecated in Fivetran's SDK in favour of {@link #debug}; kept for ported connectors. */
    public static void fine(String message) {
        LOG.debug(FINE, message);
    }

    public static void info(String message) {
        LOG.info(message);
    }

    public static void warning(String message) {
        LOG.warn(message);
    }

    public static void error(String message) {
        LOG.error(message);
    }

    public static void error(String message, Throwable exception) {
        LOG.error(message, exception);
    }

    /** Deprecated in Fivetran's SDK in favour of {@link #error}; kept for ported connectors. */
    public static void severe(String message) {
        LOG.error(SEVERE, message);
    }

    public static void severe(String message, Throwable exception) {
        LOG.error(SEVERE, message, exception);
    }

    public static void critical(String message) {
        LOG.error(CRITICAL, message);
    }

    public static void critical(String message, Throwable exception) {
        LOG.error(CRITICAL, message, exception);
    }
}
