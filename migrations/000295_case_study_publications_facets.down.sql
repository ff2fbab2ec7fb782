DROP INDEX IF EXISTS case_study_publications_facets_idx;
