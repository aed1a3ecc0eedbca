///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
// The HBase mini cluster (ZooKeeper, a master and a region server in this JVM), here only (never in connector.java).
//DEPS org.apache.hbase:hbase-testing-util:2.5.10-hadoop3
// Hadoop brings reload4j's SLF4J provider; the SDK's is Logback's (named here: the mini cluster logs before the test
// kit sets up the SDK's log, which names it otherwise). The cluster needs no other option on Java 17 than connector.java's --add-opens, which JBang
// applies here too. C1 only: a quicker start.
//JAVA_OPTIONS -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider -Dslf4j.internal.verbosity=WARN
//JAVA_OPTIONS -XX:TieredStopAtLevel=1
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against an HBase 2.5.10 mini cluster started in this JVM by HBase's testing utility, once
 * for the class: ZooKeeper on a free port, one master and one region server on free ports, no web UIs, no HDFS (the
 * local file system, in a temporary folder). Each test recreates the table {@code profiles} (families {@code cf} and
 * {@code meta}) with the same rows, syncs, changes rows and syncs again from the saved state.
 * Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static final TableName PROFILES = TableName.valueOf("profiles");
    private static final byte[] CF = Bytes.toBytes("cf");
    private static Path dataDir;
    private static HBaseTestingUtility hbase;

    @BeforeAll
    static void startCluster() throws Exception {
        LogSetup.configureLocal(Level.INFO);    // the cluster's own lines: warnings and errors only
        dataDir = Files.createTempDirectory("hbase-minicluster-");
        System.setProperty("test.build.data.basedirectory", dataDir.toString());   // else target/test-data here
        System.setProperty("zookeeper.admin.enableServer", "false");
        hbase = new HBaseTestingUtility();
        var conf = hbase.getConfiguration();
        conf.setInt("hbase.master.info.port", -1);
        conf.setInt("hbase.regionserver.info.port", -1);
        conf.set("hbase.wal.provider", "filesystem");
        conf.setInt("hbase.regionserver.handler.count", 5);
        quiet(Level.ERROR);
        try {
            hbase.startMiniZKCluster();
            hbase.startMiniHBaseCluster(StartMiniClusterOption.builder().numMasters(1).numRegionServers(1).build());
        } finally {
            quiet(null);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (hbase != null) {
                quiet(Level.OFF);    // not even its note that the archiver's threads outlive the shutdown
                hbase.shutdownMiniCluster();
            }
        } finally {
            if (dataDir != null) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                }
            }
        }
    }

    /**
     * The rows: four complete ones (user_8's created_at with an offset); user_4 without a city and user_5 with an age that is not a number (both skipped
     * with a warning); user_6 without created_at and user_0 created before the default start (both filtered out by the
     * region server). Every row also has a cell in family meta, which the connector does not read.
     */
    @BeforeEach
    void loadTable() throws Exception {
        Admin admin = hbase.getAdmin();
        if (admin.tableExists(PROFILES)) {
            admin.disableTable(PROFILES);
            admin.deleteTable(PROFILES);
        }
        admin.createTable(TableDescriptorBuilder.newBuilder(PROFILES)
                .setColumnFamily(ColumnFamilyDescriptorBuilder.of(CF))
                .setColumnFamily(ColumnFamilyDescriptorBuilder.of("meta")).build());
        put(profile("user_0", "Zed", "70", "Oslo", "1989-12-31T23:59:59"),
                profile("user_1", "Alice", "30", "London", "2024-01-01T10:00:00"),
                profile("user_2", "Bob", "25", "Paris", "2024-01-02T11:30:00"),
                profile("user_3", "Carol", "41", "Berlin", "2024-01-03T09:15:00"),
                profile("user_4", "Dave", "35", null, "2024-01-02T12:00:00"),
                profile("user_5", "Eve", "abc", "Rome", "2024-01-02T13:00:00"),
                profile("user_6", "Frank", "52", "Madrid", null),
                profile("user_8", "Heidi", "33", "Athens", "2024-01-02T08:00:00+02:00"));
    }

    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("hostname", "127.0.0.1")
                .configure("port", String.valueOf(hbase.getZkCluster().getClientPort()))
                .configure("table_name", "profiles")
                .configure("column_family", "cf");
    }

    @Test
    void theFirstSyncCopiesTheCompleteRowsAndTheNextOnlyTheRowsCreatedSince() throws Exception {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(4L, first.counts().upserts(), "user_1..3 and user_8");
            assertEquals(List.of(row("id", "user_1", "name", "Alice", "age", 30, "city", "London", "created_at", "2024-01-01 10:00:00+00"),
                            row("id", "user_2", "name", "Bob", "age", 25, "city", "Paris", "created_at", "2024-01-02 11:30:00+00"),
                            row("id", "user_3", "name", "Carol", "age", 41, "city", "Berlin", "created_at", "2024-01-03 09:15:00+00"),
                            row("id", "user_8", "name", "Heidi", "age", 33, "city", "Athens", "created_at", "2024-01-02 06:00:00+00")),
                    sync.rows("SELECT id, name, age, city, strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S+00') AS created_at"
                            + " FROM profile_table ORDER BY id"));
            assertEquals(List.of(Map.of("column_name", "age", "data_type", "INTEGER"),
                            Map.of("column_name", "city", "data_type", "VARCHAR"),
                            Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "id", "data_type", "VARCHAR"),
                            Map.of("column_name", "name", "data_type", "VARCHAR")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'profile_table'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
            assertTrue(sync.log().contains("WARN profile_table: skipping row 'user_4': missing column city"), sync.log()::toString);
            assertTrue(sync.log().contains("WARN profile_table: skipping row 'user_5': age 'abc' is not an integer"), sync.log()::toString);
            assertEquals(Map.of("last_created", "2024-01-03T09:15:00"), first.state());

            put(profile("user_7", "Grace", "28", "Dublin", "2024-02-01T08:00:00"));
            put(profile("user_2", "Bob", "26", "Lyon", "2024-02-02T09:00:00"));
            try (Table table = hbase.getConnection().getTable(PROFILES)) {
                table.delete(new Delete(Bytes.toBytes("user_1")));
            }
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "user_7 and the updated user_2, nothing else");
            assertEquals(0L, second.counts().deletes(), "a scan cannot see that user_1 was deleted: it stays");
            assertFalse(sync.log().stream().anyMatch(line -> line.contains("skipping")), sync.log()::toString);
            assertEquals(List.of(row("id", "user_1", "age", 30, "city", "London"), row("id", "user_2", "age", 26, "city", "Lyon"),
                            row("id", "user_3", "age", 41, "city", "Berlin"), row("id", "user_7", "age", 28, "city", "Dublin"),
                            row("id", "user_8", "age", 33, "city", "Athens")),
                    sync.rows("SELECT id, age, city FROM profile_table ORDER BY id"));
            assertEquals(Map.of("last_created", "2024-02-02T09:00:00"), second.state());

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts(), "nothing changed");
            assertEquals(second.state(), third.state());
        }
    }

    /**
     * Batches of 2 rows: a checkpoint after every 2 rows read saves the last row key and keeps last_created where it
     * was (the rows still unread may be older than those read); a sync that starts from such a state reads only the
     * rows after that key.
     */
    @Test
    void checkpointsWithinTheScanKeepTheStartAndAnInterruptedScanResumesAfterTheLastRowRead() {
        try (TestSync sync = sync().configure("batch_size", "2")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(4L, first.counts().upserts());
            assertEquals(4L, first.counts().checkpoints(), "after user_2, user_4 and user_8 (6 rows returned), and at the end");
            assertTrue(sync.log().contains("INFO checkpoint recorded: {\"last_created\":\"1990-01-01T00:00:00\",\"scan_after_row\":\"user_2\","
                    + "\"scan_max_created\":\"2024-01-02T11:30:00\"}"), sync.log()::toString);
            assertEquals(Map.of("last_created", "2024-01-03T09:15:00"), first.state());

            // As a sync that stopped after its checkpoint at user_2 left it.
            SyncResult resumed = sync.state(Map.of("last_created", connector.DEFAULT_LAST_CREATED, "scan_after_row", "user_2",
                    "scan_max_created", "2024-01-02T11:30:00")).run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(2L, resumed.counts().upserts(), "user_3 and user_8 only");
            assertTrue(sync.log().contains("INFO profile_table: resuming the interrupted scan after row 'user_2'"), sync.log()::toString);
            assertEquals(Map.of("last_created", "2024-01-03T09:15:00"), resumed.state());
        }
    }

    @Test
    void aTableThatDoesNotExistFailsTheSyncNamingIt() {
        try (TestSync sync = sync().configure("table_name", "no_such_table")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("HBase table 'no_such_table' does not exist (configuration key 'table_name')"),
                    result.failure());
        }
    }

    @Test
    void aColumnFamilyMissingFromTheConfigurationOrTheTableFailsTheSync() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("hostname", "127.0.0.1", "port", String.valueOf(hbase.getZkCluster().getClientPort()),
                        "table_name", "profiles"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration is missing required key 'column_family'"), result.failure());
        }
        try (TestSync sync = sync().configure("column_family", "nope")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("HBase table 'profiles' has no column family 'nope' (configuration key"
                    + " 'column_family'); its families: cf, meta"), result.failure());
        }
    }

    @Test
    void aPortWhereNoZooKeeperListensFailsTheSyncSoon() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        long start = System.nanoTime();
        try (TestSync sync = sync().configure("port", String.valueOf(closed))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("cannot check HBase table 'profiles' (is HBase reachable through ZooKeeper at the"
                    + " configured 'hostname', 'port' and 'znode_parent'?): "), result.failure());
            assertTrue(result.failure().contains("ConnectionLoss"), result.failure());
        }
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "fails within 30 s");
    }

    /**
     * The cluster's lines below {@code level} while it starts and stops (no native Hadoop, no metrics configuration...)
     * hidden; null: shown as the SDK shows them (warnings and errors).
     */
    private static void quiet(Level level) {
        for (String name : List.of("org.apache.hadoop", "org.apache.zookeeper")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(level);
        }
    }

    private static Put profile(String key, String name, String age, String city, String createdAt) {
        Put put = new Put(Bytes.toBytes(key));
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("name", name);
        cells.put("age", age);
        cells.put("city", city);
        cells.put("created_at", createdAt);
        cells.forEach((column, value) -> {
            if (value != null) {
                put.addColumn(CF, Bytes.toBytes(column), Bytes.toBytes(value));
            }
        });
        put.addColumn(Bytes.toBytes("meta"), Bytes.toBytes("source"), Bytes.toBytes("test"));
        return put;
    }

    private static void put(Put... puts) throws Exception {
        try (Table table = hbase.getConnection().getTable(PROFILES)) {
            table.put(new ArrayList<>(List.of(puts)));
        }
    }

    /** A map in the order given. */
    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
