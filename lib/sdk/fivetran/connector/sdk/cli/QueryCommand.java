package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.ResultOutput;
import fivetran.connector.sdk.warehouse.QueryResult;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code query "select ..."}: runs SQL on the warehouse (schema {@code tester} by default) and prints the rows. */
@Command(name = "query",
        description = "Run SQL on files/warehouse.db (schema tester is the default) and print the result.")
public final class QueryCommand extends WarehouseCommand {
    enum Format { table, csv, json }

    @Parameters(index = "0", paramLabel = "SQL", description = "The query, e.g. \"select * from orders\".")
    String sql;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROJECT_PATH",
            description = "The connector's folder (default: the current directory).")
    String projectPath;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    String projectPath() {
        return projectPath;
    }

    @Override
    void run(Path project, Warehouse warehouse) throws Exception {
        QueryResult result = warehouse.query(sql);
        switch (format) {
            case table -> ResultOutput.table(result.columns(), result.values(), System.out);
            case csv -> ResultOutput.csv(result.columns(), result.values(), System.out);
            case json -> ResultOutput.json(result.columns(), result.values(), System.out);
        }
    }
}
