-- Failed sign-in counts, kept in the database so that every app server
-- enforces the same limit. A key is 'account:<email>' or 'address:<ip>'.
CREATE TABLE signin_failures (
    key               text PRIMARY KEY,
    window_started_at timestamptz NOT NULL,
    failures          integer NOT NULL CHECK (failures > 0)
);
