-- When an admin erased the person's details (their name and email are then
-- a pseudonym and they cannot sign in); null for everyone else.
ALTER TABLE users ADD COLUMN erased_at timestamptz;
