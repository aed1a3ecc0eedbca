-- The demo table of the simple_redshift_connector, in the current schema (search_path). The same statements run on
-- Redshift, where DISTKEY/SORTKEY clauses may be added: SORTKEY (updated_at) makes the incremental read a range scan.
CREATE TABLE customers (
    customer_id integer      NOT NULL PRIMARY KEY,
    first_name  varchar(64)  NOT NULL,
    last_name   varchar(64)  NOT NULL,
    email       varchar(256),
    updated_at  timestamp    NOT NULL
);

INSERT INTO customers VALUES
    (1, 'Ada',    'Lovelace', 'ada@example.com',    '2024-01-01 09:00:00'),
    (2, 'Grace',  'Hopper',   'grace@example.com',  '2024-01-01 09:00:00'),
    (3, 'Linus',  'Torvalds', 'linus@example.com',  '2024-01-02 10:30:00.250'),
    (4, 'Edsger', 'Dijkstra', NULL,                 '2024-01-02 10:30:00.250'),
    (5, 'Ken',    'Thompson', 'ken@example.com',    '2024-01-03 08:00:00');
