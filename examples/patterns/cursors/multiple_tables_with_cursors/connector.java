///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.sample.SampleSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Several tables, each with its own cursor in state ({@code {"cursors": {"orders": ..., "invoices": ...}}}), so
 * each table resumes from where it stopped, whatever happened to the others.
 */
class connector {
    private static final Map<String, SampleSource> SOURCES = Map.of(
            "orders", SampleSource.of("orders", Duration.ofMinutes(10)),
            "invoices", SampleSource.of("invoices", Duration.ofHours(1)));

    static void update(Configuration configuration, State state) {
        Instant start = configuration.getInstant("start", SampleSource.FIRST);
        Instant until = configuration.getInstant("until", Instant.now());
        @SuppressWarnings("unchecked")
        Map<String, Object> cursors = new LinkedHashMap<>((Map<String, Object>) state.getOrDefault("cursors", Map.of()));
        for (String table : new String[] {"orders", "invoices"}) {
            Instant cursor = Instant.parse((String) cursors.getOrDefault(table, start.toString()));
            SOURCES.get(table).createdBetween(cursor, until).forEach(record -> Operations.upsert(table, record));
            cursors.put(table, until.toString());
            state.put("cursors", cursors);
            Operations.checkpoint(state);
            Logging.info(table + ": synced the records created in [" + cursor + ", " + until + ")");
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
