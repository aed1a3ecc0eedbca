-- The demo source, once per profile's database:
--   psql -h 127.0.0.1 -U postgres test -f source.sql && psql -h 127.0.0.1 -U postgres postgres -f source.sql
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, source text NOT NULL DEFAULT current_database() || '.' || current_schema());
INSERT INTO products (id, name) VALUES (1, 'kettle'), (2, 'teapot');
