-- name: InsertDevMail :exec
INSERT INTO dev_mail (to_address, subject, body, html, message_id, unsubscribe)
VALUES (@to_address, @subject, @body, @html, @message_id, @unsubscribe);

-- name: ListDevMail :many
SELECT id, to_address, subject, body, message_id, unsubscribe, created_at FROM dev_mail ORDER BY id DESC LIMIT 100;
