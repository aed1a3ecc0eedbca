package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.IcebergScript;
import fivetran.connector.sdk.testing.IcebergTables;
import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.testkit.SourceDatabase;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code run --destination} into Iceberg's JDBC catalog on the local PostgreSQL, the password from the environment
 * variable the file names, the tables' files in a local folder: the rows are debug's, and the commit point is in the
 * catalog's database.
 */
@Tag("servers")
class IcebergJdbcCatalogTest {
    @Test
    void theScriptLandsInAJdbcCatalogOnPostgresqlAsInDebug() throws Exception {
        try (SourceDatabase database = SourceDatabase.postgresql()) {
            Project run = Project.empty("iceberg-jdbc").schema(IcebergScript.SCHEMA, IcebergScript.SCRIPT);
            Project debug = Project.empty("iceberg-jdbc-debug").schema(IcebergScript.SCHEMA, IcebergScript.SCRIPT);
            String warehouse = run.dir().resolve("lake").toUri().toString();
            run.write("destination.json", """
                    {"catalog": {"type": "jdbc", "uri": "%s", "warehouse": "%s", "user": "%s", "password": "%s"},
                     "namespace": "lake", "storage": {"type": "file"}}""".formatted(database.url(), warehouse, database.user(), database.password()));
            try {
                Project.Result result = run.command("run");
                assertEquals(0, result.exit(), result::toString);
                assertEquals(0, debug.debug().exit());
                Catalog catalog = CatalogUtil.buildIcebergCatalog("connector_sdk", Map.of("type", "jdbc", "uri", database.url(), "warehouse", warehouse,
                        "jdbc.user", database.user(), "jdbc.password", database.password(), "jdbc.schema-version", "V1"), new Configuration());
                try (IcebergTables iceberg = new IcebergTables(catalog, "lake")) {
                    Map<String, String> keys = Map.of("items", "id", "logs", "k", "notes", "n");
                    assertEquals(Set.copyOf(keys.keySet()), Set.copyOf(iceberg.tables()));
                    for (String table : iceberg.tables()) {
                        assertEquals(IcebergTables.without(iceberg.debugRows(debug, table, keys.get(table)), Set.of("_fivetran_synced")),
                                IcebergTables.without(iceberg.rows(table, keys.get(table)), Set.of("_fivetran_synced")), table);
                        assertTrue(iceberg.table(table).location().startsWith(warehouse.replaceAll("/$", "")), iceberg.table(table).location());
                    }
                    assertEquals("{\"cursor\":3}", iceberg.commitRecord().get("state").asText());
                }
                Project.Result again = run.command("run");
                assertEquals(0, again.exit(), again::toString);
                assertTrue(again.err().contains("state at start: {\"cursor\":3}"), again::toString);
            } finally {
                run.delete();
                debug.delete();
            }
        }
    }
}
