///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS ../../../../lib/ssh.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.KeysetReader;
import fivetran.connector.sdk.ssh.SshTunnel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL database in a private network that only a bastion host reaches: a local port is forwarded through the
 * bastion (logging in with a private key, checking its host key) to the database, and the JDBC connection goes to
 * 127.0.0.1 on that port. sample_users is read incrementally: the rows after the (modified_at, id) saved in state, in
 * that order, streamed and checkpointed every 1,000 rows and at the end.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("sample_users").primaryKey("id").column("id", DataType.STRING));
    }

    static void update(Configuration configuration, State state) throws SQLException {
        String databaseHost = configuration.require("private_host"); // as the bastion sees it
        int databasePort = configuration.getInt("private_port", 5432);
        try (SshTunnel tunnel = SshTunnel.to(databaseHost, databasePort).fromConfiguration(configuration, "bastion_").open();
                Connection source = connect(configuration, tunnel)) {
            KeysetReader.of("sample_users").replicationKey("modified_at", "id").stateKey("last_modified").checkpointEvery(1_000)
                    .upsertInto("sample_users", source, state);
        }
    }

    /** PostgreSQL at the tunnel's end; db_schema, when given, is where sample_users is looked up (else the search_path). */
    private static Connection connect(Configuration configuration, SshTunnel tunnel) throws SQLException {
        String database = configuration.require("db_name");
        Properties properties = new Properties();
        properties.setProperty("user", configuration.require("db_user"));
        properties.setProperty("password", configuration.get("db_password", ""));
        String schema = configuration.get("db_schema", "");
        if (!schema.isBlank()) {
            properties.setProperty("currentSchema", schema);
        }
        String url = "jdbc:postgresql://" + tunnel.localAddress() + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to database '" + database + "' at " + configuration.require("private_host") + ":"
                    + configuration.getInt("private_port", 5432) + " through the bastion: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
