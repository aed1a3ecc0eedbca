///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every data type declared, written once from Java values and once from text, which the SDK parses for the
 * declared type (dates, decimals, offsets).
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("specified")
                .primaryKey("id")
                .column("id", DataType.INT)
                .column("flag", DataType.BOOLEAN)
                .column("small", DataType.SHORT)
                .column("big", DataType.LONG)
                .decimal("price", 10, 2)
                .column("ratio", DataType.FLOAT)
                .column("score", DataType.DOUBLE)
                .column("day", DataType.NAIVE_DATE)
                .column("local_time", DataType.NAIVE_DATETIME)
                .column("utc_time", DataType.UTC_DATETIME)
                .column("raw", DataType.BINARY)
                .column("document", DataType.XML)
                .column("label", DataType.STRING)
                .column("details", DataType.JSON));
    }

    static void update(Configuration configuration, State state) {
        Map<String, Object> fromJava = new LinkedHashMap<>();
        fromJava.put("id", 1);
        fromJava.put("flag", true);
        fromJava.put("small", (short) 42);
        fromJava.put("big", 9_007_199_254_740_993L);
        fromJava.put("price", new BigDecimal("1234.56"));
        fromJava.put("ratio", 0.5f);
        fromJava.put("score", 98.6);
        fromJava.put("day", LocalDate.of(2024, 2, 29));
        fromJava.put("local_time", LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000));
        fromJava.put("utc_time", Instant.parse("2024-02-29T13:45:30.123456Z"));
        fromJava.put("raw", "bytes".getBytes(StandardCharsets.UTF_8));
        fromJava.put("document", "<order><id>1</id></order>");
        fromJava.put("label", "from Java values");
        fromJava.put("details", Map.of("tags", List.of("a", "b"), "count", 2));
        Operations.upsert("specified", fromJava);

        Map<String, Object> fromText = new LinkedHashMap<>();
        fromText.put("id", 2);
        fromText.put("price", "99.95");
        fromText.put("day", "2024-03-01");
        fromText.put("local_time", "2024-03-01 08:00:00");
        fromText.put("utc_time", "2024-03-01T08:00:00+02:00");
        fromText.put("label", "from text");
        Operations.upsert("specified", fromText);
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
