-- name: CreateCaseStudy :one
INSERT INTO case_studies (institution_id, programme_id, activity_id, author_id, title, summary, context, what_we_did,
    partnership, inclusivity, impact, lessons, advice, cost_effort, institution_type, discipline, cohort,
    kind, stage, dimensions, placement, evidence_strength, academic_year)
VALUES (@institution_id, @programme_id, @activity_id, @author_id, @title, @summary, @context, @what_we_did,
    @partnership, @inclusivity, @impact, @lessons, @advice, @cost_effort, @institution_type, @discipline, @cohort,
    @kind, @stage, @dimensions, @placement, @evidence_strength, @academic_year)
RETURNING id;

-- name: UpdateCaseStudy :one
UPDATE case_studies SET title = @title, summary = @summary, context = @context, what_we_did = @what_we_did,
    partnership = @partnership, inclusivity = @inclusivity, impact = @impact, lessons = @lessons, advice = @advice,
    cost_effort = @cost_effort, institution_type = @institution_type, discipline = @discipline, cohort = @cohort,
    kind = @kind, stage = @stage, dimensions = @dimensions, placement = @placement,
    evidence_strength = @evidence_strength, version = version + 1, updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND version = @version
RETURNING version;

-- name: GetCaseStudy :one
SELECT c.id, c.institution_id, c.programme_id, c.activity_id, c.author_id, c.title, c.summary, c.context, c.what_we_did,
       c.partnership, c.inclusivity, c.impact, c.lessons, c.advice, c.cost_effort, c.institution_type, c.discipline,
       c.cohort, c.kind, c.stage, c.dimensions, c.placement, c.evidence_strength, c.academic_year,
       c.requested_visibility, c.review_state, c.review_comment, c.reviewed_at, c.version, c.created_at, c.updated_at,
       coalesce(author.name, '')::text AS author_name, coalesce(reviewer.name, '')::text AS reviewer_name,
       p.department_id, p.code AS programme_code,
       coalesce((SELECT array_agg(t.user_id) FROM activity_team t WHERE t.activity_id = c.activity_id), '{}')::bigint[] AS activity_team,
       a.lead_id AS activity_lead, a.module_id AS activity_module,
       coalesce((SELECT array_agg(pm.programme_id) FROM programme_modules pm WHERE pm.module_id = a.module_id), '{}')::bigint[] AS module_programmes,
       pub.visibility AS published_visibility, pub.published_at, pub.version AS published_version
FROM case_studies c
JOIN programmes p ON p.id = c.programme_id
LEFT JOIN activities a ON a.id = c.activity_id
LEFT JOIN users author ON author.id = c.author_id
LEFT JOIN users reviewer ON reviewer.id = c.reviewed_by
LEFT JOIN case_study_publications pub ON pub.case_study_id = c.id
WHERE c.institution_id = @institution_id AND c.id = @id;

-- name: GetPublication :one
SELECT case_study_id, institution_id, visibility, title, summary, sections, evidence, kind, stage, dimensions,
       placement, discipline, institution_type, institution_name, evidence_strength, academic_year, version, published_at
FROM case_study_publications
WHERE case_study_id = @case_study_id;

-- name: LibraryVersion :one
-- Raised by every change to the published case studies (migration 280).
SELECT version FROM library_version;

-- name: UpsertPublication :exec
INSERT INTO case_study_publications (case_study_id, institution_id, visibility, title, summary, sections, body, evidence,
    kind, stage, dimensions, placement, discipline, institution_type, institution_name, evidence_strength,
    academic_year, version, published_at, published_by)
VALUES (@case_study_id, @institution_id, @visibility, @title, @summary, @sections, @body, @evidence,
    @kind, @stage, @dimensions, @placement, @discipline, @institution_type, @institution_name, @evidence_strength,
    @academic_year, @version, now(), @published_by)
ON CONFLICT (case_study_id) DO UPDATE SET visibility = EXCLUDED.visibility, title = EXCLUDED.title,
    summary = EXCLUDED.summary, sections = EXCLUDED.sections, body = EXCLUDED.body, evidence = EXCLUDED.evidence,
    kind = EXCLUDED.kind, stage = EXCLUDED.stage, dimensions = EXCLUDED.dimensions, placement = EXCLUDED.placement,
    discipline = EXCLUDED.discipline, institution_type = EXCLUDED.institution_type,
    institution_name = EXCLUDED.institution_name, evidence_strength = EXCLUDED.evidence_strength,
    academic_year = EXCLUDED.academic_year, version = EXCLUDED.version, published_at = now(),
    published_by = EXCLUDED.published_by;

