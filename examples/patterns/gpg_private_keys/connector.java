///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.bouncycastle:bcpg-jdk18on:1.87
//DEPS org.bouncycastle:bcprov-jdk18on:1.87

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * A PGP private key (ASCII-armoured, with its passphrase, from the configuration) put to work with BouncyCastle, no gpg
 * binary needed. As the upstream example does, each sync clear-signs a message with the key, verifies the signature,
 * and writes the signed text to {@code signed_message}. Then the PGP-encrypted files of a folder (encrypted to the key,
 * optionally signed) are decrypted, their integrity and signature checked, and their CSV or JSON content written as
 * rows: one table per file name (or the configured table), keyed by file and line. Incremental by file: state keeps
 * each file's modification time, size and row count, and only new or changed files are read; the rows a changed file
 * no longer has, and those of a file that is gone, are deleted.
 *
 * <p>Neither the passphrase nor the key is ever logged or put in an error message: errors name the key by its id.
 */
class connector {
    static final String SIGNED_MESSAGE = "signed_message";
    static final String FILE = "_file", LINE = "_line", MODIFIED = "_modified", SIGNED_BY = "_signed_by";
    static final String DEFAULT_MESSAGE = "This message was signed by the Fivetran connector with the configured private key.";
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    private static final CsvMapper CSV = new CsvMapper();

    static List<Table> schema(Configuration configuration) throws IOException {
        Settings settings = Settings.of(configuration);
        List<Table> tables = new ArrayList<>();
        if (settings.signMessage()) {
            tables.add(Table.named(SIGNED_MESSAGE).primaryKey("id").column("id", DataType.INT).column("message", DataType.STRING)
                    .column("key_id", DataType.STRING).column("fingerprint", DataType.STRING).column("verified", DataType.BOOLEAN)
                    .column("signed_at", DataType.UTC_DATETIME));
        }
        TreeSet<String> names = new TreeSet<>();
        for (Path file : settings.files()) {
            names.add(settings.table(file));
        }
        for (String name : names) {
            tables.add(Table.named(name).primaryKey(FILE, LINE).column(FILE, DataType.STRING).column(LINE, DataType.LONG)
                    .column(MODIFIED, DataType.UTC_DATETIME).column(SIGNED_BY, DataType.STRING));
        }
        return tables;
    }

    static void update(Configuration configuration, State state) throws Exception {
        Settings settings = Settings.of(configuration);
        Keys keys = Keys.of(configuration.require("private_key"), configuration.get("passphrase", ""), configuration.get("signer_public_keys", null));
        if (settings.signMessage()) {
            signMessage(keys, settings.message());
        }
        if (settings.folder() != null) {
            syncFiles(settings, keys, state);
        }
        Operations.checkpoint(state);
    }

    // ---- signed_message: what the upstream example does ----------------------------------------------------------------

    /** Clear-signs the message with the key's signing key, verifies the armoured result, and upserts it as row 1. */
    static void signMessage(Keys keys, String message) throws Exception {
        PGPSecretKey key = keys.signingKey();
        PGPPublicKey publicKey = key.getPublicKey();
        String signed = clearSign(message, publicKey, keys.unlock(key));
        PGPSignature signature = verifyClearSigned(signed, publicKey);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("message", signed);
        row.put("key_id", Keys.id(key.getKeyID()));
        row.put("fingerprint", Keys.hex(publicKey.getFingerprint()));
        row.put("verified", true);
        row.put("signed_at", signature.getCreationTime().toInstant());
        Operations.upsert(SIGNED_MESSAGE, row);
        Logging.info("signed_message: signed with key " + Keys.id(key.getKeyID()) + " and verified");
    }

