ALTER TABLE password_resets DROP COLUMN link_salt;
