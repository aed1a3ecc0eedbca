package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.outside.RefusingConnector;
import fivetran.connector.sdk.testing.Captured;
import fivetran.connector.sdk.testing.Project;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public API as a connector uses it, run in this JVM with {@code connector.debug(...)}, as from an IDE. */
class JavaApiTest {
    /** A connector written against plain maps, as a port from Python would be. */
    static final class MapStyle {
        static List<Table> schema(Map<String, String> configuration) {
            return List.of(Table.named("greetings").primaryKey("id").column("id", DataType.LONG));
        }

        static void update(Map<String, String> configuration, Map<String, Object> state) {
            Operations.upsert("greetings", Map.of("id", 1L, "text", configuration.get("greeting")));
            state.put("done", true);
            Operations.checkpoint(state);
        }
    }

    record Order(long id, String status, BigDecimal amount, LocalDate placedOn) {
    }

    /** A record read from JSON names its components as the JSON does; the row takes those names. */
    record Shipment(long id, @com.fasterxml.jackson.annotation.JsonProperty("shippedBy") String carrier) {
    }

    public static final class Customer {
        public long getId() {
            return 7;
        }

        public String getFullName() {
            return "Ada Lovelace";
        }
    }

    private static Captured debug(Connector connector, Project project, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = project.dir().toString();
        System.arraycopy(options, 0, args, 1, options.length);
        return Captured.run(() -> connector.debug(args));
    }

    @Test
    void methodReferencesWithMapParametersWork() {
        Project project = Project.empty("map-style").write("configuration.json", "{\"greeting\": \"hello\"}");
        Captured result = debug(new Connector(MapStyle::update, MapStyle::schema), project);
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(Map.of("id", 1L, "text", "hello")), project.query("SELECT id, text FROM tester.greetings"));
        assertEquals("{\"done\":true}", project.state());
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
    }

    @Test
    void recordsAndBeansAreUpsertedByTheirProperties() {
        Project project = Project.empty("records");
        Connector connector = new Connector((configuration, state) -> {
            Operations.upsert("orders", new Order(1, "paid", new BigDecimal("9.99"), LocalDate.of(2024, 5, 1)));
            Operations.upsert("customers", new Customer());
            Operations.upsert("shipments", new Shipment(3, "post"));
        });
        Captured result = debug(connector, project);
        assertEquals(0, result.exit(), result::toString);
        assertEquals(List.of(Map.of("id", 3L, "shipped_by", "post")), project.query("SELECT * EXCLUDE (_fivetran_synced, _fivetran_deleted, _fivetran_id) FROM tester.shipments"));
        assertEquals(List.of(Map.of("id", 1L, "status", "paid", "amount", new BigDecimal("9.99"), "placed_on", LocalDate.of(2024, 5, 1))),
                project.query("SELECT id, status, amount::DECIMAL(10,2) AS amount, placed_on FROM tester.orders"));
        assertEquals(List.of(Map.of("full_name", "Ada Lovelace", "id", 7L)), project.query("SELECT full_name, id FROM tester.customers"));
    }

    @Test
    void operationsOutsideASyncExplainWhy() {
        assertEquals("no sync is running: call Operations from a connector's update()",
                assertThrows(IllegalStateException.class, () -> Operations.upsert("t", Map.of())).getMessage());
    }

    @Test
    void logLinesHaveTheLocalFormatWithLevelsOfTheReference() {
        Project project = Project.empty("logging");
        Connector connector = new Connector((configuration, state) -> {
            Logging.debug("a debug line");
            Logging.warning("a warning\nover two lines");
            Logging.severe("a severe line");
            Logging.critical("a critical line", new IllegalStateException("why"));
        });
        Captured result = debug(connector, project, "--log-level", "DEBUG");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.err().matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG    ⚡ connector a debug line\n.*"), result::toString);
        assertTrue(result.err().contains("WARNING  ⚡ connector a warning\n                                  over two lines\n"), result::toString);
        assertTrue(result.err().contains("SEVERE   ⚡ connector a severe line"), result::toString);
        assertTrue(result.err().contains("CRITICAL ⚡ connector a critical line\n                                  java.lang.IllegalStateException: why\n"),
                result::toString);
        Captured quiet = debug(connector, project, "--log-level", "WARNING");
        assertTrue(!quiet.err().contains("a debug line") && quiet.err().contains("a warning"), quiet::toString);
    }

    @Test
    void aRefusedValueShowsTheConnectorsLineThatWroteIt() {
        Project project = Project.empty("refused-frame");
        Captured refused = debug(new Connector(RefusingConnector::update), project);
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("\n                                      at " + RefusingConnector.class.getName()
                + ".update(RefusingConnector.java:" + RefusingConnector.LINE + ")\n"), refused::toString);
        assertFalse(refused.err().contains("at fivetran.connector.sdk."), refused::toString);
        String rule = "on a table that was never declared nor written";
        assertEquals(1, refused.err().split(rule, -1).length - 1, "the log says the refusal once: " + refused);
        assertTrue(refused.err().contains(rule + "; upsert to it or declare it in schema() first\n"
                + "                                  fivetran.connector.sdk.warehouse.InvalidInputException\n"), refused::toString);
    }

    @Test
    void theDefaultLogLevelIsDebugAsItsHelpSays() {
        Project project = Project.empty("log-level");
        Connector connector = new Connector((configuration, state) -> {
            Logging.debug("a debug line");
            Operations.upsert("t", Map.of("id", 1));
            Operations.checkpoint(state);
        });
        Captured help = debug(connector, project, "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Lowest level shown: DEBUG, INFO, WARNING, ERROR (default: DEBUG: "
                + "the connector's Logging.debug and fine lines, and lines for the first ten checkpoints, then one per 5 s, and the last; INFO hides them)."), help::toString);
        Captured byDefault = debug(connector, project);
        assertTrue(byDefault.err().contains("DEBUG    ⚡ connector a debug line"), byDefault::toString);
        assertTrue(byDefault.err().matches("(?s).*DEBUG    ⚡ debugger  committed 1 operation \\(1 table\\) with the state in \\d+ ms\n.*"),
                byDefault::toString);
        Captured info = debug(connector, project, "--log-level", "info");
        assertTrue(!info.err().contains("DEBUG") && info.err().contains("INFO"), info::toString);
        Captured invalid = debug(connector, project, "--log-level", "verbose");
        assertEquals(1, invalid.exit(), invalid::toString);
        assertTrue(invalid.err().contains("Invalid value for option '--log-level': expected one of [DEBUG, INFO, WARNING, ERROR]"), invalid::toString);
    }
}
