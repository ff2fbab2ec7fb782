DROP TABLE bookmarks;
DROP TABLE collection_items;
DROP TABLE collections;
DROP TABLE case_study_publications;
DROP TABLE case_study_evidence;
DROP TABLE case_studies;
