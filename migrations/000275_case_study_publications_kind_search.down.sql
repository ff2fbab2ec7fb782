DROP INDEX IF EXISTS case_study_publications_kind_search_idx;
DROP EXTENSION IF EXISTS btree_gin;
