DELETE FROM collections WHERE institution_id IS NOT NULL;
ALTER TABLE collections DROP CONSTRAINT collections_team_check, DROP CONSTRAINT collections_programme_fkey,
    DROP COLUMN programme_id, DROP COLUMN institution_id;
