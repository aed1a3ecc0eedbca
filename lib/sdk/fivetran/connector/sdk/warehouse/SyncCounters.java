package fivetran.connector.sdk.warehouse;

import java.util.concurrent.atomic.LongAdder;

/** What a sync did, for the summary at its end. */
public final class SyncCounters {
    /** Counted by producer threads at once. */
    final LongAdder upserts = new LongAdder();
    final LongAdder updates = new LongAdder();
    final LongAdder deletes = new LongAdder();
    long truncates;
    long schemaChanges;
    long checkpoints;

    public long upserts() {
        return upserts.sum();
    }

    public long updates() {
        return updates.sum();
    }

    public long deletes() {
        return deletes.sum();
    }

    public long truncates() {
        return truncates;
    }

    public long schemaChanges() {
        return schemaChanges;
    }

    public long checkpoints() {
        return checkpoints;
    }
}
