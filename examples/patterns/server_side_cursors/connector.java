///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14
//JAVA_OPTIONS -Xmx64m

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import java.sql.Connection;
import java.util.List;

/**
 * A large table streamed through a server-side cursor: the driver holds fetch_size rows at a time, so the sync runs
 * in a 64 MiB heap however many rows the table has. With fetch_size 0 PostgreSQL's driver reads the whole result
 * into memory first, and the same sync runs out of memory.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("measurements").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        long started = System.nanoTime();
        try (Connection source = Jdbc.connect(configuration)) {
            long rows = Jdbc.stream(source, "SELECT * FROM measurements", List.of(), configuration.getInt("fetch_size", 5_000),
                    row -> Operations.upsert("measurements", row));
            double seconds = (System.nanoTime() - started) / 1e9;
            Runtime runtime = Runtime.getRuntime();
            Logging.info(String.format("streamed %,d rows in %.1f s (%,.0f rows/s), heap used %d MiB of %d MiB",
                    rows, seconds, rows / seconds, (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20));
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
