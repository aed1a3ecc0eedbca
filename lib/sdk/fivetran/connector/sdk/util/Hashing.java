package fivetran.connector.sdk.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 digests of values, for a primary key computed from a row's fields when the source has none, or to
 * tell whether a row changed since the last sync. Values are written with {@link String#valueOf(Object)}, a null
 * as U+0000, and separated by U+001F, so {@code ("a,b", "c")} and {@code ("a", "b,c")} differ.
 */
public final class Hashing {
    private Hashing() {
    }

    /** The lowercase hex SHA-256 of {@code values}, in the order given. */
    public static String sha256(Object... values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('\u001f');
            }
            text.append(values[i] == null ? "\u0000" : String.valueOf(values[i]));
        }
        return HexFormat.of().formatHex(digest(text.toString()));
    }

    /** The lowercase hex SHA-256 of a row: its columns sorted by name, each as its name then its value. */
    public static String sha256(Map<String, ?> row) {
        Object[] namesAndValues = new TreeMap<>(row).entrySet().stream()
                .flatMap(column -> java.util.stream.Stream.of(column.getKey(), column.getValue()))
                .toArray();
        return sha256(namesAndValues);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
