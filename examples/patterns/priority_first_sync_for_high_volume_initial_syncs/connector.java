///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

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
 * Recent data first, history later: the first sync writes the most recent period, then every sync (a) catches up
 * with what is new and (b) backfills a few older windows, newest first, until the history reaches {@code start}.
 * Two positions in state: {@code synced_until} moves forward, {@code backfilled_from} moves back.
 */
class connector {
    private static final SampleSource ORDERS = SampleSource.of("orders", Duration.ofMinutes(10));

    static void update(Configuration configuration, State state) {
        Instant start = configuration.getInstant("start");
        Instant until = configuration.getInstant("until", Instant.now());
        Duration window = Duration.ofHours(configuration.getLong("window_hours", 24));
        if (!state.containsKey("synced_until")) {
            Instant recentStart = until.minus(Duration.ofHours(configuration.getLong("recent_hours", 24)));
            String boundary = (recentStart.isBefore(start) ? start : recentStart).toString();
            state.put("synced_until", boundary);
            state.put("backfilled_from", boundary);
        }

        sync(Instant.parse(state.getString("synced_until", null)), until);
        state.put("synced_until", until.toString());
        Operations.checkpoint(state);

        TimeWindows.backward(start, Instant.parse(state.getString("backfilled_from", null)), window).stream()
                .limit(configuration.getLong("backfill_windows_per_sync", 2))
                .forEach(older -> {
                    sync(older.start(), older.end());
                    state.put("backfilled_from", older.start().toString());
                    Operations.checkpoint(state);
                });
        Logging.info("history synced back to " + state.get("backfilled_from")
                + (state.get("backfilled_from").equals(start.toString()) ? ": backfill complete" : ""));
    }

    private static void sync(Instant from, Instant to) {
        ORDERS.createdBetween(from, to).forEach(order -> Operations.upsert("orders", order));
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
