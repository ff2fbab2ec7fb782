-- A membership is a (scope, role) pair: the institution, a department, a
-- programme or a module, and what the person may do there.
CREATE TABLE memberships (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id),
    user_id        bigint NOT NULL REFERENCES users (id),
    role           text NOT NULL CHECK (role IN ('admin', 'director', 'module_leader', 'member', 'viewer')),
    department_id  bigint,
    programme_id   bigint,
    module_id      bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (institution_id, department_id) REFERENCES departments (institution_id, id),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id),
    FOREIGN KEY (institution_id, module_id) REFERENCES modules (institution_id, id),
    CHECK (
        (role = 'admin' AND department_id IS NULL AND programme_id IS NULL AND module_id IS NULL)
        OR (role IN ('director', 'member') AND programme_id IS NOT NULL AND department_id IS NULL AND module_id IS NULL)
        OR (role = 'module_leader' AND module_id IS NOT NULL AND department_id IS NULL AND programme_id IS NULL)
        OR (role = 'viewer' AND module_id IS NULL AND ((department_id IS NULL) <> (programme_id IS NULL)))
    )
);
CREATE UNIQUE INDEX memberships_key ON memberships
    (user_id, role, coalesce(department_id, 0), coalesce(programme_id, 0), coalesce(module_id, 0));
CREATE INDEX memberships_programme_idx ON memberships (programme_id) WHERE programme_id IS NOT NULL;
CREATE INDEX memberships_module_idx ON memberships (module_id) WHERE module_id IS NOT NULL;

-- An invitation grants one membership to whoever holds the link. Only the
-- SHA-256 of the token is kept, so the table cannot be used to sign in.
CREATE TABLE invitations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id),
    email          text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'director', 'module_leader', 'member', 'viewer')),
    department_id  bigint,
    programme_id   bigint,
    module_id      bigint,
    token_hash     bytea NOT NULL UNIQUE,
    invited_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    accepted_at    timestamptz,
    revoked_at     timestamptz,
    FOREIGN KEY (institution_id, department_id) REFERENCES departments (institution_id, id),
    FOREIGN KEY (institution_id, programme_id) REFERENCES programmes (institution_id, id),
    FOREIGN KEY (institution_id, module_id) REFERENCES modules (institution_id, id)
);
CREATE INDEX invitations_institution_idx ON invitations (institution_id, created_at DESC);

-- Mail kept in the database instead of sent, for the development mailbox.
CREATE TABLE dev_mail (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
