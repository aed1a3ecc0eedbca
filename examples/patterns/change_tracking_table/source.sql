-- The demo source: psql -h 127.0.0.1 -U postgres test -f source.sql
CREATE TABLE orders (
  id       int PRIMARY KEY,
  customer text NOT NULL,
  amount   numeric(10,2) NOT NULL,
  status   text NOT NULL
);
-- The change-tracking table: one row per change, in commit order of the sequence.
CREATE TABLE orders_changes (
  change_id  bigserial PRIMARY KEY,
  order_id   int NOT NULL,
  operation  char(1) NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION orders_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO orders_changes (order_id, operation)
  VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, left(TG_OP, 1));
  RETURN NULL;
END $$;
CREATE TRIGGER orders_track AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION orders_track();
INSERT INTO orders VALUES (1, 'Ada', 40.00, 'new'), (2, 'Grace', 15.50, 'new'), (3, 'Linus', 99.99, 'new');
