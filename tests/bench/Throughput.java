///usr/bin/env jbang "$0" "$@" ; exit $?
// Throughput of the local tester, measured in one run on the same rows: ./jbang tests/bench/Throughput.java [ROWS]
// [--report-only] from the repository root (ROWS defaults to 1,000,000). Prints rows/s per path and the ratios (debug's
// paths, and paths 2 and 3 through run into the embedded Iceberg catalog), and exits 1 when a target is missed;
// --report-only prints the targets without failing on them.
//JAVA 17+
//JAVA_OPTIONS -Xmx256m
//DEPS ../../connector-sdk.java
// run's Iceberg module on the class path, as in the test suite, so that run syncs in this JVM like debug
//DEPS ../../lib/iceberg.java

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.warehouse.ColumnType;
import fivetran.connector.sdk.warehouse.Values;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

class Throughput {
    static final String TABLE = "bench";
    static final int CHECKPOINT_EVERY = 100_000;
    static final int THREADS = 4;
    static final int START_RUNS = 3;
    static final double RUN_TARGET = 0.3;
    static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    static final Map<String, ColumnType> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("id", ColumnType.of(DataType.LONG));
        COLUMNS.put("name", ColumnType.of(DataType.STRING));
        COLUMNS.put("email", ColumnType.of(DataType.STRING));
        COLUMNS.put("amount", ColumnType.decimal(18, 2));
        COLUMNS.put("score", ColumnType.of(DataType.DOUBLE));
        COLUMNS.put("active", ColumnType.of(DataType.BOOLEAN));
        COLUMNS.put("created_at", ColumnType.of(DataType.NAIVE_DATETIME));
        COLUMNS.put("updated_at", ColumnType.of(DataType.NAIVE_DATETIME));
        COLUMNS.put("payload", ColumnType.of(DataType.JSON));
    }

    record Target(String what, double measured, double required, boolean atMost) {
        boolean met() {
            return atMost ? measured <= required : measured >= required;
        }
    }

    static final List<Target> targets = new ArrayList<>();

    public static void main(String... args) throws Exception {
        boolean reportOnly = Arrays.asList(args).contains("--report-only");
        long rows = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).mapToLong(arg -> Long.parseLong(arg.replaceAll("[_,]", "")))
                .findFirst().orElse(1_000_000);
        Path root = findRoot();
        Path work = Files.createTempDirectory("connector-sdk-bench-");
        System.out.printf(Locale.ROOT, "Throughput of the local tester: %,d rows, %d cores, max heap %d MiB, load average %s at start%n%n",
                rows, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        System.out.printf(Locale.ROOT, "%-46s %12s %9s %9s %11s%n", "path", "rows/s", "x path 1", "target", "peak heap");
        try {
            warmUp(work.resolve("warm-up"), Math.min(rows, 2L * CHECKPOINT_EVERY));
            double limit = report("1 Appender into a plain table (the limit)", rows, null, 0, () -> appendPlain(work.resolve("limit.db"), rows));
            Path keyed = Files.createDirectories(work.resolve("keyed"));
            double upsert = report("2 upsert, primary key (debug)", rows, limit, 0.5,
                    () -> sync("debug", keyed, true, (configuration, state) -> upsertAll(rows, 1)));
            expectCounts(keyed, rows, 0);
            Path unkeyed = Files.createDirectories(work.resolve("unkeyed"));
            double unkeyedUpsert = report("3 upsert, no primary key, _fivetran_id (debug)", rows, limit, 0.4,
                    () -> sync("debug", unkeyed, false, (configuration, state) -> upsertAll(rows, 1)));
            expectCounts(unkeyed, rows, 0);
            long changes = residues(rows, 0, 2, 4, 6, 8) + residues(rows, 1) + residues(rows, 3);
            report("4 second sync: 1/2 upserted, 1/10 updated, 1/10 deleted", changes, limit, 0.3,
                    () -> sync("debug", keyed, true, (configuration, state) -> changeAll(rows)));
            expectCounts(keyed, rows - residues(rows, 3), residues(rows, 3));
            Path threaded = Files.createDirectories(work.resolve("threaded"));
            double threads = report("  path 2 from " + THREADS + " producer threads", rows, limit, 0,
                    () -> sync("debug", threaded, true, (configuration, state) -> upsertFromThreads(rows)));
            expectCounts(threaded, rows, 0);
            System.out.printf(Locale.ROOT, "  %d threads reach %.2fx the single-thread rate of path 2%n", THREADS, threads / upsert);
            targets.add(new Target(THREADS + " producer threads / 1 thread", threads / upsert, 1.0, false));
            runPath(work.resolve("run-keyed"), "2", true, rows, limit, upsert);
            runPath(work.resolve("run-unkeyed"), "3", false, rows, limit, unkeyedUpsert);
            warmStart(root);
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

    /** Runs one path, prints its line, records its target (a ratio to path 1), returns its rate. */
    static double report(String name, long count, Double limit, double required, Run run) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        run.run();
        double rate = count / ((System.nanoTime() - start) / 1e9);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double ratio = limit == null ? 1.0 : rate / limit;
        System.out.printf(Locale.ROOT, "%-46s %,12.0f %9.2f %9s %7d MiB%n", name, rate, ratio,
                required > 0 ? String.format(Locale.ROOT, ">= %.2f", required) : "", peak >> 20);
        if (required > 0) {
            targets.add(new Target("path " + name.charAt(0) + " / path 1", ratio, required, false));
        }
        return rate;
    }

    /** Runs paths 1, 2 and 4 once untimed, so that every measured path runs compiled code rather than the JIT's first passes. */
    static void warmUp(Path dir, long rows) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        appendPlain(dir.resolve("limit.db"), rows);
        sync("debug", project, true, (configuration, state) -> upsertAll(rows, 1));
        sync("debug", project, true, (configuration, state) -> changeAll(rows));
        sync("run", Files.createDirectories(dir.resolve("run")), true, (configuration, state) -> upsertAll(rows, 1));
    }

    // ---- the rows ---------------------------------------------------------------------------------------------

    /** Row {@code i} as a connector would build it; {@code version} 2 changes every non-key value. */
    static Map<String, Object> row(long i, int version) {
        return Map.of(
                "id", i,
                "name", "name " + i + (version > 1 ? " v" + version : ""),
                "email", "user" + i + "@example.com",
                "amount", BigDecimal.valueOf(i % 10_000_000 * version, 2),
                "score", (i % 1000) * 0.37 * version,
                "active", (i + version) % 3 != 0,
                "created_at", BASE.plusSeconds(i),
                "updated_at", BASE.plusSeconds(i + 3600L * version),
                "payload", Map.of("source", "bench", "sequence", i, "detail", Map.of("version", version, "even", i % 2 == 0)));
    }

    static Table table(boolean primaryKey) {
        Table table = Table.named(TABLE);
        if (primaryKey) {
            table.primaryKey("id");
        }
        COLUMNS.forEach((column, type) -> {
            if (type.type() == DataType.DECIMAL) {
                table.decimal(column, type.precision(), type.scale());
            } else {
                table.column(column, type.type());
            }
        });
        return table;
    }

    /** How many of 0..rows-1 have one of the given remainders modulo 10. */
    static long residues(long rows, int... remainders) {
        return Arrays.stream(remainders).mapToLong(r -> rows / 10 + (rows % 10 > r ? 1 : 0)).sum();
    }

    // ---- path 1 -----------------------------------------------------------------------------------------------

    static void appendPlain(Path database, long rows) throws Exception {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + database);
             Statement statement = connection.createStatement()) {
            StringBuilder create = new StringBuilder("CREATE TABLE plain (");
            COLUMNS.forEach((column, type) -> create.append(create.length() > 20 ? ", " : "").append(column).append(' ').append(type.sql()));
            statement.execute(create.append(')').toString());
            String[] names = COLUMNS.keySet().toArray(String[]::new);
            ColumnType[] types = COLUMNS.values().toArray(ColumnType[]::new);
            try (DuckDBAppender appender = connection.createAppender("main", "plain")) {
                for (long i = 0; i < rows; i++) {
                    Map<String, Object> row = row(i, 1);
                    appender.beginRow();
                    for (int c = 0; c < names.length; c++) {
                        Object value = Values.coerce(row.get(names[c]), types[c], TABLE, names[c]);
                        switch (types[c].type()) {
                            case LONG -> appender.append((long) (Long) value);
                            case DECIMAL -> appender.append((BigDecimal) value);
                            case DOUBLE -> appender.append((double) (Double) value);
                            case BOOLEAN -> appender.append((boolean) (Boolean) value);
                            case NAIVE_DATETIME -> appender.append((LocalDateTime) value);
                            default -> appender.append((String) value);
                        }
                    }
                    appender.endRow();
                }
            }
        }
    }

    // ---- paths 2 to 4 through debug, 2 and 3 through run ----------------------------------------------------------

    /** Runs {@code command} ({@code debug} or {@code run}) of the bench connector in this JVM on {@code project}. */
    static void sync(String command, Path project, boolean primaryKey, Connector.Update update) {
        Connector connector = new Connector(update, configuration -> List.of(table(primaryKey)));
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

    /** Path {@code path}'s rows synced by run into the embedded Iceberg catalog; its rate against debug's on that path. */
    static void runPath(Path project, String path, boolean primaryKey, long rows, double limit, double debugRate) throws Exception {
        Files.createDirectories(project);
        double rate = report("  path " + path + " through run, into Iceberg", rows, limit, 0,
                () -> sync("run", project, primaryKey, (configuration, state) -> upsertAll(rows, 1)));
        String inspect = execute(new Connector((configuration, state) -> { }), "inspect", "--iceberg", project.toString());
        if (!inspect.contains(Warehouse.SCHEMA + "." + TABLE + ": " + rows + " live rows, 0 deleted")) {
            throw new IllegalStateException("expected " + rows + " live rows in run's Iceberg table of " + project + ":\n" + inspect);
        }
        System.out.printf(Locale.ROOT, "  run reaches %.2fx debug's rate of path %s%n", rate / debugRate, path);
        targets.add(new Target("run / debug, path " + path, rate / debugRate, RUN_TARGET, false));
    }

    static void upsertAll(long rows, int version) {
        for (long i = 0; i < rows; i++) {
            Operations.upsert(TABLE, row(i, version));
            if ((i + 1) % CHECKPOINT_EVERY == 0) {
                Operations.checkpoint(Map.of("next", i + 1));
            }
        }
    }

    /** Half the keys upserted with changed values, a tenth updated, a tenth deleted, interleaved. */
    static void changeAll(long rows) {
        long operations = 0;
        for (long i = 0; i < rows; i++) {
            int remainder = (int) (i % 10);
            if (remainder % 2 == 0) {
                Operations.upsert(TABLE, row(i, 2));
            } else if (remainder == 1) {
                Operations.update(TABLE, Map.of("id", i, "amount", BigDecimal.valueOf(i, 2), "updated_at", BASE.plusDays(1).plusSeconds(i)));
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
                long end = Math.min(rows, batch + CHECKPOINT_EVERY);
                long slice = (end - batch + THREADS - 1) / THREADS;
                List<Future<?>> parts = new ArrayList<>();
                for (long from = batch; from < end; from += slice) {
                    long first = from;
                    long last = Math.min(end, from + slice);
                    parts.add(pool.submit(() -> {
                        for (long i = first; i < last; i++) {
                            Operations.upsert(TABLE, row(i, 1));
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
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("files/warehouse.db"));
             Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery("SELECT count(*) FILTER (WHERE NOT _fivetran_deleted), "
                     + "count(*) FILTER (WHERE _fivetran_deleted) FROM tester." + TABLE)) {
            counts.next();
            if (counts.getLong(1) != live || counts.getLong(2) != deleted) {
                throw new IllegalStateException("expected " + live + " live and " + deleted + " deleted rows in " + project
                        + ", found " + counts.getLong(1) + " and " + counts.getLong(2));
            }
        }
    }

    // ---- path 5 -----------------------------------------------------------------------------------------------

    /**
     * Median wall times of examples/quickstart/hello's debug (into a temporary project folder) and of a print-only
     * script, both through JBang with a warm cache.
     */
    static void warmStart(Path root) throws Exception {
        String jbang = root.resolve("jbang").toString();
        Path hello = root.resolve(HELLO);
        List<String> helloDebug = List.of(jbang, "connector.java", "debug", Files.createTempDirectory("bench-hello-").toString());
        List<String> printOnly = List.of(jbang, root.resolve("tests/bench/print_only.java").toString());
        // untimed: the first run of hello drops a class-data archive gone stale with a changed SDK, the second writes it again
        wallSeconds(hello, helloDebug);
        wallSeconds(hello, helloDebug);
        wallSeconds(root, printOnly);
        double[] helloTimes = new double[START_RUNS];
        double[] printTimes = new double[START_RUNS];
        for (int run = 0; run < START_RUNS; run++) {
            helloTimes[run] = wallSeconds(hello, helloDebug);
            printTimes[run] = wallSeconds(root, printOnly);
        }
        double helloMedian = median(helloTimes);
        double printMedian = median(printTimes);
        System.out.printf(Locale.ROOT, "5 warm start (median of %d): " + HELLO + " debug %.2f s, print-only script %.2f s, difference %.2f s%n",
                START_RUNS, helloMedian, printMedian, helloMedian - printMedian);
        targets.add(new Target("warm start of hello minus print-only script, seconds", helloMedian - printMedian, 1.0, true));
    }

    static final String HELLO = "examples/quickstart/hello";

    static double wallSeconds(Path dir, List<String> command) throws Exception {
        Path output = Files.createTempFile("bench-run", ".txt");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " in " + dir + " exited " + process.exitValue() + ":\n" + Files.readString(output));
            }
            return seconds;
        } finally {
            Files.delete(output);
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
            if (Files.exists(dir.resolve("connector-sdk.java")) && Files.isDirectory(dir.resolve(HELLO))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the benchmark from the repository: no connector-sdk.java above " + Path.of("").toAbsolutePath());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
