-- The language a student's survey page was in when they sent it: 'en' or
-- 'cy', or NULL (sent before this column, or a staff survey, whose team
-- could be told apart by the language each member reads in). Two values,
-- like the optional year of study: results show the split only for groups
-- of at least the threshold, and nothing else in the database records
-- which language a student reads in, so it joins to nothing.
ALTER TABLE survey_responses
    ADD COLUMN language text CHECK (language IN ('en', 'cy'));
