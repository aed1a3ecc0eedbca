///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//CDS
//JAVA_OPTIONS -Xlog:disable -Xlog:all=error:stderr

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import java.time.Instant;
import java.util.Map;

/** The smallest connector: one append-only table without a primary key, one row per sync. */
class connector {
    static void update(Configuration configuration, State state) {
        Logging.info("hello from the smallest connector");
        Operations.upsert("hello", Map.of("message", "hello, world", "synced_at", Instant.now()));
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
