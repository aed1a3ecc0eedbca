-- The demo table, in Db2 SQL (the test loads it into H2 in MODE=DB2, schema HR).
CREATE TABLE HR.EMPLOYEE (
  ID INTEGER NOT NULL PRIMARY KEY,
  FIRST_NAME VARCHAR(50) NOT NULL,
  LAST_NAME VARCHAR(50) NOT NULL,
  EMAIL VARCHAR(100),
  DEPARTMENT VARCHAR(50),
  SALARY DECIMAL(10, 2),
  HIRE_DATE DATE NOT NULL
);
INSERT INTO HR.EMPLOYEE VALUES
  (1, 'Ada', 'Lovelace', 'ada@example.com', 'Engineering', 120000.00, '2020-01-15'),
  (2, 'Grâce', 'Hopper', 'grace@example.com', 'Engineering', 135000.50, '2021-06-01'),
  (3, 'Alan', 'Turing', 'alan@example.com', 'Research', 110000.00, '2021-06-01'),
  (4, 'Edsger', 'Dijkstra', NULL, NULL, NULL, '2021-06-01'),
  (5, 'Frances', 'Allen', 'frances@example.com', 'Research', 99000.00, '2022-09-12');
