-- A small tickit-like sample for the PostgreSQL stand-in, created in the current schema (search_path): users, venue,
-- event and sales, shaped as Redshift's tickit sample tables (event also has updated_at and a SUPER column).
-- On Redshift, use the tickit sample itself (sample_data_dev.tickit, or the tables loaded as in Amazon's guide);
-- generate_series and CREATE DOMAIN are PostgreSQL's, and SUPER is Redshift's own type there.
CREATE DOMAIN super AS text;   -- stands in for Redshift's SUPER: JSON text, as Amazon's driver returns it

CREATE TABLE users (
    userid     integer      NOT NULL PRIMARY KEY,
    username   char(8)      NOT NULL,
    firstname  varchar(30),
    lastname   varchar(30),
    city       varchar(30),
    state      char(2),
    email      varchar(100),
    phone      char(14),
    likesports boolean
);
CREATE TABLE venue (
    venueid    smallint     NOT NULL PRIMARY KEY,
    venuename  varchar(100),
    venuecity  varchar(30),
    venuestate char(2),
    venueseats integer
);
CREATE TABLE event (
    eventid    integer      NOT NULL PRIMARY KEY,
    venueid    smallint     NOT NULL,
    catid      smallint     NOT NULL,
    dateid     smallint     NOT NULL,
    eventname  varchar(200),
    starttime  timestamp,
    updated_at timestamp    NOT NULL,
    details    super
);
CREATE TABLE sales (
    salesid    integer      NOT NULL PRIMARY KEY,
    listid     integer      NOT NULL,
    sellerid   integer      NOT NULL,
    buyerid    integer      NOT NULL,
    eventid    integer      NOT NULL,
    dateid     smallint     NOT NULL,
    qtysold    smallint     NOT NULL,
    pricepaid  decimal(8,2),
    commission decimal(8,2),
    saletime   timestamp
);
-- PostgreSQL's stand-in for a sort key on the replication key.
CREATE INDEX event_by_updated_at ON event (updated_at);
CREATE INDEX sales_by_saletime ON sales (saletime);

INSERT INTO users
SELECT i, 'user' || lpad(i::text, 4, '0'), 'First' || i, 'Last' || i, 'City' || (i % 17), 'S' || (i % 9),
       'user' || i || '@example.com', '(555) 010-' || lpad(i::text, 4, '0'), i % 3 = 0
FROM generate_series(1, 200) AS i;

INSERT INTO venue
SELECT i, 'Venue ' || i, 'City' || (i % 17), 'S' || (i % 9), 1000 * i
FROM generate_series(1, 20) AS i;

-- updated_at: two events per minute, so values tie.
INSERT INTO event
SELECT i, 1 + i % 20, 1 + i % 11, 1 + i % 365, 'Event ' || i,
       timestamp '2024-03-01 19:30' + (i % 50) * interval '1 day',
       timestamp '2024-01-01 00:00' + (i / 2) * interval '1 minute',
       '{"tags": ["tag' || (i % 5) || '"], "age_limit": ' || (i % 3) * 9 || '}'
FROM generate_series(1, 300) AS i;

-- saletime: three sales per minute (ties across chunk bounds).
INSERT INTO sales
SELECT i, 10000 + i, 1 + i % 200, 1 + (i * 7) % 200, 1 + i % 300, 1 + i % 365, 1 + i % 4,
       round((10 + (i % 90) * 1.25)::numeric, 2), round((10 + (i % 90) * 1.25)::numeric * 0.15, 2),
       timestamp '2024-01-01 00:00' + (i / 3) * interval '1 minute'
FROM generate_series(1, 2400) AS i;
