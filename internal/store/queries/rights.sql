-- Staff data rights: everything held about one person, for them or an
-- admin of their institution to download, and erasing them. Each query
-- reads or writes one person's rows in one institution (none for a
-- network coordinator, whose rows outside any institution are their own).

-- name: RightsAccount :one
SELECT u.id, u.name, u.email, u.is_coordinator, u.disabled_at, u.erased_at, u.created_at, u.updated_at,
       (u.password_hash <> '')::bool AS has_password,
       u.scim_user_name, u.scim_external_id, u.scim_given_name, u.scim_family_name,
       coalesce(i.name, '')::text AS institution
FROM users u
LEFT JOIN institutions i ON i.id = u.institution_id
WHERE u.institution_id IS NOT DISTINCT FROM sqlc.narg(institution_id)::bigint AND u.id = @user_id;

-- name: RightsActivities :many
-- The activities the person leads, is on the team of, or added, without
-- the rest of the team.
SELECT a.id, a.title, p.code AS programme_code, p.title AS programme_title, a.academic_year, a.status,
       (a.lead_id IS NOT DISTINCT FROM @user_id::bigint)::bool AS leads,
       EXISTS (SELECT 1 FROM activity_team t WHERE t.activity_id = a.id AND t.user_id = @user_id::bigint)::bool AS on_team,
       (a.created_by IS NOT DISTINCT FROM @user_id::bigint)::bool AS added,
       a.created_at
FROM activities a
JOIN programmes p ON p.id = a.programme_id
WHERE a.institution_id = @institution_id
  AND (a.lead_id = @user_id::bigint OR a.created_by = @user_id::bigint
       OR EXISTS (SELECT 1 FROM activity_team t WHERE t.activity_id = a.id AND t.user_id = @user_id::bigint))
ORDER BY a.id;

-- name: RightsOutcomes :many
-- Outcomes the person recorded: what they wrote, without the names of the
-- other staff present or students' words.
SELECT o.id, o.activity_id, a.title AS activity_title, o.outcome_date, o.attendance, o.invited, o.aims_met,
       o.what_worked, o.what_to_change, o.next_steps, o.created_at, o.updated_at
FROM outcomes o
JOIN activities a ON a.id = o.activity_id
WHERE o.institution_id = @institution_id AND o.recorded_by = @user_id
ORDER BY o.id;

-- name: RightsEvidence :many
SELECT e.id, e.activity_id, e.title, e.kind, e.strength, e.file_name, e.link_url, e.notes, e.created_at
FROM evidence e
WHERE e.institution_id = @institution_id AND e.created_by = @user_id
ORDER BY e.id;

-- name: RightsCaseStudies :many
SELECT id, activity_id, title, summary, requested_visibility, review_state, academic_year, created_at, updated_at
FROM case_studies
WHERE institution_id = @institution_id AND author_id = @user_id
ORDER BY id;

-- name: RightsAudit :many
-- Entries the person made, and entries about their account and roles.
SELECT a.id, a.action, a.entity, a.entity_id, a.changes, a.created_at,
       (a.actor_id IS NOT DISTINCT FROM @user_id::bigint)::bool AS by_them,
       ((a.entity = 'user' AND a.entity_id = @user_id::bigint)
        OR (a.entity = 'membership' AND @user_id::text IN (a.changes->'user_id'->>'before', a.changes->'user_id'->>'after')))::bool AS about_them
FROM audit_log a
WHERE a.institution_id IS NOT DISTINCT FROM sqlc.narg(institution_id)::bigint
  AND (a.actor_id = @user_id::bigint
       OR (a.entity = 'user' AND a.entity_id = @user_id::bigint)
       OR (a.entity = 'membership' AND @user_id::text IN (a.changes->'user_id'->>'before', a.changes->'user_id'->>'after')))
ORDER BY a.id;

-- name: RightsNotificationSettings :many
SELECT kind, delivery, updated_at FROM notification_settings WHERE user_id = @user_id ORDER BY kind;

