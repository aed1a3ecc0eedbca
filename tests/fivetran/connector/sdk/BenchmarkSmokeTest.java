package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The throughput benchmark runs and prints every path, ratio and target; on so few rows its targets are reported, not
 * enforced. The real-data path is required: the suite's servers include the local PostgreSQL.
 */
@Tag("soak")
class BenchmarkSmokeTest {
    @Test
    void throughputBenchmarkPrintsEveryPathAndTheTargets() {
        Project.Result result = Project.runIn(Project.root(), List.of(Project.root().resolve("jbang").toString(), "tests/bench/Throughput.java",
                "20000", "--pgbench-scale=1", "--require-postgres", "--start-runs=1", "--report-only"), Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        for (String figure : List.of(
                "limit: raw Appender into a plain table ",
                "limit: Appender to staging, INSERT OR REPLACE, primary key ",
                "limit: DuckDB bulk load, INSERT ... SELECT * FROM read_parquet ",
                "debug in-process, primary key ",
                "debug in-process, no primary key (_fivetran_id) ",
                "debug in-process, second sync: 1/2 upserted, 1/10 updated, 1/10 deleted ",
                "debug in-process, primary key, from 4 producer threads ",
                "run in-process, primary key, into Iceberg ",
                "run in-process, no primary key, into Iceberg ",
                "whole command: jbang connector.java debug, primary key, -Xmx256m ",
                "real data: PostgreSQL COPY pgbench_accounts TO STDOUT ",
                "real data: raw Appender, streamed from a JDBC ResultSet ",
                "real data: KeysetReader at its defaults, jbang connector.java debug, -Xmx256m ",
                "\"checkpoint recorded\" lines in its output: ",
                "count(*), sum(abalance), sum(aid), sum(bid) equal in PostgreSQL and the warehouse: [100000, ",
                "start: print-only script ",
                "debug in-process, primary key / pk limit: ",
                "debug in-process, no primary key (_fivetran_id) / pk limit: ",
                "debug in-process, second sync: 1/2 upserted, 1/10 updated, 1/10 deleted / pk limit: ",
                "4 producer threads / 1 thread: ",
                "run / debug, primary key: ",
                "run / debug, no primary key: ",
                "whole command: jbang connector.java debug, primary key, -Xmx256m / pk limit: ",
                "real data: KeysetReader at its defaults, jbang connector.java debug, -Xmx256m / raw appender: ")) {
            assertTrue(result.out().contains(figure), () -> "missing '" + figure + "' in\n" + result);
        }
        for (String command : List.of("inspect", "query select 1", "reset --yes", "version", "--help")) {
            assertTrue(result.out().contains("start: " + command + " "), () -> "no start time of " + command + " in\n" + result);
            assertTrue(result.out().contains("start of " + command + " minus print-only script, seconds: "),
                    () -> "no start target of " + command + " in\n" + result);
        }
        assertTrue(result.out().matches("(?s).*(all targets met|targets missed \\(reported only\\))\\s*"), result::toString);
    }
}
