///usr/bin/env jbang "$0" "$@" ; exit $?
// Throughput of the local tester against honest limits, measured in one run on the same rows:
// ./jbang tests/bench/Throughput.java [ROWS] [--pgbench-scale=N] [--require-postgres] [--start-runs=N] [--report-only] from the repository
// root (ROWS defaults to 1,000,000, the pgbench scale to 10: 1,000,000 pgbench_accounts rows). Prints every path with its
// rate and ratio, and exits 1 when a target is missed; --report-only prints the targets without failing on them. The
// real-data path needs the local PostgreSQL (127.0.0.1:5432) and is skipped without it, unless --require-postgres.
//JAVA 17+
//JAVA_OPTIONS -Xmx256m
//DEPS ../../connector-sdk.java
// run's Iceberg module on the class path, as in the test suite, so that run syncs in this JVM like debug
//DEPS ../../lib/iceberg.java
//DEPS org.postgresql:postgresql:42.7.14
//SOURCES BenchRows.java Limits.java Commands.java RealData.java

import static java.lang.Math.min;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

class Throughput {
    static final String TABLE = BenchRows.TABLE;
    static final int CHECKPOINT_EVERY = BenchRows.CHECKPOINT_EVERY;
    static final int THREADS = 4;
    /** Runs of each command whose median is its start time; --start-runs=N (the smoke check runs each once). */
    static int startRuns = 3;
    /** The heap of every JVM the benchmark measures, as the issue's memory figures have it. */
    static final String HEAP = "-Xmx256m";
    static final String PK_LIMIT = "pk limit";

    record Target(String what, double measured, double required, boolean atMost) {
        boolean met() {
            return atMost ? measured <= required : measured >= required;
        }
    }

    static final List<Target> targets = new ArrayList<>();

