DROP INDEX surveys_created_by_idx;
DROP INDEX activity_sessions_day_idx;

DROP INDEX calendar_feeds_active_person_key;
DELETE FROM calendar_feeds WHERE user_id IS NOT NULL;
ALTER TABLE calendar_feeds
    DROP CONSTRAINT calendar_feeds_owner_check,
    DROP COLUMN user_id,
    ALTER COLUMN programme_id SET NOT NULL;

ALTER TABLE invitations DROP COLUMN link_salt;

ALTER TABLE dev_mail DROP COLUMN html, DROP COLUMN message_id, DROP COLUMN unsubscribe;

DROP TABLE mail_sent;
DROP TABLE notifications;
DROP TABLE notification_settings;
