package fivetran.connector.sdk.internal;

/** Which stack frames are the connector's: those of neither the SDK nor the JDK. Internal to the SDK. */
public final class Frames {
    private Frames() {
    }

    /** Whether a frame of {@code className} is outside the SDK and the JDK, e.g. the connector's line that called it. */
    public static boolean outsideTheSdk(String className) {
        return !className.startsWith("fivetran.connector.sdk.") && !className.startsWith("java.") && !className.startsWith("jdk.");
    }
}
