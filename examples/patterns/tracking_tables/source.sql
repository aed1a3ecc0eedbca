-- The demo source: psql -h 127.0.0.1 -U postgres test -f source.sql
-- Three tables, each with the primary key id and the cursor column updated_at that the connector expects.
CREATE TABLE customers (
  id         int PRIMARY KEY,
  name       text NOT NULL,
  email      text,
  updated_at timestamptz NOT NULL
);
CREATE TABLE orders (
  id          int PRIMARY KEY,
  customer_id int NOT NULL,
  amount      numeric(10,2) NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE TABLE products (
  id         int PRIMARY KEY,
  sku        text NOT NULL,
  price      numeric(10,2) NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX ON customers (updated_at, id);
CREATE INDEX ON orders (updated_at, id);
CREATE INDEX ON products (updated_at, id);
INSERT INTO customers VALUES
  (1, 'Ada', 'ada@example.com', '2024-01-02 09:00+00'),
  (2, 'Grace', 'grace@example.com', '2024-01-03 10:00+00'),
  (3, 'Linus', NULL, '2024-01-04 11:00+00');
INSERT INTO orders VALUES
  (1, 1, 40.00, '2024-01-05 08:00+00'),
  (2, 2, 15.50, '2024-01-05 09:00+00'),
  (3, 1, 99.99, '2024-01-06 12:30+00');
-- products: not in the configuration at first. The product of 2023 is older than initial_timestamp.
INSERT INTO products VALUES
  (1, 'LAMP-01', 20.00, '2023-12-31 23:00+00'),
  (2, 'DESK-02', 180.00, '2024-01-02 08:00+00'),
  (3, 'CHAIR-03', 75.25, '2024-01-07 16:00+00');
