-- name: CreateMembership :one
INSERT INTO memberships (institution_id, user_id, role, department_id, programme_id, module_id, activity_id)
VALUES (@institution_id, @user_id, @role, @department_id, @programme_id, @module_id, sqlc.narg(activity_id))
RETURNING id;
