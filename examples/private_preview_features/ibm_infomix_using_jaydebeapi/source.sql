-- The demo table, in Informix SQL (the test loads it into H2 with DATETIME YEAR TO SECOND written TIMESTAMP(0)).
CREATE TABLE sample_table (
  id VARCHAR(20) NOT NULL PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  quantity INTEGER,
  updated DATETIME YEAR TO SECOND
);
INSERT INTO sample_table VALUES ('a-1', 'bolts', 120, '2024-01-01 09:00:00');
INSERT INTO sample_table VALUES ('a-2', 'nuts', NULL, '2024-01-01 10:00:00');
INSERT INTO sample_table VALUES ('b-1', 'washers', 40, NULL);
