-- name: GetCheckinSession :one
-- The session a check-in code names, for the students' page, which has no
-- signed-in person to scope by: the code's signature is what admits it.
SELECT s.id, s.institution_id, s.session_date, s.start_time, a.title AS activity_title,
       i.name AS institution_name, i.slug AS institution_slug, i.default_language AS institution_language
FROM activity_sessions s
JOIN activities a ON a.institution_id = s.institution_id AND a.id = s.activity_id
JOIN institutions i ON i.id = s.institution_id
WHERE s.id = @id;

-- name: RecordCheckin :one
-- Counts one more student in, in one statement that writes nothing else.
INSERT INTO session_checkins (institution_id, session_id, checked_in)
VALUES (@institution_id, @session_id, 1)
ON CONFLICT (session_id) DO UPDATE SET checked_in = session_checkins.checked_in + 1
WHERE session_checkins.checked_in < 100000
RETURNING checked_in;

-- name: CountCheckins :one
-- How many checked in at a session; 0 when no one has.
SELECT coalesce((SELECT checked_in FROM session_checkins WHERE institution_id = @institution_id AND session_id = @session_id), 0)::integer AS checked_in;
