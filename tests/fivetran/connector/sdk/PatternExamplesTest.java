package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CLI of the pattern examples, through JBang as their READMEs say; what their connectors write is tested by each
 * example's own connectorTest.java.
 */
@Tag("e2e")
class PatternExamplesTest {
    private static void debug(Project project) {
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
    }

    @Test
    void exportCsvQueryCommandExportsTheWarehouse() {
        Project project = Project.example("patterns/export/csv_file_of_synced_rows");
        debug(project);
        debug(project);
        BigDecimal amount = (BigDecimal) project.value("SELECT amount FROM tester.orders WHERE id = 6");

        Project.Result query = project.jbang("query", "--format", "csv", "select id, amount from orders order by id");
        assertEquals(0, query.exit(), query::toString);
        List<String> exported = query.out().lines().toList();
        assertEquals(11, exported.size(), query::toString);
        assertEquals("id,amount", exported.get(0));
        assertEquals("6," + amount.toPlainString(), exported.get(6));
    }
}
