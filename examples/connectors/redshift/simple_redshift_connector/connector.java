///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS com.amazon.redshift:redshift-jdbc42:2.3.0
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The customers table of an Amazon Redshift schema, fully on the first sync and incrementally after: the rows changed
 * since the (updated_at, customer_id) saved in state, streamed {@code batch_size} rows at a time through a cursor and
 * checkpointed after each batch. The driver follows {@code jdbc_url}: Amazon's Redshift driver for
 * {@code jdbc:redshift://}, pgjdbc for {@code jdbc:postgresql://} (a PostgreSQL stand-in).
 */
class connector {
    static final String TABLE = "customers";

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("customer_id")
                .column("customer_id", DataType.INT).column("updated_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String schema = configuration.get("schema", "testers");
        int batchSize = configuration.getInt("batch_size", 1_000);
        Logging.info("connecting with " + driver(configuration.require("jdbc_url")).getClass().getName());
        try (Connection source = Jdbc.connect(configuration)) {
            KeysetReader.of(schema + "." + TABLE).stateKey(TABLE)
                    .columns("customer_id, first_name, last_name, email, updated_at")
                    .replicationKey("updated_at", "customer_id")
                    .fetchSize(batchSize).checkpointEvery(batchSize)
                    .read(source, state, customer -> {
                        // Redshift keeps TIMESTAMP values in UTC (as upstream reads them); a TIMESTAMPTZ column arrives with its offset.
                        if (customer.get("updated_at") instanceof LocalDateTime utc) {
                            customer.put("updated_at", utc.atOffset(ZoneOffset.UTC));
                        }
                        Operations.upsert(TABLE, customer);
                    });
        }
    }

    /**
     * The driver of {@code jdbcUrl}: {@code com.amazon.redshift.Driver} for a Redshift cluster or workgroup
     * ({@code jdbc:redshift://host:5439/db}, also {@code jdbc:redshift:iam://…}), {@code org.postgresql.Driver} for
     * PostgreSQL ({@code jdbc:postgresql://…}); Amazon's driver does not connect to PostgreSQL, nor pgjdbc to IAM URLs.
     */
    static Driver driver(String jdbcUrl) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:redshift:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("configuration key 'jdbc_url' must start with jdbc:redshift: (Amazon Redshift) or jdbc:postgresql: (PostgreSQL)");
        }
        return DriverManager.getDriver(jdbcUrl);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
