-- name: GetInstitutionBySlug :one
SELECT id, name, slug, kind, year_start_month FROM institutions WHERE slug = @slug;

-- name: CreateInstitution :one
INSERT INTO institutions (slug, name, kind) VALUES (@slug, @name, @kind)
RETURNING id;
