package fivetran.connector.sdk;

import static fivetran.connector.sdk.testing.ExactlyOnce.assertExactlyIcebergRows;
import static fivetran.connector.sdk.testing.ExactlyOnce.committedIcebergNext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.IcebergTables;
import fivetran.connector.sdk.testing.KillableRun;
import fivetran.connector.sdk.testing.PowerCut;
import fivetran.connector.sdk.testing.Project;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Power cuts during {@code run} into the embedded Iceberg catalog, with {@code files/} on cutfs ({@link PowerCut}):
 * every data write that was not fsynced is lost, at random instants, after the tables' commits just before the commit
 * point, and between {@code state.json}'s write and rename. After each cut the next {@code run} opens the catalog,
 * every table's current snapshot names only files that exist whole (metadata, manifest list, manifests, data files),
 * and each table holds the committed checkpoint's rows exactly once; a final run (itself followed by a cut) leaves
 * every row exactly once. The tables have no primary key and each run tags its rows, so a row written twice shows.
 *
 * <p>Three cuts in the e2e tier; {@code -Dsoak.cuts} (default 15, three to four minutes) in the soak tier:
 * {@code ./jbang -Dsoak.cuts=300 tests/RunTests.java --tier soak IcebergPowerCut}; {@code -Dsoak.seed=N} replays a
 * run's random choices.
 */
class IcebergPowerCutTest {
    private static final int CUTS = Integer.getInteger("soak.cuts", 15);
    private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
    private static final int CHECKPOINT_EVERY = 200;
    private static final List<String> TABLES = List.of("events", "audit");
    private static final String GENERATE = """
            [{"op": "generate", "tables": ["events", "audit"], "rows": %d, "checkpoint_every": %d}]""";

    @Test
    @Tag("e2e")
    void aFewPowerCutsDuringRunLeaveNoCommitPointingAtALostFile() throws Exception {
        powerCuts("iceberg-power-cut", 3);
    }

    @Test
    @Tag("soak")
    void powerCutsAtRandomInstantsDuringRunLeaveACheckpointAndTheFinalRunWritesEveryRowOnce() throws Exception {
        powerCuts("iceberg-power-cut-soak", CUTS);
    }

    private static void powerCuts(String name, int cuts) throws Exception {
        long started = System.nanoTime();
        Random random = new Random(SEED);
        Project project = Project.scripted(name);
        Map<String, Integer> landed = new TreeMap<>();
        try {
            assertEquals(0, project.jbang("version").exit(), "build the connector first");
            for (int trial = 0; trial < cuts; trial++) {
                PowerCut.Aim aim = PowerCut.Aim.values()[trial % PowerCut.Aim.values().length];
                long startNext = committedIcebergNext(project);
                project.script(GENERATE.formatted(1_000_000_000L, CHECKPOINT_EVERY), "run", "cut-" + trial);
                String log = PowerCut.cutDuring(project, "run", aim, random);
                landed.merge(KillableRun.phase(log), 1, Integer::sum);
                String where = "cut " + trial + " (seed " + SEED + ", aimed at " + aim + ")\n" + log;
                project.script("[]");
                Project.Result reopen = project.command("run");
                assertEquals(0, reopen.exit(), where + "\n" + reopen);
                long next = committedIcebergNext(project);
                assertTrue(next >= startNext, where);
                assertEveryFileOfTheCurrentSnapshotsExists(project, where);
                assertExactlyIcebergRows(project, TABLES, next, "cut-" + trial, next - startNext, where);
            }
            long next = committedIcebergNext(project);
            long total = next + 2 * CHECKPOINT_EVERY + 7;
            project.script(GENERATE.formatted(total, CHECKPOINT_EVERY), "run", "final");
            String log = PowerCut.runThenCut(project, "run");
            assertTrue(log.contains("state at start: {" + (next == 0 ? "" : "\"next\":" + next) + "}"), log);
            assertEveryFileOfTheCurrentSnapshotsExists(project, "after the final run and a cut\n" + log);
            assertExactlyIcebergRows(project, TABLES, total, "final", total - next, "after the final run and a cut\n" + log);
            assertEquals("{\"next\":" + (total - 7) + "}", project.state().strip());
            System.out.printf("iceberg power cut: %d cuts (seed %d), landed %s, %d s%n", cuts, SEED, landed, (System.nanoTime() - started) / 1_000_000_000L);
        } finally {
            project.delete();
        }
    }

    /** The metadata file, manifest list, manifests and data files of every table's current snapshot exist, at their recorded sizes. */
    private static void assertEveryFileOfTheCurrentSnapshotsExists(Project project, String where) throws Exception {
        try (IcebergTables iceberg = new IcebergTables(project)) {
            for (String name : iceberg.tables()) {
                Table table = iceberg.table(name);
                Snapshot snapshot = table.currentSnapshot();
                if (snapshot == null) {
                    continue;
                }
                List<String> missing = new ArrayList<>();
                checkFile(snapshot.manifestListLocation(), -1, missing);
                for (ManifestFile manifest : snapshot.allManifests(table.io())) {
                    checkFile(manifest.path(), manifest.length(), missing);
                }
                try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                    for (FileScanTask task : tasks) {
                        DataFile file = task.file();
                        checkFile(file.location(), file.fileSizeInBytes(), missing);
                    }
                }
                assertEquals(List.of(), missing, name + ": files of snapshot " + snapshot.snapshotId() + " lost\n" + where);
            }
        }
    }

    private static void checkFile(String location, long length, List<String> missing) throws Exception {
        Path file = Path.of(URI.create(location.startsWith("/") ? "file://" + location : location));
        long size = Files.exists(file) ? Files.size(file) : -1;
        if (size <= 0 || length >= 0 && size != length) {
            missing.add(location + " (" + (size < 0 ? "missing" : size + " bytes") + (length >= 0 ? ", expected " + length : "") + ")");
        }
    }

}
