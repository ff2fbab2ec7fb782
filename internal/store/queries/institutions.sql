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
SELECT id, name, year_start_month, share_network_figures FROM institutions WHERE id = @id;

-- name: UpdateInstitutionSettings :exec
UPDATE institutions SET year_start_month = @year_start_month, share_network_figures = @share_network_figures
WHERE id = @id;
