-- name: CreateMembership :one
INSERT INTO memberships (institution_id, user_id, role, department_id, programme_id, module_id)
VALUES (@institution_id, @user_id, @role, @department_id, @programme_id, @module_id)
RETURNING id;
