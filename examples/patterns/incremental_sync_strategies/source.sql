-- The demo source: psql -h 127.0.0.1 -U postgres test -f source.sql
CREATE TABLE currencies (code char(3) PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (
  id         int PRIMARY KEY,
  currency   char(3) NOT NULL,
  amount     numeric(10,2) NOT NULL,
  updated_at timestamp NOT NULL
);
CREATE INDEX orders_replication ON orders (updated_at, id);
CREATE TABLE page_views (id bigserial PRIMARY KEY, path text NOT NULL, viewed_at timestamptz NOT NULL);
CREATE INDEX page_views_time ON page_views (viewed_at);
INSERT INTO currencies VALUES ('EUR', 'Euro'), ('USD', 'US dollar'), ('CHF', 'Swiss franc');
INSERT INTO orders VALUES (1, 'EUR', 10.00, '2024-01-05 10:00'), (2, 'USD', 20.00, '2024-01-06 11:00');
INSERT INTO page_views (path, viewed_at) VALUES ('/', '2024-01-10 08:00+00'), ('/pricing', '2024-03-20 17:45+00');
