DROP TABLE users;
DROP TABLE institutions;
