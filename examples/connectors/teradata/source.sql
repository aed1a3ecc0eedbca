-- The demo table, in Teradata SQL (the test loads it into H2 in database HR).
CREATE TABLE HR.Employee (
  EmployeeID INTEGER NOT NULL PRIMARY KEY,
  FirstName VARCHAR(50) NOT NULL,
  LastName VARCHAR(50) NOT NULL,
  Department VARCHAR(50),
  Salary DECIMAL(10, 2),
  JoiningDate DATE NOT NULL
);
INSERT INTO HR.Employee VALUES (101, 'Ada', 'Lovelace', 'Engineering', 120000.00, DATE '2020-01-15');
INSERT INTO HR.Employee VALUES (102, 'Grâce', 'Hopper', 'Engineering', 135000.50, DATE '2021-06-01');
INSERT INTO HR.Employee VALUES (103, 'Alan', 'Turing', NULL, NULL, DATE '2021-06-01');
