///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Two TimescaleDB tables (TimescaleDB is a PostgreSQL extension, so pgjdbc is its driver), each copied fully on the
 * first sync and incrementally after: the sensor readings of {@code sensor_data} after the (time, sensor_id) saved in
 * state, and the embeddings of {@code sensor_embeddings} after the (created_at, id), whose pgvector values arrive as
 * text ("[0.1,0.2]") and are written as JSON arrays. Rows stream through a server-side cursor (auto-commit off, fetch
 * size) with a checkpoint every {@code fetch_size} rows.
 */
class connector {
    static final String SENSOR_TABLE = "sensor_data";
    static final String VECTOR_TABLE = "sensor_embeddings";
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Table> schema(Configuration configuration) {
        return List.of(
                // One row per reading: a sensor's series is many rows, so the key is the sensor and the time.
                Table.named(SENSOR_TABLE).primaryKey("sensor_id", "time")
                        .column("sensor_id", DataType.INT).column("time", DataType.UTC_DATETIME),
                Table.named(VECTOR_TABLE).primaryKey("id")
                        .column("id", DataType.INT).column("embedding_type", DataType.STRING)
                        .column("vector_data", DataType.JSON).column("created_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String schema = configuration.get("schema", "public");
        int fetchSize = configuration.getInt("fetch_size", 1_000);
        try (Connection source = Jdbc.connect(configuration)) {
            KeysetReader.of(schema + "." + SENSOR_TABLE).stateKey(SENSOR_TABLE).replicationKey("time", "sensor_id")
                    .fetchSize(fetchSize).checkpointEvery(fetchSize)
                    .upsertInto(SENSOR_TABLE, source, state);
            KeysetReader.of(schema + "." + VECTOR_TABLE).stateKey(VECTOR_TABLE).replicationKey("created_at", "id")
                    .fetchSize(fetchSize).checkpointEvery(fetchSize)
                    .read(source, state, embedding -> {
                        embedding.put("vector_data", vector(embedding.get("id"), embedding.get("vector_data")));
                        Operations.upsert(VECTOR_TABLE, embedding);
                    });
        }
    }

    /**
     * A vector as JSON: pgvector's text form {@code [0.1,0.2,0.3]} is a JSON array already; a real[] column arrives
     * as a list, kept as it is.
     */
    static Object vector(Object id, Object value) throws SQLException {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException(VECTOR_TABLE + " id " + id + ": vector_data is not a vector's text form [x,y,...]: " + e.getOriginalMessage(), e);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
