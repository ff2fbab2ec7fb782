-- A notification is only ever for someone who can still sign in. Jobs add
-- notifications with INSERT … SELECT, which reads the people as they were
-- when its statement began: a person erased (or disabled) while such a
-- statement ran could be left a notification after the erasure removed
-- theirs. Locking the person's row here makes the two wait for each
-- other: a notification added first is seen and removed by the erasure's
-- later statements; one added while an erasure is under way waits for it,
-- finds the person disabled and is not added.
CREATE FUNCTION notifications_only_for_active_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM users WHERE id = NEW.user_id AND disabled_at IS NULL FOR SHARE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER notifications_only_for_active_people
    BEFORE INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_only_for_active_people();
