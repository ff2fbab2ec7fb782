-- An activity's Enhanced Theory of Change, entry by entry: the context it
-- works in, its inputs, the elements of the activity, what it produces
-- (outputs), the outcomes each element leads to (short, medium or long
-- term), its impact, the mechanisms by which change happens, and the
-- assumptions it rests on with the evidence for each.
CREATE TABLE toc_entries (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL,
    activity_id    bigint NOT NULL,
    part           text NOT NULL CHECK (part IN ('context', 'input', 'activity', 'output', 'outcome', 'impact',
                       'mechanism', 'assumption')),
    -- Outcomes alone have a term.
    term           text CHECK (term IN ('short', 'medium', 'long')),
    -- Order within the part, from 1.
    position       integer NOT NULL CHECK (position >= 1),
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    -- Assumptions alone carry evidence: said in words, and/or one of the
    -- activity's evidence items.
    evidence_note  text NOT NULL DEFAULT '' CHECK (length(evidence_note) <= 2000),
    evidence_id    bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (institution_id, id),
    UNIQUE (activity_id, id),
    CHECK ((part = 'outcome') = (term IS NOT NULL)),
    CHECK (part = 'assumption' OR (evidence_note = '' AND evidence_id IS NULL)),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE CASCADE,
    FOREIGN KEY (institution_id, evidence_id) REFERENCES evidence (institution_id, id) ON DELETE SET NULL (evidence_id)
);
CREATE INDEX toc_entries_activity_idx ON toc_entries (activity_id, part, position);
CREATE INDEX toc_entries_evidence_idx ON toc_entries (evidence_id) WHERE evidence_id IS NOT NULL;

-- Which activity elements lead to which outcome. Both ends belong to the
-- same activity (the foreign keys name it).
CREATE TABLE toc_links (
    institution_id bigint NOT NULL,
    activity_id    bigint NOT NULL,
    outcome_id     bigint NOT NULL,
    element_id     bigint NOT NULL,
    PRIMARY KEY (outcome_id, element_id),
    FOREIGN KEY (institution_id, activity_id) REFERENCES activities (institution_id, id) ON DELETE CASCADE,
    FOREIGN KEY (activity_id, outcome_id) REFERENCES toc_entries (activity_id, id) ON DELETE CASCADE,
    FOREIGN KEY (activity_id, element_id) REFERENCES toc_entries (activity_id, id) ON DELETE CASCADE
);
CREATE INDEX toc_links_element_idx ON toc_links (element_id);

-- The six free-text columns of activities (toc_inputs … toc_assumptions)
-- stay, as the plain-text rendering of the entries: the report summaries,
-- the JSON and CSV exports and the case study pre-fill read them. Each
-- part's text is its entries' bodies, one a line, in order; outcomes of
-- every term make toc_outcomes. The two are kept in step both ways: writing
-- entries rewrites the text (toc_entries_to_text), and writing the text
-- (the activity form, the plan import, a copy to next year) turns it into
-- entries (activities_text_to_toc), keeping each entry whose line is still
-- there, with its term, links and evidence.

-- The column of activities that holds a part's text, or NULL for the parts
-- that have none (context, mechanisms).
CREATE FUNCTION toc_column(part text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE part WHEN 'input' THEN 'toc_inputs' WHEN 'activity' THEN 'toc_activities'
        WHEN 'output' THEN 'toc_outputs' WHEN 'outcome' THEN 'toc_outcomes' WHEN 'impact' THEN 'toc_impact'
        WHEN 'assumption' THEN 'toc_assumptions' END
$$;

-- The entries a part's text becomes: one per line when every line has
-- something on it (so the lines joined by newlines give the text back
-- exactly), else the whole text as one entry. Empty text is no entries.
CREATE FUNCTION toc_split(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN t = '' THEN ARRAY[]::text[]
        WHEN position(E'\r' IN t) = 0
             AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array(t, E'\n')) l WHERE btrim(l) = '')
            THEN string_to_array(t, E'\n')
        ELSE ARRAY[t]
    END
$$;

-- A part's text read back from its entries.
CREATE FUNCTION toc_text(a bigint, p text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(body, E'\n' ORDER BY position, id), '') FROM toc_entries WHERE activity_id = a AND part = p
$$;

