DROP TRIGGER institutions_figures ON institutions;
DROP FUNCTION refresh_figures_of_institution();
DROP TRIGGER programmes_figures ON programmes;
DROP FUNCTION move_figures_of_programme();
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['activities', 'outcomes', 'evidence'] LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_figures_insert', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_figures_update', t);
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_figures_delete', t);
    END LOOP;
END $$;
DROP FUNCTION refresh_figures_of_records();
DROP FUNCTION refresh_figures_of_activities();
DROP FUNCTION rebuild_report_figures();
DROP FUNCTION refresh_programme_figures(bigint[]);
DROP FUNCTION add_to_institution_figures(programme_figures[], integer);
DROP FUNCTION count_programme_figures(bigint[]);
DROP TABLE institution_figures;
DROP TABLE programme_figures;
