DROP TABLE calendar_feeds;
DROP TABLE activity_sessions;
DROP TABLE activity_team;
DROP TABLE activities;
