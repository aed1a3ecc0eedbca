///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector's default profile, dev, against the local PostgreSQL server (127.0.0.1:5432, user postgres,
 * database test): source.sql is loaded into two schemas of their own, dev's and prod's, dropped after. The connector
 * reads CONNECTOR_ENV, which a test in this JVM cannot set, so the tests run without it; choosing prod with
 * CONNECTOR_ENV=prod is checked by running the connector itself (jbang connector.java debug). Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private SourceDatabase dev;
    private SourceDatabase prod;

    @BeforeEach
    void createSources() {
        assumeTrue(System.getenv("CONNECTOR_ENV") == null, "these tests are of the default profile: run them without CONNECTOR_ENV");
        dev = SourceDatabase.postgresql().executeFile(Path.of("source.sql"));
        prod = SourceDatabase.postgresql().executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSources() {
        for (SourceDatabase source : new SourceDatabase[] {dev, prod}) {
            if (source != null) {
                source.close();
            }
        }
    }

    private static void assertNoSecret(TestSync sync, SyncResult result) {
        assertFalse(sync.log().stream().anyMatch(line -> line.contains("s3cret")), sync.log()::toString);
        assertFalse(String.valueOf(result.failure()).contains("s3cret"), result.failure());
    }

    @Test
    void withoutConnectorEnvTheDevProfileIsUsed() throws Exception {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"))
                .configure("dev.jdbc_url", dev.url()).configure("dev.password", "s3cret")
                .configure("prod.jdbc_url", prod.url()).configure("prod.password", "s3cret")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().contains("INFO connection profile: dev"), sync.log()::toString);
            assertEquals(List.of(Map.of("id", 1, "name", "kettle", "source", "test." + dev.name()), Map.of("id", 2, "name", "teapot", "source", "test." + dev.name())),
                    sync.rows("SELECT id, name, source FROM products ORDER BY id"));
            assertEquals(Map.of("products", Map.of("id", 2)), first.state());
            assertNoSecret(sync, first);

            dev.execute("INSERT INTO products (id, name) VALUES (3, 'mug')");
            prod.execute("INSERT INTO products (id, name) VALUES (4, 'cup')");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().upserts(), "dev's new product; none of prod's");
            assertEquals(List.of(3), sync.rows("SELECT id FROM products WHERE id > 2").stream().map(row -> row.get("id")).toList());
            assertEquals(Map.of("products", Map.of("id", 3)), second.state());
        }
    }

    @Test
    void aMissingProfileFailsWithTheKeyItLacks() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("prod.jdbc_url", prod.url(), "prod.user", "postgres", "prod.password", "s3cret"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("dev.jdbc_url"), result.failure());
            assertNoSecret(sync, result);
        }
    }

    @Test
    void aConnectionErrorNamesTheKeyNeverTheUrl() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("dev.jdbc_url", "jdbc:postgresql://127.0.0.1:1/test?password=s3cret", "dev.user", "postgres"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("cannot connect to the database of configuration key 'dev.jdbc_url'"), result.failure());
            assertNoSecret(sync, result);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