    public static void main(String... args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean reportOnly = options.contains("--report-only");
        boolean requirePostgres = options.contains("--require-postgres");
        int scale = options.stream().filter(arg -> arg.startsWith("--pgbench-scale=")).mapToInt(arg -> Integer.parseInt(arg.substring(16)))
                .findFirst().orElse(10);
        startRuns = options.stream().filter(arg -> arg.startsWith("--start-runs=")).mapToInt(arg -> Integer.parseInt(arg.substring(13)))
                .findFirst().orElse(startRuns);
        long rows = options.stream().filter(arg -> !arg.startsWith("--")).mapToLong(arg -> Long.parseLong(arg.replaceAll("[_,]", "")))
                .findFirst().orElse(1_000_000);
        Path root = findRoot();
        Path work = Files.createTempDirectory("connector-sdk-bench-");
        System.out.printf(Locale.ROOT, "Throughput of the local tester: %,d rows, %d cores, max heap %d MiB, load average %s at start%n%n",
                rows, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        System.out.printf(Locale.ROOT, "%-78s %12s %18s %9s %9s %9s%n", "path", "rows/s", "ratio", "target", "heap MiB", "RSS MiB");
        try {
            warmUp(work.resolve("warm-up"), min(rows, 2L * CHECKPOINT_EVERY));
            Path plain = work.resolve("limit.db");
            double raw = report("limit: raw Appender into a plain table", rows, 0, null, 0, () -> Limits.rawAppender(plain, rows));
            double pk = report("limit: Appender to staging, INSERT OR REPLACE, primary key", rows, raw, "raw limit", 0,
                    () -> Limits.primaryKey(work.resolve("pk-limit.db"), rows));
            Path parquet = work.resolve("rows.parquet");
            Limits.exportParquet(plain, parquet);
            report("limit: DuckDB bulk load, INSERT ... SELECT * FROM read_parquet", rows, raw, "raw limit", 0,
                    () -> Limits.bulkLoad(work.resolve("bulk.db"), parquet));

            Path keyed = Files.createDirectories(work.resolve("keyed"));
            double upsert = report("debug in-process, primary key", rows, pk, PK_LIMIT, 0.8,
                    () -> sync("debug", keyed, true, (configuration, state) -> BenchRows.upsertAll(rows, 1)));
            expectCounts(keyed, rows, 0);
            Path unkeyed = Files.createDirectories(work.resolve("unkeyed"));
            double unkeyedUpsert = report("debug in-process, no primary key (_fivetran_id)", rows, pk, PK_LIMIT, 0.6,
                    () -> sync("debug", unkeyed, false, (configuration, state) -> BenchRows.upsertAll(rows, 1)));
            expectCounts(unkeyed, rows, 0);
            long changes = residues(rows, 0, 2, 4, 6, 8) + residues(rows, 1) + residues(rows, 3);
            report("debug in-process, second sync: 1/2 upserted, 1/10 updated, 1/10 deleted", changes, pk, PK_LIMIT, 0.4,
                    () -> sync("debug", keyed, true, (configuration, state) -> changeAll(rows)));
            expectCounts(keyed, rows - residues(rows, 3), residues(rows, 3));
            Path threaded = Files.createDirectories(work.resolve("threaded"));
            double threads = report("debug in-process, primary key, from " + THREADS + " producer threads", rows, pk, PK_LIMIT, 0,
                    () -> sync("debug", threaded, true, (configuration, state) -> upsertFromThreads(rows)));
            expectCounts(threaded, rows, 0);
            // one producer thread already keeps both cores busy (it prepares rows, the appending thread appends them), so
            // on two cores four producers can only hold that rate, not pass it
            ratio(THREADS + " producer threads / 1 thread", threads / upsert, 0.8);
            runPath(work.resolve("run-keyed"), "primary key", true, rows, pk, upsert);
            runPath(work.resolve("run-unkeyed"), "no primary key", false, rows, pk, unkeyedUpsert);

            Path project = wholeCommand(root, work.resolve("whole"), rows, pk);
            realData(root, work.resolve("real"), scale, requirePostgres);
            startTimes(root, project);
        } finally {
            deleteTree(work);
        }
        System.out.println();
        boolean missed = false;
        for (Target target : targets) {
            missed |= !target.met();
            System.out.printf(Locale.ROOT, "%-4s %s: %.2f, target %s %.2f%n", target.met() ? "ok" : "MISS", target.what(), target.measured(),
                    target.atMost() ? "<=" : ">=", target.required());
        }
        System.out.println(missed ? (reportOnly ? "targets missed (reported only)" : "TARGETS MISSED") : "all targets met");
        System.exit(missed && !reportOnly ? 1 : 0);
    }

    interface Run {
        void run() throws Exception;
    }

    /**
     * Runs one path in this JVM and prints its line with its peak heap and the JVM's peak resident memory during it;
     * records its target (a ratio to {@code reference}, the rate called {@code referenceName}) and returns its rate.
     */
    static double report(String name, long count, double reference, String referenceName, double required, Run run) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        resetPeakResident();
        long start = System.nanoTime();
        run.run();
        double rate = count / ((System.nanoTime() - start) / 1e9);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        line(name, rate, reference, referenceName, required, peak >> 20, peakResidentKiB());
        return rate;
    }

    /** Prints a path's line (a heap or resident size of -1: not measured) and records its target when it has one. */
    static void line(String name, double rate, double reference, String referenceName, double required, long heapMiB, long residentKiB) {
        String ratio = referenceName == null ? "" : String.format(Locale.ROOT, "%.2f x %s", rate / reference, referenceName);
        System.out.printf(Locale.ROOT, "%-78s %,12.0f %18s %9s %9s %9s%n", name, rate, ratio,
                required > 0 ? String.format(Locale.ROOT, ">= %.2f", required) : "", heapMiB < 0 ? "-" : String.valueOf(heapMiB),
                residentKiB < 0 ? "-" : String.valueOf(residentKiB >> 10));
        if (required > 0) {
            targets.add(new Target(name + " / " + referenceName, rate / reference, required, false));
        }
    }

