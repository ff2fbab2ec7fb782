-- name: ListPartnerActivities :many
-- The activities a student partner co-creates, for their home: what each
-- is, and its next session from today.
SELECT a.id, a.title, a.kind, a.stage, a.status, a.academic_year, p.title AS programme_title,
       coalesce((SELECT to_char(min(s.session_date), 'YYYY-MM-DD') FROM activity_sessions s
                 WHERE s.activity_id = a.id AND s.session_date >= @today::date), '')::text AS next_session
FROM memberships m
JOIN activities a ON a.institution_id = m.institution_id AND a.id = m.activity_id
JOIN programmes p ON p.id = a.programme_id
WHERE m.institution_id = @institution_id AND m.user_id = @user_id AND m.role = 'partner' AND a.archived_at IS NULL
ORDER BY a.academic_year DESC, lower(a.title), a.id;

-- name: ListActivityPartners :many
-- An activity's student partners, by name.
SELECT u.id, u.name, u.email, m.created_at
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.institution_id = @institution_id AND m.activity_id = @activity_id::bigint AND m.role = 'partner'
ORDER BY lower(u.name), u.id;

-- name: ListActivityPartnerInvitations :many
-- The invitations to partner an activity not yet accepted.
SELECT i.id, i.email, i.expires_at
FROM invitations i
WHERE i.institution_id = @institution_id AND i.activity_id = @activity_id::bigint AND i.role = 'partner'
  AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
ORDER BY i.created_at, i.id;

-- name: GetAccountForPartner :one
-- Whoever holds an address already, to add them rather than invite them.
SELECT id, institution_id, name, student_partner FROM users WHERE lower(email) = lower(@email);

-- name: RemovePartner :one
-- Takes a student partner off an activity; the membership's trigger ends
-- their access from their next request. Returns their name.
WITH gone AS (
    DELETE FROM memberships m
    WHERE m.institution_id = @institution_id AND m.activity_id = @activity_id::bigint AND m.user_id = @user_id AND m.role = 'partner'
    RETURNING m.user_id
)
SELECT u.name FROM gone JOIN users u ON u.id = gone.user_id;

-- name: MarkStudentPartner :exec
UPDATE users SET student_partner = true WHERE id = @id;

-- name: UpdateActivityCoCreation :one
-- What student partners may change of an activity, under the same
-- version check as every edit.
UPDATE activities
SET title = @title, aims = @aims, partnership_how = @partnership_how, version = version + 1, updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND version = @version
RETURNING version;

-- name: GetSessionNotes :one
SELECT notes FROM activity_sessions WHERE institution_id = @institution_id AND id = @id;

-- name: SetSessionNotes :exec
UPDATE activity_sessions SET notes = @notes WHERE institution_id = @institution_id AND id = @id;

-- name: ListPartnerOutcomes :many
-- An activity's outcomes as its partners see them: when, and what
-- students said.
SELECT o.id, o.outcome_date, o.student_quotes, s.session_date AS session_date
FROM outcomes o
LEFT JOIN activity_sessions s ON s.id = o.session_id
WHERE o.institution_id = @institution_id AND o.activity_id = @activity_id
ORDER BY o.outcome_date DESC, o.id DESC;

-- name: AddStudentQuote :one
-- Adds a quote to an outcome's student quotes, a blank line apart.
UPDATE outcomes
SET student_quotes = CASE WHEN student_quotes = '' THEN @quote::text ELSE student_quotes || E'\n\n' || @quote::text END,
    updated_at = now()
WHERE institution_id = @institution_id AND id = @id
RETURNING student_quotes;
