-- Notifications. Each Notify… query notes one occasion for everyone it
-- concerns, in one statement: the recipients are found from their roles,
-- their setting for the kind decides how they hear of it (no setting is
-- 'immediate'; 'off' makes no row), and the unique (user, kind, subject)
-- makes each occasion noted once however often the query runs. Each
-- returns the new rows, so the caller can enqueue the emails due at once.
-- Recipients are always accounts: a student has none.

-- name: NotifyReviewWaiting :many
-- A request to share a case study beyond the institution, for everyone
-- who may approve it: the programme's directors and the institution's
-- admins, except whoever asked. Each request is its own occasion, named by
-- its time (the request has just set updated_at, in this transaction): a
-- draft sent back and asked for again, unchanged, waits again.
INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
SELECT DISTINCT ON (u.id) c.institution_id, u.id, 'review_waiting',
       'case_study:' || c.id || ':request:' || (extract(epoch FROM c.updated_at) * 1000000)::bigint,
       jsonb_build_object('case_study_id', c.id, 'title', c.title, 'visibility', c.requested_visibility,
                          'author', coalesce(a.name, ''), 'programme', p.code || ' ' || p.title),
       coalesce(s.delivery, 'immediate')
FROM case_studies c
JOIN programmes p ON p.id = c.programme_id
LEFT JOIN users a ON a.id = c.author_id
JOIN memberships m ON m.institution_id = c.institution_id
                  AND (m.role = 'admin' OR (m.role = 'director' AND m.programme_id = c.programme_id))
JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = 'review_waiting'
WHERE c.institution_id = @institution_id AND c.id = @case_study_id AND c.review_state = 'pending'
  AND u.id <> @actor_id AND coalesce(s.delivery, 'immediate') <> 'off'
ORDER BY u.id
ON CONFLICT (user_id, kind, subject_key) DO NOTHING
RETURNING id, institution_id, delivery;

-- name: NotifyReviewDecided :many
-- A reviewer's decision, for the case study's author.
INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
SELECT c.institution_id, u.id, 'review_decided',
       'case_study:' || c.id || ':review:' || extract(epoch FROM c.reviewed_at)::bigint,
       jsonb_build_object('case_study_id', c.id, 'title', c.title, 'visibility', c.requested_visibility,
                          'decision', c.review_state, 'comment', c.review_comment, 'reviewer', coalesce(r.name, '')),
       coalesce(s.delivery, 'immediate')
FROM case_studies c
JOIN users u ON u.id = c.author_id AND u.disabled_at IS NULL
LEFT JOIN users r ON r.id = c.reviewed_by
LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = 'review_decided'
WHERE c.institution_id = @institution_id AND c.id = @case_study_id AND c.review_state IN ('approved', 'changes_requested')
  AND c.reviewed_at IS NOT NULL AND u.id <> @actor_id AND coalesce(s.delivery, 'immediate') <> 'off'
ON CONFLICT (user_id, kind, subject_key) DO NOTHING
RETURNING id, institution_id, delivery;

-- name: NotifyInvitationAccepted :many
-- An accepted invitation, for whoever sent it.
INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
SELECT i.institution_id, u.id, 'invitation_accepted', 'invitation:' || i.id,
       jsonb_build_object('person_id', n.id, 'name', n.name, 'email', n.email, 'role', i.role,
                          'scope', coalesce(d.name, p.code || ' ' || p.title, mo.code || ' ' || mo.title, inst.name)),
       coalesce(s.delivery, 'immediate')
FROM invitations i
JOIN institutions inst ON inst.id = i.institution_id
JOIN users u ON u.id = i.invited_by AND u.disabled_at IS NULL
JOIN users n ON n.id = @person_id AND n.institution_id = i.institution_id
LEFT JOIN departments d ON d.id = i.department_id
LEFT JOIN programmes p ON p.id = i.programme_id
LEFT JOIN modules mo ON mo.id = i.module_id
LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = 'invitation_accepted'
WHERE i.institution_id = @institution_id AND i.id = @invitation_id AND i.accepted_at IS NOT NULL
  AND coalesce(s.delivery, 'immediate') <> 'off'
