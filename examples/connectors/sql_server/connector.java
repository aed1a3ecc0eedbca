///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.microsoft.sqlserver:mssql-jdbc:13.2.1.jre11

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Dialect;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The table {@code employee_details} of a SQL Server database, with Microsoft's JDBC driver: fully on the first sync,
 * then the rows after the (updated_time, employee_id) position saved in state, streamed in T-SQL's dialect.
 */
class connector {
    static final String TABLE = "employee_details";

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("employee_id")
                .column("employee_id", DataType.INT).column("first_name", DataType.STRING).column("last_name", DataType.STRING)
                .column("hire_date", DataType.NAIVE_DATE).column("salary", DataType.LONG).column("updated_time", DataType.NAIVE_DATETIME));
    }

    static void update(Configuration configuration, State state) throws Exception {
        Dialect tsql = Dialect.SQL_SERVER;
        String source = tsql.quote(configuration.get("schema", "dbo")) + "." + tsql.quote(TABLE);
        try (Connection connection = connect(configuration)) {
            KeysetReader.of(source).stateKey(TABLE).dialect(tsql).replicationKey(tsql.quote("updated_time"), tsql.quote("employee_id"))
                    .fetchSize(configuration.getInt("batch_size", 100)).checkpointEvery(1_000)
                    .upsertInto(TABLE, connection, state);
        }
    }

    /**
     * {@code jdbc:sqlserver://<server>[:<port>];databaseName=<database>;encrypt=true;trustServerCertificate=...}, or
     * the configuration's {@code jdbc_url} as it is when it has one. {@code server} may name an instance,
     * {@code host\instance}, which the SQL Server Browser resolves when no port is given.
     */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        String server = configuration.require("server");
        String port = configuration.get("port", server.contains("\\") ? "" : "1433");
        if (!port.isEmpty()) {
            configuration.getInt("port", 1433); // fails naming the key when it is not a number
        }
        return "jdbc:sqlserver://" + server + (port.isEmpty() ? "" : ":" + port)
                + ";databaseName={" + configuration.require("database") + "}"
                + ";encrypt=true;trustServerCertificate=" + configuration.getBoolean("trust_server_certificate", false)
                + ";applicationName=fivetran-connector-sdk";
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'server', 'port' and 'database'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("user"), configuration.require("password"), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
