package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.Folders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reset}: deletes {@code files/} (warehouse and state) after confirmation, so the next sync starts over. */
@Command(name = "reset",
        description = "Delete files/ (the local warehouse and state) to start over.")
public final class ResetCommand implements Callable<Integer> {
    @Mixin
    ProjectPath project;

    @Mixin
    PromptMode prompt;

    /**
     * A process that has the file open in DuckDB holds the operating system's lock on it, which {@link FileChannel#tryLock}
     * sees: a running sync makes reset fail instead of deleting files underneath it, without starting DuckDB (its native
     * library alone takes longer to load than the rest of the command).
     */
    private static void refuseWhenLocked(Path warehouse) {
        try (FileChannel channel = FileChannel.open(warehouse, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new CommandFailure("the warehouse " + warehouse + " is locked by another process: another sync of this project (debug or run), "
                        + "or a program that holds it open. Stop that process and try again.");
            }
        } catch (IOException unreadable) {
            // not a lock held by anyone: the file is deleted with the rest
        }
    }

    @Override
    public Integer call() {
        try {
            Path files = project.resolve().resolve("files");
            if (!Files.isDirectory(files)) {
                System.err.println("No files were deleted. Ensure you are in the project root directory.");
                return 0;
            }
            if (!prompt.confirm("This deletes " + files + " (warehouse.db, state.json and run's iceberg/). Continue?", false)) {
                System.err.println("reset cancelled: nothing was deleted. To delete without a question (e.g. with no terminal), run reset --yes");
                return 1;
            }
            // debug's warehouse, and the DuckDB file run stages its operations in
            for (Path warehouse : List.of(files.resolve("warehouse.db"), files.resolve("iceberg").resolve("staging.duckdb"))) {
                if (Files.exists(warehouse)) {
                    refuseWhenLocked(warehouse);
                }
            }
            Folders.delete(files);
            System.out.println("reset successful");
            return 0;
        } catch (CommandFailure e) {
            System.err.println("reset failed: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("reset failed: " + e);
            return 1;
        }
    }
}
