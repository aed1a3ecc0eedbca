-- The demo table, in SAP IQ SQL (the test loads it into H2 in MODE=MSSQLServer, owner dbo).
CREATE TABLE customers (
  customer_id INTEGER NOT NULL PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  email VARCHAR(120) NULL,
  balance NUMERIC(12, 2) NULL,
  created_date DATE NOT NULL
);
INSERT INTO customers VALUES (1, 'Acme Corp', 'ap@acme.example', 1500.00, '2024-01-10');
INSERT INTO customers VALUES (2, 'Globex', 'billing@globex.example', 0.00, '2024-01-11');
INSERT INTO customers VALUES (3, 'Initech', NULL, NULL, '2024-01-11');
INSERT INTO customers VALUES (4, 'Société Générale', 'compta@sg.example', 250.75, '2024-01-12');
