package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples, run through JBang as their READMEs say. */
class ExamplesTest {
    @Test
    void helloRunsFromItsFolderWithTheRelativeSdkDependencyAndAppendsARowPerSync() throws Exception {
        Path hello = Project.root().resolve("examples/hello");
        Path files = hello.resolve("files");
        deleteTree(files);
        try {
            List<String> command = List.of("../../jbang", "connector.java", "debug");
            for (int run = 1; run <= 2; run++) {
                Project.Result result = Project.runIn(hello, command, Map.of(), null);
                assertEquals(0, result.exit(), result::toString);
                assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
                assertEquals((long) run, Project.query(files.resolve("warehouse.db"),
                        "SELECT count(*) AS n FROM tester.hello WHERE message = 'hello, world' AND NOT _fivetran_deleted").get(0).get("n"));
            }
            assertEquals("{}", Files.readString(files.resolve("state.json")));
        } finally {
            deleteTree(files);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void examplesReadmeListsEveryExampleWithItsOwnReadme() throws java.io.IOException {
        Path examples = Project.root().resolve("examples");
        String readme = Files.readString(examples.resolve("README.md"));
        try (var folders = Files.list(examples)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String name = folder.getFileName().toString();
                assertTrue(readme.contains("| `" + name + "` |"), name + " is missing from examples/README.md");
                assertTrue(Files.isRegularFile(folder.resolve("README.md")), name + " has no README.md");
            }
        }
        java.util.regex.Matcher listed = java.util.regex.Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|").matcher(readme);
        while (listed.find()) {
            assertTrue(Files.isDirectory(examples.resolve(listed.group(1))), listed.group(1) + " is listed but does not exist");
        }
    }

    @Test
    void simpleThreeStepCursorResumesAfterItsCursor() {
        Project project = Project.example("simple_three_step_cursor");
        assertEquals(0, project.jbang("debug").exit());
        assertEquals("{\"cursor\":3}", project.state());
        Project.Result second = project.jbang("debug");
        assertEquals(0, second.exit(), second::toString);
        assertTrue(second.err().contains("resuming after cursor 3"), second::toString);
        assertEquals("{\"cursor\":6}", project.state());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L),
                project.query("SELECT id FROM tester.step ORDER BY id").stream().map(r -> r.get("id")).toList());
        assertTrue(second.out().contains("Checkpoints     | 3"), second::toString);
    }

    @Test
    void specifiedTypesStoresEveryTypeFromJavaValuesAndFromText() {
        Project project = Project.example("specified_types");
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        Map<String, Object> java = project.query("SELECT * EXCLUDE (_fivetran_synced, raw, details) FROM tester.specified WHERE id = 1").get(0);
        assertEquals(true, java.get("flag"));
        assertEquals((short) 42, java.get("small"));
        assertEquals(9_007_199_254_740_993L, java.get("big"));
        assertEquals(new BigDecimal("1234.56"), java.get("price"));
        assertEquals(0.5f, java.get("ratio"));
        assertEquals(98.6, java.get("score"));
        assertEquals(LocalDate.of(2024, 2, 29), java.get("day"));
        assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000), ((java.sql.Timestamp) java.get("local_time")).toLocalDateTime());
        assertEquals(OffsetDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000, ZoneOffset.UTC), java.get("utc_time"));
        assertEquals("<order><id>1</id></order>", java.get("document"));
        assertEquals(List.of(Map.of("raw", "bytes", "tags", "[\"a\",\"b\"]", "count", 2L)),
                project.query("SELECT decode(raw) AS raw, json_extract(details, '$.tags')::VARCHAR AS tags, "
                        + "json_extract(details, '$.count')::BIGINT AS count FROM tester.specified WHERE id = 1"));
        Map<String, Object> text = project.query("SELECT price, day, local_time, utc_time FROM tester.specified WHERE id = 2").get(0);
        assertEquals(new BigDecimal("99.95"), text.get("price"));
        assertEquals(LocalDate.of(2024, 3, 1), text.get("day"));
        assertEquals(LocalDateTime.of(2024, 3, 1, 8, 0), ((java.sql.Timestamp) text.get("local_time")).toLocalDateTime());
        assertEquals(OffsetDateTime.of(2024, 3, 1, 6, 0, 0, 0, ZoneOffset.UTC), text.get("utc_time"));
        assertEquals("XML", project.value("SELECT comment FROM duckdb_columns() WHERE table_name = 'specified' AND column_name = 'document'"));
    }
}
