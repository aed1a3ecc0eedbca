package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.CommandFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/** How a command answers its yes/no questions: {@code --yes}, {@code --non-interactive}, or by asking. */
public final class PromptMode {
    @Option(names = "--yes", description = "Answer yes to every question.")
    public boolean yes;

    @Option(names = "--non-interactive", description = "Answer every question with its default (the capital letter).")
    public boolean nonInteractive;

    @Option(names = {"-f", "--force"}, hidden = true, description = "Deprecated: use --yes or --non-interactive.")
    public boolean force;

    /** Asks {@code question}; {@code defaultYes} is the answer of {@code --non-interactive} and of an empty reply. */
    public boolean confirm(String question, boolean defaultYes) {
        int chosen = (yes ? 1 : 0) + (nonInteractive ? 1 : 0) + (force ? 1 : 0);
        if (chosen > 1) {
            throw new CommandFailure("choose one of --yes and --non-interactive");
        }
        if (force) {
            System.err.println("--force is deprecated; use --yes or --non-interactive");
            return true;
        }
        if (yes) {
            return true;
        }
        if (nonInteractive) {
            return defaultYes;
        }
        System.out.print(question + (defaultYes ? " (Y/n): " : " (y/N): "));
        System.out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || answer.isBlank()) {
                System.out.println();
                return defaultYes;
            }
            String reply = answer.trim().toLowerCase(java.util.Locale.ROOT);
            return reply.equals("y") || reply.equals("yes") || (defaultYes && !reply.equals("n") && !reply.equals("no"));
        } catch (IOException e) {
            return defaultYes;
        }
    }
}
