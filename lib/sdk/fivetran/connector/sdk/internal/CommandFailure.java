package fivetran.connector.sdk.internal;

/** A command cannot go on; its message is shown as is, and the command exits 1. */
public final class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
