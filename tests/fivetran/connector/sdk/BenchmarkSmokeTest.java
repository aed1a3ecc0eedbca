package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The throughput benchmark runs and prints every figure; on so few rows its targets are reported, not enforced. */
@Tag("soak")
class BenchmarkSmokeTest {
    @Test
    void throughputBenchmarkPrintsEveryPathAndTheTargets() {
        Project.Result result = Project.runIn(Project.root(),
                List.of(Project.root().resolve("jbang").toString(), "tests/bench/Throughput.java", "20000", "--report-only"), Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        for (String figure : List.of("1 Appender into a plain table", "2 upsert, primary key", "3 upsert, no primary key",
                "4 second sync", "from 4 producer threads", "threads reach", "path 2 through run, into Iceberg",
                "path 3 through run, into Iceberg", "run reaches", "5 warm start", "path 2 / path 1", "path 3 / path 1",
                "path 4 / path 1", "4 producer threads / 1 thread", "run / debug, path 2", "run / debug, path 3",
                "warm start of hello minus print-only script")) {
            assertTrue(result.out().contains(figure), () -> "missing '" + figure + "' in\n" + result);
        }
        assertTrue(result.out().matches("(?s).*(all targets met|targets missed \\(reported only\\))\\s*"), result::toString);
    }
}
