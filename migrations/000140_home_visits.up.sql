-- When a person last looked at their home page, so a coordinator's home can
-- show what the network published since. seen_at is the latest visit;
-- since is the visit before it, kept while visits follow each other
-- within the hour, so reloading the page does not empty its list of what
-- is new.
CREATE TABLE home_visits (
    user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    seen_at timestamptz NOT NULL,
    since   timestamptz
);
