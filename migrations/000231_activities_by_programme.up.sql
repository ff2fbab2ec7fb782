-- Reports narrow evidence and outcomes to one programme's activities
-- (store.ReportScope.ofActivities: activity_id IN the programme's ids);
-- without this index PostgreSQL found those ids by walking the whole
-- institution's activities and filtering out the other programmes'. With
-- it, the ids come from the index alone.
CREATE INDEX activities_institution_programme_idx ON activities (institution_id, programme_id, id);