ON CONFLICT (user_id, kind, subject_key) DO NOTHING
RETURNING id, institution_id, delivery;

-- name: NotifyOutcomesDue :many
-- Sessions on days from @from_day to @to_day with no outcome recorded
-- (for the session, or for its activity on its day), for the activity's
-- lead and the leaders of its module.
INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
SELECT DISTINCT ON (r.user_id, s.id) s.institution_id, r.user_id, 'outcome_due', 'session:' || s.id,
       jsonb_build_object('session_id', s.id, 'activity_id', a.id, 'title', a.title, 'date', s.session_date,
                          'programme', p.code),
       coalesce(ns.delivery, 'immediate')
FROM activity_sessions s
JOIN activities a ON a.id = s.activity_id AND a.archived_at IS NULL
JOIN programmes p ON p.id = a.programme_id
CROSS JOIN LATERAL (
    SELECT a.lead_id AS user_id WHERE a.lead_id IS NOT NULL
    UNION
    SELECT m.user_id FROM memberships m
    WHERE m.role = 'module_leader' AND m.module_id = a.module_id AND m.institution_id = a.institution_id
) r
JOIN users u ON u.id = r.user_id AND u.disabled_at IS NULL
LEFT JOIN notification_settings ns ON ns.user_id = r.user_id AND ns.kind = 'outcome_due'
WHERE s.session_date BETWEEN @from_day::date AND @to_day::date
  AND NOT EXISTS (SELECT 1 FROM outcomes o
                  WHERE o.session_id = s.id OR (o.activity_id = s.activity_id AND o.outcome_date = s.session_date))
  AND coalesce(ns.delivery, 'immediate') <> 'off'
ORDER BY r.user_id, s.id
ON CONFLICT (user_id, kind, subject_key) DO NOTHING
RETURNING id, institution_id, delivery;

-- name: NotifySurveysClosing :many
-- Open surveys whose last day is the day before @closes_before, for
-- whoever set them up.
INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
SELECT sv.institution_id, u.id, 'survey_closing', 'survey:' || sv.id || ':closing:' || extract(epoch FROM sv.closes_at)::bigint,
       jsonb_build_object('survey_id', sv.id, 'title', sv.title, 'closes', sv.closes_at,
                          'responses', (SELECT count(*) FROM survey_responses r WHERE r.survey_id = sv.id)),
       coalesce(ns.delivery, 'immediate')
FROM surveys sv
JOIN users u ON u.id = sv.created_by AND u.disabled_at IS NULL
LEFT JOIN notification_settings ns ON ns.user_id = u.id AND ns.kind = 'survey_closing'
WHERE sv.closes_at > @closes_after AND sv.closes_at <= @closes_before AND sv.opens_at <= @now
  AND sv.responses_deleted_on IS NULL AND coalesce(ns.delivery, 'immediate') <> 'off'
ON CONFLICT (user_id, kind, subject_key) DO NOTHING
RETURNING id, institution_id, delivery;

-- name: NotifySurveyResults :many
-- Surveys that closed after @closed_after, for whoever set them up
-- (except @actor_id, who closed it and is looking at the results).
INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
SELECT sv.institution_id, u.id, 'survey_results', 'survey:' || sv.id || ':results',
       jsonb_build_object('survey_id', sv.id, 'title', sv.title, 'closes', sv.closes_at,
                          'responses', (SELECT count(*) FROM survey_responses r WHERE r.survey_id = sv.id)),
       coalesce(ns.delivery, 'immediate')
FROM surveys sv
JOIN users u ON u.id = sv.created_by AND u.disabled_at IS NULL
LEFT JOIN notification_settings ns ON ns.user_id = u.id AND ns.kind = 'survey_results'
WHERE sv.closes_at > @closed_after AND sv.closes_at <= @now AND sv.responses_deleted_on IS NULL
  AND (sqlc.narg(survey_id)::bigint IS NULL OR sv.id = sqlc.narg(survey_id))
  AND u.id <> @actor_id AND coalesce(ns.delivery, 'immediate') <> 'off'
