package fivetran.connector.sdk.deploy;

import fivetran.connector.sdk.cli.SdkTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs JBang from the launcher: the same JBang that started it ({@code JBANG_LAUNCH_CMD}), else {@code jbang} on PATH. */
public final class JBang {
    private JBang() {
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(SdkTools.jbang());
        command.addAll(args);
        return command;
    }

    private static ProcessBuilder builder(List<String> args, Path dir) {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(dir.toFile());
        // The bootstrap may point JBANG_CONFIG at the checkout's settings; global changes must go to the user's own.
        builder.environment().remove("JBANG_CONFIG");
        return builder;
    }

    /** Runs JBang with the terminal attached and returns its exit code. */
    public static int interactive(List<String> args, Path dir) {
        try {
            return builder(args, dir).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run JBang: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Runs JBang, returning what it printed on standard output (its own messages go to standard error). */
    public static String output(List<String> args, Path dir) {
        try {
            Process process = builder(args, dir).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("jbang " + String.join(" ", args) + " failed (exit " + exit + ")" + (out.isBlank() ? "" : ":\n" + out));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run JBang: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
