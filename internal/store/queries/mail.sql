-- name: MailSent :one
-- Whether the email named by key has been handed to the mail server.
SELECT EXISTS (SELECT 1 FROM mail_sent WHERE key = @key);

-- name: RecordMailSent :exec
INSERT INTO mail_sent (key, message_id) VALUES (@key, @message_id)
ON CONFLICT (key) DO NOTHING;

-- name: DeleteOldMailSent :execrows
-- The record outlives any job that could send the email again: failed
-- jobs are kept, and can be retried, for 30 days.
DELETE FROM mail_sent WHERE sent_at < @before;
