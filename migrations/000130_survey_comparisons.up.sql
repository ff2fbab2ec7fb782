-- A before/after pair of an activity's surveys may name a comparison pair:
-- another cohort's or programme's pair, surveyed at the same times, that
-- did not take part. Both pairs are named by their survey after. When all
-- four surveys have enough responses, the difference in differences makes
-- the pair's evidence Type 3; decided_at records that the four surveys had
-- closed when the comparison was worked out, so it is worked out once.
CREATE TABLE survey_comparisons (
    institution_id     bigint NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    post_id            bigint PRIMARY KEY,
    comparison_post_id bigint NOT NULL,
    chosen_by          bigint REFERENCES users (id) ON DELETE SET NULL,
    chosen_at          timestamptz NOT NULL DEFAULT now(),
    decided_at         timestamptz,
    FOREIGN KEY (institution_id, post_id) REFERENCES surveys (institution_id, id) ON DELETE CASCADE,
    FOREIGN KEY (institution_id, comparison_post_id) REFERENCES surveys (institution_id, id) ON DELETE CASCADE,
    CHECK (post_id <> comparison_post_id)
);

CREATE INDEX survey_comparisons_comparison ON survey_comparisons (comparison_post_id);
