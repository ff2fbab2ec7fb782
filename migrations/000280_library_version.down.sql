DROP TRIGGER case_study_publications_library_version ON case_study_publications;
DROP FUNCTION raise_library_version();
DROP TABLE library_version;
