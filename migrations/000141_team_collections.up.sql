-- Programme teams keep collections of case studies too. A team collection
-- belongs to a programme of an institution (the pair's foreign key keeps
-- the programme inside it): private to the programme's team, or, when
-- shared, readable by everyone in the institution. A coordinator's
-- collection has neither, and shared means shared to the network, as
-- before.
ALTER TABLE collections
    ADD COLUMN institution_id bigint REFERENCES institutions (id),
    ADD COLUMN programme_id   bigint,
    ADD CONSTRAINT collections_programme_fkey FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id),
    ADD CONSTRAINT collections_team_check CHECK ((institution_id IS NULL) = (programme_id IS NULL));
CREATE INDEX collections_institution_idx ON collections (institution_id, programme_id) WHERE institution_id IS NOT NULL;
