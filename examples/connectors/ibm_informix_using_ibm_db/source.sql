-- The demo table, in Informix SQL (the test loads it into H2 with DATETIME YEAR TO FRACTION(3) written TIMESTAMP(3)).
CREATE TABLE sample_table (
  id INTEGER NOT NULL PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  amount DECIMAL(10, 2),
  created_at DATETIME YEAR TO FRACTION(3) NOT NULL
);
INSERT INTO sample_table VALUES (1, 'alpha', 10.50, '2024-01-01 09:00:00.000');
INSERT INTO sample_table VALUES (2, 'beta', NULL, '2024-01-01 09:30:00.500');
INSERT INTO sample_table VALUES (3, 'gamma', 30.00, '2024-01-01 09:30:00.500');