-- name: RightsIdentities :many
SELECT p.name AS provider, p.protocol, i.subject, i.created_at, i.last_used_at
FROM sso_identities i
JOIN identity_providers p ON p.id = i.provider_id
WHERE i.user_id = @user_id
ORDER BY i.id;

-- name: LockInstitutionForErasure :one
-- Taken first by every erasure in an institution, so two admins erasing
-- each other at once cannot leave it with no admin.
SELECT break_glass_user_id FROM institutions WHERE id = @institution_id FOR UPDATE;

-- name: CountOtherAdmins :one
SELECT count(DISTINCT m.user_id)::int FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.institution_id = @institution_id AND m.role = 'admin' AND m.user_id <> @user_id
  AND u.disabled_at IS NULL AND u.erased_at IS NULL;

-- name: IsAdmin :one
SELECT EXISTS (SELECT 1 FROM memberships WHERE institution_id = @institution_id AND user_id = @user_id AND role = 'admin')::bool;

-- name: ErasePerson :one
-- The person's name and email become a pseudonym; they cannot sign in
-- (no password, disabled, every session's epoch out of date) and SCIM
-- treats them as deleted. Returns the name and email they had, for
-- finding them elsewhere; no row when they were erased already.
UPDATE users u
SET name = @pseudonym, email = @pseudonymous_email, password_hash = '',
    disabled_at = coalesce(u.disabled_at, now()), session_epoch = u.session_epoch + 1,
    scim_user_name = NULL, scim_external_id = NULL, scim_given_name = NULL, scim_family_name = NULL,
    scim_deleted_at = coalesce(u.scim_deleted_at, now()), erased_at = now(), updated_at = now()
FROM (SELECT id, name, email FROM users
      WHERE users.institution_id = @institution_id::bigint AND users.id = @id::bigint AND users.erased_at IS NULL FOR UPDATE) old
WHERE u.id = old.id
RETURNING old.name, old.email;

-- name: EraseSessions :exec
DELETE FROM sessions WHERE user_id = @user_id;

-- name: EraseIdentities :exec
DELETE FROM sso_identities WHERE user_id = @user_id;

-- name: ErasePasswordResets :exec
DELETE FROM password_resets WHERE user_id = @user_id;

-- name: EraseMemberships :exec
DELETE FROM memberships WHERE institution_id = @institution_id AND user_id = @user_id;

-- name: EraseInvitations :exec
-- Invitations to the person's address in their institution, accepted or not.
DELETE FROM invitations WHERE institution_id = @institution_id AND lower(email) = lower(@email);

-- name: EraseNotifications :exec
DELETE FROM notifications WHERE institution_id = @institution_id AND user_id = @user_id;

-- name: EraseNotificationSettings :exec
DELETE FROM notification_settings WHERE user_id = @user_id;

-- name: EraseBookmarks :exec
DELETE FROM bookmarks WHERE user_id = @user_id;

-- name: EraseCalendarFeeds :exec
UPDATE calendar_feeds SET revoked_at = coalesce(revoked_at, now())
WHERE institution_id = @institution_id AND user_id = @user_id;

-- name: EraseSignInFailures :exec
-- The throttle's keys name the address: "<purpose>account:<email>" and
-- "<purpose>account:<email>|<network>".
DELETE FROM signin_failures
WHERE right(key, length('account:' || lower(@email::text))) = 'account:' || lower(@email::text)
   OR strpos(key, 'account:' || lower(@email::text) || '|') > 0;

-- name: EraseSAMLRequests :exec
-- Sign-ins through SAML that carried the address and were never collected.
DELETE FROM saml_requests WHERE strpos(lower(identity::text), lower(@email::text)) > 0;

-- name: EraseDevMail :exec
-- The development mailbox's copies of mail to the person.
DELETE FROM dev_mail WHERE lower(to_address) = lower(@email);
