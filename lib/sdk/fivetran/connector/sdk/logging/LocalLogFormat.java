package fivetran.connector.sdk.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import fivetran.connector.sdk.internal.Frames;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Marker;

/**
 * The local log line of Fivetran's SDK 2.12: {@code HH:MM:SS.mmm <LEVEL padded to 8> ⚡ <origin padded> message},
 * continuation lines indented to the width of that prefix. The origin is the logger name: {@code connector} for
 * the connector's own lines, {@code sdk} and {@code debugger} for ours.
 */
public final class LocalLogFormat extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int ORIGIN_WIDTH = "⚡ connector".length();
    private static final String INDENT = " ".repeat("00:00:00.000 ".length() + 9 + ORIGIN_WIDTH + 1);
    private final boolean colours;

    public LocalLogFormat(boolean colours) {
        this.colours = colours;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String level = levelName(event);
        StringBuilder line = new StringBuilder(128);
        String colour = colours ? colour(event.getLevel()) : null;
        if (colour != null) {
            line.append(colour);
        }
        line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
        pad(line, level, 9);
        pad(line, "⚡ " + origin(event.getLoggerName()), ORIGIN_WIDTH + 1);
        appendIndented(line, event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append('\n').append(INDENT);
            appendIndented(line, stackTrace(thrown, event.getLevel(), event.getFormattedMessage()));
        }
        if (colour != null) {
            line.append("\u001b[0m");
        }
        return line.append('\n').toString();
    }

    /**
     * Errors get a one-frame trace as in the Python SDK, and their causes; a DEBUG run of the SDK gets the whole trace.
     * The frame is the first outside the SDK and the JDK: for a value the SDK refused, the connector's line that wrote it.
     * An error's message that the log line already ends with is not repeated.
     */
    private static String stackTrace(IThrowableProxy thrown, Level level, String said) {
        if (level.toInt() < Level.ERROR_INT || Boolean.getBoolean("connector.sdk.fullStackTraces")) {
            return ThrowableProxyUtil.asString(thrown).stripTrailing();
        }
        StringBuilder out = new StringBuilder(thrown.getClassName());
        if (thrown.getMessage() != null && (said == null || !said.endsWith(thrown.getMessage()))) {
            out.append(": ").append(thrown.getMessage());
        }
        StackTraceElementProxy[] frames = thrown.getStackTraceElementProxyArray();
        if (frames.length > 0) {
            StackTraceElement frame = frames[0].getStackTraceElement();
            for (StackTraceElementProxy candidate : frames) {
                if (Frames.outsideTheSdk(candidate.getStackTraceElement().getClassName())) {
                    frame = candidate.getStackTraceElement();
                    break;
                }
            }
            out.append("\n    at ").append(frame);
        }
        // the causes, one line each: a driver's "I/O error" names the OutOfMemoryError or the reset connection behind it
        for (IThrowableProxy cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
            out.append("\ncaused by: ").append(cause.getClassName()).append(": ").append(cause.getMessage());
        }
        return out.toString();
    }

    private static String levelName(ILoggingEvent event) {
        if (event.getMarkerList() != null) {
            for (Marker marker : event.getMarkerList()) {
                return marker.getName();
            }
        }
        return switch (event.getLevel().toInt()) {
            case Level.WARN_INT -> "WARNING";
            case Level.TRACE_INT -> "DEBUG";
            default -> event.getLevel().toString();
        };
    }

    private static String origin(String loggerName) {
        return switch (loggerName) {
            case "connector", "sdk", "debugger" -> loggerName;
            default -> loggerName.startsWith("fivetran.connector.sdk") ? "sdk" : "connector";
        };
    }

    private static String colour(Level level) {
        if (level.toInt() >= Level.ERROR_INT) {
            return "\u001b[38;5;196m";
        }
        return level.toInt() == Level.WARN_INT ? "\u001b[38;5;130m" : null;
    }

    private static void pad(StringBuilder line, String text, int width) {
        line.append(text);
        for (int i = text.length(); i < width; i++) {
            line.append(' ');
        }
    }

    private static void appendIndented(StringBuilder line, String text) {
        int start = 0;
        int newline;
        while ((newline = text.indexOf('\n', start)) >= 0) {
            line.append(text, start, newline).append('\n').append(INDENT);
            start = newline + 1;
        }
        line.append(text, start, text.length());
    }
}
