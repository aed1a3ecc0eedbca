CREATE TABLE employee_table (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    department_id INTEGER,
    employee_metadata JSONB,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO employee_table VALUES
    (1, 'Ada Lovelace', 10, '{"title": "Engineer", "skills": ["math", "analytics"]}', '2024-01-01 09:00'),
    (2, 'Grace Hopper', 20, '{"title": "Admiral", "remote": false}', '2024-01-01 10:00'),
    (3, 'Alan Turing', 10, NULL, '2024-01-02 08:30');
