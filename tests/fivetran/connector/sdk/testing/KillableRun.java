package fivetran.connector.sdk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ./jbang connector.java debug} started in a project folder with its output in a log file, to be watched
 * and killed with SIGKILL, process tree and all (during startup the bootstrap and JBang's build JVM run as its
 * parents or children).
 */
public final class KillableRun {
    private final Process process;
    private final Path log;

    private KillableRun(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code ./jbang <jvmOptions> connector.java debug} in the project folder. */
    public static KillableRun start(Project project, String... jvmOptions) {
        return startCommand(project, "debug", jvmOptions);
    }

    /** Starts {@code ./jbang <jvmOptions> connector.java <command>} ({@code debug} or {@code run}) in the project folder. */
    public static KillableRun startCommand(Project project, String connectorCommand, String... jvmOptions) {
        try {
            Path log = Files.createTempFile("killable-run", ".log");
            List<String> command = new ArrayList<>(List.of(Project.root().resolve("jbang").toString()));
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("connector.java", connectorCommand));
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.dir().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().keySet().removeIf(k -> k.startsWith("FIVETRAN_"));
            return new KillableRun(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the run printed so far. */
    public String log() {
        return Project.read(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the log from {@code update()}'s start holds {@code marker} {@code count} times; false when it timed out. */
    public boolean awaitInUpdate(String marker, int count, long timeoutSeconds) throws InterruptedException {
        return awaitLog(log -> occurrences(afterUpdateStarts(log), marker) >= count, timeoutSeconds);
    }

    /** The part of a sync's log from the line that starts {@code update()}; empty before it. */
    public static String afterUpdateStarts(String log) {
        int at = log.indexOf("calling update()");
        return at < 0 ? "" : log.substring(at);
    }

    /** Where a run that was stopped was, by the last step its log shows: before update(), staging rows, or a step of a commit. */
    public static String phase(String log) {
        String update = afterUpdateStarts(log);
        if (update.isEmpty()) {
            return "1 before update() (JVM start, warehouse open, schema)";
        }
        TreeMap<Integer, String> lastStep = new TreeMap<>();
        lastStep.put(update.lastIndexOf("crash window: merging staged operations"), "3 inside the commit, merging");
        lastStep.put(update.lastIndexOf("crash window: before COMMIT"), "4 inside the commit, before COMMIT");
        lastStep.put(update.lastIndexOf("crash window: state file written, before its rename"), "5 between state.json's write and rename");
        lastStep.put(update.lastIndexOf("checkpoint recorded"), "2 staging rows");
        lastStep.put(-1, "2 staging rows");
        return lastStep.lastEntry().getValue();
    }

    /** How many times {@code marker} occurs in {@code text}. */
    public static int occurrences(String text, String marker) {
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            count++;
        }
        return count;
    }

    /** Waits until the log satisfies {@code condition}; false when the run ended or the time ran out first. */
    public boolean awaitLog(Predicate<String> condition, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (condition.test(log())) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.test(log());
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** SIGKILL to the run and every process below it, then waits until all of them are gone. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("process " + handle.pid() + " survived SIGKILL", e);
            }
        }
    }

    /** Waits for the run to end by itself; its exit code. */
    public int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("the run did not end within " + timeoutSeconds + " s:\n" + log());
        }
        return process.exitValue();
    }

    /** Deletes the log file. */
    public void close() {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
