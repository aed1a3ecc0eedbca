-- The demo table of the README and of connectorTest.java, in the database of the connection.
CREATE TABLE sample_table (
    id         UInt32,
    name       String,
    amount     Decimal(10, 2),
    visits     Int64,
    score      Float64,
    signed_up  Date,
    created_at DateTime,
    local_time DateTime('Europe/Berlin'),
    tags       Array(String),
    note       Nullable(String),
    active     UInt8
) ENGINE = MergeTree ORDER BY (created_at, id);
INSERT INTO sample_table VALUES (1, 'Ada', 12.50, 9007199254740993, 0.5, '2024-01-01', '2024-01-01 10:00:00', '2024-01-01 11:00:00', ['admin'], NULL, 1);
INSERT INTO sample_table VALUES (2, 'Grâce', 12345678.91, 2, 1.25, '2024-01-02', '2024-01-02 10:30:00', '2024-01-02 11:30:00', [], 'second', 1);
INSERT INTO sample_table VALUES (3, 'Linus', 0.00, 3, -2.5, '2024-01-02', '2024-01-02 10:30:00', '2024-01-02 11:30:00', ['a', 'b'], NULL, 0);
INSERT INTO sample_table VALUES (4, 'Barbara', 7.25, 4, 0, '2024-01-02', '2024-01-02 10:30:00', '2024-01-02 11:30:00', [], NULL, 1);
INSERT INTO sample_table VALUES (5, 'Edsger', 99.99, 5, 3.75, '2024-01-03', '2024-01-03 08:15:00', '2024-01-03 09:15:00', [], NULL, 1);
