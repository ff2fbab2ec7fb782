DROP TABLE programme_modules;
DROP TABLE modules;
DROP TABLE programmes;
DROP TABLE departments;
