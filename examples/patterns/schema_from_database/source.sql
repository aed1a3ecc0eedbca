-- The demo source: psql -h 127.0.0.1 -U postgres test -f source.sql
CREATE TABLE accounts (
  id      int PRIMARY KEY,
  owner   varchar(80) NOT NULL,
  balance numeric(12,2) NOT NULL,
  opened  date NOT NULL,
  active  boolean NOT NULL
);
CREATE TABLE transfers (
  account_id int REFERENCES accounts,
  seq        smallint,
  amount     numeric(12,2) NOT NULL,
  booked_at  timestamptz NOT NULL,
  details    jsonb,
  PRIMARY KEY (account_id, seq)
);
INSERT INTO accounts VALUES (1, 'Ada', 1200.50, '2023-05-01', true), (2, 'Grace', 80.00, '2024-01-15', false);
INSERT INTO transfers VALUES
  (1, 1, -20.00, '2024-03-01 10:00:00+01', '{"memo": "coffee"}'),
  (1, 2, 500.00, '2024-03-02 09:30:00+01', null),
  (2, 1, 80.00, '2024-03-02 12:00:00+00', '{"memo": "opening"}');
