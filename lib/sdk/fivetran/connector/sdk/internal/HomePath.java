package fivetran.connector.sdk.internal;

/** Paths as a shell user types them. Internal to the SDK. */
public final class HomePath {
    private HomePath() {
    }

    /** {@code ~} and {@code ~/…} as the user's home folder; any other path as it is. */
    public static String expand(String path) {
        return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
