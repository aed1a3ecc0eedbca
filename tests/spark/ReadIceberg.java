///usr/bin/env jbang "$0" "$@" ; exit $?
// Apache Spark's reading of the Iceberg tables `run` left in a project: ./jbang tests/spark/ReadIceberg.java <project>.
// An engine independent of the SDK's, for IcebergSparkReadBackTest; a class path of its own (Spark brings its own
// Jackson, Scala, Hadoop), never the suite's. Spark in local mode opens the project's JDBC catalog (files/iceberg/catalog.db,
// read only) as a SparkCatalog with the name and properties run's IcebergDestination gives its JdbcCatalog, and prints
// JSON lines on stdout, one object each:
//   {"table": t, "columns": [{"name", "type"}, ...]}                          a table of namespace tester, its Spark types
//   {"table": t, "row": {column: value, ...}}                                 its rows, every column, sorted by all columns
//   {"table": t, "snapshot": id, "current": b, "operation", "checkpoint", "state"}   its snapshots, oldest first
//   {"namespace": "tester", "commit": {...}}                                  the property connector-sdk.commit, as Spark shows it
// Values as JSON has them: timestamps with a zone as UTC instants ("2024-01-02T03:04:05Z"), without as local ISO text,
// dates as ISO text, decimals as numbers, binary as Base64.
//JAVA 17+
//DEPS org.apache.spark:spark-sql_2.13:4.0.1
//DEPS org.apache.iceberg:iceberg-spark-runtime-4.0_2.13:1.11.0
//DEPS org.xerial:sqlite-jdbc:3.51.1.0
//FILES log4j2.properties
// Spark's reflection into the JDK (the list of Spark's launcher, JavaModuleOptions)
//RUNTIME_OPTIONS -XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
//RUNTIME_OPTIONS --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false

// Jackson as Spark brings it
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

class ReadIceberg {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "connector_sdk.tester";
    private static final String COMMIT_PROPERTY = "connector-sdk.commit";

    public static void main(String... args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReadIceberg.java <project folder>");
            System.exit(2);
        }
        Path iceberg = Path.of(args[0]).toAbsolutePath().resolve("files/iceberg");
        if (!Files.exists(iceberg.resolve("catalog.db"))) {
            System.err.println("no Iceberg catalog at " + iceberg.resolve("catalog.db") + ": run run first");
            System.exit(1);
        }
        try (SparkSession spark = session(iceberg)) {
            List<String> tables = spark.sql("SHOW TABLES IN " + NAMESPACE).collectAsList().stream().map(row -> row.getString(1)).sorted().toList();
            for (String table : tables) {
                printTable(spark, table);
            }
            printCommit(spark);
        }
    }

    private static SparkSession session(Path iceberg) {
        return SparkSession.builder().appName("ReadIceberg").master("local[1]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.session.timeZone", "UTC")
                // timestamps as Instant and LocalDateTime, dates as LocalDate
                .config("spark.sql.datetime.java8API.enabled", "true")
                // the JDBC catalog's name is part of every row of catalog.db: run's, connector_sdk
                .config("spark.sql.catalog.connector_sdk", "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog.connector_sdk.type", "jdbc")
                .config("spark.sql.catalog.connector_sdk.uri", "jdbc:sqlite:" + iceberg.resolve("catalog.db"))
                .config("spark.sql.catalog.connector_sdk.warehouse", iceberg.resolve("warehouse").toUri().toString())
                .config("spark.sql.catalog.connector_sdk.jdbc.schema-version", "V1")
                // SQLite's SQLITE_OPEN_READONLY: this reader never changes the catalog
                .config("spark.sql.catalog.connector_sdk.jdbc.open_mode", "1")
                .getOrCreate();
    }

    private static void printTable(SparkSession spark, String table) throws IOException {
        Dataset<Row> rows = spark.table(NAMESPACE + "." + table);
        ObjectNode header = JSON.createObjectNode().put("table", table);
        ArrayNode columns = header.putArray("columns");
        for (StructField field : rows.schema().fields()) {
            columns.addObject().put("name", field.name()).put("type", field.dataType().simpleString());
        }
        print(header);
        Column[] all = Arrays.stream(rows.columns()).map(functions::col).toArray(Column[]::new);
        for (Row row : rows.orderBy(all).collectAsList()) {
            ObjectNode values = JSON.createObjectNode();
            for (int i = 0; i < row.length(); i++) {
                values.set(rows.columns()[i], JSON.valueToTree(value(row.get(i))));
            }
            ObjectNode line = JSON.createObjectNode().put("table", table);
            line.set("row", values);
            print(line);
        }
        Row main = spark.sql("SELECT snapshot_id FROM " + NAMESPACE + "." + table + ".refs WHERE name = 'main'").first();
        List<Row> snapshots = spark.sql("SELECT snapshot_id, operation, summary['connector-sdk.checkpoint'], summary['connector-sdk.state'] FROM "
                + NAMESPACE + "." + table + ".snapshots ORDER BY committed_at, snapshot_id").collectAsList();
        for (Row snapshot : snapshots) {
            print(JSON.createObjectNode().put("table", table).put("snapshot", snapshot.getLong(0)).put("current", snapshot.get(0).equals(main.get(0)))
                    .put("operation", snapshot.getString(1)).put("checkpoint", snapshot.getString(2)).put("state", snapshot.getString(3)));
        }
    }

    /** Spark's java.time values as their ISO text; the rest as Jackson writes them. */
    private static Object value(Object value) {
        return value instanceof TemporalAccessor ? value.toString() : value;
    }

    /**
     * The commit property from DESCRIBE NAMESPACE EXTENDED, whose Properties row reads {@code ((key,value), ...)}: the
     * value is the JSON object that starts after {@code (connector-sdk.commit,}.
     */
    private static void printCommit(SparkSession spark) throws IOException {
        for (Row info : spark.sql("DESCRIBE NAMESPACE EXTENDED " + NAMESPACE).collectAsList()) {
            String text = info.getString(1);
            int at = info.getString(0).equals("Properties") && text != null ? text.indexOf("(" + COMMIT_PROPERTY + ",") : -1;
            if (at >= 0) {
                ObjectNode line = JSON.createObjectNode().put("namespace", "tester");
                // readTree reads the first JSON value and leaves the rest of the row's text alone
                line.set("commit", JSON.readTree(text.substring(at + COMMIT_PROPERTY.length() + 2)));
                print(line);
            }
        }
    }

    private static void print(ObjectNode line) throws IOException {
        System.out.println(JSON.writeValueAsString(line));
    }
}
