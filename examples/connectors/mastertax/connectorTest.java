///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after ADP's API documentation for MasterTax
 * (the OAuth2 token endpoint, processing-jobs submit and processing-status, processing-job-outputs content):
 * recordings/ holds two syncs (a submit refused while busy, an access token that expires during the polls, a 503 on the
 * download, a ZIP of headerless TSV), recordings-bad-secret/ a refused client, recordings-no-layout-file/ an output
 * without the layout's file. Every API request must carry an ADP-ConversationID. The replay server speaks plain HTTP, so the client certificate (made here with the JDK's keytool)
 * is loaded into the TLS context but not presented. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final String PASSWORD = "test-keystore-pass";
    private static String certificate;

    /** A PKCS#12 keystore with a self-signed key pair, as base64, made in a temporary folder that is deleted. */
    @BeforeAll
    static void clientCertificate() throws Exception {
        Path dir = Files.createTempDirectory("mastertax-test-");
        try {
            Path keystore = dir.resolve("client.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=fivetran-connector-test", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            assertEquals(0, keytool.waitFor(), output);
            certificate = Base64.getEncoder().encodeToString(Files.readAllBytes(keystore));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("client_id", "mastertax-client-42").configure("client_secret", "s3cr3t-value")
                .configure("client_certificate", certificate).configure("client_certificate_password", PASSWORD)
                .configure("poll_interval_seconds", "0.01").configure("busy_retry_seconds", "0.01")
                .replay(Path.of(recording));
    }

    @Test
    void eachSyncSubmitsPollsAndDownloadsTheExtractAndMarksWhatItNoLongerHoldsDeleted() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(1L, first.counts().checkpoints());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN MasterTax refused the EXTRACT_01 job (400)")), sync.log()::toString);
            assertTrue(sync.log().contains("INFO the access token was refused: requesting a new one"), sync.log()::toString);
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("503")), sync.log()::toString);
            assertTrue(sync.log().contains("INFO MasterTax job PJ-20240310-0001 (EXTRACT_01) finished (2 polls)"), sync.log()::toString);
            assertEquals(List.of(Map.of("id", "1001", "column_01", "ACME PAYROLL INC", "column_02", "NY", "column_03", "125.50"),
                            Map.of("id", "1002", "column_01", "GLOBEX CORP", "column_02", "CA", "column_03", "88.00"),
                            Map.of("id", "1003", "column_01", "INITECH LLC", "column_02", "TX", "column_03", "14.25")),
                    sync.rows("SELECT id, column_01, column_02, column_03 FROM extract_01 ORDER BY id"), "the TSV file only, README.txt skipped");
            assertEquals(List.of(Map.of("column_name", "id", "data_type", "VARCHAR"), Map.of("column_name", "column_01", "data_type", "VARCHAR"),
                            Map.of("column_name", "column_02", "data_type", "VARCHAR"), Map.of("column_name", "column_03", "data_type", "VARCHAR")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                            + "AND table_name = 'extract_01' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
            assertEquals(Map.of(), first.state(), "a full extract: nothing to resume from");

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, second.counts().upserts());
            assertEquals(1L, second.counts().truncates());
            assertEquals("130.75", sync.value("SELECT column_03 FROM extract_01 WHERE id = '1001'"));
            assertEquals(true, sync.value("SELECT _fivetran_deleted FROM extract_01 WHERE id = '1002'"), "no longer in the extract");
            assertEquals(List.of("1001", "1003", "1004"),
                    sync.rows("SELECT id FROM extract_01 WHERE NOT _fivetran_deleted ORDER BY id").stream().map(row -> row.get("id")).toList());
            assertEquals(Map.of(), second.state());
        }
    }

    @Test
    void aClientAdpRefusesFailsTheSyncAtTheTokenRequest() {
        try (TestSync sync = sync("recordings-bad-secret")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("POST https://api.adp.com/auth/oauth/v2/token failed: 401: "
                    + "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}"), result.failure());
            assertFalse(result.failure().contains("s3cr3t-value"));
        }
    }

    @Test
    void aWrongCertificatePasswordIsNamedBeforeAnyRequest() {
        try (TestSync sync = sync("recordings-bad-secret").configure("client_certificate_password", "not-the-password")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the client certificate cannot be read (is it PKCS#12, and the password right?)"), result.failure());
            assertFalse(result.failure().contains("not-the-password"));
        }
    }

    @Test
    void anOutputWithoutAFileOfTheLayoutFailsTheSyncAndDeletesNothing() {
        try (TestSync sync = sync("recordings-no-layout-file")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the output of MasterTax job PJ-20240310-0001 holds no file named after EXTRACT_01: "
                    + "[EXTRACT_02_20240310.txt]"), result.failure());
            assertEquals(0L, sync.value("SELECT count(*) FROM extract_01"));
        }
    }

    @Test
    void anExtractWithoutItsColumnsIsNamed() {
        try (TestSync sync = sync("recordings").configure("extracts", "[{\"layout\": \"EXTRACT_01\"}]")) {
            assertTrue(sync.run().failure().endsWith("configuration 'extracts': each extract needs a layout and its columns, in file order"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