-- Makes a part's entries match a text: entries whose body is a line of it
-- stay (moved to that line's place), lines no entry holds become entries,
-- entries no line holds go.
CREATE FUNCTION toc_match_text(a bigint, inst bigint, p text, t text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    lines text[] := toc_split(t);
    kept bigint[] := ARRAY[]::bigint[];
    entry bigint;
BEGIN
    FOR i IN 1 .. coalesce(array_length(lines, 1), 0) LOOP
        SELECT id INTO entry FROM toc_entries
        WHERE activity_id = a AND part = p AND body = lines[i] AND id <> ALL (kept)
        ORDER BY position, id LIMIT 1;
        IF FOUND THEN
            UPDATE toc_entries SET position = i WHERE id = entry AND position <> i;
        ELSE
            INSERT INTO toc_entries (institution_id, activity_id, part, term, position, body)
            VALUES (inst, a, p, CASE WHEN p = 'outcome' THEN 'short' END, i, lines[i])
            RETURNING id INTO entry;
        END IF;
        kept := kept || entry;
    END LOOP;
    DELETE FROM toc_entries WHERE activity_id = a AND part = p AND id <> ALL (kept);
END $$;

-- Text written to activities becomes entries. Only a write from outside a
-- trigger counts: the text toc_entries_to_text writes is already the
-- entries' own.
CREATE FUNCTION activities_text_to_toc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.toc_inputs IS DISTINCT FROM OLD.toc_inputs THEN
        PERFORM toc_match_text(NEW.id, NEW.institution_id, 'input', NEW.toc_inputs);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.toc_activities IS DISTINCT FROM OLD.toc_activities THEN
        PERFORM toc_match_text(NEW.id, NEW.institution_id, 'activity', NEW.toc_activities);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.toc_outputs IS DISTINCT FROM OLD.toc_outputs THEN
        PERFORM toc_match_text(NEW.id, NEW.institution_id, 'output', NEW.toc_outputs);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.toc_outcomes IS DISTINCT FROM OLD.toc_outcomes THEN
        PERFORM toc_match_text(NEW.id, NEW.institution_id, 'outcome', NEW.toc_outcomes);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.toc_impact IS DISTINCT FROM OLD.toc_impact THEN
        PERFORM toc_match_text(NEW.id, NEW.institution_id, 'impact', NEW.toc_impact);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.toc_assumptions IS DISTINCT FROM OLD.toc_assumptions THEN
        PERFORM toc_match_text(NEW.id, NEW.institution_id, 'assumption', NEW.toc_assumptions);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER activities_text_to_toc AFTER INSERT OR UPDATE OF toc_inputs, toc_activities, toc_outputs, toc_outcomes,
    toc_impact, toc_assumptions ON activities FOR EACH ROW EXECUTE FUNCTION activities_text_to_toc();

-- Entries written rewrite their part's text on the activity, and raise its
-- version so an activity form opened before the change is refused rather
-- than writing the old text back.
CREATE FUNCTION toc_entries_to_text() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed toc_entries := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.part <> NEW.part AND toc_column(OLD.part) IS NOT NULL THEN
        EXECUTE format('UPDATE activities SET %1$I = toc_text($1, $2), version = version + 1, updated_at = now()
                        WHERE id = $1 AND %1$I IS DISTINCT FROM toc_text($1, $2)', toc_column(OLD.part))
            USING OLD.activity_id, OLD.part;
    END IF;
    IF toc_column(changed.part) IS NOT NULL THEN
        EXECUTE format('UPDATE activities SET %1$I = toc_text($1, $2), version = version + 1, updated_at = now()
                        WHERE id = $1 AND %1$I IS DISTINCT FROM toc_text($1, $2)', toc_column(changed.part))
            USING changed.activity_id, changed.part;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER toc_entries_to_text AFTER INSERT OR UPDATE OR DELETE ON toc_entries
    FOR EACH ROW EXECUTE FUNCTION toc_entries_to_text();

-- Entries from the text of activities that have none yet: for this
-- migration, and for bulk loads that write activities with triggers off.
CREATE FUNCTION toc_entries_from_text(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO toc_entries (institution_id, activity_id, part, term, position, body)
    SELECT a.institution_id, a.id, f.part, CASE WHEN f.part = 'outcome' THEN 'short' END, l.n, l.line
    FROM activities a
    CROSS JOIN LATERAL (VALUES ('input', a.toc_inputs), ('activity', a.toc_activities), ('output', a.toc_outputs),
                               ('outcome', a.toc_outcomes), ('impact', a.toc_impact), ('assumption', a.toc_assumptions)) f (part, t)
    CROSS JOIN LATERAL unnest(toc_split(f.t)) WITH ORDINALITY l (line, n)
    WHERE a.id = ANY (ids) AND NOT EXISTS (SELECT 1 FROM toc_entries e WHERE e.activity_id = a.id)
    ORDER BY a.id, f.part, l.n
$$;

-- Today's text, every activity's, becomes entries (the text is already
-- the entries', so nothing need be written back).
ALTER TABLE toc_entries DISABLE TRIGGER toc_entries_to_text;
SELECT toc_entries_from_text(ARRAY(SELECT id FROM activities));
ALTER TABLE toc_entries ENABLE TRIGGER toc_entries_to_text;
