package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.testing.SourceDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database and message-source examples, run through JBang against the real local servers. */
class SourceExamplesTest {
    private static Project.Result debug(Project project) {
        return debugWith(project, Map.of());
    }

    private static Project.Result debugWith(Project project, Map<String, String> environment) {
        Project.Result result = project.jbangWith(environment, "debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
        return result;
    }

    /** A copy of the example, its source.sql loaded into a database of its own, configuration.json pointing at it. */
    private static Project example(String name, SourceDatabase db, String... moreConfiguration) {
        Project project = Project.example(name);
        db.executeFile(project.file("source.sql"));
        return project.write("configuration.json", db.configuration(moreConfiguration));
    }

    private static List<Object> column(Project project, String sql) {
        return project.query(sql).stream().map(row -> row.values().iterator().next()).toList();
    }

    @Test
    void postgresqlSyncsFullyThenIncrementallyAndDeletesSoftDeletedRows() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("postgresql", db);
            debug(project);
            assertEquals(List.of("Ada", "Grace", "Linus"), column(project, "SELECT name FROM tester.customers ORDER BY id"));
            assertEquals("{\"customers\":{\"updated_at\":\"2024-01-02T10:30\",\"id\":3}}", project.state());

            db.execute("""
                    UPDATE customers SET deleted_at = '2024-02-01 08:00', updated_at = '2024-02-01 08:00' WHERE id = 2;
                    UPDATE customers SET email = 'ada@new.example.com', updated_at = '2024-02-01 09:00' WHERE id = 1;
                    INSERT INTO customers (name, updated_at) VALUES ('Barbara', '2024-02-01 09:00');
                    """);
            Project.Result second = debug(project);
            assertTrue(second.err().contains("customers: 3 rows read"), second::toString);
            assertEquals(List.of(Map.of("name", "Ada", "email", "ada@new.example.com", "_fivetran_deleted", false),
                            Map.of("name", "Grace", "email", "grace@example.com", "_fivetran_deleted", true),
                            Map.of("name", "Linus", "email", "linus@example.com", "_fivetran_deleted", false)),
                    project.query("SELECT name, email, _fivetran_deleted FROM tester.customers WHERE id <= 3 ORDER BY id"));
            assertEquals("Barbara", project.value("SELECT name FROM tester.customers WHERE id = 4"));
            assertEquals("{\"customers\":{\"updated_at\":\"2024-02-01T09:00\",\"id\":4}}", project.state());
        }
    }
}