-- name: DeletePublication :execrows
DELETE FROM case_study_publications WHERE institution_id = @institution_id AND case_study_id = @case_study_id;

-- name: DecideReview :execrows
-- Decides a pending request, only while it is pending and the draft is
-- the version the reviewer read: of several decisions at once, one wins.
UPDATE case_studies SET review_state = @review_state, review_comment = @review_comment, reviewed_by = @reviewed_by,
    reviewed_at = @reviewed_at, updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND review_state = 'pending' AND version = @version;

-- name: SetReview :exec
-- Records what the author asked for and where its review stands.
UPDATE case_studies SET requested_visibility = @requested_visibility, review_state = @review_state,
    review_comment = @review_comment, reviewed_by = @reviewed_by, reviewed_at = @reviewed_at, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: ListCaseStudiesFor :many
-- The institution's case studies with their state, for the people who
-- write and review them.
SELECT c.id, c.title, c.requested_visibility, c.review_state, c.updated_at, c.programme_id, p.code AS programme_code,
       coalesce(author.name, '')::text AS author_name, pub.visibility AS published_visibility
FROM case_studies c
JOIN programmes p ON p.id = c.programme_id
LEFT JOIN users author ON author.id = c.author_id
LEFT JOIN case_study_publications pub ON pub.case_study_id = c.id
WHERE c.institution_id = @institution_id AND c.archived_at IS NULL
  AND (c.author_id = @user_id OR c.programme_id = ANY(@programme_ids::bigint[]) OR @all_programmes::bool)
ORDER BY c.review_state = 'pending' DESC, c.updated_at DESC
LIMIT 200;

-- name: ListActivityEvidenceForCaseStudy :many
SELECT e.id, e.title, e.kind, e.strength, e.instrument, e.sample_size, e.response_rate, e.comparison, e.effect_size,
       (cse.evidence_id IS NOT NULL)::bool AS linked
FROM evidence e
LEFT JOIN case_study_evidence cse ON cse.evidence_id = e.id AND cse.case_study_id = @case_study_id
WHERE e.institution_id = @institution_id AND e.activity_id = @activity_id
ORDER BY e.strength DESC, e.id;

-- name: ClearCaseStudyEvidence :exec
DELETE FROM case_study_evidence WHERE case_study_id = @case_study_id;

-- name: LinkCaseStudyEvidence :exec
INSERT INTO case_study_evidence (case_study_id, evidence_id)
SELECT @case_study_id, e.id FROM evidence e
WHERE e.institution_id = @institution_id AND e.activity_id = @activity_id AND e.id = ANY(@evidence_ids::bigint[]);

-- name: LinkedEvidence :many
SELECT e.id, e.title, e.kind, e.strength, e.instrument, e.sample_size, e.response_rate, e.comparison, e.effect_size
FROM case_study_evidence cse JOIN evidence e ON e.id = cse.evidence_id
WHERE cse.case_study_id = @case_study_id
ORDER BY e.strength DESC, e.id;

-- name: ToggleBookmark :one
-- Adds the bookmark, or removes it if it was there; true when added.
WITH removed AS (
    DELETE FROM bookmarks b WHERE b.user_id = @user_id::bigint AND b.case_study_id = @case_study_id::bigint RETURNING 1
), added AS (
    INSERT INTO bookmarks (user_id, case_study_id)
    SELECT @user_id::bigint, @case_study_id::bigint WHERE NOT EXISTS (SELECT 1 FROM removed)
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM added)::bool;

-- name: IsBookmarked :one
SELECT EXISTS (SELECT 1 FROM bookmarks WHERE user_id = @user_id AND case_study_id = @case_study_id)::bool;

-- name: ListActivityCaseStudies :many
SELECT c.id, c.title, c.review_state, pub.visibility AS published_visibility
FROM case_studies c
LEFT JOIN case_study_publications pub ON pub.case_study_id = c.id
WHERE c.institution_id = @institution_id AND c.activity_id = @activity_id AND c.archived_at IS NULL
ORDER BY c.id;
