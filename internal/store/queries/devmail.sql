-- name: InsertDevMail :exec
INSERT INTO dev_mail (to_address, subject, body) VALUES (@to_address, @subject, @body);

-- name: ListDevMail :many
SELECT id, to_address, subject, body, created_at FROM dev_mail ORDER BY id DESC LIMIT 100;
