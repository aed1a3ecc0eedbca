package fivetran.connector.sdk.warehouse;

/** An operation after the sync has failed; its cause is what failed the sync. */
public final class SyncAlreadyFailedException extends IllegalStateException {
    SyncAlreadyFailedException(RuntimeException failure) {
        super("the sync has already failed: " + failure.getMessage(), failure);
    }
}
