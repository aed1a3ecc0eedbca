package fivetran.connector.sdk.warehouse;

import java.io.PrintStream;
import java.time.Duration;
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

    /** Prints the operation table of Fivetran's tester. */
    public void print(PrintStream out) {
        out.println("Operation       | Counts");
        out.println("----------------+------------");
        row(out, "Upserts", upserts());
        row(out, "Updates", updates());
        row(out, "Deletes", deletes());
        row(out, "Truncates", truncates);
        row(out, "Schema changes", schemaChanges);
        row(out, "Checkpoints", checkpoints);
    }

    private static void row(PrintStream out, String label, long count) {
        out.printf("%-16s| %d%n", label, count);
    }

    /** {@code HH:MM:SS}, as the tester prints elapsed time. */
    public static String elapsed(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
