DROP TABLE session_checkins;
