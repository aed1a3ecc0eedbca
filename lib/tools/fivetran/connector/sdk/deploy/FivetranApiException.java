package fivetran.connector.sdk.deploy;

/**
 * A Fivetran REST API call that failed: the API answered with an error status ({@link #status()}), or there was no
 * answer ({@link #status()} is 0). {@link #getMessage()} is the API's own message when it gave one.
 */
public final class FivetranApiException extends RuntimeException {
    private final int status;

    public FivetranApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public FivetranApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status of the answer, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** {@code <status>: <message>}, or the message alone when no answer came. */
    public String describe() {
        return status == 0 ? getMessage() : status + ": " + getMessage();
    }
}
