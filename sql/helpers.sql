-- helpers: the test helpers the rules_* and sweep files share, in schema
-- regress (kept until the end of the run).
--
-- regress.try(stmt) runs a statement: 'ok', or the SQLSTATE and the
-- violated rule (the error's CONSTRAINT_NAME; its COLUMN_NAME if it names a
-- column), with the message, detail and hint shown as a NOTICE (quiet =>
-- true hides them).  keep => false undoes an accepted statement (a probe).
-- immediate => true first makes the deferred checks (ACC-1, ACC-4, ADD-7)
-- immediate, so that they raise in the statement.  Ids, which depend on the
-- other tests, are shown as # (regress.mask).
CREATE SCHEMA regress;
CREATE FUNCTION regress.mask(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(regexp_replace(t, '\m(decision|certificate) \d+', '\1 #', 'g'),
                          '(\(|, )\d+(?=[,)])', '\1#', 'g')
$$;
CREATE FUNCTION regress.try(stmt text, keep boolean DEFAULT true,
    quiet boolean DEFAULT false, immediate boolean DEFAULT false)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text; con text; col text; msg text; det text; hin text;
BEGIN
    IF immediate THEN
        SET CONSTRAINTS ALL IMMEDIATE;
    END IF;
    EXECUTE stmt;
    IF NOT keep THEN
        RAISE EXCEPTION 'probe accepted' USING ERRCODE = 'ZX000';
    END IF;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, con = CONSTRAINT_NAME, col = COLUMN_NAME,
        msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT;
    IF st = 'ZX000' THEN
        RETURN 'ok';
    END IF;
    msg := regress.mask(msg);
    det := regress.mask(det);
    hin := regress.mask(hin);
    IF quiet THEN
        NULL;
    ELSIF det <> '' AND hin <> '' THEN
        RAISE NOTICE '%', msg USING DETAIL = det, HINT = hin;
    ELSIF det <> '' THEN
        RAISE NOTICE '%', msg USING DETAIL = det;
    ELSIF hin <> '' THEN
        RAISE NOTICE '%', msg USING HINT = hin;
    ELSE
        RAISE NOTICE '%', msg;
    END IF;
    RETURN st || coalesce(' ' || nullif(con, ''), '')
              || coalesce(' (column ' || nullif(col, '') || ')', '');
END
$$;
SELECT regress.try('SELECT 1') AS accepted, regress.try('SELECT 1/0') AS refused;
-- regress.try() with the deferred checks made immediate
CREATE FUNCTION regress.try_now(stmt text, keep boolean DEFAULT true,
    quiet boolean DEFAULT false) RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(stmt, keep, quiet, true)
$$;
