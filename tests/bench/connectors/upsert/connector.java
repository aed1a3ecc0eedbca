///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//SOURCES ../../BenchRows.java
//CDS
//JAVA_OPTIONS -Xlog:disable -Xlog:all=error:stderr

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import java.util.List;

/** The whole-command path of tests/bench/Throughput.java: upserts {@code rows} rows with a primary key, a checkpoint every 100,000. */
class connector {
    static void update(Configuration configuration, State state) {
        BenchRows.upsertAll(Long.parseLong(configuration.require("rows")), 1);
    }

    public static void main(String[] args) {
        new Connector(connector::update, configuration -> List.of(BenchRows.table(true))).run(args);
    }
}
