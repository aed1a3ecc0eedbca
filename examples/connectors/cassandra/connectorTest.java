///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
// The Cassandra server, here only (never in connector.java), run from this class path in a child JVM. Netty's BOM puts
// the driver's Netty modules and the server's at the one version the server was built with.
//DEPS io.netty:netty-bom:4.1.130.Final@pom
//DEPS org.apache.cassandra:cassandra-all:5.0.7
//JAVA_OPTIONS -XX:TieredStopAtLevel=1
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;
import org.slf4j.LoggerFactory;

/**
 * Tests of the connector against Apache Cassandra 5.0 started by this class in a child JVM (once for the class: native
 * transport and storage on free local ports, one token, PasswordAuthenticator and CassandraAuthorizer with their caches
 * off). The connector logs in as a role that may only SELECT the test's keyspace; each test has a keyspace of its own.
 * Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static final String READER = "reader";
    private static final String READER_PASSWORD = "reader-password";
    private static final int ROWS = 1_250;
    private static final AtomicInteger KEYSPACES = new AtomicInteger();

    private static CassandraServer server;
    private static CqlSession admin;
    private String keyspace;

    @BeforeAll
    static void startServer() throws Exception {
        ((Logger) LoggerFactory.getLogger("com.datastax")).setLevel(ch.qos.logback.classic.Level.INFO);
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(ch.qos.logback.classic.Level.INFO);
        server = CassandraServer.start();
        admin = server.awaitSuperuser();
        admin.execute("CREATE ROLE " + READER + " WITH PASSWORD = '" + READER_PASSWORD + "' AND LOGIN = true");
    }

    @AfterAll
    static void stopServer() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createKeyspace() {
        keyspace = "shop_" + KEYSPACES.incrementAndGet();
        admin.execute("CREATE KEYSPACE " + keyspace + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        admin.execute("CREATE TABLE " + keyspace + ".sample_table (id uuid PRIMARY KEY, name text, created_at timestamp)");
        admin.execute("GRANT SELECT ON KEYSPACE " + keyspace + " TO " + READER);
    }

    /** Row n of sample_table: a name-based uuid, and a created_at n minutes and n milliseconds after 2024-01-01. */
    private static UUID id(int n) {
        return UUID.nameUUIDFromBytes(("customer " + n).getBytes(StandardCharsets.UTF_8));
    }

    private static Instant createdAt(int n) {
        return Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * n).plusMillis(n % 1000);
    }

    /** Rows 0 to count - 1, written concurrently. */
    private void load(int count) {
        PreparedStatement insert = admin.prepare("INSERT INTO " + keyspace + ".sample_table (id, name, created_at) VALUES (?, ?, ?)");
        for (int from = 0; from < count; from += 100) {
            CompletableFuture.allOf(IntStream.range(from, Math.min(count, from + 100))
                    .mapToObj(n -> admin.executeAsync(insert.bind(id(n), "customer " + n, createdAt(n))).toCompletableFuture())
                    .toArray(CompletableFuture[]::new)).join();
        }
    }

    private TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("hostname", "127.0.0.1")
                .configure("port", String.valueOf(server.port()))
                .configure("username", READER)
                .configure("password", READER_PASSWORD)
                .configure("keyspace", keyspace);
    }

    /** The rows n of {@code numbers} as the warehouse should hold them, in created_at order. */
    private static List<Map<String, Object>> expected(IntStream numbers) {
        return numbers.mapToObj(n -> Map.<String, Object>of("id", id(n).toString(), "name", "customer " + n,
                "created_at_ms", createdAt(n).toEpochMilli())).toList();
    }

    private static final String ROWS_QUERY = "SELECT id, name, epoch_ms(created_at) AS created_at_ms FROM sample_table"
            + " WHERE NOT _fivetran_deleted ORDER BY created_at";

    @Test
    void theFirstSyncCopiesTheTableInPagesAndTheNextOnlyTheRowsCreatedOrMovedForwardSince() {
        load(ROWS);
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals((long) ROWS, first.counts().upserts());
            assertEquals(1L, first.counts().truncates(), "a sync from no state reads the whole table");
            assertEquals(2L, first.counts().checkpoints(), "one mid-scan after 1,000 rows (10 pages of 100), one at the end");
            assertTrue(sync.log().contains("INFO sample_table: 1000 rows read, checkpointed mid-scan; the cursor stays at"
                    + " 1990-01-01T00:00:00Z until the scan ends"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO sample_table: 1250 rows created after 1990-01-01T00:00:00Z read in 13 pages;"
                    + " cursor now " + createdAt(ROWS - 1)), sync.log()::toString);
            assertEquals(expected(IntStream.range(0, ROWS)), sync.rows(ROWS_QUERY));
            assertEquals(List.of(Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "id", "data_type", "VARCHAR"),
                            Map.of("column_name", "name", "data_type", "VARCHAR")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sample_table'"
                            + " AND column_name IN ('id', 'name', 'created_at') ORDER BY column_name"));
            assertEquals(Map.of("last_created_at", "2024-01-01T20:49:00.249Z"), first.state());

            // A new row, and a row whose created_at the application moves forward (with a new name).
            admin.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".sample_table (id, name, created_at) VALUES (?, ?, ?)",
                    id(ROWS), "customer " + ROWS, Instant.parse("2024-03-01T00:00:00.500Z")));
            admin.execute(SimpleStatement.newInstance("UPDATE " + keyspace + ".sample_table SET name = ?, created_at = ? WHERE id = ?",
                    "customer 5, renamed", Instant.parse("2024-03-01T01:00:00Z"), id(5)));
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "the new row and the moved one, nothing else");
            assertEquals(0L, second.counts().truncates() + second.counts().deletes());
            assertTrue(sync.log().contains("INFO sample_table: 2 rows created after 2024-01-01T20:49:00.249Z read in 1 page;"
                    + " cursor now 2024-03-01T01:00:00Z"), sync.log()::toString);
            assertEquals((long) ROWS + 1, sync.value("SELECT count(*) FROM sample_table WHERE NOT _fivetran_deleted"));
            assertEquals(List.of(Map.of("id", id(5).toString(), "name", "customer 5, renamed", "created_at_ms", 1709254800000L),
                            Map.of("id", id(ROWS).toString(), "name", "customer " + ROWS, "created_at_ms", 1709251200500L)),
                    sync.rows(ROWS_QUERY + " DESC LIMIT 2"));
            assertEquals(Map.of("last_created_at", "2024-03-01T01:00:00Z"), second.state());

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts() + third.counts().truncates(), "nothing changed");
            assertEquals(second.state(), third.state());
        }
    }

    /**
     * The read permission is revoked right after the first mid-scan checkpoint (from the log line the connector writes
     * after it), so the next page fails; the sync that follows, with the permission back, resumes the scan.
     */
    @Test
    void aSyncInterruptedMidScanKeepsItsCursorAndTheNextResumesTheScanWithoutLosingARow() {
        load(ROWS);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        AppenderBase<ILoggingEvent> revoke = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("checkpointed mid-scan")) {
                    admin.execute("REVOKE SELECT ON KEYSPACE " + keyspace + " FROM " + READER);
                }
            }
        };
        revoke.setContext(root.getLoggerContext());
        revoke.start();
        try (TestSync sync = sync()) {
            SyncResult interrupted;
            root.addAppender(revoke);
            try {
                interrupted = sync.run();
            } finally {
                root.detachAppender(revoke);
            }
            assertFalse(interrupted.succeeded());
            assertTrue(interrupted.failure().contains("User reader has no SELECT permission on <table " + keyspace + ".sample_table>"),
                    interrupted.failure());
            assertEquals(1000L, sync.value("SELECT count(*) FROM sample_table"), "what the mid-scan checkpoint committed");
            Map<String, Object> saved = interrupted.state();
            assertEquals("1990-01-01T00:00:00Z", saved.get("last_created_at"), "a checkpoint mid-scan leaves the cursor where it was");
            Map<?, ?> scan = (Map<?, ?>) saved.get("scan");
            assertEquals(Set.of("paging_state", "max_created_at", "started_at"), scan.keySet());
            long maxRead = Instant.parse((String) scan.get("max_created_at")).toEpochMilli();
            assertEquals(maxRead, sync.value("SELECT max(epoch_ms(created_at)) FROM sample_table"));
            // Token order is not created_at order: rows created before the newest one read are still unread, and a cursor
            // moved to it, as upstream's was, would skip them for good.
            Set<Object> read = new HashSet<>(sync.rows("SELECT id FROM sample_table").stream().map(row -> row.get("id")).toList());
            long unreadAndOlder = IntStream.range(0, ROWS)
                    .filter(n -> !read.contains(id(n).toString()) && createdAt(n).toEpochMilli() < maxRead).count();
            assertTrue(unreadAndOlder > 0, "the first 1,000 rows read are not the 1,000 oldest");

            admin.execute("GRANT SELECT ON KEYSPACE " + keyspace + " TO " + READER);
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertTrue(sync.log().contains("INFO sample_table: resuming the scan of rows created after 1990-01-01T00:00:00Z"
                    + " that an earlier sync began"), sync.log()::toString);
            assertEquals((long) ROWS - 1000, resumed.counts().upserts(), "the rows after the checkpoint, none read twice");
            assertEquals(0L, resumed.counts().truncates(), "the resumed scan is not a new one");
            assertEquals(expected(IntStream.range(0, ROWS)), sync.rows(ROWS_QUERY));
            assertEquals(Map.of("last_created_at", createdAt(ROWS - 1).toString()), resumed.state());
        }
    }

    @Test
    void cassandraTypesBecomeColumnsOfTheirKindAndTheCursorNeverPassesTheTimeTheScanStartedWithAnIndexOnCreatedAt() throws Exception {
        admin.execute("CREATE TABLE " + keyspace + ".typed (id uuid PRIMARY KEY, created_at timestamp, visits int, score double,"
                + " balance decimal, vip boolean, born date, tags set<text>, counts map<text, int>, photo blob, address inet)");
        // With a storage-attached index on created_at, Cassandra 5 answers the range from the index instead of filtering.
        admin.execute("CREATE INDEX typed_created_at ON " + keyspace + ".typed (created_at) USING 'sai'");
        PreparedStatement insert = admin.prepare("INSERT INTO " + keyspace + ".typed (id, created_at, visits, score, balance, vip, born, tags,"
                + " counts, photo, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        admin.execute(insert.bind(id(1), Instant.parse("2024-01-01T10:00:00Z"), 42, 2.5, new BigDecimal("1234.50"), true,
                LocalDate.of(1990, 5, 17), Set.of("b", "a"), Map.of("x", 1), ByteBuffer.wrap(new byte[] {1, 2, 3}),
                InetAddress.getByName("10.0.0.7")));
        admin.execute(insert.bind(id(2), Instant.parse("2024-01-02T10:00:00Z"), null, Double.NaN, null, null, null, null, null, null, null));
        admin.execute(insert.bind(id(3), Instant.parse("2100-01-01T00:00:00Z"), 7, 0.0, BigDecimal.ZERO, false, null, null, null, null, null));

        try (TestSync sync = sync().configure("table_name", "typed")) {
            Instant before = Instant.now().minusSeconds(5); // the server's clock is this machine's
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            Map<String, Object> row = sync.rows("SELECT visits, score, balance, vip, born, CAST(tags AS VARCHAR) AS tags,"
                    + " CAST(counts AS VARCHAR) AS counts, hex(photo) AS photo, address FROM typed WHERE id = '" + id(1) + "'").get(0);
            assertEquals(new LinkedHashMap<>(Map.of("visits", 42, "score", 2.5, "balance", "1234.50", "vip", true, "born", LocalDate.of(1990, 5, 17),
                    "tags", "[\"a\",\"b\"]", "counts", "{\"x\":1}", "photo", "010203", "address", "10.0.0.7")), new LinkedHashMap<>(row));
            assertEquals(null, sync.value("SELECT score FROM typed WHERE id = '" + id(2) + "'"), "NaN has no place in a DOUBLE column");
            assertEquals(List.of(Map.of("column_name", "address", "data_type", "VARCHAR"), Map.of("column_name", "balance", "data_type", "VARCHAR"),
                            Map.of("column_name", "born", "data_type", "DATE"), Map.of("column_name", "counts", "data_type", "JSON"),
                            Map.of("column_name", "photo", "data_type", "BLOB"), Map.of("column_name", "score", "data_type", "DOUBLE"),
                            Map.of("column_name", "tags", "data_type", "JSON"), Map.of("column_name", "vip", "data_type", "BOOLEAN"),
                            Map.of("column_name", "visits", "data_type", "INTEGER")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'typed'"
                            + " AND column_name NOT IN ('id', 'created_at') AND NOT starts_with(column_name, '_fivetran') ORDER BY column_name"));

            // The row created in 2100 is after the scan's start: the cursor stops there, and the next sync reads it again.
            Instant cursor = Instant.parse((String) first.state().get("last_created_at"));
            assertTrue(cursor.isAfter(before) && cursor.isBefore(Instant.now().plusSeconds(5)), cursor::toString);
            assertTrue(sync.log().stream().anyMatch(line -> line.endsWith("(when the scan started: rows created after it, up to"
                    + " 2100-01-01T00:00:00Z, are read again next sync)")), sync.log()::toString);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().upserts(), "the row of 2100 only");
        }
    }

    @Test
    void aWrongPasswordOrNoLoginFailsTheSyncSayingWhichKeysToCheck() {
        try (TestSync sync = sync().configure("password", "not-the-password")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Cassandra at 127.0.0.1:" + server.port() + " refused the login; check the configuration"
                    + " keys 'username' and 'password'"), result.failure());
            assertTrue(result.failure().contains("Provided username reader and/or password are incorrect"), result.failure());
            assertFalse(result.failure().contains("not-the-password"), result.failure());
        }
        try (TestSync sync = sync().configure("username", "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("requires a login: set the configuration keys 'username' and 'password'"), result.failure());
        }
    }

    @Test
    void aKeyspaceTableOrDatacenterThatTheClusterLacksFailsTheSyncNamingIt() {
        Map<String, String> cases = Map.of(
                "keyspace", "keyspace no_such_keyspace does not exist on Cassandra at 127.0.0.1:" + server.port() + " (configuration key 'keyspace')",
                "table_name", "table no_such_table does not exist in keyspace " + keyspace + " (configuration key 'table_name')",
                "local_datacenter", "no node of Cassandra at 127.0.0.1:" + server.port() + " is in datacenter 'no_such_dc'"
                        + " (configuration key 'local_datacenter'); its nodes are in datacenter1");
        Map<String, String> values = Map.of("keyspace", "no_such_keyspace", "table_name", "no_such_table", "local_datacenter", "no_such_dc");
        cases.forEach((key, message) -> {
            try (TestSync sync = sync().configure(key, values.get(key))) {
                SyncResult result = sync.run();
                assertFalse(result.succeeded(), key);
                assertTrue(result.failure().endsWith(message), result.failure());
                assertNotNull(result.counts());
                assertEquals(0L, result.counts().upserts() + result.counts().checkpoints(), key);
            }
        });
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }

    /**
     * Apache Cassandra (cassandra-all, from this class path) as a child JVM: a cassandra.yaml of its own in a temporary
     * folder that also holds its data and log, the --add-exports/--add-opens of Cassandra's jvm17-server.options, a
     * 512 MiB heap. Stopped (killed: its data is thrown away) and its folder deleted by close() or at JVM exit.
     */
    static final class CassandraServer implements AutoCloseable {
        private static final List<String> JVM17_MODULE_OPTIONS = List.of(
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
                "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
                "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
                "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
                "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
                "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.base/java.io=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED");

        private final Path dir;
        private final Process process;
        private final int port;
        private final Thread stopAtExit;

        private CassandraServer(Path dir, Process process, int port) {
            this.dir = dir;
            this.process = process;
            this.port = port;
            this.stopAtExit = new Thread(this::stop, "stop-cassandra");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }

        static CassandraServer start() throws IOException {
            Path dir = Files.createTempDirectory("cassandra-test-");
            int port = freePort();
            int storagePort = freePort();
            Files.writeString(dir.resolve("cassandra.yaml"), """
                    cluster_name: connector-test
                    num_tokens: 1
                    initial_token: 0
                    partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                    endpoint_snitch: SimpleSnitch
                    seed_provider:
                      - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                        parameters:
                          - seeds: "127.0.0.1:%2$d"
                    listen_address: 127.0.0.1
                    rpc_address: 127.0.0.1
                    storage_port: %2$d
                    native_transport_port: %1$d
                    start_native_transport: true
                    auto_bootstrap: false
                    authenticator: PasswordAuthenticator
                    authorizer: CassandraAuthorizer
                    role_manager: CassandraRoleManager
                    roles_validity: 0ms
                    permissions_validity: 0ms
                    credentials_validity: 0ms
                    data_file_directories: [%3$s/data]
                    commitlog_directory: %3$s/commitlog
                    saved_caches_directory: %3$s/saved_caches
                    hints_directory: %3$s/hints
                    cdc_raw_directory: %3$s/cdc_raw
                    commitlog_sync: periodic
                    commitlog_sync_period: 10000ms
                    commitlog_segment_size: 8MiB
                    memtable_heap_space: 64MiB
                    memtable_offheap_space: 64MiB
                    memtable_allocation_type: heap_buffers
                    concurrent_reads: 4
                    concurrent_writes: 4
                    concurrent_counter_writes: 4
                    concurrent_compactors: 1
                    compaction_throughput: 0MiB/s
                    auto_snapshot: false
                    """.formatted(port, storagePort, dir));
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                        <file>%s</file>
                        <encoder><pattern>%%d %%-5level [%%thread] %%logger{30} %%msg%%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="FILE"/></root>
                    </configuration>
                    """.formatted(dir.resolve("server.log")));
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                    "-Djdk.attach.allowAttachSelf=true", "-Djava.net.preferIPv4Stack=true", "-Dio.netty.tryReflectionSetAccessible=true"));
            command.addAll(JVM17_MODULE_OPTIONS);
            command.addAll(List.of(
                    "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
                    "-Dcassandra.storagedir=" + dir,
                    "-Dcassandra-foreground=yes",
                    "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                    // A single node that joins no ring: no waiting for gossip, and the default superuser at once.
                    "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                    "-Dcassandra.ring_delay_ms=0",
                    "-Dcassandra.superuser_setup_delay_ms=0",
                    "-cp", System.getProperty("java.class.path"),
                    "org.apache.cassandra.service.CassandraDaemon"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
            return new CassandraServer(dir, process, port);
        }

        int port() {
            return port;
        }

        /** A session as the default superuser cassandra/cassandra, once the server takes it (at most 3 minutes). */
        CqlSession awaitSuperuser() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            Exception last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Cassandra exited with " + process.exitValue() + ":\n" + logTail());
                }
                if (listening()) {
                    try {
                        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", port))
                                .withLocalDatacenter("datacenter1").withAuthCredentials("cassandra", "cassandra")
                                .withConfigLoader(DriverConfigLoader.programmaticBuilder() // schema changes take a while
                                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60)).build())
                                .build();
                    } catch (RuntimeException e) { // the superuser role is created a moment after the port opens
                        last = e;
                    }
                }
                Thread.sleep(200);
            }
            close();
            throw new IllegalStateException("Cassandra did not take a login within 3 minutes: " + last + "\n" + logTail());
        }

        private boolean listening() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private String logTail() {
            try {
                List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("server.out")));
                if (Files.exists(dir.resolve("server.log"))) {
                    lines.addAll(Files.readAllLines(dir.resolve("server.log")));
                }
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public void close() {
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException alreadyExiting) {
                // the hook runs stop() itself
            }
        }

        private void stop() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // already gone
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
