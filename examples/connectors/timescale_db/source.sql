-- Demo tables of the timescale_db connector, in the current schema (search_path). On TimescaleDB (with pgvector),
-- make sensor_data a hypertable and vector_data a vector, as the comments say; the local stand-in, plain PostgreSQL,
-- has neither extension, so the tables stay plain and vector_data is pgvector's text form.
CREATE TABLE sensor_data (
    sensor_id   integer          NOT NULL,
    time        timestamptz      NOT NULL,
    temperature double precision,
    humidity    double precision,
    PRIMARY KEY (sensor_id, time)   -- a hypertable's unique keys must include its time column
);
-- On TimescaleDB: SELECT create_hypertable('sensor_data', 'time');
CREATE INDEX sensor_data_by_time ON sensor_data (time, sensor_id);

CREATE TABLE sensor_embeddings (
    id             integer     PRIMARY KEY,
    embedding_type text        NOT NULL,
    vector_data    text        NOT NULL,   -- On TimescaleDB with pgvector: vector(3)
    created_at     timestamptz NOT NULL
);

-- Three sensors read at the same instants: their readings tie on time.
INSERT INTO sensor_data
SELECT s, timestamptz '2024-05-01 12:00:00+00' + m * interval '1 minute', 20 + s + m / 10.0, 40 + s * 2 + m
FROM generate_series(1, 3) AS s, generate_series(0, 3) AS m;

INSERT INTO sensor_embeddings VALUES
    (1, 'temperature', '[0.12,0.5,-1.25]', '2024-05-01 12:00:00+00'),
    (2, 'humidity',    '[1,0,0.75]',       '2024-05-01 12:00:00+00'),
    (3, 'temperature', '[0.3,0.3,0.3]',    '2024-05-01 12:05:00+00');
