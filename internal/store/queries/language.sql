-- name: GetInstitutionLanguage :one
-- The institution's default language (see migration 270).
SELECT default_language FROM institutions WHERE id = @id;

-- name: UpdateInstitutionLanguage :exec
UPDATE institutions SET default_language = @default_language WHERE id = @id;
