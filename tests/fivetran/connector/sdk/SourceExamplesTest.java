package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.testkit.SourceDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database examples run through JBang against the real local servers, where the run depends on the connector's
 * own process: its {@code //JAVA_OPTIONS} heap limit, its environment. Everything else of these examples, and of the
 * other database and message-source examples, is tested by the example's own {@code connectorTest.java}.
 */
@Tag("servers")
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

    /** The connector's {@code //JAVA_OPTIONS -Xmx64m}: streamed, the table fits; loaded whole, it does not. */
    @Test
    void serverSideCursorsStreamALargeTableInASmallHeapThatALoadedResultOverflows() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("patterns/server_side_cursors", db, "fetch_size", "5000");
            Project.Result streamed = debug(project);
            assertTrue(streamed.err().contains("streamed 300,000 rows"), streamed::toString);
            System.out.println("server_side_cursors: " + streamed.err().lines().filter(l -> l.contains("streamed")).findFirst().orElse(""));

            project.write("configuration.json", db.configuration("fetch_size", "0"));
            Project.Result loaded = project.jbang("debug");
            assertEquals(1, loaded.exit(), loaded::toString);
            assertTrue(loaded.all().contains("OutOfMemoryError"), loaded::toString);
        }
    }

    /** CONNECTOR_ENV, an environment variable of the connector's process, picks the profile; its own test runs without it. */
    @Test
    void environmentDrivenConnectivityUsesTheProfileTheEnvironmentNames() {
        try (SourceDatabase dev = SourceDatabase.postgresql(); SourceDatabase prod = SourceDatabase.postgresql()) {
            Project project = Project.example("patterns/environment_driven_connectivity");
            dev.executeFile(project.file("source.sql"));
            prod.executeFile(project.file("source.sql"));
            project.write("configuration.json", "{\"dev.jdbc_url\": \"" + dev.url() + "\", \"dev.user\": \"postgres\", "
                    + "\"prod.jdbc_url\": \"" + prod.url() + "\", \"prod.user\": \"postgres\", \"prod.password\": \"s3cret\"}");
            Project.Result result = debugWith(project, Map.of("CONNECTOR_ENV", "prod"));
            assertTrue(result.err().contains("connection profile: prod"), result::toString);
            assertEquals(List.of("test." + prod.name()), column(project, "SELECT DISTINCT source FROM tester.products"));
            assertTrue(!result.all().contains("s3cret"), result::toString);

            Project.Result missing = project.jbangWith(Map.of("CONNECTOR_ENV", "staging"), "debug");
            assertEquals(1, missing.exit(), missing::toString);
            assertTrue(missing.all().contains("staging.jdbc_url"), missing::toString);
        }
    }
}
