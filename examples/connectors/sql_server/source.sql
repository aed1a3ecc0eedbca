-- The demo table, in T-SQL (bracketed names keep their lower case in H2 too, which the test loads this into).
CREATE TABLE [dbo].[employee_details] (
  [employee_id] INT NOT NULL PRIMARY KEY,
  [first_name] NVARCHAR(50) NOT NULL,
  [last_name] NVARCHAR(50) NOT NULL,
  [hire_date] DATE,
  [salary] BIGINT,
  [updated_time] DATETIME2(3) NOT NULL
);
INSERT INTO [dbo].[employee_details] VALUES
  (1, N'Ada', N'Lovelace', '2020-01-15', 120000, '2024-01-01 09:00:00.000'),
  (2, N'Grâce', N'Hopper', '2019-06-01', 135000, '2024-01-02 10:30:00.250'),
  (3, N'Alan', N'Turing', '2021-03-20', 110000, '2024-01-02 10:30:00.250'),
  (4, N'Edsger', N'Dijkstra', NULL, NULL, '2024-01-03 08:00:00.000');