    static String clearSign(String message, PGPPublicKey publicKey, PGPPrivateKey privateKey) throws PGPException, IOException {
        PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256), publicKey);
        generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, privateKey);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(false, new Date());
        hashed.setIssuerFingerprint(false, publicKey);
        generator.setHashedSubpackets(hashed.generate());
        List<String> lines = message.lines().map(connector::trailingWhitespaceRemoved).toList();
        generator.update(String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out);
        armor.beginClearText(HashAlgorithmTags.SHA256);
        for (String line : lines) {
            armor.write((line + "\n").getBytes(StandardCharsets.UTF_8)); // dash-escaped by the stream
        }
        armor.endClearText();
        generator.generate().encode(new BCPGOutputStream(armor));
        armor.close();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads a clear-signed text back and verifies its signature with the key; fails unless it verifies. */
    static PGPSignature verifyClearSigned(String signed, PGPPublicKey publicKey) throws PGPException, IOException {
        ArmoredInputStream in = new ArmoredInputStream(new ByteArrayInputStream(signed.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && in.isClearText(); c = in.read()) {
            text.write(c); // the character that ends the clear text (the signature's armour) is not part of it
        }
        String body = text.toString(StandardCharsets.UTF_8);
        body = body.endsWith("\r\n") ? body.substring(0, body.length() - 2) : body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
        Object signatures = new BcPGPObjectFactory(in).nextObject();
        if (!(signatures instanceof PGPSignatureList list) || list.isEmpty()) {
            throw new IllegalStateException("signed_message: the signed text has no signature");
        }
        PGPSignature signature = list.get(0);
        signature.init(new BcPGPContentVerifierBuilderProvider(), publicKey);
        signature.update(String.join("\r\n", body.lines().map(connector::trailingWhitespaceRemoved).toList()).getBytes(StandardCharsets.UTF_8));
        if (!signature.verify()) {
            throw new IllegalStateException("signed_message: the signature by key " + Keys.id(publicKey.getKeyID()) + " does not verify");
        }
        return signature;
    }

    private static String trailingWhitespaceRemoved(String line) {
        return line.replaceAll("[ \\t\\r]+$", "");
    }

    // ---- encrypted files -----------------------------------------------------------------------------------------------

    private record Changed(String name, Path path, Instant modified, long size) {
    }

    static void syncFiles(Settings settings, Keys keys, State state) throws IOException {
        Map<String, Map<String, Object>> known = new TreeMap<>(filesIn(state));
        state.put("files", known);
        Map<String, Path> present = new LinkedHashMap<>();
        for (Path file : settings.files()) {
            present.put(file.getFileName().toString(), file);
        }
        for (String gone : new ArrayList<>(known.keySet())) {
            if (!present.containsKey(gone)) {
                Map<String, Object> before = known.remove(gone);
                deleteLines((String) before.get("table"), gone, 0, ((Number) before.get("rows")).longValue());
                Logging.info(gone + ": gone from the folder, its rows deleted");
                Operations.checkpoint(state);
            }
        }
        List<Changed> changed = new ArrayList<>();
        for (Map.Entry<String, Path> entry : present.entrySet()) {
            BasicFileAttributes attributes = Files.readAttributes(entry.getValue(), BasicFileAttributes.class);
            Instant modified = attributes.lastModifiedTime().toInstant();
            Map<String, Object> before = known.get(entry.getKey());
            if (before == null || !modified.toString().equals(before.get("modified"))
                    || !(before.get("size") instanceof Number size) || size.longValue() != attributes.size()) {
                changed.add(new Changed(entry.getKey(), entry.getValue(), modified, attributes.size()));
            }
        }
        changed.sort(Comparator.comparing(Changed::modified).thenComparing(Changed::name));
        Logging.info(present.size() + " encrypted files, " + changed.size() + " new or changed, " + (present.size() - changed.size()) + " unchanged and skipped");

        for (Changed file : changed) {
            String table = settings.table(file.path());
            long[] line = {0};
            Decrypted decrypted = decrypt(file.name(), file.path(), keys, settings, (signer, row) -> {
                row.put(FILE, file.name());
                row.put(LINE, ++line[0]);
                row.put(MODIFIED, file.modified());
                row.put(SIGNED_BY, signer);
                Operations.upsert(table, row);
            });
            Map<String, Object> before = known.get(file.name());
            if (before != null) {
                String oldTable = (String) before.get("table");
                long oldRows = ((Number) before.get("rows")).longValue();
                deleteLines(oldTable, file.name(), oldTable.equals(table) ? line[0] : 0, oldRows);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("modified", file.modified().toString());
            entry.put("size", file.size());
            entry.put("table", table);
            entry.put("rows", line[0]);
            known.put(file.name(), entry);
            // only now, the file's integrity and signature checked, are its rows committed
            Operations.checkpoint(state);
            Logging.info(file.name() + ": " + line[0] + " rows into " + table + " (" + decrypted.format()
                    + (decrypted.signer() == null ? ", not signed" : ", signature by " + decrypted.signer() + " verified") + ")");
        }
    }

    private static void deleteLines(String table, String file, long keep, long rows) {
        for (long line = keep + 1; line <= rows; line++) {
            Operations.delete(table, Map.of(FILE, file, LINE, line));
        }
    }

    record Decrypted(String format, String signer) {
    }

    interface Rows {
        void row(String signer, Map<String, Object> row);
    }

    /**
     * Decrypts a file with the private key, checks its signature (one-pass, as gpg --sign --encrypt writes it) with the
     * signer's public key, parses the content as it streams, and checks the integrity (MDC) at the end. Rows are handed
     * out as they are parsed: they are committed only by the caller's checkpoint after this returns, so a file that fails
     * a check commits nothing.
     */
    static Decrypted decrypt(String name, Path path, Keys keys, Settings settings, Rows rows) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path)); InputStream in = PGPUtil.getDecoderStream(raw)) {
            PGPEncryptedDataList encrypted = encryptedData(name, new BcPGPObjectFactory(in));
            PGPPublicKeyEncryptedData data = null;
            PGPSecretKey key = null;
            List<String> recipients = new ArrayList<>();
            for (PGPEncryptedData candidate : encrypted) {
                if (candidate instanceof PGPPublicKeyEncryptedData forKey) {
                    long keyId = forKey.getKeyIdentifier().getKeyId();
                    recipients.add(keyId == 0 ? "(hidden: gpg --throw-keyids, not supported)" : Keys.id(keyId));
                    PGPSecretKey secret = keyId == 0 ? null : keys.secret.getSecretKey(keyId);
                    if (secret != null && data == null) {
                        data = forKey;
                        key = secret;
                    }
                }
            }
            if (data == null) {
                throw new IllegalStateException(name + ": " + (recipients.isEmpty() ? "not encrypted to a public key (passphrase-only encryption?)"
                        : "encrypted to key " + String.join(", ", recipients) + ", which private_key does not hold"));
            }
            if (!data.isIntegrityProtected()) {
                throw new IllegalStateException(name + ": refused, it has no integrity protection (no MDC), so an alteration would go unseen");
            }
            InputStream clear;
            try {
                clear = data.getDataStream(new BcPublicKeyDataDecryptorFactory(new PGPKeyPair(key.getPublicKey(), keys.unlock(key))));
            } catch (PGPException e) {
                throw new IllegalStateException(name + ": could not be decrypted with key " + Keys.id(key.getKeyID()) + ": " + e.getMessage(), e);
            }
            BcPGPObjectFactory packets = new BcPGPObjectFactory(clear);
            Object packet = packets.nextObject();
            if (packet instanceof PGPCompressedData compressed) {
                packets = new BcPGPObjectFactory(compressed.getDataStream());
                packet = packets.nextObject();
            }
            PGPOnePassSignature onePass = null;
            String signer = null;
            if (packet instanceof PGPOnePassSignatureList list && !list.isEmpty()) {
                onePass = list.get(0);
                signer = Keys.id(onePass.getKeyID());
                PGPPublicKey signerKey = keys.signers.getPublicKey(onePass.getKeyID());
                if (signerKey == null) {
                    throw new IllegalStateException(name + ": signed by key " + signer + ", which is neither private_key nor in signer_public_keys");
                }
                onePass.init(new BcPGPContentVerifierBuilderProvider(), signerKey);
                packet = packets.nextObject();
            }
            if (onePass == null && settings.requireSignature()) {
                throw new IllegalStateException(name + ": not signed, and require_signature is set");
            }
            if (!(packet instanceof PGPLiteralData literal)) {
                throw new IllegalStateException(name + ": holds no data (found " + (packet == null ? "nothing" : packet.getClass().getSimpleName()) + ")");
            }
            String format = settings.format(name, literal.getFileName());
            PGPOnePassSignature verifying = onePass;
            String signedBy = signer;
            InputStream content = new FilterInputStream(literal.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0 && verifying != null) {
                        verifying.update((byte) b);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0 && verifying != null) {
                        verifying.update(buffer, offset, n);
                    }
                    return n;
                }

                @Override
                public void close() {
                    // the parser's close must not end the literal data: the signature and the MDC follow it
                }
            };
            parse(name, format, content, row -> rows.row(signedBy, row));
            content.transferTo(OutputStream.nullOutputStream());
            if (onePass != null) {
                Object signatures = packets.nextObject();
                if (!(signatures instanceof PGPSignatureList list) || list.isEmpty() || !onePass.verify(list.get(0))) {
                    throw new IllegalStateException(name + ": the signature by key " + signer + " does not verify: the file was altered, or not signed by that key");
                }
            }
            if (!data.verify()) {
                throw new IllegalStateException(name + ": the integrity check (MDC) failed: the file was altered");
            }
            return new Decrypted(format, signer);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException(name + ": damaged or altered, it cannot be read (" + e + ")", e);
        }
    }

    private static PGPEncryptedDataList encryptedData(String name, BcPGPObjectFactory packets) throws IOException {
        Object packet = packets.nextObject();
        while (packet instanceof PGPMarker) {
            packet = packets.nextObject();
        }
        if (packet instanceof PGPEncryptedDataList list) {
            return list;
        }
        throw new IllegalStateException(name + ": not a PGP-encrypted message (found " + (packet == null ? "nothing" : packet.getClass().getSimpleName()) + ")");
    }

    /**
     * CSV with a header row (values as text, empty ones null), or JSON: an array of objects, or objects one after the
     * other (JSON lines). Content that does not parse fails naming the file: before the integrity check at the end, an
     * altered file shows as garbage here.
     */
    static void parse(String name, String format, InputStream content, Consumer<Map<String, Object>> rows) {
        try {
            MappingIterator<Map<String, Object>> records = format.equals("csv")
                    ? CSV.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(content)
                    : JSON.readerFor(Map.class).readValues(content);
            try (records) {
                while (records.hasNextValue()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    records.nextValue().forEach((column, value) -> row.put(column, format.equals("csv") && "".equals(value) ? null : value));
                    rows.accept(row);
                }
            }
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException parsing ? parsing.getOriginalMessage() : e.toString();
            throw new IllegalStateException(name + ": damaged or altered, or not " + (format.equals("csv") ? "CSV with a header row" : "JSON objects")
                    + ", it cannot be read: " + detail, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> filesIn(State state) {
        Map<String, Map<String, Object>> files = new HashMap<>();
        if (state.get("files") instanceof Map<?, ?> saved) {
            saved.forEach((name, entry) -> files.put((String) name, new LinkedHashMap<>((Map<String, Object>) entry)));
        }
        return files;
    }

    // ---- keys ----------------------------------------------------------------------------------------------------------

    /** The private key ring(s) of the configuration, with its passphrase, and the public keys signatures are checked with. */
    static final class Keys {
        final PGPSecretKeyRingCollection secret;
        final PGPPublicKeyRingCollection signers;
        private final char[] passphrase;
        /** Keys unlocked once a sync: the passphrase's key derivation is slow on purpose (gpg's S2K count). */
        private final Map<Long, PGPPrivateKey> unlocked = new HashMap<>();

        private Keys(PGPSecretKeyRingCollection secret, PGPPublicKeyRingCollection signers, char[] passphrase) {
            this.secret = secret;
            this.signers = signers;
            this.passphrase = passphrase;
        }

        static Keys of(String privateKey, String passphrase, String signerPublicKeys) {
            PGPSecretKeyRingCollection secret;
            try {
                secret = new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(new ByteArrayInputStream(armour(privateKey))), new BcKeyFingerprintCalculator());
            } catch (IOException | PGPException | RuntimeException e) {
                // the parser's message, never the text
                throw new IllegalArgumentException("private_key is not an ASCII-armoured PGP private key block (gpg --armor --export-secret-keys): "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            if (secret.size() == 0) {
                throw new IllegalArgumentException("private_key holds no private key (a public key block?)");
            }
            List<PGPPublicKeyRing> publicRings = new ArrayList<>();
            if (signerPublicKeys != null) {
                try {
                    new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(new ByteArrayInputStream(armour(signerPublicKeys))), new BcKeyFingerprintCalculator())
                            .forEach(publicRings::add);
                } catch (IOException | PGPException | RuntimeException e) {
                    throw new IllegalArgumentException("signer_public_keys is not an ASCII-armoured PGP public key block (gpg --armor --export): " + e.getMessage());
                }
            }
            for (PGPSecretKeyRing ring : secret) {
                List<PGPPublicKey> own = new ArrayList<>();
                ring.getPublicKeys().forEachRemaining(own::add);
                publicRings.add(new PGPPublicKeyRing(own));
            }
            PGPPublicKeyRingCollection signers = new PGPPublicKeyRingCollection(List.of());
            for (PGPPublicKeyRing ring : publicRings) {
                if (!signers.contains(ring.getPublicKey().getKeyID())) {
                    signers = PGPPublicKeyRingCollection.addPublicKeyRing(signers, ring);
                }
            }
            return new Keys(secret, signers, passphrase.toCharArray());
        }

        /** The key text, with the line breaks a form field may have turned into the two characters \n restored. */
        private static byte[] armour(String text) {
            String armoured = text.trim();
            if (!armoured.contains("\n") && armoured.contains("\\n")) {
                armoured = armoured.replace("\\n", "\n");
            }
            return armoured.getBytes(StandardCharsets.US_ASCII);
        }

        /** The private part of a secret key, unlocked with the passphrase; a wrong one fails naming the key, never the passphrase. */
        PGPPrivateKey unlock(PGPSecretKey key) {
            if (key.isPrivateKeyEmpty()) {
                throw new IllegalArgumentException("secret key " + describe(key) + " has no private part in private_key (exported with --export-secret-subkeys?)");
            }
            PGPPrivateKey done = unlocked.get(key.getKeyID());
            if (done != null) {
                return done;
            }
            try {
                PGPPrivateKey privateKey = key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
                unlocked.put(key.getKeyID(), privateKey);
                return privateKey;
            } catch (PGPException e) {
                throw new IllegalArgumentException("the passphrase does not unlock secret key " + describe(key) + ": check 'passphrase'");
            }
        }

        /** The key that signs: the first key of the first ring whose flags allow signing data, with its private part. */
        PGPSecretKey signingKey() {
            for (PGPSecretKeyRing ring : secret) {
                for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
                    PGPSecretKey key = keys.next();
                    if (!key.isPrivateKeyEmpty() && canSign(key.getPublicKey())) {
                        return key;
                    }
                }
            }
            throw new IllegalArgumentException("private_key has no key that can sign (with its private part)");
        }

        private static boolean canSign(PGPPublicKey key) {
            boolean flagged = false;
            for (Iterator<PGPSignature> signatures = key.getSignatures(); signatures.hasNext(); ) {
                PGPSignature signature = signatures.next();
                if (signature.getHashedSubPackets() != null && signature.getHashedSubPackets().hasSubpacket(org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS)) {
                    flagged = true;
                    if ((signature.getHashedSubPackets().getKeyFlags() & KeyFlags.SIGN_DATA) != 0) {
                        return true;
                    }
                }
            }
            return !flagged && key.isMasterKey();
        }

        /** A key as gpg names it: its long id, with the user id of its ring, and the primary key when it is a subkey. */
        String describe(PGPSecretKey key) {
            PGPSecretKeyRing ring = secret.getSecretKeyRing(key.getKeyID());
            StringBuilder text = new StringBuilder(id(key.getKeyID()));
            if (ring != null) {
                PGPSecretKey primary = ring.getSecretKey();
                Iterator<String> users = primary.getUserIDs();
                text.append(" (").append(users.hasNext() ? users.next() : "no user id");
                if (primary.getKeyID() != key.getKeyID()) {
                    text.append(", a subkey of ").append(id(primary.getKeyID()));
                }
                text.append(')');
            }
            return text.toString();
        }

        static String id(long keyId) {
            return String.format("0x%016X", keyId);
        }

        static String hex(byte[] bytes) {
            StringBuilder text = new StringBuilder();
            for (byte b : bytes) {
                text.append(String.format("%02X", b));
            }
            return text.toString();
        }
    }

    // ---- configuration -------------------------------------------------------------------------------------------------

    record Settings(Path folder, PathMatcher pattern, String table, String format, boolean requireSignature, boolean signMessage, String message) {
        static Settings of(Configuration configuration) {
            String folder = configuration.get("folder", null);
            String format = configuration.get("format", null);
            if (format != null && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
                throw new IllegalArgumentException("format must be csv or json, or left empty to go by the file names");
            }
            return new Settings(folder == null ? null : Path.of(folder),
                    FileSystems.getDefault().getPathMatcher("glob:" + configuration.get("file_pattern", "*.{gpg,pgp,asc}")),
                    configuration.get("table", null), format == null ? null : format.toLowerCase(Locale.ROOT),
                    configuration.getBoolean("require_signature", false), configuration.getBoolean("sign_message", true),
                    configuration.get("message", DEFAULT_MESSAGE));
        }

        List<Path> files() throws IOException {
            if (folder == null) {
                return List.of();
            }
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("folder '" + folder + "' is not a folder");
            }
            try (Stream<Path> all = Files.list(folder)) {
                return all.filter(Files::isRegularFile).filter(file -> pattern.matches(file.getFileName())).sorted().toList();
            }
        }

        /** The table of a file: the configured one, else its name up to the first dot (orders.csv.gpg goes to orders). */
        String table(Path file) {
            if (table != null) {
                return table;
            }
            String name = file.getFileName().toString();
            return name.contains(".") && name.indexOf('.') > 0 ? name.substring(0, name.indexOf('.')) : name;
        }

        /** The content's format: the configured one, else by the name gpg stored in the file, else by the file's own name. */
        String format(String file, String inner) {
            if (format != null) {
                return format;
            }
            for (String name : new String[] {inner, file.replaceAll("(?i)\\.(gpg|pgp|asc)$", "")}) {
                String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".csv")) {
                    return "csv";
                }
                if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
                    return "json";
                }
            }
            throw new IllegalStateException(file + ": neither a .csv nor a .json file inside; set 'format'");
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
