-- The demo source: psql -h 127.0.0.1 -U postgres test -f source.sql
CREATE TABLE customers (
  id         serial PRIMARY KEY,
  name       text NOT NULL,
  email      text,
  updated_at timestamp NOT NULL DEFAULT now(),
  deleted_at timestamp
);
CREATE INDEX customers_replication ON customers (updated_at, id);
INSERT INTO customers (name, email, updated_at) VALUES
  ('Ada', 'ada@example.com', '2024-01-01 09:00'),
  ('Grace', 'grace@example.com', '2024-01-01 09:00'),
  ('Linus', 'linus@example.com', '2024-01-02 10:30');
