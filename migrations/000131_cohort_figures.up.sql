-- Cohort-level outcome figures of a programme, imported from the
-- institution's student records: per academic year and measure, how many
-- of a cohort (denominator) reached the outcome (numerator). Aggregate
-- counts only: nothing here names or counts a single student.
CREATE TABLE cohort_figures (
    institution_id bigint NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    programme_id   bigint NOT NULL,
    academic_year  integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    measure        text NOT NULL CHECK (measure IN ('continuation', 'attainment')),
    numerator      integer NOT NULL CHECK (numerator >= 0),
    denominator    integer NOT NULL CHECK (denominator > 0 AND numerator <= denominator),
    imported_by    bigint REFERENCES users (id),
    imported_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (programme_id, academic_year, measure),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id) ON DELETE CASCADE
);
