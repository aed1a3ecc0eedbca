package fivetran.connector.sdk.internal;

/** Holds the sink of the sync that is running in this JVM. Internal to the SDK. */
public final class Sinks {
    private static volatile OperationSink current;

    private Sinks() {
    }

    /** Makes {@code sink} receive every operation until {@link #unbind(OperationSink)}. */
    public static synchronized void bind(OperationSink sink) {
        if (current != null) {
            throw new IllegalStateException("a sync is already running in this JVM");
        }
        current = sink;
    }

    public static synchronized void unbind(OperationSink sink) {
        if (current == sink) {
            current = null;
        }
    }

    public static OperationSink current() {
        OperationSink sink = current;
        if (sink == null) {
            throw new IllegalStateException("no sync is running: call Operations from a connector's update()");
        }
        return sink;
    }
}
