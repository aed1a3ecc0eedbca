package fivetran.connector.sdk.warehouse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test-only hook for the crash-safety harness. Unset, it does nothing. With
 * {@code -Dconnector.sdk.test.crashWindowMillis=N} a sync logs {@code crash window: <step>} at each step of a
 * commit, so that a harness that kills it can tell where the kill landed, and pauses N ms at the two instants a
 * crash matters most: inside the commit's transaction just before COMMIT, and between writing
 * {@code state.json}'s temporary file and renaming it. {@code N = 0} logs the steps without pausing.
 */
public final class CrashWindows {
    private static final Logger LOG = LoggerFactory.getLogger("debugger");
    private static final long PAUSE_MILLIS = Long.getLong("connector.sdk.test.crashWindowMillis", -1);

    public static final String MERGING = "merging staged operations";
    public static final String BEFORE_COMMIT = "before COMMIT";
    public static final String BEFORE_STATE_RENAME = "state file written, before its rename";

    private CrashWindows() {
    }

    /** Marks a step of a commit; pauses at the steps that are worth a long window. */
    public static void enter(String step) {
        if (PAUSE_MILLIS < 0) {
            return;
        }
        LOG.info("crash window: {}", step);
        if (PAUSE_MILLIS > 0 && !step.equals(MERGING)) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
