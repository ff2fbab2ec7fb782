-- name: GetInstitutionBySlug :one
SELECT id, name, slug, kind, year_start_month FROM institutions WHERE slug = @slug;

-- name: CreateInstitution :one
INSERT INTO institutions (slug, name, kind) VALUES (@slug, @name, @kind)
RETURNING id;

-- name: GetInstitution :one
SELECT id, name, slug, kind, year_start_month FROM institutions WHERE id = @id;

-- name: InstitutionCounts :one
SELECT (SELECT count(*) FROM departments d WHERE d.institution_id = @id AND d.archived_at IS NULL)::int AS departments,
       (SELECT count(*) FROM programmes p WHERE p.institution_id = @id AND p.archived_at IS NULL)::int AS programmes,
       (SELECT count(*) FROM modules m WHERE m.institution_id = @id AND m.archived_at IS NULL)::int AS modules,
       (SELECT count(*) FROM users u WHERE u.institution_id = @id AND u.disabled_at IS NULL)::int AS people,
       (SELECT count(*) FROM invitations i WHERE i.institution_id = @id AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now())::int AS open_invitations;

-- name: GetInstitutionSettings :one
SELECT id, name, year_start_month, share_network_figures, evidence_file_retention_years, outcome_retention_years
FROM institutions WHERE id = @id;

-- name: UpdateInstitutionSettings :exec
UPDATE institutions SET year_start_month = @year_start_month, share_network_figures = @share_network_figures
WHERE id = @id;

-- name: UpdateInstitutionRetention :exec
-- Retention beyond surveys: null turns automatic deletion off.
UPDATE institutions SET evidence_file_retention_years = @evidence_file_retention_years,
       outcome_retention_years = @outcome_retention_years
WHERE id = @id;

-- name: ListInstitutionsForNotices :many
-- The institutions whose statements and notices the public pages list.
SELECT name, slug FROM institutions ORDER BY name, id;

-- name: GetInstitutionNotices :one
-- One institution's statement and notice as its public pages show them,
-- with the settings the notice reports. The notice columns are empty
-- until an admin first saves one of the pages.
SELECT i.id, i.name, i.slug, i.year_start_month, i.share_network_figures,
       i.evidence_file_retention_years, i.outcome_retention_years,
       (n.institution_id IS NOT NULL)::bool AS saved,
       coalesce(n.access_contact_email, '')::text AS access_contact_email,
       coalesce(n.access_contact_phone, '')::text AS access_contact_phone,
       n.access_reply_days,
       coalesce(n.access_known_issues, '')::text AS access_known_issues,
       n.access_prepared_on, n.access_reviewed_on,
       coalesce(n.controller_name, '')::text AS controller_name,
       coalesce(n.controller_address, '')::text AS controller_address,
       coalesce(n.dpo_name, '')::text AS dpo_name,
       coalesce(n.dpo_email, '')::text AS dpo_email,
       coalesce(n.privacy_extra, '')::text AS privacy_extra,
       n.privacy_reviewed_on
FROM institutions i
LEFT JOIN institution_notices n ON n.institution_id = i.id
WHERE i.slug = @slug;

-- name: SaveAccessibilityStatement :exec
-- The institution's parts of its accessibility statement. The statement
-- was prepared the first time it was saved and reviewed each time since.
INSERT INTO institution_notices (institution_id, access_contact_email, access_contact_phone, access_reply_days,
                                 access_known_issues, access_prepared_on, access_reviewed_on)
VALUES (@institution_id, @access_contact_email, @access_contact_phone, @access_reply_days, @access_known_issues, @today, @today)
ON CONFLICT (institution_id) DO UPDATE SET
    access_contact_email = excluded.access_contact_email,
    access_contact_phone = excluded.access_contact_phone,
    access_reply_days = excluded.access_reply_days,
    access_known_issues = excluded.access_known_issues,
    access_prepared_on = coalesce(institution_notices.access_prepared_on, excluded.access_prepared_on),
    access_reviewed_on = excluded.access_reviewed_on;

-- name: SavePrivacyNotice :exec
-- The institution's parts of its privacy notice.
INSERT INTO institution_notices (institution_id, controller_name, controller_address, dpo_name, dpo_email,
                                 privacy_extra, privacy_reviewed_on)
VALUES (@institution_id, @controller_name, @controller_address, @dpo_name, @dpo_email, @privacy_extra, @today)
ON CONFLICT (institution_id) DO UPDATE SET
    controller_name = excluded.controller_name,
    controller_address = excluded.controller_address,
    dpo_name = excluded.dpo_name,
    dpo_email = excluded.dpo_email,
    privacy_extra = excluded.privacy_extra,
    privacy_reviewed_on = excluded.privacy_reviewed_on;
