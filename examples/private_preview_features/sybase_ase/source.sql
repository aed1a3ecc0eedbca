-- A slice of ASE's pubs2 sample database, in Transact-SQL (the test loads it into H2 in MODE=MSSQLServer, owner dbo).
create table publishers (pub_id char(4) not null, pub_name varchar(40) null, city varchar(20) null, state char(2) null);
create unique index pubind on publishers (pub_id);
insert into publishers values ('0736', 'New Age Books', 'Boston', 'MA');
insert into publishers values ('0877', 'Binnet & Hardley', 'Washington', 'DC');
insert into publishers values ('1389', 'Algodata Infosystems', 'Berkeley', 'CA');
create table sales (stor_id char(4) not null, ord_num varchar(20) not null, date datetime not null);
create unique index salesind on sales (stor_id, ord_num);
insert into sales values ('7066', 'QA7442.3', '1985-09-13 00:00:00');
insert into sales values ('7067', 'D4482', '1985-09-14 00:00:00');
insert into sales values ('7131', 'N914008', '1985-09-14 00:00:00');
insert into sales values ('7131', 'N914014', '1985-09-14 00:00:00');
insert into sales values ('8042', '423LL922', '1985-09-14 10:30:00');
create table audit_log (event varchar(40) not null, happened datetime null, amount numeric(10, 2) null);
insert into audit_log values ('price change', '1985-09-14 12:00:00', 19.99);
insert into audit_log values ('reprint', null, null);
