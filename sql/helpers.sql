-- helpers: the test helpers the rules_* and sweep files share, in schema
-- regress (kept until the end of the run).
--
-- regress.try(stmt) runs a statement: 'ok', or the SQLSTATE and the
-- violated rule (the error's CONSTRAINT_NAME; its COLUMN_NAME if it names a
-- column), with the message, detail and hint shown as a NOTICE (quiet =>
-- true hides them).  keep => false undoes an accepted statement (a probe).
-- immediate => true first makes the deferred checks (ACC-1, ACC-4, ADD-7)
-- immediate, so that they raise in the statement.  Ids, which depend on the
-- other tests, are shown as # (regress.mask), and so are times of day
-- (a row's changed_at), as <time>.  The layouts some files use:
-- the default layout shows a failing row as (...) and names the column of
-- the error; dashes => true shows the row, not the column, and always shows
-- DETAIL and HINT ('-' when empty); context =>
-- true adds the context line isms adds ("existing ... history") to the
-- hint; inline => true returns the message with the SQLSTATE and shows
-- detail and hint on one NOTICE line.
CREATE SCHEMA regress;
CREATE FUNCTION regress.mask(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(regexp_replace(regexp_replace(t, '\m(decision|audit|auditor|certificate) \d+', '\1 #', 'g'),
                          '(\(|, )\d+(?=[,)])', '\1#', 'g'),
                          '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00', '<time>', 'g')
$$;
CREATE FUNCTION regress.try(stmt text, keep boolean DEFAULT true,
    quiet boolean DEFAULT false, immediate boolean DEFAULT false,
    dashes boolean DEFAULT false, context boolean DEFAULT false,
    inline boolean DEFAULT false)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text; con text; col text; msg text; det text; hin text; ctx text;
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
        msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT,
        ctx = PG_EXCEPTION_CONTEXT;
    IF st = 'ZX000' THEN
        RETURN 'ok';
    END IF;
    msg := regress.mask(msg);
    det := regress.mask(det);
    hin := regress.mask(hin);
    IF context THEN
        -- only the context line isms adds, not the PL/pgSQL frames
        hin := coalesce(nullif(hin, ''), '-')
               || coalesce(' [context: ' || regress.mask(substring(ctx from 'existing [^\n]*history')) || ']', '');
    END IF;
    IF quiet THEN
        NULL;
    ELSIF inline THEN
        IF det <> '' OR hin <> '' THEN
            RAISE NOTICE 'detail: % hint: %', nullif(det, ''), nullif(hin, '');
        END IF;
        RETURN st || coalesce(' ' || nullif(con, ''), '') || ': ' || msg;
    ELSIF dashes THEN
        RAISE NOTICE '%', msg USING DETAIL = coalesce(nullif(det, ''), '-'),
                                    HINT = coalesce(nullif(hin, ''), '-');
        RETURN st || coalesce(' ' || nullif(con, ''), '');
    ELSE
        det := regexp_replace(det, '^Failing row contains \(.*\)\.$', 'Failing row contains (...).');
        IF det <> '' AND hin <> '' THEN
            RAISE NOTICE '%', msg USING DETAIL = det, HINT = hin;
        ELSIF det <> '' THEN
            RAISE NOTICE '%', msg USING DETAIL = det;
        ELSIF hin <> '' THEN
            RAISE NOTICE '%', msg USING HINT = hin;
        ELSE
            RAISE NOTICE '%', msg;
        END IF;
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

-- regress.rejected(stmt): the statement must be refused; its error is shown
-- as "NOTICE:  <SQLSTATE> <constraint name>: <message>" with detail and
-- hint (ids masked as <id>), so that the SQLSTATE and the rule are asserted
-- with the wording.  Fails if the statement is accepted.
CREATE PROCEDURE regress.rejected(stmt text)
LANGUAGE plpgsql AS $$
DECLARE
    st text; con text; msg text; det text; hnt text;
BEGIN
    BEGIN
        EXECUTE stmt;
    EXCEPTION WHEN others THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, con = CONSTRAINT_NAME,
            msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
        msg := regexp_replace(msg, '(certificate|decision) \d+', '\1 <id>', 'g');
        det := regexp_replace(det, '(certificate|decision) \d+', '\1 <id>', 'g');
        msg := st || coalesce(' ' || nullif(con, ''), '') || ': ' || msg;
        IF det <> '' AND hnt <> '' THEN
            RAISE NOTICE '%', msg USING DETAIL = det, HINT = hnt;
        ELSIF det <> '' THEN
            RAISE NOTICE '%', msg USING DETAIL = det;
        ELSIF hnt <> '' THEN
            RAISE NOTICE '%', msg USING HINT = hnt;
        ELSE
            RAISE NOTICE '%', msg;
        END IF;
        RETURN;
    END;
    RAISE EXCEPTION 'statement was not rejected: %', stmt;
END $$;

-- regress.fixture(schema, code): the accreditation body <code>-AB, the
-- certification body <code>-CB and the organisation "<schema> organisation"
-- of a rules file, and its helpers in schema <schema> (which must exist):
--   cert(num)            the id of certificate num of the file's bodies
--   new_cert(num, std, cb)  a draft certificate
--   audit(num, kind, start_date, end_date)
--   decide(num, kind, decided, new_expiry, effective, scope, standard,
--          corrects, keep, quiet)  a decision through regress.try (with
--          immediate => true, through regress.try_now); probe() the same,
--          always undone
--   granted(num, decided, new_expiry, std, cb)  granted after a stage 1
--          and a stage 2 audit, with the longest expiry CYC-3 allows
--   decisions(num), timeline(num)  its history, without ids
--   run_sweep(as_of, pattern)      isms.sweep, showing the file's certificates:
--          their status and expiry on as_of by the sweep (reported or, if not,
--          stored), whether a sweep of today reported them, and whether the
--          sweep changed what is stored
CREATE FUNCTION regress.fixture(sch text, code text, immediate boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cb text := code || '-CB';
    org text := sch || ' organisation';
    try text := CASE WHEN immediate THEN 'regress.try_now' ELSE 'regress.try' END;
BEGIN
    INSERT INTO isms.accreditation_body (code, name, recognised) VALUES (code || '-AB', sch || ' accreditation body', true);
    INSERT INTO isms.certification_body (code, name) VALUES (cb, sch || ' certification body');
    INSERT INTO isms.organisation (name) VALUES (org);
    EXECUTE format($q$
CREATE FUNCTION %1$I.cert(num text) RETURNS bigint LANGUAGE sql STABLE AS $b$
    SELECT c.id FROM isms.certificate c
    JOIN isms.certification_body b ON b.id = c.cb_id
    WHERE b.code LIKE %2$L AND c.certificate_number = num
$b$;
CREATE FUNCTION %1$I.new_cert(num text, std text DEFAULT 'ISO/IEC 27001:2022',
    cb text DEFAULT %3$L)
RETURNS text LANGUAGE sql AS $b$
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, num, o.id, std, 'Scope of ' || num
    FROM isms.certification_body b, isms.organisation o
    WHERE b.code = cb AND o.name = %4$L
    RETURNING certificate_number
$b$;
CREATE FUNCTION %1$I.audit(num text, kind isms.audit_kind, start_date date, end_date date)
RETURNS void LANGUAGE sql AS $b$
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (%1$I.cert(num), kind, start_date, end_date)
$b$;
CREATE FUNCTION %1$I.decide(num text, kind isms.decision_kind, decided date,
    new_expiry date DEFAULT NULL, effective date DEFAULT NULL, scope text DEFAULT NULL,
    standard text DEFAULT NULL, corrects bigint DEFAULT NULL,
    keep boolean DEFAULT true, quiet boolean DEFAULT false)
RETURNS text LANGUAGE sql AS $b$
    SELECT %5$s(format(
        'INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date,'
        ' new_expiry, new_scope_statement, new_standard, corrects)'
        ' VALUES (%%L, %%L, %%L, %%L, %%L, %%L, %%L, %%L)',
        %1$I.cert(num), kind, decided, effective, new_expiry, scope, standard, corrects),
        keep, quiet)
$b$;
CREATE FUNCTION %1$I.probe(num text, kind isms.decision_kind, decided date,
    new_expiry date DEFAULT NULL, effective date DEFAULT NULL, scope text DEFAULT NULL,
    standard text DEFAULT NULL, corrects bigint DEFAULT NULL, quiet boolean DEFAULT false)
RETURNS text LANGUAGE sql AS $b$
    SELECT %1$I.decide(num, kind, decided, new_expiry, effective, scope, standard,
        corrects, false, quiet)
$b$;
CREATE FUNCTION %1$I.granted(num text, decided date, new_expiry date DEFAULT NULL,
    std text DEFAULT 'ISO/IEC 27001:2022', cb text DEFAULT %3$L)
RETURNS text LANGUAGE sql AS $b$
    SELECT %1$I.new_cert(num, std, cb);
    SELECT %1$I.audit(num, 'stage1', decided - 60, decided - 59);
    SELECT %1$I.audit(num, 'stage2', decided - 30, decided - 28);
    SELECT %1$I.decide(num, 'grant', decided,
        coalesce(new_expiry, (decided + interval '3 years' - interval '1 day')::date));
$b$;
CREATE FUNCTION %1$I.decisions(num text)
RETURNS TABLE (kind isms.decision_kind, decision_date date, effective_date date,
               new_expiry date, reason text)
LANGUAGE sql STABLE AS $b$
    SELECT d.kind, d.decision_date, d.effective_date, d.new_expiry, d.reason
    FROM isms.decision d WHERE d.certificate_id = %1$I.cert(num)
    ORDER BY d.effective_date, d.id
$b$;
CREATE FUNCTION %1$I.timeline(num text)
RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, set_by text)
LANGUAGE sql STABLE AS $b$
    SELECT t.valid_from, t.valid_until, t.status,
           coalesce(d.kind || ' of ' || d.decision_date, '(date)')
    FROM isms.timeline(%1$I.cert(num)) t
    LEFT JOIN isms.decision d ON d.id = t.decision_id
    ORDER BY t.valid_from
$b$;
CREATE FUNCTION %1$I.run_sweep(as_of date, pattern text DEFAULT '%%')
RETURNS TABLE (certificate_number text, status isms.cert_status, expiry date,
               reported boolean, stored_changed boolean)
LANGUAGE plpgsql AS $b$
DECLARE
    bf jsonb;
    sw jsonb;
BEGIN
    SELECT jsonb_object_agg(c.id, jsonb_build_array(c.status, c.expiry_date)) INTO bf
    FROM isms.certificate c;
    SELECT coalesce(jsonb_object_agg(s.certificate_id, jsonb_build_array(s.new_status, s.new_expiry)), '{}')
    INTO sw FROM isms.sweep(as_of) s;
    RETURN QUERY
    SELECT c.certificate_number,
           CASE WHEN sw ? c.id::text THEN (sw -> c.id::text ->> 0)::isms.cert_status ELSE c.status END,
           CASE WHEN sw ? c.id::text THEN (sw -> c.id::text ->> 1)::date ELSE c.expiry_date END,
           sw ? c.id::text AND as_of = isms.today(),
           bf -> c.id::text IS DISTINCT FROM jsonb_build_array(c.status, c.expiry_date)
    FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
    WHERE b.code LIKE %2$L AND c.certificate_number LIKE pattern
    ORDER BY 1;
END
$b$;
$q$, sch, cb || '%', cb, org, try);
END
$$;
