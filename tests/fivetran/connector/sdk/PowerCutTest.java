package fivetran.connector.sdk;

import static fivetran.connector.sdk.testing.ExactlyOnce.assertExactlyRows;
import static fivetran.connector.sdk.testing.ExactlyOnce.assertOnlyTheLastCheckpoint;
import static fivetran.connector.sdk.testing.ExactlyOnce.committed;
import static fivetran.connector.sdk.testing.ExactlyOnce.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.KillableRun;
import fivetran.connector.sdk.testing.PowerCut;
import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Power cuts during {@code debug}: the project's {@code files/} is on cutfs ({@link PowerCut}), which keeps every data
 * write that was not fsynced in memory, and the cut throws those writes away — at random instants, inside the commit
 * just before COMMIT, and between {@code state.json}'s write and rename. After each cut the warehouse holds exactly
 * the rows of a committed checkpoint, {@code state.json} is at that checkpoint or one behind, the next run resumes
 * from it, and a final run (itself followed by a cut) leaves every row exactly once. The table has no primary key and
 * every run tags its rows, so a row written twice shows.
 *
 * <p>Three cuts in the e2e tier; {@code -Dsoak.cuts} (default 100, six to nine minutes) in the soak tier:
 * {@code ./jbang -Dsoak.cuts=300 tests/RunTests.java --tier soak PowerCut}; {@code -Dsoak.seed=N} replays a run's
 * random choices (the seed is printed).
 */
class PowerCutTest {
    private static final int CUTS = Integer.getInteger("soak.cuts", 100);
    private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
    private static final int CHECKPOINT_EVERY = 2_000;
    private static final String GENERATE = """
            [{"op": "generate", "table": "events", "rows": %d, "checkpoint_every": %d}]""";

    @Test
    @Tag("e2e")
    void cutfsKeepsOnlyTheDataThatWasFsyncedAndEveryNameAtOnce() throws Exception {
        Project project = Project.empty("cutfs");
        Path files = project.file("files");
        try (PowerCut power = PowerCut.mount(project)) {
            Files.writeString(files.resolve("unflushed"), "lost");
            write(files.resolve("flushed"), "kept", true);
            Files.writeString(files.resolve("flushed"), "kept, then overwritten", StandardOpenOption.TRUNCATE_EXISTING);
            write(files.resolve("renamed.tmp"), "kept under its new name", true);
            Files.move(files.resolve("renamed.tmp"), files.resolve("renamed"), StandardCopyOption.ATOMIC_MOVE);
            write(files.resolve("renamed-unflushed.tmp"), "lost", false);
            Files.move(files.resolve("renamed-unflushed.tmp"), files.resolve("renamed-unflushed"), StandardCopyOption.ATOMIC_MOVE);
            assertEquals("kept, then overwritten", Files.readString(files.resolve("flushed")), "reads see unflushed writes");
            assertEquals("lost", Files.readString(files.resolve("renamed-unflushed")), "unflushed writes follow a rename");
        }
        assertEquals("", Files.readString(files.resolve("unflushed")));
        assertEquals("kept", Files.readString(files.resolve("flushed")));
        assertEquals("kept under its new name", Files.readString(files.resolve("renamed")));
        assertEquals("", Files.readString(files.resolve("renamed-unflushed")), "the name reached the disk, its data did not");
        assertFalse(Files.exists(files.resolve("renamed.tmp")));
        project.delete();
    }

    private static void write(Path file, String text, boolean force) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            if (force) {
                channel.force(false);
            }
        }
    }

    @Test
    @Tag("e2e")
    void aFewPowerCutsDuringDebugLoseNoCommittedRowAndWriteNoneTwice() throws Exception {
        powerCuts("power-cut", 3);
    }

    @Test
    @Tag("soak")
    void powerCutsAtRandomInstantsDuringDebugLeaveACheckpointAndTheFinalRunWritesEveryRowOnce() throws Exception {
        powerCuts("power-cut-soak", CUTS);
    }

    private static void powerCuts(String name, int cuts) throws Exception {
        long started = System.nanoTime();
        Random random = new Random(SEED);
        Project project = Project.scripted(name);
        assertEquals(0, project.jbang("version").exit(), "build the connector first");
        Map<String, Integer> landed = new TreeMap<>();
        for (int trial = 0; trial < cuts; trial++) {
            PowerCut.Aim aim = PowerCut.Aim.values()[trial % PowerCut.Aim.values().length];
            long startNext = committed(project).next();
            project.script(GENERATE.formatted(1_000_000_000L, CHECKPOINT_EVERY), "run", "cut-" + trial);
            String log = PowerCut.cutDuring(project, "debug", aim, random);
            landed.merge(KillableRun.phase(log), 1, Integer::sum);
            assertOnlyTheLastCheckpoint(project, startNext, "cut-" + trial, log, "cut " + trial + " (seed " + SEED + ", aimed at " + aim + ")");
        }
        long next = committed(project).next();
        long total = next + 3 * CHECKPOINT_EVERY + 7;
        project.script(GENERATE.formatted(total, CHECKPOINT_EVERY), "run", "final");
        String log = PowerCut.runThenCut(project, "debug");
        assertTrue(log.contains("state at start: {" + (next == 0 ? "" : "\"next\":" + next) + "}"), log);
        assertExactlyRows(project, total, "after the final run and a cut\n" + log);
        assertEquals(total - next, rows(project, "final"));
        assertEquals("{\"next\":" + (total - 7) + "}", project.state(), "the last checkpoint; its 7 rows came with the final commit");
        System.out.printf("power cut: %d cuts (seed %d), landed %s, %d s%n", cuts, SEED, landed, (System.nanoTime() - started) / 1_000_000_000L);
        project.delete();
    }
}
