package fivetran.connector.sdk.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Values a connector may write, drawn from the fuzzer's bytes: every Java type the SDK maps, nested in maps, lists and records. */
final class FuzzedValues {
    private static final int MAX_DEPTH = 6;

    /** A record, as a connector writes one into a JSON column. */
    record Item(String name, Object value) {
    }

    private FuzzedValues() {
    }

    static Object value(FuzzedDataProvider data) {
        return value(data, 0);
    }

    private static Object value(FuzzedDataProvider data, int depth) {
        int kinds = depth < MAX_DEPTH ? 22 : 18;
        return switch (data.consumeInt(0, kinds - 1)) {
            case 0 -> null;
            case 1 -> data.consumeBoolean();
            case 2 -> data.consumeShort();
            case 3 -> data.consumeByte();
            case 4 -> data.consumeInt();
            case 5 -> data.consumeLong();
            case 6 -> integer(data.consumeBytes(40));
            case 7 -> decimal(data);
            case 8 -> data.consumeRegularFloat();
            case 9 -> data.consumeFloat();
            case 10 -> data.consumeDouble();
            case 11 -> text(data);
            case 12 -> LocalDate.ofEpochDay(data.consumeLong(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()));
            case 13 -> LocalDateTime.ofEpochSecond(data.consumeLong(-10_000_000_000_000L, 10_000_000_000_000L), data.consumeInt(0, 999_999_999), ZoneOffset.UTC);
            case 14 -> Instant.ofEpochSecond(data.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()), data.consumeInt(0, 999_999_999));
            case 15 -> OffsetDateTime.of(LocalDateTime.ofEpochSecond(data.consumeLong(-10_000_000_000L, 10_000_000_000L), 0, ZoneOffset.UTC),
                    ZoneOffset.ofTotalSeconds(data.consumeInt(-18 * 3600, 18 * 3600)));
            case 16 -> data.consumeBytes(64);
            case 17 -> ByteBuffer.wrap(data.consumeBytes(64));
            case 18 -> map(data, depth);
            case 19 -> list(data, depth);
            case 20 -> new Item(text(data), value(data, depth + 1));
            default -> list(data, depth).toArray();
        };
    }

    /** Text of any code points: the fuzzer's, sometimes with an unpaired surrogate or a NUL in it. */
    static String text(FuzzedDataProvider data) {
        String text = data.consumeString(40);
        return switch (data.consumeInt(0, 3)) {
            case 0 -> text + (char) data.consumeInt(0xD800, 0xDFFF);
            case 1 -> text + '\0';
            default -> text;
        };
    }

    /** A decimal from 1e-400 to 1e400 with up to 60 digits: beyond what DECIMAL(38) and a double hold. */
    private static BigDecimal decimal(FuzzedDataProvider data) {
        byte[] digits = data.consumeBytes(25);
        return new BigDecimal(integer(digits), data.consumeInt(-400, 400));
    }

    private static Map<String, Object> map(FuzzedDataProvider data, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            map.put(text(data), value(data, depth + 1));
        }
        return map;
    }

    private static List<Object> list(FuzzedDataProvider data, int depth) {
        List<Object> list = new ArrayList<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            list.add(value(data, depth + 1));
        }
        return list;
    }

    /** The two's-complement integer of {@code bytes}; zero for none (BigInteger refuses an empty array). */
    private static BigInteger integer(byte[] bytes) {
        return bytes.length == 0 ? BigInteger.ZERO : new BigInteger(bytes);
    }
}
