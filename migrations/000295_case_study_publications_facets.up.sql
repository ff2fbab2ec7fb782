-- The network report counts the case studies shared beyond their
-- institutions by kind, stage, placement, evidence strength, year and
-- dimension, and how many institutions each rests on. A publication row
-- carries the case study's whole text and search vector (about 2 KB a
-- row): this index holds only what the counts read, so they are an
-- index-only scan of a fifteenth of the table.
CREATE INDEX case_study_publications_facets_idx
    ON case_study_publications (visibility, institution_id)
    INCLUDE (kind, stage, placement, evidence_strength, academic_year, dimensions);
