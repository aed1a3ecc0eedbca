package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncEngine;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.Project;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every fuzz target checks: an input is accepted, or refused with its documented exception and message, and no
 * configuration value ({@link #SECRET}) is ever printed. A fuzz test is a JUnit test of Jazzer ({@code @FuzzTest}): in the
 * suite it replays its committed corpus, {@code <Class>Inputs/<method>/} beside it; {@code tests/fuzz/Fuzz.java} fuzzes it.
 */
final class Fuzzing {
    /** The marker secret: a configuration value of every target, and of the seeds; never in a message. */
    static final String SECRET = "s3cr3tM4rker";
    /** The configuration every synced input runs with. */
    static final Configuration CONFIGURATION = Configuration.of(Map.of("api_key", SECRET));

    private Fuzzing() {
    }

    /** A sync's outcome and what it printed. */
    record Sync(SyncResult result, Captured printed) {
        boolean succeeded() {
            return result.succeeded();
        }

        /** Fails unless the sync failed with one of {@code refusals} (or a cause of that type), its message starting with {@code message}. */
        void assertRefused(List<Class<? extends Throwable>> refusals, String message) {
            assertFalse(result.succeeded(), "accepted");
            assertEquals(1, printed.exit(), printed::toString);
            Throwable error = result.error();
            assertTrue(error != null && causes(error, refusals), () -> "refused with an undocumented exception: " + stack(error));
            assertTrue(result.failure().startsWith(message), () -> "expected a message starting «" + message + "», got «" + result.failure() + "»");
        }
    }

    /** Runs a sync of {@code connector} on {@code project} in this JVM with {@link #CONFIGURATION}, as {@code debug} does. */
    static Sync sync(Project project, Connector connector) {
        return sync(SyncEngine.forProject(project.dir()).configuration(CONFIGURATION), connector);
    }

    static Sync sync(SyncEngine engine, Connector connector) {
        AtomicReference<SyncResult> result = new AtomicReference<>();
        Captured printed = Captured.run(() -> {
            result.set(engine.run(connector));
            return result.get().exitCode();
        });
        assertNoSecret(printed.out() + printed.err() + result.get().failure());
        return new Sync(result.get(), printed);
    }

    static void assertNoSecret(String text) {
        assertFalse(text != null && text.contains(SECRET), () -> "a configuration value was printed:\n" + text);
    }

    /** Fails unless {@code refusal} is one of {@code types} (or a cause of it is), with no secret in its message. */
    static void assertDocumented(Throwable refusal, List<Class<? extends Throwable>> types) {
        assertType(refusal, types);
        assertNoSecret(refusal.getMessage());
    }

    /** Fails unless {@code refusal} is one of {@code types} (or a cause of it is). */
    static void assertType(Throwable refusal, List<Class<? extends Throwable>> types) {
        assertTrue(causes(refusal, types), () -> "refused with an undocumented exception: " + stack(refusal));
    }

    static final List<Class<? extends Throwable>> FILE_REFUSAL = List.of(CommandFailure.class);

    private static boolean causes(Throwable error, List<Class<? extends Throwable>> types) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Throwable cause = t;
            if (types.stream().anyMatch(type -> type.isInstance(cause))) {
                return true;
            }
        }
        return false;
    }

    private static String stack(Throwable error) {
        if (error == null) {
            return "none";
        }
        java.io.StringWriter out = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
