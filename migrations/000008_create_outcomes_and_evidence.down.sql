DROP TABLE evidence;
DROP TABLE outcomes;
