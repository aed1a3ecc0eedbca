-- The demo source, 300,000 rows of about 250 bytes: psql -h 127.0.0.1 -U postgres test -f source.sql
CREATE TABLE measurements AS
SELECT i AS id,
       TIMESTAMP '2024-01-01' + i * INTERVAL '1 second' AS taken_at,
       (i % 1000) / 10.0 AS reading,
       repeat(md5(i::text), 7) AS payload
FROM generate_series(1, 300000) AS i;
ALTER TABLE measurements ADD PRIMARY KEY (id);
