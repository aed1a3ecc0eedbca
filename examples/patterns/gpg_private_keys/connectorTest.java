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
import fivetran.connector.sdk.testkit.TestSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector on files encrypted by this machine's gpg, with throwaway keys it generates at run time in a
 * keyring of its own (a temporary GNUPGHOME, its gpg-agent stopped after): "Throwaway Test Key", the recipient, whose
 * armoured private key and passphrase are the configuration, and "Throwaway Partner", who signs some files. The tests
 * that need gpg are skipped where there is none. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final String PASSPHRASE = "throwaway test passphrase 7Qx-not-a-secret";
    private static final String RECIPIENT = "throwaway@example.invalid", PARTNER = "partner@example.invalid";
    private static final Instant FIRST = Instant.parse("2024-03-01T09:00:00Z");

    private static Path home;
    private static String privateKey, partnerPublicKey, primaryId, subkeyId, partnerId;

    /** The test's own folder: the plain files gpg encrypts, and {@link #folder}, the connector's. */
    @TempDir
    Path work;
    Path folder;

    @BeforeEach
    void createFolder() throws IOException {
        folder = Files.createDirectory(work.resolve("encrypted"));
    }

    @BeforeAll
    static void generateKeys() throws Exception {
        if (!gpgAvailable()) {
            return;
        }
        home = Files.createTempDirectory(Path.of("/tmp"), "gpg-test-");
        gpg("--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE,
                "--quick-gen-key", "Throwaway Test Key <" + RECIPIENT + ">", "future-default", "default", "never");
        gpg("--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                "--quick-gen-key", "Throwaway Partner <" + PARTNER + ">", "future-default", "default", "never");
        privateKey = gpg("--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--armor", "--export-secret-keys", RECIPIENT);
        partnerPublicKey = gpg("--armor", "--export", PARTNER);
        List<String> keys = gpg("--with-colons", "--list-keys", RECIPIENT).lines().filter(l -> l.startsWith("pub:") || l.startsWith("sub:")).toList();
        primaryId = "0x" + keys.get(0).split(":")[4];
        subkeyId = "0x" + keys.get(1).split(":")[4];
        partnerId = "0x" + gpg("--with-colons", "--list-keys", PARTNER).lines().filter(l -> l.startsWith("pub:")).findFirst().orElseThrow().split(":")[4];
    }

    @AfterAll
    static void stopTheAgent() throws Exception {
        if (home != null) {
            ProcessBuilder kill = new ProcessBuilder("gpgconf", "--kill", "gpg-agent").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            kill.environment().put("GNUPGHOME", home.toString()); // this keyring's agent only
            kill.start().waitFor();
            try (Stream<Path> all = Files.walk(home)) {
                all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private TestSync sync(Map<String, String> extra) {
        Map<String, String> configuration = new LinkedHashMap<>(Map.of("private_key", privateKey, "passphrase", PASSPHRASE,
                "signer_public_keys", partnerPublicKey, "folder", folder.toString()));
        configuration.putAll(extra);
        return TestSync.of(new Connector(connector::update, connector::schema)).configuration(configuration);
    }

    @Test
    void filesEncryptedByGpgAreDecryptedVerifiedAndSyncedAndThenOnlyTheChangedOnes() throws Exception {
        assumeTrue(home != null, "no gpg on this machine");
        encrypt("orders.csv", "id,product,amount\n1,kettle,24.90\n2,teapot,31.50\n3,cup,\n", PARTNER, false, FIRST);
        encrypt("customers.json", """
                [{"id": 1, "name": "Ada", "vip": true, "address": {"city": "London"}},
                 {"id": 2, "name": "Grace", "vip": false, "address": null}]""", null, true, FIRST);
        try (TestSync sync = sync(Map.of())) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(1L + 3 + 2, first.counts().upserts(), "signed_message, 3 orders, 2 customers");
            assertEquals(List.of(
                            Map.of("_line", 1L, "id", "1", "product", "kettle", "amount", "24.90", "_signed_by", partnerId),
                            Map.of("_line", 2L, "id", "2", "product", "teapot", "amount", "31.50", "_signed_by", partnerId)),
                    sync.rows("SELECT _line, id, product, amount, _signed_by FROM orders WHERE amount IS NOT NULL ORDER BY _line"));
            assertEquals(null, sync.value("SELECT amount FROM orders WHERE _line = 3"), "an empty CSV value is null");
            assertEquals(List.of(Map.of("id", 1, "name", "Ada", "vip", true, "city", "London"), Map.of("id", 2, "name", "Grace", "vip", false)),
                    sync.rows("SELECT id, name, vip, address->>'city' AS city FROM customers ORDER BY id").stream()
                            .map(row -> row.entrySet().stream().filter(e -> e.getValue() != null)
                                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).toList());
            assertEquals(Map.of("id", "INTEGER", "name", "VARCHAR", "vip", "BOOLEAN", "address", "JSON", "_file", "VARCHAR", "_line", "BIGINT",
                    "_modified", "TIMESTAMP WITH TIME ZONE", "_signed_by", "VARCHAR"), columnTypes(sync, "customers"));
            assertEquals(null, sync.value("SELECT _signed_by FROM customers WHERE id = 1"), "encrypted, not signed");

            // upstream's row: a message clear-signed with the key, verified; gpg verifies it too
            Map<String, Object> signed = sync.rows("SELECT message, key_id, verified FROM signed_message WHERE id = 1").get(0);
            assertEquals(primaryId, signed.get("key_id"));
            assertEquals(true, signed.get("verified"));
            String message = (String) signed.get("message");
            assertTrue(message.startsWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + connector.DEFAULT_MESSAGE + "\n-----BEGIN PGP SIGNATURE-----"), message);
            Files.writeString(work.resolve("signed.txt"), message);
            assertTrue(gpg("--batch", "--status-fd", "1", "--verify", work.resolve("signed.txt").toString()).contains("[GNUPG:] GOODSIG"));

            assertEquals(Map.of("files", Map.of(
                    "customers.json.asc", Map.of("modified", FIRST.toString(), "size", size("customers.json.asc"), "table", "customers", "rows", 2),
                    "orders.csv.gpg", Map.of("modified", FIRST.toString(), "size", size("orders.csv.gpg"), "table", "orders", "rows", 3))),
                    first.state());
            assertSecretsNotIn(sync.log());

            // the orders file is replaced (teapot's price changes, the cup is gone); returns arrive, signed by the recipient
            Instant later = FIRST.plusSeconds(3600);
            encrypt("orders.csv", "id,product,amount\n1,kettle,24.90\n2,teapot,29.00\n", PARTNER, false, later);
            encrypt("returns.csv", "order_id,reason\n2,chipped\n", RECIPIENT, false, later);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO 3 encrypted files, 2 new or changed, 1 unchanged and skipped"), sync.log()::toString);
            assertEquals(1L + 2 + 1, second.counts().upserts(), "signed_message, the 2 orders of the new file, the return; no customer");
            assertEquals(1L, second.counts().deletes(), "the cup's line");
            assertEquals(List.of(Map.of("product", "kettle", "amount", "24.90", "_fivetran_deleted", false),
                            Map.of("product", "teapot", "amount", "29.00", "_fivetran_deleted", false),
                            Map.of("product", "cup", "_fivetran_deleted", true)),
                    sync.rows("SELECT product, amount, _fivetran_deleted FROM orders ORDER BY _line").stream()
                            .map(row -> row.entrySet().stream().filter(e -> e.getValue() != null)
                                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).toList());
            assertEquals(Map.of("order_id", "2", "reason", "chipped", "_signed_by", primaryId), sync.rows("SELECT order_id, reason, _signed_by FROM returns").get(0));
            @SuppressWarnings("unchecked")
            Map<String, Object> files = (Map<String, Object>) second.state().get("files");
            assertEquals(Map.of("modified", later.toString(), "size", size("orders.csv.gpg"), "table", "orders", "rows", 2), files.get("orders.csv.gpg"));
            assertEquals(((Map<?, ?>) first.state().get("files")).get("customers.json.asc"), files.get("customers.json.asc"));
            assertSecretsNotIn(sync.log());

            // a file that is gone has its rows deleted
            Files.delete(folder.resolve("returns.csv.gpg"));
            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(1L, third.counts().upserts(), "signed_message only");
            assertEquals(1L, third.counts().deletes());
            assertFalse(((Map<?, ?>) third.state().get("files")).containsKey("returns.csv.gpg"));
        }
    }

    @Test
    void aWrongPassphraseFailsNamingTheKeyButNeverThePassphrase() throws Exception {
        assumeTrue(home != null, "no gpg on this machine");
        String wrong = "wrong passphrase Zk93-also-not-a-secret";
        encrypt("orders.csv", "id\n1\n", null, false, FIRST);
        try (TestSync sync = sync(Map.of("passphrase", wrong))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the passphrase does not unlock secret key " + primaryId + " (Throwaway Test Key <" + RECIPIENT + ">)"),
                    result.failure());
            assertFalse(result.failure().contains(wrong) || result.failure().contains(PASSPHRASE), result.failure());
            assertSecretsNotIn(sync.log(), wrong);
        }
        try (TestSync sync = sync(Map.of("passphrase", wrong, "sign_message", "false"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the passphrase does not unlock secret key " + subkeyId + " (Throwaway Test Key <" + RECIPIENT
                    + ">, a subkey of " + primaryId + ")"), result.failure());
            assertSecretsNotIn(sync.log(), wrong);
            assertEquals(0L, result.counts().upserts());
        }
    }

    @Test
    void anAlteredFileAnUnknownSignerOrAMissingSignatureFailsAndCommitsNothingOfThatFile() throws Exception {
        assumeTrue(home != null, "no gpg on this machine");
        encrypt("orders.csv", "id,product\n1,kettle\n2,teapot\n", PARTNER, false, FIRST);
        Path file = folder.resolve("orders.csv.gpg");
        byte[] good = Files.readAllBytes(file);
        byte[] altered = good.clone();
        altered[altered.length / 2] ^= 0x01;
        Files.write(file, altered);
        try (TestSync sync = sync(Map.of("sign_message", "false"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            // where the flipped bit lands differs from run to run (a new session key each time): the content is garbage,
            // the decompression fails, or the signature or the integrity check (MDC) does not match
            assertTrue(result.failure().contains("error: orders.csv.gpg: ") && result.failure().contains("altered"), result.failure());
            assertEquals(0L, sync.value("SELECT count(*) FROM orders"));
        }
        Files.write(file, good);
        try (TestSync sync = sync(Map.of("sign_message", "false", "signer_public_keys", ""))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith("error: orders.csv.gpg: signed by key " + partnerId + ", which is neither private_key nor in signer_public_keys"),
                    result.failure());
        }
        Files.delete(file);
        encrypt("customers.json", "{\"id\": 1}\n{\"id\": 2}\n", null, true, FIRST);
        try (TestSync sync = sync(Map.of("require_signature", "true"))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith("error: customers.json.asc: not signed, and require_signature is set"), result.failure());
        }
    }

    @Test
    void anRsaKeyWorksTheSameWay() throws Exception {
        assumeTrue(home != null, "no gpg on this machine");
        String rsa = "rsa@example.invalid";
        gpg("--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-gen-key", "Throwaway RSA Key <" + rsa + ">", "rsa2048", "sign", "never");
        String fingerprint = gpg("--with-colons", "--list-keys", rsa).lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        gpg("--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--quick-add-key", fingerprint, "rsa2048", "encr", "never");
        String rsaKey = gpg("--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--armor", "--export-secret-keys", rsa);
        String rsaId = "0x" + gpg("--with-colons", "--list-keys", rsa).lines().filter(l -> l.startsWith("pub:")).findFirst().orElseThrow().split(":")[4];
        Path plain = Files.writeString(work.resolve("items.json"), "{\"sku\": \"A-1\", \"stock\": 7}\n");
        gpg("--batch", "--yes", "--trust-model", "always", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--local-user", rsa,
                "--recipient", rsa, "--sign", "--encrypt", "--output", folder.resolve("items.json.pgp").toString(), plain.toString());
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("private_key", rsaKey, "passphrase", PASSPHRASE, "folder", folder.toString()))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(Map.of("sku", "A-1", "stock", 7, "_signed_by", rsaId), sync.rows("SELECT sku, stock, _signed_by FROM items").get(0));
            assertEquals(rsaId, sync.value("SELECT key_id FROM signed_message"));
            assertSecretsNotIn(sync.log());
        }
    }

    @Test
    void aPrivateKeyThatIsNotOneFailsWithoutEchoingIt() {
        String notAKey = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nc2VjcmV0LWxvb2tpbmctdGV4dA==\n-----END PGP PRIVATE KEY BLOCK-----\n";
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("private_key", notAKey, "passphrase", PASSPHRASE))) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("error: private_key is not an ASCII-armoured PGP private key block"), result.failure());
            assertFalse(result.failure().contains("c2VjcmV0"), result.failure());
            assertSecretsNotIn(sync.log(), "c2VjcmV0");
        }
    }

    /** No log line holds the passphrase, any other given, or a line of the private key's armour. */
    private static void assertSecretsNotIn(List<String> log, String... others) {
        List<String> secrets = new ArrayList<>(List.of(PASSPHRASE));
        secrets.addAll(List.of(others));
        if (privateKey != null) {
            privateKey.lines().filter(line -> line.length() > 20 && !line.startsWith("-----")).forEach(secrets::add);
        }
        for (String line : log) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), () -> "a secret in the log: " + line);
            }
        }
        assertFalse(log.isEmpty());
    }

    private static Map<String, String> columnTypes(TestSync sync, String table) {
        return sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '" + table
                        + "' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'").stream()
                .collect(Collectors.toMap(r -> (String) r.get("column_name"), r -> (String) r.get("data_type")));
    }

    private Object size(String file) throws IOException {
        return Math.toIntExact(Files.size(folder.resolve(file)));
    }

    /**
     * Writes {@code name} with the content into the folder, encrypted by gpg to the recipient's key, signed by
     * {@code signer} (null: not signed), as name.asc when armoured, else name.gpg; the plain file is removed.
     */
    private void encrypt(String name, String content, String signer, boolean armour, Instant modified) throws Exception {
        Path plain = work.resolve(name);
        Files.writeString(plain, content);
        Path encrypted = folder.resolve(name + (armour ? ".asc" : ".gpg"));
        List<String> args = new ArrayList<>(List.of("--batch", "--yes", "--trust-model", "always", "--recipient", RECIPIENT));
        if (signer != null) {
            args.addAll(List.of("--pinentry-mode", "loopback", "--passphrase", signer.equals(RECIPIENT) ? PASSPHRASE : "", "--local-user", signer, "--sign"));
        }
        if (armour) {
            args.add("--armor");
        }
        args.addAll(List.of("--encrypt", "--output", encrypted.toString(), plain.toString()));
        gpg(args.toArray(String[]::new));
        Files.delete(plain);
        Files.setLastModifiedTime(encrypted, FileTime.from(modified));
    }

    private static boolean gpgAvailable() {
        try {
            return new ProcessBuilder("gpg", "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs gpg on the test's keyring; its standard output, or a failure with what it printed. */
    private static String gpg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--quiet"));
        command.addAll(List.of(args));
        Path errors = home.resolve("gpg-errors.txt");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("gpg " + String.join(" ", args).replace(PASSPHRASE, "***") + " failed: " + Files.readString(errors));
        }
        return out;
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
