///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.sample.SampleSource;
import fivetran.connector.sdk.util.TimeWindows;
import java.time.Duration;
import java.time.Instant;

/**
 * A time range synced one window at a time: each window is a bounded request to the source, and its end is
 * checkpointed, so a long first sync resumes at the first unfinished window.
 */
class connector {
    private static final SampleSource EVENTS = SampleSource.of("events", Duration.ofMinutes(10));

    static void update(Configuration configuration, State state) {
        Instant start = configuration.getInstant("start");
        Instant from = Instant.parse(state.getString("synced_until", start.toString()));
        Instant until = configuration.getInstant("until", Instant.now());
        Duration window = Duration.ofHours(configuration.getLong("window_hours", 24));
        for (TimeWindows.Window each : TimeWindows.forward(from, until, window)) {
            EVENTS.createdBetween(each.start(), each.end()).forEach(event -> Operations.upsert("events", event));
            state.put("synced_until", each.end().toString());
            Operations.checkpoint(state);
            Logging.info("synced window [" + each.start() + ", " + each.end() + ")");
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
