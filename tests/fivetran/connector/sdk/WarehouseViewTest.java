package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Looking at what a sync wrote without another tool: the debug summary, inspect, query, and JShell. */
@Tag("e2e")
class WarehouseViewTest {
    private static Project synced() {
        Project project = Project.example("quickstart/simple_three_step_cursor");
        Project.Result debug = project.jbang("debug");
        assertEquals(0, debug.exit(), debug::toString);
        assertTrue(debug.out().contains("Table | Written | Live rows\n------+---------+----------\nstep  | 3       | 3\n"), debug::toString);
        return project;
    }

    @Test
    void inspectListsTablesColumnsKeysCountsAndState() {
        Project project = synced();
        Project.Result inspect = project.jbang("inspect");
        assertEquals(0, inspect.exit(), inspect::toString);
        assertTrue(inspect.out().contains("""
                tester.step: 3 live rows, 0 deleted
                column            | type                     | fivetran type | primary key
                ------------------+--------------------------+---------------+------------
                id                | BIGINT                   | LONG          | yes
                message           | VARCHAR                  | STRING        | no
                _fivetran_synced  | TIMESTAMP WITH TIME ZONE | system        | no
                _fivetran_deleted | BOOLEAN                  | system        | no
                """), inspect::toString);
        assertTrue(inspect.out().contains("state: {\"cursor\":3}"), inspect::toString);
        Project.Result none = Project.scripted("no-warehouse").jbang("inspect");
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("there is no warehouse at") && none.err().contains("run debug first"), none::toString);
    }

    @Test
    void queryPrintsATableCsvOrJsonAndReportsSqlErrors() {
        Project project = synced();
        assertEquals("id | message\n---+--------\n1  | step 1\n2  | step 2\n(2 rows)\n",
                project.jbang("query", "select id, message from step where id < 3 order by id").out());
        Project.Result csv = project.jbang("query", "--format", "csv", "select id, message, 'a,b' as comma, 'say \"hi\"' as quoted, "
                + "'two' || chr(10) || 'lines' as lines, NULL as nothing, "
                + "259888215815085774146626001033027877877::UHUGEINT as big, TIMESTAMPTZ '2024-01-01 00:01:00+00' as at from step where id = 1");
        assertEquals("id,message,comma,quoted,lines,nothing,big,at\n"
                + "1,step 1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,259888215815085774146626001033027877877,2024-01-01T00:01Z\n",
                csv.out(), "RFC 4180: quoted only when needed, NULL empty: " + csv);
        assertEquals("[ {\n  \"id\" : 3,\n  \"day\" : \"2024-01-02\"\n} ]\n",
                project.jbang("query", "select id, DATE '2024-01-02' AS day from step where id = 3", "--format", "json").out());
        Project.Result error = project.jbang("query", "select nope from step");
        assertEquals(1, error.exit());
        assertTrue(error.err().contains("query failed: Binder Error: Referenced column \"nope\" not found"), error::toString);
    }

    @Test
    void theJShellExampleTriesOperationsOnAScratchWarehouse() {
        Project jshell = Project.example("quickstart/using_jshell");
        Project.Result result = jshell.run(List.of(Project.root().resolve("jbang").toString(), "scratch.jsh"), Map.of(), null);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("id | amount | status | _fivetran_synced"), result::toString);
        assertTrue(result.out().matches("(?s).*\\n1  \\| 19\\.99  \\| paid   \\| .*\\n2  \\| 5\\.00   \\| new    \\| .*"), result::toString);
        assertTrue(result.out().contains("status | total\n-------+------\nnew    | 5.00\npaid   | 19.99\n(2 rows)"), result::toString);
    }

    @Test
    void theShellCommandOpensJShellWithTheSdkAndAConnectorsClasses() {
        Project.Result sdk = Project.runIn(Project.root(), List.of("./jbang", "connector-sdk.java", "shell"), Map.of(), """
                var scratch = Scratch.open().declare(Table.named("greetings").primaryKey("id"));
                Operations.upsert("greetings", Map.of("id", 1, "text", "hi"));
                Operations.checkpoint(Map.of());
                scratch.print("greetings");
                scratch.close();
                /exit
                """);
        assertEquals(0, sdk.exit(), sdk::toString);
        assertTrue(sdk.out().matches("(?s).*id \\| text \\| _fivetran_synced.*\\n1  \\| hi   \\| 20.*"), sdk::toString);
        Project.Result connector = Project.runIn(Project.root(), List.of("./jbang", "connector-sdk.java", "shell", "examples/quickstart/hello/connector.java"),
                Map.of(), "Class.forName(\"connector\").getDeclaredMethod(\"update\", Configuration.class, State.class).getName()\n/exit\n");
        assertTrue(connector.out().contains("\"update\""), connector::toString);
    }
}
