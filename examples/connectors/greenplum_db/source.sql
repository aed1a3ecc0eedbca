-- Demo tables for the greenplum_db connector, created in the current schema (search_path).
-- On Greenplum, end each CREATE TABLE with its distribution: DISTRIBUTED BY (id) and DISTRIBUTED BY (order_id)
-- (a PRIMARY KEY must include the distribution key); PostgreSQL, the local stand-in, has no such clause.
CREATE TABLE orders (
    id         bigint PRIMARY KEY,
    customer   text          NOT NULL,
    amount     numeric(12,2) NOT NULL,
    status     varchar(20)   NOT NULL,
    ordered_on date          NOT NULL,
    updated_at timestamp     NOT NULL,
    deleted_at timestamp
);
CREATE INDEX orders_by_change ON orders (updated_at, id);

CREATE TABLE order_items (
    order_id   bigint    NOT NULL,
    line       integer   NOT NULL,
    sku        text      NOT NULL,
    quantity   integer   NOT NULL,
    updated_at timestamp NOT NULL,
    deleted_at timestamp,
    PRIMARY KEY (order_id, line)
);
CREATE INDEX order_items_by_change ON order_items (updated_at, order_id, line);

INSERT INTO orders (id, customer, amount, status, ordered_on, updated_at) VALUES
    (1, 'Ada',   19.90, 'shipped', '2024-01-02', '2024-01-02 10:00:00'),
    (2, 'Grace', 250.00, 'paid',   '2024-01-02', '2024-01-02 11:00:00'),
    (3, 'Linus', 7.25,  'paid',    '2024-01-03', '2024-01-03 09:30:00'),
    (4, 'Ken',   99.99, 'new',     '2024-01-03', '2024-01-03 09:30:00'),
    (5, 'Edsger', 12.00, 'new',    '2024-01-04', '2024-01-04 08:15:00');

INSERT INTO order_items (order_id, line, sku, quantity, updated_at) VALUES
    (1, 1, 'PEN-01', 2, '2024-01-02 10:00:00'),
    (1, 2, 'INK-07', 1, '2024-01-02 10:00:00'),
    (2, 1, 'DESK-3', 1, '2024-01-02 11:00:00'),
    (3, 1, 'PEN-01', 5, '2024-01-03 09:30:00'),
    (4, 1, 'LAMP-9', 1, '2024-01-03 09:30:00'),
    (4, 2, 'BULB-2', 4, '2024-01-03 09:30:00'),
    (5, 1, 'PAD-A4', 3, '2024-01-04 08:15:00');
