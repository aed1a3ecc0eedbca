package fivetran.connector.sdk.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.engine.SyncEngine;
import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.warehouse.InvalidInputException;
import fivetran.connector.sdk.warehouse.Naming;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.util.List;
import java.util.Map;

/**
 * A table and a column name of any code points, through either naming strategy: the row lands in the table and column
 * that {@link Naming} names, or the sync fails with an InvalidInputException naming what is wrong.
 */
class NamesFuzzTest {
    @FuzzTest
    void aRowLandsUnderItsNormalizedNamesOrTheNameIsRefused(FuzzedDataProvider data) {
        Naming.Strategy strategy = data.pickValue(Naming.Strategy.values());
        String table = FuzzedValues.text(data);
        String column = FuzzedValues.text(data);
        Connector connector = new Connector((configuration, state) -> Operations.upsert(table, Map.of(column, 1)));
        Project project = Project.empty("fuzz-names");
        try {
            Fuzzing.Sync sync = Fuzzing.sync(SyncEngine.forProject(project.dir()).configuration(Fuzzing.CONFIGURATION).naming(strategy), connector);
            if (!sync.succeeded()) {
                sync.assertRefused(List.of(InvalidInputException.class), "failed while executing ");
                return;
            }
            Naming naming;
            try (Warehouse warehouse = Warehouse.openExisting(project.file("files/warehouse.db"))) {
                naming = new Naming(strategy, warehouse.reservedWords());
            }
            assertEquals(List.of(Map.of("v", 1)), project.query("SELECT " + Naming.quote(naming.column(column)) + " AS v FROM tester."
                    + Naming.quote(naming.table(table))), "the row is not under " + naming.table(table) + "." + naming.column(column));
        } finally {
            project.delete();
        }
    }
}
