-- Reset emails are sent by the job queue, after the transaction that made
-- the link commits. The link's token is not kept: it is rebuilt by the
-- worker from this random salt and the app's SIGNING_KEY, as invitation
-- links are, so neither the table nor the job holds anything that resets a
-- password without the key. Links made before this have no salt (they
-- were emailed at once).
ALTER TABLE password_resets ADD COLUMN link_salt bytea;
