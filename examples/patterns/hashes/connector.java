///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.util.Hashing;
import java.util.List;
import java.util.Map;

/**
 * Records without an id get a computed primary key: the SHA-256 of the fields that identify them. The same
 * record read again has the same key, so it replaces itself instead of being added twice.
 */
class connector {
    record LogLine(String timestamp, String host, String message, int bytes) {
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("access_log").primaryKey("line_hash"));
    }

    static void update(Configuration configuration, State state) {
        for (LogLine line : readLog()) {
            String lineHash = Hashing.sha256(line.timestamp(), line.host(), line.message());
            Operations.upsert("access_log", Map.of("line_hash", lineHash, "timestamp", line.timestamp(),
                    "host", line.host(), "message", line.message(), "bytes", line.bytes()));
        }
        Operations.checkpoint(state);
    }

    /** The emulated source: a log without ids, read whole at every sync; one line appears twice. */
    private static List<LogLine> readLog() {
        return List.of(
                new LogLine("2024-05-01T10:00:00Z", "web-1", "GET /", 512),
                new LogLine("2024-05-01T10:00:00Z", "web-2", "GET /", 512),
                new LogLine("2024-05-01T10:00:01Z", "web-1", "POST /cart", 128),
                new LogLine("2024-05-01T10:00:01Z", "web-1", "POST /cart", 128));
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
