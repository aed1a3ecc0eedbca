-- The demo tables of the README and of connectorTest.java (run with isql-fb, or statement by statement).
CREATE TABLE table_1 (
    ID         INTEGER NOT NULL PRIMARY KEY,
    NAME       VARCHAR(50) NOT NULL,
    AMOUNT     NUMERIC(10, 2),
    CREATED_ON DATE
);
CREATE TABLE table_2 (
    ID            INTEGER NOT NULL PRIMARY KEY,
    STATUS        VARCHAR(20),
    ACTIVE        BOOLEAN,
    DATE_MODIFIED TIMESTAMP NOT NULL
);
CREATE TABLE table_3 (
    ID            BIGINT NOT NULL PRIMARY KEY,
    NOTE          BLOB SUB_TYPE TEXT,
    SCORE         DOUBLE PRECISION,
    DATE_MODIFIED TIMESTAMP NOT NULL
);
INSERT INTO table_1 VALUES (1, 'Ada', 12.50, '2024-01-01');
INSERT INTO table_1 VALUES (2, 'Grâce', 250.00, '2024-01-02');
INSERT INTO table_1 VALUES (3, 'Linus', NULL, '2024-01-03');
INSERT INTO table_2 VALUES (1, 'new', TRUE, '2024-01-01 09:00:00');
INSERT INTO table_2 VALUES (2, 'paid', TRUE, '2024-01-02 10:30:00');
INSERT INTO table_2 VALUES (3, 'paid', FALSE, '2024-01-02 10:30:00');
INSERT INTO table_2 VALUES (4, 'shipped', TRUE, '2024-01-02 10:30:00');
INSERT INTO table_2 VALUES (5, 'new', NULL, '2024-01-03 08:15:00.250');
INSERT INTO table_3 VALUES (10, 'first note', 0.5, '2024-01-05 12:00:00');
INSERT INTO table_3 VALUES (20, 'second note', 1.25e3, '2024-01-06 12:00:00');
