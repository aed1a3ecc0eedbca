package fivetran.connector.sdk.warehouse;

/** The warehouse cannot be opened, read or written; the message says what to do. */
public final class WarehouseException extends RuntimeException {
    private final boolean locked;

    public WarehouseException(String message, Throwable cause) {
        this(message, cause, false);
    }

    WarehouseException(String message, Throwable cause, boolean locked) {
        super(message, cause);
        this.locked = locked;
    }

    /** Whether another process holds the warehouse open. */
    public boolean locked() {
        return locked;
    }
}
