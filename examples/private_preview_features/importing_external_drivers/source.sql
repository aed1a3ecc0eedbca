-- The demo source: mariadb -h 127.0.0.1 -u root test < source.sql. Its column names differ from the destination's:
-- the connector takes them by position.
CREATE TABLE order_details (
  order_id        BIGINT PRIMARY KEY,
  order_title     VARCHAR(100) NOT NULL,
  customer_name   VARCHAR(100) NOT NULL,
  customer_city   VARCHAR(100),
  customer_mobile VARCHAR(20),
  ordered_at      DATETIME NOT NULL
);
INSERT INTO order_details VALUES
  (1, 'kettle', 'Ada', 'London', '+44 20 7946 0000', '2024-01-03 12:00:00'),
  (2, 'teapot', 'Grace', 'New York', NULL, '2024-01-03 12:05:30'),
  (3, 'mugs', 'Linus', 'Helsinki', '+358 9 0000', '2024-01-04 09:15:00');
