-- "Similar case studies" takes the newest publications of a case study's
-- kind as candidates on every view of its page: this index finds them in
-- order, where the newest-first index filtered thousands of other kinds.
CREATE INDEX case_study_publications_kind_newest_idx
    ON case_study_publications (kind, published_at DESC, case_study_id DESC);