ON CONFLICT (user_id, kind, subject_key) DO NOTHING
RETURNING id, institution_id, delivery;

-- name: NotifyJobsFailed :many
-- Jobs that gave up (or were refused for good) since @since, for the
-- admins of the institution a job concerns (the upkeep's failures are
-- for the operators, in the logs). The email about a failed job is left out, so its own
-- failure cannot make another.
INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
SELECT DISTINCT ON (u.id, j.id) m.institution_id, u.id, 'job_failed', 'job:' || j.id || ':' || j.attempt || ':' || j.state,
       jsonb_build_object('job_id', j.id, 'job_kind', j.kind, 'attempts', j.attempt, 'state', j.state,
                          'error', coalesce(j.errors[cardinality(j.errors)]->>'error', '')),
       coalesce(ns.delivery, 'immediate')
FROM river_job j
JOIN memberships m ON m.role = 'admin'
                  AND m.institution_id = (j.metadata->>'institution_id')::bigint
JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
LEFT JOIN notification_settings ns ON ns.user_id = u.id AND ns.kind = 'job_failed'
WHERE j.state IN ('discarded', 'cancelled') AND j.finalized_at > @since AND cardinality(j.errors) > 0
  AND coalesce(j.metadata->>'notice', '') <> 'job_failed' AND coalesce(ns.delivery, 'immediate') <> 'off'
ORDER BY u.id, j.id
ON CONFLICT (user_id, kind, subject_key) DO NOTHING
RETURNING id, institution_id, delivery;

-- name: GetNotificationForMail :one
-- language is the recipient's institution's default: the email's.
SELECT n.id, n.institution_id, n.kind, n.data, n.emailed_at, u.id AS user_id, u.name, u.email, u.disabled_at,
       coalesce(i.default_language, 'en')::text AS language
FROM notifications n
JOIN users u ON u.id = n.user_id
LEFT JOIN institutions i ON i.id = u.institution_id
WHERE n.id = @id;

-- name: MarkNotificationsEmailed :exec
UPDATE notifications SET emailed_at = now() WHERE id = ANY(@ids::bigint[]) AND emailed_at IS NULL;

-- name: ListDigestRecipients :many
-- People with notifications made before @cutoff waiting for the digest.
SELECT DISTINCT n.user_id, n.institution_id
FROM notifications n
WHERE n.delivery = 'digest' AND n.emailed_at IS NULL AND n.created_at < @cutoff;

-- name: ListDigestNotifications :many
SELECT n.id, n.kind, n.data
FROM notifications n
WHERE n.user_id = @user_id AND n.delivery = 'digest' AND n.emailed_at IS NULL AND n.created_at < @cutoff
ORDER BY n.kind, n.created_at, n.id;

-- name: GetMailRecipient :one
SELECT u.id, u.institution_id, u.name, u.email, u.disabled_at, coalesce(i.default_language, 'en')::text AS language
FROM users u LEFT JOIN institutions i ON i.id = u.institution_id
WHERE u.id = @id;

-- name: DeleteOldNotifications :execrows
DELETE FROM notifications WHERE created_at < @before;

-- name: ListNotificationSettings :many
SELECT kind, delivery FROM notification_settings WHERE user_id = @user_id;

-- name: SetNotificationSetting :exec
INSERT INTO notification_settings (user_id, kind, delivery) VALUES (@user_id, @kind, @delivery)
ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery, updated_at = now();

-- name: TurnOffDigestKinds :many
-- The digest's one-click unsubscribe: every kind the person gets in the
-- digest is turned off.
UPDATE notification_settings SET delivery = 'off', updated_at = now()
WHERE user_id = @user_id AND delivery = 'digest'
RETURNING kind;
