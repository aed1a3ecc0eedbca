-- The demo source: mariadb -h 127.0.0.1 -u root test < source.sql
CREATE TABLE products (
  id         INT AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  price      DECIMAL(10,2) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX products_replication (updated_at, id)
);
CREATE TABLE orders (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  product_id INT NOT NULL,
  quantity   SMALLINT UNSIGNED NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  INDEX orders_replication (updated_at, id)
);
INSERT INTO products (name, price, updated_at) VALUES ('kettle', 24.90, '2024-01-01 08:00'), ('teapot', 31.50, '2024-01-01 08:00');
INSERT INTO orders (product_id, quantity, updated_at) VALUES (1, 2, '2024-01-03 12:00'), (2, 1, '2024-01-03 12:05');
