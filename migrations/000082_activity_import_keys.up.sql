-- A row of a plan import that added an activity is remembered by a key
-- drawn from the row's content (and how many identical rows came before it
-- in the file), so importing the same file again finds the activities it
-- added instead of adding them twice. One key per programme.
ALTER TABLE activities ADD COLUMN import_key bytea;
CREATE UNIQUE INDEX activities_import_key_idx ON activities (institution_id, programme_id, import_key) WHERE import_key IS NOT NULL;
