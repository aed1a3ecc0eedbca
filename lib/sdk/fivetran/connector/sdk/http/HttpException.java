package fivetran.connector.sdk.http;

/** A request failed: the message names the method, the URL (query values left out) and the status or cause. */
public final class HttpException extends RuntimeException {
    private final int status;

    HttpException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the last response, or 0 when no response came. */
    public int status() {
        return status;
    }
}
