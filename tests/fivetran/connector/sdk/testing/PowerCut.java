package fivetran.connector.sdk.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A simulated power cut under a project's {@code files/} folder, with the FUSE file system of
 * {@code tests/powercut/cutfs.c}: {@link #mount} moves {@code files/} aside as the backing folder and mounts cutfs
 * over an empty {@code files/}, so a run sees its usual layout while every data write it does not fsync stays in
 * the daemon's memory; {@link #cut} SIGKILLs the daemon (the cut), then the run, unmounts lazily and moves the
 * backing folder back, so that {@code files/} holds exactly what reached the disk.
 *
 * <p>Needs {@code /dev/fuse}, root (or a user allowed to mount FUSE), gcc and the Debian packages {@code fuse3} and
 * {@code libfuse3-dev}; the daemon is compiled into {@code <java.io.tmpdir>/connector-sdk-cutfs/}.
 */
public final class PowerCut implements AutoCloseable {
    private static final Path SOURCE = Project.root().resolve("tests/powercut/cutfs.c");
    private final Path files;
    private final Path backing;
    private final Process daemon;
    private boolean closed;

    private PowerCut(Path files, Path backing, Process daemon) {
        this.files = files;
        this.backing = backing;
        this.daemon = daemon;
    }

    /** Mounts cutfs over {@code project}'s {@code files/} folder (created when missing). */
    public static PowerCut mount(Project project) throws IOException, InterruptedException {
        Path binary = binary();
        Path files = project.file("files");
        Path backing = project.file(".files-backing");
        Files.createDirectories(files);
        Files.move(files, backing, StandardCopyOption.ATOMIC_MOVE);
        Files.createDirectory(files);
        Path log = Files.createTempFile("cutfs", ".log");
        Process daemon = new ProcessBuilder(binary.toString(), backing.toString(), files.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PowerCut mount = new PowerCut(files, backing, daemon);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!mounted(files)) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                mount.close();
                throw new AssertionError("cutfs did not mount on " + files + ": " + Project.read(log));
            }
            Thread.sleep(10);
        }
        Files.delete(log);
        return mount;
    }

    /** The power cut: SIGKILL to the file system (unflushed writes are gone), then to {@code run}; then {@link #close}. */
    private void cut(KillableRun run) throws IOException, InterruptedException {
        daemon.destroyForcibly().waitFor();
        run.kill();
        close();
    }

    /** A power cut when nothing runs any more (a run that ended by itself may still have left writes unflushed). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        daemon.destroyForcibly().waitFor();
        if (mounted(files)) {
            Project.Result unmount = Project.runIn(files.getParent(), List.of("fusermount3", "-u", "-z", files.toString()), Map.of(), null);
            if (unmount.exit() != 0) {
                throw new AssertionError("could not unmount " + files + ": " + unmount);
            }
        }
        Files.delete(files);
        Files.move(backing, files, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where a cut is aimed; where it landed the log says ({@link KillableRun#phase}). */
    public enum Aim { ANY_INSTANT, INSIDE_COMMIT, STATE_FILE_WRITE }

    private static final long WINDOW_MILLIS = 100;
    private static final String MARK = "crash window: ";
    private static final String BEFORE_COMMIT = MARK + "before COMMIT";
    private static final String BEFORE_RENAME = MARK + "state file written, before its rename";

    /**
     * Starts {@code ./jbang connector.java <command>} ({@code debug} or {@code run}) with {@code files/} on cutfs and
     * cuts the power where {@code aim} says: at a random instant (one time in five in the first 3 s, mostly before
     * {@code update()} starts),
     * just before the 1st or 2nd COMMIT of {@code update()}'s checkpoints, or between the 1st or 2nd state file's write and
     * rename. Returns the run's log.
     */
    public static String cutDuring(Project project, String command, Aim aim, Random random) throws IOException, InterruptedException {
        try (PowerCut power = mount(project)) {
            KillableRun run = KillableRun.startCommand(project, command, "-Dconnector.sdk.test.crashWindowMillis=" + (aim == Aim.ANY_INSTANT ? 0 : WINDOW_MILLIS));
            try {
                boolean reached = switch (aim) {
                    case ANY_INSTANT -> {
                        if (random.nextInt(5) == 0) {
                            Thread.sleep(random.nextInt(3_000));
                            yield true;
                        }
                        boolean started = run.awaitLog(log -> log.contains("calling update()"), 120);
                        Thread.sleep(random.nextInt(1_000));
                        yield started;
                    }
                    case INSIDE_COMMIT -> run.awaitInUpdate(BEFORE_COMMIT, 1 + random.nextInt(2), 120);
                    case STATE_FILE_WRITE -> run.awaitInUpdate(BEFORE_RENAME, 1 + random.nextInt(2), 120);
                };
                if (!reached || !run.isAlive()) {
                    throw new AssertionError(command + " ended, or never came where the cut was aimed (" + aim + "):\n" + run.log());
                }
                power.cut(run);
                return run.log();
            } finally {
                run.close();
            }
        }
    }

    /** Runs {@code ./jbang connector.java <command>} with {@code files/} on cutfs to its end, then cuts; its log. */
    public static String runThenCut(Project project, String command) throws IOException, InterruptedException {
        try (PowerCut power = mount(project)) {
            KillableRun run = KillableRun.startCommand(project, command);
            try {
                int exit = run.waitFor(300);
                if (exit != 0) {
                    throw new AssertionError(command + " exited with " + exit + ":\n" + run.log());
                }
                return run.log();
            } finally {
                run.close();
            }
        }
    }

    /** Whether a FUSE file system is mounted on {@code dir} (a dead one counts). */
    private static boolean mounted(Path dir) {
        return Project.read(Path.of("/proc/self/mounts")).contains(" " + dir + " fuse");
    }

    /** The cutfs daemon, compiled with gcc into a cache folder when missing or older than its source. */
    public static synchronized Path binary() throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "connector-sdk-cutfs");
        Path binary = cache.resolve("cutfs");
        if (Files.exists(binary) && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(SOURCE)) >= 0) {
            return binary;
        }
        Files.createDirectories(cache);
        Path building = Files.createTempFile(cache, "cutfs", ".building");
        Project.Result flags = Project.runIn(cache, List.of("pkg-config", "fuse3", "--cflags", "--libs"), Map.of(), null);
        if (flags.exit() != 0) {
            throw new AssertionError("libfuse3 is missing (apt-get install fuse3 libfuse3-dev): " + flags);
        }
        List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", building.toString(), SOURCE.toString()));
        command.addAll(List.of(flags.out().trim().split("\\s+")));
        Project.Result gcc = Project.runIn(cache, command, Map.of(), null);
        if (gcc.exit() != 0) {
            throw new AssertionError("could not compile " + SOURCE + ": " + gcc);
        }
        Files.move(building, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return binary;
    }
}
