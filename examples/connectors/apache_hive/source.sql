-- The demo table, in HiveQL (the test loads it into H2 with STRING written VARCHAR and without the storage clause).
CREATE TABLE people (id INT, name STRING, city STRING, created_at TIMESTAMP) STORED AS ORC;
INSERT INTO people VALUES (1, 'Ada', 'London', '2024-01-01 09:00:00');
INSERT INTO people VALUES (2, 'Grâce', 'Arlington', '2024-01-01 09:30:00.5');
INSERT INTO people VALUES (3, 'Alan', NULL, '2024-01-01 09:30:00.5');