    /** Prints and records a ratio between two paths that is a target of its own. */
    static void ratio(String what, double measured, double required) {
        System.out.printf(Locale.ROOT, "  %s: %.2f%n", what, measured);
        targets.add(new Target(what, measured, required, false));
    }

    /** Runs the limits and paths of debug and run once untimed, so that every measured path runs compiled code. */
    static void warmUp(Path dir, long rows) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Limits.rawAppender(dir.resolve("limit.db"), rows);
        Limits.primaryKey(dir.resolve("pk-limit.db"), rows);
        sync("debug", project, true, (configuration, state) -> BenchRows.upsertAll(rows, 1));
        sync("debug", project, true, (configuration, state) -> changeAll(rows));
        sync("run", Files.createDirectories(dir.resolve("run")), true, (configuration, state) -> BenchRows.upsertAll(rows, 1));
    }

    /** How many of 0..rows-1 have one of the given remainders modulo 10. */
    static long residues(long rows, int... remainders) {
        return Arrays.stream(remainders).mapToLong(r -> rows / 10 + (rows % 10 > r ? 1 : 0)).sum();
    }

    // ---- debug and run in this JVM --------------------------------------------------------------------------------

    /** Runs {@code command} ({@code debug} or {@code run}) of the bench connector in this JVM on {@code project}. */
    static void sync(String command, Path project, boolean primaryKey, Connector.Update update) {
        Connector connector = new Connector(update, configuration -> List.of(BenchRows.table(primaryKey)));
        execute(connector, command, project.toString(), "--log-level", "WARNING");
    }

    /** The command's standard output; fails unless it exits 0. */
    static String execute(Connector connector, String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(summary, true, StandardCharsets.UTF_8));
        try {
            code = connector.execute(args);
        } finally {
            System.setOut(out);
        }
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed:\n" + summary.toString(StandardCharsets.UTF_8));
        }
        return summary.toString(StandardCharsets.UTF_8);
    }

    /** The rows of one key kind synced by run into the embedded Iceberg catalog; its rate against debug's. */
    static void runPath(Path project, String kind, boolean primaryKey, long rows, double pk, double debugRate) throws Exception {
        Files.createDirectories(project);
        double rate = report("run in-process, " + kind + ", into Iceberg", rows, pk, PK_LIMIT, 0,
                () -> sync("run", project, primaryKey, (configuration, state) -> BenchRows.upsertAll(rows, 1)));
        String inspect = execute(new Connector((configuration, state) -> { }), "inspect", "--iceberg", project.toString());
        if (!inspect.contains(Warehouse.SCHEMA + "." + TABLE + ": " + rows + " live rows, 0 deleted")) {
            throw new IllegalStateException("expected " + rows + " live rows in run's Iceberg table of " + project + ":\n" + inspect);
        }
        ratio("run / debug, " + kind, rate / debugRate, 0.3);
    }

    /** Half the keys upserted with changed values, a tenth updated, a tenth deleted, interleaved. */
    static void changeAll(long rows) {
        long operations = 0;
        for (long i = 0; i < rows; i++) {
            int remainder = (int) (i % 10);
            if (remainder % 2 == 0) {
                Operations.upsert(TABLE, BenchRows.row(i, 2));
            } else if (remainder == 1) {
                Operations.update(TABLE, Map.of("id", i, "amount", BigDecimal.valueOf(i, 2), "updated_at", BenchRows.BASE.plusDays(1).plusSeconds(i)));
            } else if (remainder == 3) {
                Operations.delete(TABLE, Map.of("id", i));
            } else {
                continue;
            }
            if (++operations % CHECKPOINT_EVERY == 0) {
                Operations.checkpoint(Map.of("changed", i));
            }
        }
    }

    /** Each batch of 100,000 rows split among the threads; the checkpoint once every thread has written its part. */
    static void upsertFromThreads(long rows) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (long batch = 0; batch < rows; batch += CHECKPOINT_EVERY) {
                long end = min(rows, batch + CHECKPOINT_EVERY);
                long slice = (end - batch + THREADS - 1) / THREADS;
                List<Future<?>> parts = new ArrayList<>();
                for (long from = batch; from < end; from += slice) {
                    long first = from;
                    long last = min(end, from + slice);
                    parts.add(pool.submit(() -> {
                        for (long i = first; i < last; i++) {
                            Operations.upsert(TABLE, BenchRows.row(i, 1));
                        }
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
                Operations.checkpoint(Map.of("next", end));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void expectCounts(Path project, long live, long deleted) throws Exception {
        try (Connection connection = readOnly(project);
             Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery("SELECT count(*) FILTER (WHERE NOT _fivetran_deleted), "
                     + "count(*) FILTER (WHERE _fivetran_deleted) FROM " + Warehouse.SCHEMA + "." + TABLE)) {
            counts.next();
            if (counts.getLong(1) != live || counts.getLong(2) != deleted) {
                throw new IllegalStateException("expected " + live + " live and " + deleted + " deleted rows in " + project
                        + ", found " + counts.getLong(1) + " and " + counts.getLong(2));
            }
        }
    }

    static Connection readOnly(Path project) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + project.resolve("files/warehouse.db"), readOnly);
    }

    // ---- whole commands, in processes of their own ----------------------------------------------------------------

    /**
     * {@code ./jbang --java-options=-Xmx256m connector.java debug} in {@code project}, after one untimed run with
     * {@code warmUp} as its configuration (JBang's cache and the connector's class-data archive warm), its files/
     * then deleted: the wall time of the command with its start, and its peak resident memory.
     */
    static Commands.Measured debug(Path root, Path project, String warmUp, String configuration) throws Exception {
        List<String> debug = List.of(root.resolve("jbang").toString(), "--java-options=" + HEAP, "connector.java", "debug");
        Files.writeString(project.resolve("configuration.json"), warmUp);
        Commands.run(project, debug);
        deleteTree(project.resolve("files"));
        Files.writeString(project.resolve("configuration.json"), configuration);
        return Commands.run(project, debug);
    }

    /** The generated upsert connector's debug with a primary key, as a user runs it; returns its project. */
    static Path wholeCommand(Path root, Path dir, long rows, double pk) throws Exception {
        Path project = Commands.generate(root.resolve("tests/bench/connectors/upsert"), dir);
        Commands.Measured debug = debug(root, project, "{\"rows\": \"1000\"}", "{\"rows\": \"" + rows + "\"}");
        line("whole command: jbang connector.java debug, primary key, " + HEAP, rows / debug.seconds(), pk, PK_LIMIT, 0.6, -1, debug.peakKiB());
        expectCounts(project, rows, 0);
        return project;
    }

    /**
     * pgbench_accounts of {@code pgbench -i -s scale} on the local PostgreSQL: its COPY TO STDOUT, the raw Appender
     * on its rows, and the KeysetReader connector at its defaults as the whole command, with counts and sums checked.
     */
    static void realData(Path root, Path dir, int scale, boolean requirePostgres) throws Exception {
        if (!RealData.reachable()) {
            if (requirePostgres) {
                throw new IllegalStateException("real data: PostgreSQL is not reachable on 127.0.0.1:5432 (--require-postgres)");
            }
            System.out.println("real data: skipped, PostgreSQL is not reachable on 127.0.0.1:5432");
            return;
        }
        Files.createDirectories(dir);
        try (RealData source = new RealData(scale)) {
            List<Long> sums = source.sums();
            long rows = sums.get(0);
            long start = System.nanoTime();
            long copied = source.copyOut();
            line("real data: PostgreSQL COPY pgbench_accounts TO STDOUT", copied / ((System.nanoTime() - start) / 1e9), 0, null, 0, -1, -1);
            double appender = report("real data: raw Appender, streamed from a JDBC ResultSet", rows, 0, null, 0,
                    () -> source.appendFromResultSet(dir.resolve("appender.db")));
            Path project = Commands.generate(root.resolve("tests/bench/connectors/keyset"), dir.resolve("keyset"));
            String server = "\"jdbc_url\": \"" + source.url() + "\", \"user\": \"" + RealData.USER + "\", \"password\": \"\"";
            Commands.Measured debug = debug(root, project, "{" + server + ", \"table\": \"pgbench_branches\", \"key\": \"bid\"}",
                    "{" + server + ", \"table\": \"" + RealData.TABLE + "\", \"key\": \"aid\"}");
            line("real data: KeysetReader at its defaults, jbang connector.java debug, " + HEAP, rows / debug.seconds(), appender, "raw appender", 0.5,
                    -1, debug.peakKiB());
            System.out.printf(Locale.ROOT, "  \"checkpoint recorded\" lines in its output: %d%n", Commands.linesWith(debug.output(), "checkpoint recorded"));
            List<Long> synced;
            try (Connection warehouse = readOnly(project)) {
                synced = RealData.sums(warehouse, Warehouse.SCHEMA + "." + RealData.TABLE);
            }
            if (!synced.equals(sums)) {
                throw new IllegalStateException("real data: count(*), sum(abalance), sum(aid), sum(bid) are " + sums + " in PostgreSQL but "
                        + synced + " in the warehouse");
            }
            System.out.printf(Locale.ROOT, "  count(*), sum(abalance), sum(aid), sum(bid) equal in PostgreSQL and the warehouse: %s%n", sums);
        }
    }

    /**
     * The median wall time of each command people type all day, on the whole command's project, beside a JBang
     * script that only prints a line; each round starts from a copy of the project's files/ (reset deletes them).
     */
    static void startTimes(Path root, Path project) throws Exception {
        String jbang = root.resolve("jbang").toString();
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("print-only script", List.of(jbang, root.resolve("tests/bench/print_only.java").toString()));
        for (List<String> command : List.of(List.of("inspect"), List.of("query", "select 1"), List.of("reset", "--yes"), List.of("version"),
                List.of("--help"))) {
            List<String> line = new ArrayList<>(List.of(jbang, "connector.java"));
            line.addAll(command);
            commands.put(String.join(" ", command), line);
        }
        Path files = project.resolve("files");
        Path kept = project.resolveSibling("files-kept");
        copyTree(files, kept);
        Commands.run(project, commands.get("print-only script")); // untimed: compiles the script
        Map<String, double[]> seconds = new LinkedHashMap<>();
        commands.keySet().forEach(name -> seconds.put(name, new double[startRuns]));
        for (int run = 0; run < startRuns; run++) {
            if (!Files.exists(files)) {
                copyTree(kept, files);
            }
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                seconds.get(command.getKey())[run] = Commands.run(project, command.getValue()).seconds();
            }
        }
        double printOnly = median(seconds.get("print-only script"));
        System.out.printf(Locale.ROOT, "%nstart, median of %d (jbang connector.java <command>, JBang's cache warm)%n", startRuns);
        for (String name : commands.keySet()) {
            double median = median(seconds.get(name));
            if (name.equals("print-only script")) {
                System.out.printf(Locale.ROOT, "start: %-30s %6.2f s%n", name, median);
            } else {
                System.out.printf(Locale.ROOT, "start: %-30s %6.2f s, +%.2f s over the print-only script%n", name, median, median - printOnly);
                targets.add(new Target("start of " + name + " minus print-only script, seconds", median - printOnly, 0.5, true));
            }
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("connector-sdk.java")) && Files.isDirectory(dir.resolve("tests/bench"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the benchmark from the repository: no connector-sdk.java above " + Path.of("").toAbsolutePath());
    }

    static final Path STATUS = Path.of("/proc/self/status");

    /** Resets this process's peak resident memory (Linux: 5 into /proc/self/clear_refs); a no-op elsewhere. */
    static void resetPeakResident() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            // not Linux: the peak is then reported as unknown
        }
    }

    /** This process's peak resident memory in KiB since {@link #resetPeakResident}, or -1 where unknown. */
    static long peakResidentKiB() {
        try {
            return Files.readAllLines(STATUS).stream().filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
