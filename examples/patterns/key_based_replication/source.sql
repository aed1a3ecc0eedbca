-- The demo source: psql -h 127.0.0.1 -U postgres test -f source.sql
-- Every change takes the next number of a sequence: a replication key that never goes back in time.
CREATE SEQUENCE invoices_version;
CREATE TABLE invoices (
  id      int PRIMARY KEY,
  total   numeric(12,2) NOT NULL,
  status  text NOT NULL,
  version bigint NOT NULL DEFAULT nextval('invoices_version')
);
CREATE INDEX invoices_replication ON invoices (version, id);
CREATE FUNCTION invoices_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := nextval('invoices_version');
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_version BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_bump_version();
INSERT INTO invoices (id, total, status) VALUES (1, 100.00, 'open'), (2, 250.50, 'open'), (3, 75.25, 'open');
