-- Who changed what, when: one row per write, committed with the write.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint REFERENCES institutions (id),
    actor_id       bigint REFERENCES users (id),
    action         text NOT NULL,
    entity         text NOT NULL,
    entity_id      bigint NOT NULL,
    -- {"field": {"before": ..., "after": ...}} for the fields that changed.
    changes        jsonb NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_institution_idx ON audit_log (institution_id, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
