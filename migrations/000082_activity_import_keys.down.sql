DROP INDEX activities_import_key_idx;
ALTER TABLE activities DROP COLUMN import_key;
