package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.CommandFailure;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the SDK's tools ({@code lib/tools.java}: the launcher, package and deploy, the example APIs) in their own JBang
 * process, so that a connector's class path, and so its package, holds only what the connector runs.
 */
public final class SdkTools {
    private SdkTools() {
    }

    /** {@code ./jbang connector-sdk.java <command>}: see {@link #entry(String...)}. */
    public static void main(String... args) {
        System.exit(entry(args));
    }

    /**
     * The entry of {@code connector-sdk.java}: {@code version} here; every other command is the launcher's, run from
     * the checkout that holds the current folder.
     */
    public static int entry(String... args) {
        if (args.length == 1 && args[0].toLowerCase(Locale.ROOT).equals("version")) {
            System.out.println(VersionCommand.LINE);
            return 0;
        }
        Path checkout = checkoutAbove(Path.of("").toAbsolutePath());
        if (checkout == null) {
            System.err.println("run the launcher from the SDK's checkout (cd <checkout> && ./jbang connector-sdk.java "
                    + String.join(" ", args) + "), or through the catalog: jbang <command>@connector-sdk");
            return 1;
        }
        return run(checkout.resolve("lib").resolve("tools.java").toString(), List.of(args));
    }

    /** Runs {@code jbang <toolsRef> <args>} with this process's input and output, and returns its exit code. */
    public static int run(String toolsRef, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(jbang());
        // The tools see what this JVM was started with (-Duser.home=… for deploy's settings file, say).
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-D")) {
                command.add("-R" + option);
            }
        }
        command.add(toolsRef);
        command.addAll(args);
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new CommandFailure("cannot run the SDK's tools with " + command.get(0) + ": " + e.getMessage()
                    + "; run the connector through JBang (jbang connector.java " + String.join(" ", args) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The JBang that started this program ({@code JBANG_LAUNCH_CMD}), else {@code jbang} on the PATH. */
    public static String jbang() {
        String launcher = System.getenv("JBANG_LAUNCH_CMD");
        return launcher == null || launcher.isBlank() ? "jbang" : launcher;
    }

    /** The nearest folder at or above {@code dir} holding {@code connector-sdk.java} and {@code lib/tools.java}. */
    public static Path checkoutAbove(Path dir) {
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("connector-sdk.java")) && Files.isRegularFile(candidate.resolve("lib").resolve("tools.java"))) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Starts {@code jbang <tools> args} for the connector of {@code project} (see {@link #forConnector}), its output
     * and input piped to this process, its errors on this one's.
     */
    static Process start(Path project, List<String> args) {
        List<String> command = new ArrayList<>(List.of(jbang(), toolsOf(project)));
        command.addAll(args);
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new CommandFailure("cannot run the SDK's tools with " + command.get(0) + ": " + e.getMessage()
                    + "; run the connector through JBang (jbang connector.java ...)");
        }
    }

    /** The tools of the SDK the connector of {@code project} depends on: its checkout's, else the catalog's. */
    private static String toolsOf(Path project) {
        SdkOrigin origin = SdkOrigin.of(ConnectorSource.in(project));
        return origin != null ? origin.toolsRef() : "tools@connector-sdk";
    }

    /**
     * {@code package} or {@code deploy} of the connector in this JVM: the tools of the SDK its source depends on, on
     * the project folder named in {@code args} (the first argument when it is a folder), else the current one.
     */
    static int forConnector(String command, String... args) {
        Path cwd = Path.of("").toAbsolutePath();
        Path project = cwd;
        if (args.length > 0 && !args[0].startsWith("-") && Files.isDirectory(cwd.resolve(args[0]))) {
            project = cwd.resolve(args[0]).normalize();
        }
        List<String> forwarded = new ArrayList<>(List.of(command));
        forwarded.addAll(List.of(args));
        return run(toolsOf(project), forwarded);
    }
}
