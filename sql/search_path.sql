--
-- search_path: no caller's search_path changes what the extension runs.
--
-- In a database of its own, schema evil holds a hostile twin of every
-- operator and function that SQL text could reach by name: for each
-- operator name and each pair of argument types of the extension's data for
-- which pg_catalog resolves it, an operator evil.<op>(left, right); for each
-- function name, evil.<name>(type) for each type pg_catalog takes; hostile
-- aggregates likewise, and count(*); for each function of the extension
-- (or of pg_trgm) of several arguments or none, a twin of each of its
-- signatures.  A hostile object returns what the
-- real one returns, and records its call with a session advisory lock keyed
-- by its number (locks survive the rollback of a refused statement; rows
-- would not).  Then every function and trigger path of the extension runs
-- (sp.exercise: decisions of every kind, audits with their time and lead
-- auditor, add-ons, reference data, the read functions, the sweep and
-- refused statements; the lookups by number, sites and confirmations, the
-- BI views, the public register and verification, the role setup and the
-- dangerous-grants check), once with evil ahead of pg_catalog on the
-- search_path and once behind it, in a new session each time (no plan made
-- before the hostile objects exist).  After each run, the hostile objects
-- called are listed: none.
--
-- The names: the operators and functions the SQL functions of the
-- extension's schemas (isms, isms_bi, isms_public) depend on (pg_depend)
-- must be among those made hostile; the C code's SQL
-- uses only names of the same lists (src/*.c).  Constructs that look up an
-- operator by name are covered by its twins: IN, = ANY, NULLIF, CASE x WHEN
-- and IS [NOT] DISTINCT FROM use =, BETWEEN uses >= and <=.  (COALESCE,
-- GREATEST and LEAST are syntax, and ORDER BY, DISTINCT and GROUP BY use the
-- type's default operator class: no name is looked up.)
--
SELECT current_database() AS regress_db \gset
CREATE DATABASE isms_search_path;
\c isms_search_path
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
SET datestyle = ISO;

CREATE SCHEMA evil;
-- the hostile objects, by number
CREATE TABLE evil.hostile (k serial PRIMARY KEY, object text NOT NULL UNIQUE);
-- the argument types tried: those of the extension's columns, parameters
-- and expressions
CREATE TABLE evil.arg_type (t regtype PRIMARY KEY);
INSERT INTO evil.arg_type VALUES
    ('bigint'), ('integer'), ('smallint'), ('numeric'), ('double precision'),
    ('date'), ('timestamp with time zone'), ('interval'), ('text'), ('boolean'),
    ('daterange'), ('isms.cert_status'), ('isms.scope'), ('isms.stdref'),
    ('isms.decision_kind'), ('isms.audit_kind'), ('isms.accreditation_status');
CREATE TABLE evil.operator_name (name text PRIMARY KEY);
INSERT INTO evil.operator_name VALUES
    ('='), ('<>'), ('<'), ('<='), ('>'), ('>='), ('+'), ('-'), ('*'), ('/'), ('%'),
    ('~'), ('~~'), ('||'), ('@>'), ('<@'), ('&&'), ('~='), ('<%');
CREATE TABLE evil.function_name (name text PRIMARY KEY, aggregate boolean NOT NULL);
INSERT INTO evil.function_name VALUES
    ('lower', false), ('upper', false), ('lower_inf', false), ('upper_inf', false),
    ('isempty', false), ('length', false), ('btrim', false), ('abs', false),
    ('ceil', false), ('floor', false), ('round', false), ('trunc', false),
    ('cardinality', false), ('unnest', false),
    ('std_edition', false), ('std_canonical', false), ('valid_periods', false),
    ('scope_kinds', false), ('reference_changed_since', false),
    ('csv_rows', false), ('import_date', false),
    ('count', true), ('max', true), ('min', true), ('sum', true), ('avg', true),
    ('bool_or', true), ('bool_and', true), ('every', true), ('array_agg', true);
-- functions of the extension (and of pg_trgm) that take several arguments
-- or none: a twin of each of their signatures
CREATE TABLE evil.signature_name (name text PRIMARY KEY);
INSERT INTO evil.signature_name VALUES
    ('acting_cbs'), ('acts_as'), ('audit_programme'), ('cert_accreditation'),
    ('chain_field'), ('chain_text'), ('decision_hash'),
    ('cert_latest_expiry'), ('cert_restoration_window'), ('certificate_id'),
    ('effective_scope'), ('fold_text'), ('number_key'), ('status_at'),
    ('state_at'), ('status_label'), ('status_today'), ('std_same_standard'), ('std_without_edition'),
    ('timeline'), ('today'), ('word_similarity'),
    ('base_of'), ('events_after'), ('prune_events'), ('watched_certificates'),
    ('import_decisions'), ('import_certsearch'), ('try_decision');

-- evil.record(k): the call of hostile object k, recorded
CREATE FUNCTION evil.record(k integer) RETURNS void LANGUAGE sql AS
    'SELECT pg_catalog.pg_advisory_lock(4242, k)';

CREATE FUNCTION evil.make() RETURNS void LANGUAGE plpgsql AS $make$
DECLARE
    op text; l regtype; r regtype; t regtype; f text; agg boolean;
    sch text; res regtype; k integer; fn regprocedure; args text;
BEGIN
    -- operators: every pair of types pg_catalog (or, for an operator it
    -- does not have, the schema of pg_trgm) resolves, scalars and the
    -- arrays of each type
    FOR op IN SELECT name FROM evil.operator_name LOOP
        sch := coalesce((SELECT 'pg_catalog' FROM pg_operator o
                          WHERE o.oprname = op AND o.oprnamespace = 'pg_catalog'::regnamespace LIMIT 1),
                        (SELECT n.nspname FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
                          WHERE o.oprname = op AND n.nspname <> 'evil' ORDER BY 1 LIMIT 1));
        FOR l, r IN
            SELECT a.t, b.t FROM evil.arg_type a, evil.arg_type b
            UNION ALL
            SELECT a.t, (a.t::text || '[]')::regtype FROM evil.arg_type a
            UNION ALL
            SELECT (a.t::text || '[]')::regtype, (a.t::text || '[]')::regtype FROM evil.arg_type a
        LOOP
            BEGIN
                EXECUTE format('SELECT pg_catalog.pg_typeof(NULL::%s OPERATOR(%I.%s) NULL::%s)',
                               l, sch, op, r) INTO res;
            EXCEPTION WHEN OTHERS THEN  -- pg_catalog has no such operator
                CONTINUE;
            END;
            INSERT INTO evil.hostile (object) VALUES (format('operator %s(%s, %s)', op, l, r))
                RETURNING hostile.k INTO k;
            EXECUTE format($f$CREATE FUNCTION evil.h%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS $b$
BEGIN PERFORM evil.record(%s); RETURN $1 OPERATOR(%I.%s) $2; END $b$$f$,
                k, l, r, res, k, sch, op);
            EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = evil.h%s)',
                           op, l, r, k);
        END LOOP;
    END LOOP;
    -- functions and aggregates of one argument
    FOR f, agg IN SELECT name, aggregate FROM evil.function_name LOOP
        -- the extension's own functions (isms.std_edition, ...) or pg_catalog's
        sch := CASE WHEN EXISTS (SELECT FROM pg_proc WHERE proname = f AND pronamespace = 'isms'::regnamespace)
                    THEN 'isms' ELSE 'pg_catalog' END;
        -- aggregates of scalars, unnest of arrays, other functions of both
        FOR t IN SELECT a.t FROM evil.arg_type a WHERE f <> 'unnest'
                 UNION ALL
                 SELECT (a.t::text || '[]')::regtype FROM evil.arg_type a WHERE NOT agg LOOP
            BEGIN
                IF f = 'unnest' THEN
                    EXECUTE format('SELECT pg_catalog.pg_typeof(x) FROM pg_catalog.unnest(ARRAY[NULL]::%s) x', t)
                        INTO res;
                ELSE
                    EXECUTE format('SELECT pg_catalog.pg_typeof(%s.%s(NULL::%s))',
                                   sch, f, t) INTO res;
                END IF;
            EXCEPTION WHEN OTHERS THEN  -- no such function
                CONTINUE;
            END;
            CONTINUE WHEN res IS NULL;
            INSERT INTO evil.hostile (object)
                VALUES (format('%s %s(%s)', CASE WHEN agg THEN 'aggregate' ELSE 'function' END, f, t))
                RETURNING hostile.k INTO k;
            IF agg THEN
                -- collects the values; the final function records the call
                -- and hands them to the real aggregate
                EXECUTE format($f$CREATE FUNCTION evil.h%s(%s[]) RETURNS %s LANGUAGE plpgsql AS $b$
BEGIN PERFORM evil.record(%s); RETURN (SELECT pg_catalog.%s(x) FROM pg_catalog.unnest($1) x); END $b$$f$,
                    k, t, res, k, f);
                EXECUTE format('CREATE AGGREGATE evil.%s(%s) (SFUNC = pg_catalog.array_append, STYPE = %s[], FINALFUNC = evil.h%s)',
                               f, t, t, k);
            ELSIF f = 'unnest' THEN
                EXECUTE format($f$CREATE FUNCTION evil.unnest(%s) RETURNS SETOF %s LANGUAGE plpgsql AS $b$
BEGIN PERFORM evil.record(%s); RETURN QUERY SELECT x FROM pg_catalog.unnest($1) x; END $b$$f$,
                    t, res, k);
            ELSE
                EXECUTE format($f$CREATE FUNCTION evil.%s(%s) RETURNS %s LANGUAGE plpgsql AS $b$
BEGIN PERFORM evil.record(%s); RETURN %s.%s($1); END $b$$f$,
                    f, t, res, k, sch, f);
            END IF;
        END LOOP;
    END LOOP;
    -- functions of several arguments or none: each signature of the real
    -- function (the extension's, else pg_catalog's or pg_trgm's)
    FOR fn, sch IN
        SELECT p.oid::regprocedure, n.nspname
          FROM evil.signature_name s
          JOIN pg_proc p ON p.proname = s.name
          JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname <> 'evil' AND p.prokind = 'f'
         ORDER BY p.oid::regprocedure::text
    LOOP
        -- the arguments' types and defaults (their names could clash with
        -- the names of a table's columns)
        SELECT string_agg(format('%s%s', format_type(p.proargtypes[i OPERATOR(pg_catalog.-) 1], NULL),
                                 ' DEFAULT ' || pg_catalog.pg_get_function_arg_default(fn, i)), ', ' ORDER BY i),
               string_agg(format('$%s', i), ', ' ORDER BY i)
          INTO args, f
          FROM pg_proc p, pg_catalog.generate_series(1, p.pronargs) i
         WHERE p.oid = fn;
        INSERT INTO evil.hostile (object) VALUES (format('function %s', fn))
            RETURNING hostile.k INTO k;
        EXECUTE format($f$CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql AS $b$
BEGIN PERFORM evil.record(%s); %s %I.%I(%s); END $b$$f$,
            (SELECT p.proname FROM pg_proc p WHERE p.oid = fn),
            coalesce(args, ''), pg_catalog.pg_get_function_result(fn), k,
            CASE WHEN (SELECT p.proretset FROM pg_proc p WHERE p.oid = fn)
                 THEN 'RETURN QUERY SELECT * FROM' ELSE 'RETURN' END,
            sch, (SELECT p.proname FROM pg_proc p WHERE p.oid = fn), coalesce(f, ''));
    END LOOP;
    -- count(*) and now()
    INSERT INTO evil.hostile (object) VALUES ('aggregate count(*)') RETURNING hostile.k INTO k;
    EXECUTE format($f$CREATE FUNCTION evil.h%s(bigint) RETURNS bigint LANGUAGE plpgsql AS $b$
BEGIN PERFORM evil.record(%s); RETURN $1; END $b$$f$, k, k);
    EXECUTE format('CREATE AGGREGATE evil.count(*) (SFUNC = pg_catalog.int8inc, STYPE = bigint, INITCOND = 0, FINALFUNC = evil.h%s)', k);
    INSERT INTO evil.hostile (object) VALUES ('function now()') RETURNING hostile.k INTO k;
    EXECUTE format($f$CREATE FUNCTION evil.now() RETURNS timestamptz LANGUAGE plpgsql AS $b$
BEGIN PERFORM evil.record(%s); RETURN pg_catalog.now(); END $b$$f$, k);
END
$make$;
SELECT evil.make();
SELECT count(*) FILTER (WHERE object LIKE 'operator %') > 500 AS "hostile operators",
       count(*) FILTER (WHERE object LIKE 'function %') > 50 AS "hostile functions",
       count(*) FILTER (WHERE object LIKE 'aggregate %') > 50 AS "hostile aggregates"
FROM evil.hostile;

-- The operators and functions the extension's SQL functions call, by name:
-- none that has no hostile twin.
SELECT DISTINCT CASE d.refclassid WHEN 'pg_operator'::regclass THEN 'operator ' || o.oprname
                                  ELSE 'function ' || p.proname END AS "not made hostile"
FROM pg_depend d
JOIN pg_proc f ON d.classid = 'pg_proc'::regclass AND d.objid = f.oid
LEFT JOIN pg_operator o ON d.refclassid = 'pg_operator'::regclass AND o.oid = d.refobjid
LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
WHERE f.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
  AND f.pronamespace IN ('isms'::regnamespace, 'isms_bi'::regnamespace, 'isms_public'::regnamespace)
  AND (o.oprname IS NOT NULL OR p.proname IS NOT NULL)
  AND coalesce(o.oprname NOT IN (SELECT name FROM evil.operator_name),
               p.proname NOT IN (SELECT name FROM evil.function_name UNION ALL SELECT name FROM evil.signature_name))
ORDER BY 1;

-- evil.called(): the hostile objects called since the last report; forgets them.
CREATE FUNCTION evil.called() RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
        SELECT h.object FROM evil.hostile h
        JOIN pg_catalog.pg_locks l ON l.locktype OPERATOR(pg_catalog.=) 'advisory'
         AND l.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid()
         AND l.classid OPERATOR(pg_catalog.=) 4242 AND l.objsubid OPERATOR(pg_catalog.=) 2
         AND l.objid OPERATOR(pg_catalog.=) h.k
        ORDER BY 1;
    PERFORM pg_catalog.pg_advisory_unlock_all();
END $$;

-- Shared reference data: bodies accredited for ISMS and ISMS-CLOUD, an
-- organisation, a lead auditor registered since 2010.
INSERT INTO isms.accreditation_body (code, name, iaf_mla) VALUES ('SP-AB', 'search_path AB', true);
INSERT INTO isms.certification_body (code, name) VALUES ('SP-CB', 'search_path CB');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, s.scheme, '2010-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb,
     (VALUES ('ISMS'), ('ISMS-CLOUD')) s(scheme);
INSERT INTO isms.organisation (name) VALUES ('search_path organisation');
INSERT INTO isms.personnel_body (code, name) VALUES ('SP-PB', 'search_path personnel body');
INSERT INTO isms.auditor (name) VALUES ('search_path auditor');
INSERT INTO isms.auditor_registration (auditor_id, body_id, grade, valid_from)
SELECT a.id, b.id, 'lead auditor', '2010-01-01' FROM isms.auditor a, isms.personnel_body b;

-- sp.exercise(tag): every function and trigger path, on certificates
-- <tag>-1 .. <tag>-7; one row per step, 'ok' (or a status), or the SQLSTATE
-- and the rule (constraint name) of a refusal.
-- Its own statements name everything with its schema and use
-- OPERATOR(pg_catalog.x), so that only the extension can reach evil.
CREATE SCHEMA sp;
CREATE FUNCTION sp.exercise(tag text) RETURNS TABLE (step text, result text)
LANGUAGE plpgsql AS $exercise$
DECLARE
    cb bigint; org bigint; lead bigint; reg bigint; acc bigint;
    c1 bigint; c2 bigint; c3 bigint; c4 bigint; c5 bigint; c6 bigint; c7 bigint; c8 bigint;
    a bigint; d bigint; x text; day date; si bigint;
BEGIN
    SET CONSTRAINTS ALL IMMEDIATE;  -- the deferred rechecks (ACC-1, ACC-4, ADD-7) run in each statement
    SELECT b.id INTO cb FROM isms.certification_body b WHERE b.code OPERATOR(pg_catalog.=) 'SP-CB';
    SELECT o.id INTO org FROM isms.organisation o WHERE o.name OPERATOR(pg_catalog.=) 'search_path organisation';
    SELECT au.id INTO lead FROM isms.auditor au;
    SELECT r.id INTO reg FROM isms.auditor_registration r;
    SELECT ac.id INTO acc FROM isms.accreditation ac WHERE ac.scheme OPERATOR(pg_catalog.=) 'ISMS';

    -- <tag>-1: initial audits with time and lead auditor (TIME-2, ACC-4),
    -- grant, surveillance, suspension, reinstatement, scope reduction,
    -- special audit and scope extension, recertification, a suspension
    -- annulled
    step := 'certificate'; result := 'ok';
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                                  scope_statement, scope, persons_in_scope, sites)
    VALUES (cb, pg_catalog.format('%s-1', tag), org, 'ISO/IEC 27001:2022', 'Scope',
            '{site:Tokyo, site:Osaka, service:cloud/IaaS}', 50, 3)
    RETURNING id INTO c1;
    RETURN NEXT;
    step := 'audits with time and lead auditor';
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, lead_auditor_id)
    VALUES (c1, 'stage1', '2023-01-10', '2023-01-11', 4, lead),
           (c1, 'stage2', '2023-02-01', '2023-02-03', 10, lead);
    RETURN NEXT;
    step := 'grant';
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c1, 'grant', '2023-03-01', '2026-02-28');
    RETURN NEXT;
    step := 'surveillance audit';
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, lead_auditor_id)
    VALUES (c1, 'surveillance', '2024-01-15', '2024-01-16', 5, lead);
    RETURN NEXT;
    step := 'suspend, reinstate';
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c1, 'suspend', '2024-05-01');
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c1, 'reinstate', '2024-06-01');
    RETURN NEXT;
    step := 'reduce_scope';
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (c1, 'reduce_scope', '2024-07-01', '{site:Tokyo, service:cloud/IaaS}');
    RETURN NEXT;
    step := 'special audit, extend_scope';
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c1, 'special', '2024-07-20', '2024-07-21');
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (c1, 'extend_scope', '2024-08-01', '{site:Tokyo, site:Osaka, service:cloud/IaaS}');
    RETURN NEXT;
    step := 'surveillance and recertification audits, recertify';
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, lead_auditor_id)
    VALUES (c1, 'surveillance', '2025-01-15', '2025-01-16', 5, lead),
           (c1, 'recertification', '2025-12-01', '2025-12-03', 8, lead);
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c1, 'recertify', '2026-01-15', '2029-02-28');
    RETURN NEXT;
    step := 'suspend, annul';
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c1, 'suspend', '2026-03-01')
    RETURNING id INTO d;
    INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
    VALUES (c1, 'annul', '2026-03-02', d);
    RETURN NEXT;

    -- <tag>-2: an add-on of <tag>-1 (ISO/IEC 27017), with its base's scope
    step := 'add-on: certificate, audits, grant';
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                                  scope_statement, base_certificate_id)
    VALUES (cb, pg_catalog.format('%s-2', tag), org, 'ISO/IEC 27017:2015', 'Cloud', c1)
    RETURNING id INTO c2;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c2, 'stage1', '2024-09-02', '2024-09-03'), (c2, 'stage2', '2024-10-01', '2024-10-02');
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c2, 'grant', '2024-11-01', '2026-02-28');
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c2, 'special', '2025-02-01', '2025-02-01');
    RETURN NEXT;
    step := 'base suspended and reinstated under its add-on';
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c1, 'suspend', '2026-04-01');
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c1, 'reinstate', '2026-04-15');
    RETURN NEXT;
    step := 'extraordinary-event extension';
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, reason, authority)
    VALUES (c1, 'extend', '2026-05-01', '2029-08-28', 'disaster', 'accreditation body decision');
    RETURN NEXT;

    -- <tag>-3: on the 2013 edition, transition audit and transition
    step := 'transition audit, transition';
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    VALUES (cb, pg_catalog.format('%s-3', tag), org, 'ISO/IEC 27001:2013', 'Scope')
    RETURNING id INTO c3;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c3, 'stage1', '2022-01-10', '2022-01-11'), (c3, 'stage2', '2022-02-01', '2022-02-02');
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c3, 'grant', '2022-03-01', '2025-02-28');
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, lead_auditor_id)
    VALUES (c3, 'surveillance', '2023-01-10', '2023-01-11', 3, lead),
           (c3, 'transition', '2023-06-01', '2023-06-02', 4, lead);
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (c3, 'transition', '2023-07-01', 'ISO/IEC 27001:2022');
    RETURN NEXT;

    -- <tag>-4 withdrawn, <tag>-5 cancelled, <tag>-6 expired and restored
    step := 'withdraw, cancel';
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    VALUES (cb, pg_catalog.format('%s-4', tag), org, 'ISO/IEC 27001:2022', 'Scope') RETURNING id INTO c4;
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    VALUES (cb, pg_catalog.format('%s-5', tag), org, 'ISO/IEC 27001:2022', 'Scope') RETURNING id INTO c5;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c4, 'stage1', '2023-01-10', '2023-01-11'), (c4, 'stage2', '2023-02-01', '2023-02-02'),
           (c5, 'stage1', '2023-01-10', '2023-01-11'), (c5, 'stage2', '2023-02-01', '2023-02-02');
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c4, 'grant', '2023-03-01', '2026-02-28'), (c5, 'grant', '2023-03-01', '2026-02-28');
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c4, 'withdraw', '2023-09-01');
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c5, 'cancel', '2023-09-01');
    RETURN NEXT;
    step := 'restore';
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    VALUES (cb, pg_catalog.format('%s-6', tag), org, 'ISO/IEC 27001:2022', 'Scope') RETURNING id INTO c6;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c6, 'stage1', '2022-11-10', '2022-11-11'), (c6, 'stage2', '2022-12-01', '2022-12-02'),
           (c6, 'surveillance', '2023-11-10', '2023-11-11'), (c6, 'surveillance', '2024-11-10', '2024-11-11'),
           (c6, 'recertification', '2026-01-10', '2026-01-12');
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c6, 'grant', '2023-01-01', '2025-12-31');
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c6, 'restore', '2026-02-01', '2028-12-31');
    RETURN NEXT;
    -- <tag>-8 entered by an opening balance (EVD-2), then suspended
    step := 'open';
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    VALUES (cb, pg_catalog.format('%s-8', tag), org, 'ISO/IEC 27001:2022', 'Scope') RETURNING id INTO c8;
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, original_date,
                               cycle_start, opening_status)
    VALUES (c8, 'open', '2025-06-01', '2027-03-31', '2018-04-01', '2024-04-01', 'active');
    INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c8, 'suspend', '2025-07-01');
    RETURN NEXT;

    -- changes to audits, accreditations, registrations, reference data
    step := 'audit updated, audit deleted';
    UPDATE isms.audit SET notes = 'checked' WHERE certificate_id OPERATOR(pg_catalog.=) c1;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c1, 'special', '2026-04-01', '2026-04-01') RETURNING id INTO a;
    DELETE FROM isms.audit WHERE id OPERATOR(pg_catalog.=) a;
    RETURN NEXT;
    step := 'accreditation and registration updated';
    UPDATE isms.accreditation SET accreditation_number = tag WHERE id OPERATOR(pg_catalog.=) acc;
    UPDATE isms.auditor_registration SET registration_number = tag WHERE id OPERATOR(pg_catalog.=) reg;
    RETURN NEXT;
    step := 'certificate updated';
    UPDATE isms.certificate SET soa_version = tag, persons_in_scope = 60 WHERE id OPERATOR(pg_catalog.=) c1;
    UPDATE isms.certificate SET base_certificate_id = c1 WHERE id OPERATOR(pg_catalog.=) c2;
    RETURN NEXT;
    step := 'standard, transition, scheme and audit time added';
    INSERT INTO isms.scheme (code, name) VALUES (pg_catalog.format('SP-%s', tag), 'search_path scheme');
    INSERT INTO isms.standard (ref, number, edition, scheme)
    VALUES (pg_catalog.format('ISO 9%s:2020', pg_catalog.ascii(tag)), pg_catalog.format('ISO 9%s', pg_catalog.ascii(tag)),
            2020, pg_catalog.format('SP-%s', tag)),
           (pg_catalog.format('ISO 9%s:2024', pg_catalog.ascii(tag)), pg_catalog.format('ISO 9%s', pg_catalog.ascii(tag)),
            2024, pg_catalog.format('SP-%s', tag));
    INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
    VALUES (pg_catalog.format('ISO 9%s:2020', pg_catalog.ascii(tag)), pg_catalog.format('ISO 9%s:2024', pg_catalog.ascii(tag)),
            '2024-06-01', '2025-06-01', '2026-06-01');
    INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
    VALUES (pg_catalog.format('SP-%s', tag), 10, 3, 1, 2), (pg_catalog.format('SP-%s', tag), 100, 6, 2, 4);
    RETURN NEXT;

    -- the read functions
    step := 'read functions';
    PERFORM isms.status_at(c1, '2024-05-15'), isms.valid_periods(c1), isms.effective_scope(c2),
            isms.cert_latest_expiry(c1, 'recertify', '2026-01-15'),
            isms.latest_expiry('grant', '2023-03-01'), isms.cert_restoration_window(c6),
            isms.restoration_window('2025-12-31'), isms.std_canonical('JIS Q 27001:2023'),
            isms.decision_outcome('active', 'suspend'), isms.is_legal_transition('active', 'suspended'),
            isms.status_label('active', 'ja'),
            isms.audit_days(50, 'initial'), isms.audit_days(50, 'surveillance', 'ISO/IEC 27001:2013'),
            isms.sample_size(5, 'initial');
    PERFORM * FROM isms.timeline(c1);
    PERFORM isms.valid_periods(c1, 'infinity'),
            isms.reference_changed_since('2024-01-01');
    PERFORM * FROM isms.timeline(c1, 'infinity');
    PERFORM * FROM isms.state_at(c1, '2024-05-15', 'infinity');
    PERFORM * FROM isms.audit_programme(c1, '2025-06-01');
    PERFORM * FROM isms.audit_programme(c2, '2025-06-01');
    PERFORM * FROM isms.cycle_programme('2023-03-01', '2026-02-28');
    PERFORM * FROM isms.cert_accreditation(c1, '2024-05-15');
    RETURN NEXT;
    step := 'sweep';
    PERFORM * FROM isms.sweep();
    RETURN NEXT;
    -- <tag>-7: granted 500 days ago, no surveillance audit since: the sweep
    -- of today suspends it where the scheme asks for it (SUR-3)
    step := 'sweep suspending an overdue certificate';
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    VALUES (cb, pg_catalog.format('%s-7', tag), org, 'ISO/IEC 27001:2022', 'Scope') RETURNING id INTO c7;
    day := isms.today() OPERATOR(pg_catalog.-) 500;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (c7, 'stage1', day OPERATOR(pg_catalog.-) 60, day OPERATOR(pg_catalog.-) 60),
           (c7, 'stage2', day OPERATOR(pg_catalog.-) 30, day OPERATOR(pg_catalog.-) 30);
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c7, 'grant', day, day OPERATOR(pg_catalog.+) 1000);
    INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true)
        ON CONFLICT (scheme) DO UPDATE SET auto_suspend_overdue = true;
    PERFORM * FROM isms.sweep();
    result := isms.status_at(c7, isms.today());
    DELETE FROM isms.scheme_setting WHERE scheme OPERATOR(pg_catalog.=) 'ISMS';
    RETURN NEXT;
    result := 'ok';

    -- lookups by (body code, number as printed), sites, confirmations
    step := 'lookups by number';
    PERFORM isms.certificate_id('sp-cb', pg_catalog.format('%s 1', tag)),
            isms.status_at('SP-CB', pg_catalog.format('%s-1', tag), '2024-05-15'),
            isms.valid_periods('SP-CB', pg_catalog.format('%s-1', tag)),
            isms.effective_scope('SP-CB', pg_catalog.format('%s-2', tag)),
            isms.cert_latest_expiry('SP-CB', pg_catalog.format('%s-1', tag), 'recertify', '2026-01-15'),
            isms.cert_restoration_window('SP-CB', pg_catalog.format('%s-6', tag));
    PERFORM * FROM isms.timeline('SP-CB', pg_catalog.format('%s-1', tag));
    PERFORM isms.status_at('SP-CB', pg_catalog.format('%s-1', tag), '2024-05-15', 'infinity'),
            isms.valid_periods('SP-CB', pg_catalog.format('%s-1', tag), 'infinity');
    PERFORM * FROM isms.timeline('SP-CB', pg_catalog.format('%s-1', tag), 'infinity');
    PERFORM * FROM isms.audit_programme('SP-CB', pg_catalog.format('%s-2', tag), '2025-06-01');
    PERFORM * FROM isms.cert_accreditation('SP-CB', pg_catalog.format('%s-1', tag), '2024-05-15');
    PERFORM * FROM isms.find_certificates(pg_catalog.format('%s 1', tag));
    PERFORM * FROM isms.find_organisations('search_path organisation');
    RETURN NEXT;
    step := 'sites and confirmations';
    INSERT INTO isms.site (organisation_id, name, country)
    VALUES (org, pg_catalog.format('%s site', tag), 'JP') RETURNING id INTO si;
    UPDATE isms.site SET city = 'Tokyo' WHERE id OPERATOR(pg_catalog.=) si;
    INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id) VALUES (c1, si, org);
    UPDATE isms.organisation SET city = tag WHERE id OPERATOR(pg_catalog.=) org;
    INSERT INTO isms.register_confirmation (cb_id, note) VALUES (cb, tag);
    RETURN NEXT;
    -- the surfaces for readers
    step := 'BI views';
    PERFORM * FROM isms_bi.certificates;
    PERFORM * FROM isms_bi.validity_periods;
    PERFORM * FROM isms_bi.obligations;
    PERFORM * FROM isms_bi.expiring;
    PERFORM * FROM isms_bi.long_suspensions;
    PERFORM * FROM isms_bi.monthly_status_counts;
    PERFORM * FROM isms_bi.register_updates;
    PERFORM * FROM isms_bi.certsearch;
    PERFORM * FROM isms_bi.certsearch_changed_since('2024-01-01');
    RETURN NEXT;
    step := 'public register and verification';
    PERFORM * FROM isms_public.register;
    PERFORM * FROM isms_public.certification_bodies;
    PERFORM * FROM isms_public.verify('SP-CB', pg_catalog.format('%s-1', tag), '2024-05-15');
    PERFORM * FROM isms_public.verify('sp-cb', pg_catalog.format('%s 1', tag));
    PERFORM * FROM isms_public.verify('sp-cb', pg_catalog.format('%s 1', tag), '2024-05-15', 'infinity');
    RETURN NEXT;
    step := 'role setup and dangerous grants';
    PERFORM * FROM isms.setup_roles('regress_sp_');
    PERFORM isms.setup_cb_writer('SP-CB', NULL, 'regress_sp_');
    PERFORM * FROM isms.dangerous_grants();
    RETURN NEXT;

    -- imports with per-row errors, a dry run and a tried decision
    step := 'imports, dry run, tried decision';
    PERFORM * FROM isms.csv_rows(E'a,b\n1,"2"');
    PERFORM isms.import_date('20240401');
    PERFORM * FROM isms.import_decisions(pg_catalog.format(
        E'cb_code,certificate_number,kind,decision_date\nSP-CB,%s-4,withdraw,2023-10-01\nSP-CB,%s-1,suspend,2026-05-01\n',
        tag, tag), true);
    SELECT pg_catalog.count(*)::text INTO result FROM isms.import_decisions(pg_catalog.format(
        E'cb_code,certificate_number,kind,decision_date,reason\nSP-CB,%s-1,suspend,2026-05-02,imported\nsp-cb,%s-1,reinstate,2026-05-03,\n',
        tag, tag));
    result := pg_catalog.format('%s refused', result);
    PERFORM * FROM isms.try_decision(c1, 'suspend', '2026-05-04');
    -- a CertSearch file: an opening, a known certificate unchanged
    SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', e.line, e.sqlstate, e.rule, e.message), '; ') INTO x
      FROM isms.import_certsearch(pg_catalog.format(
        E'Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name\n'
        '%s-9,Suspended,ISO/IEC 27001:2022,Scope,20200101,20250101,20271231,search_path organisation\n'
        '%s-1,Active,ISO/IEC 27001:2022,Scope,20230301,20260115,%s,search_path organisation\n',
        tag, tag, pg_catalog.to_char((SELECT s.expiry_date FROM isms.state_at(c1, '2026-05-05', 'infinity') s),
                                     'YYYYMMDD')), 'SP-CB', '2026-05-05') e;
    result := pg_catalog.concat_ws('; ', result, x);
    RETURN NEXT;
    result := 'ok';

    -- refusals: each must fail, with its SQLSTATE
    FOR step, x IN VALUES
        ('grant of a withdrawn certificate (WDR-1)',
         pg_catalog.format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
                              VALUES (%s, 'grant', '2023-10-01', '2026-09-30')$$, c4)),
        ('second recertification without its audit (REC-1)',
         pg_catalog.format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
                              VALUES (%s, 'recertify', '2026-05-01', '2030-02-28')$$, c1)),
        ('audit time too short (TIME-2)',
         pg_catalog.format($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, lead_auditor_id)
                              VALUES (%s, 'surveillance', '2026-05-01', '2026-05-01', 0.5, %s)$$, c1, lead)),
        ('add-on scope extension without its audit (SCO-1)',
         pg_catalog.format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
                              VALUES (%s, 'extend_scope', '2025-03-01', '{site:Nagoya}')$$, c2)),
        ('column written after decisions',
         pg_catalog.format($$UPDATE isms.certificate SET scope = '{site:Nagoya}' WHERE id OPERATOR(pg_catalog.=) %s$$, c2)),
        ('decision updated (LOG-1)',
         pg_catalog.format($$UPDATE isms.decision SET reason = 'x' WHERE certificate_id OPERATOR(pg_catalog.=) %s$$, c1)),
        ('derived column written',
         pg_catalog.format($$UPDATE isms.certificate SET status = 'expired' WHERE id OPERATOR(pg_catalog.=) %s$$, c1)),
        ('shipped standard edited',
         $$UPDATE isms.standard SET title = 'x' WHERE ref OPERATOR(pg_catalog.=) 'ISO/IEC 27001:2022'$$),
        ('accreditation ended under a grant (ACC-1)',
         pg_catalog.format($$UPDATE isms.accreditation SET valid_until = '2020-12-31' WHERE id OPERATOR(pg_catalog.=) %s$$, acc)),
        ('registration ended under an audit (ACC-4)',
         pg_catalog.format($$UPDATE isms.auditor_registration SET valid_until = '2020-12-31' WHERE id OPERATOR(pg_catalog.=) %s$$, reg)),
        ('audit time falling (TIME-1)',
         pg_catalog.format($$INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
                              VALUES ('SP-%s', 1000, 1, 1, 1)$$, tag)),
        ('truncate audits', 'TRUNCATE isms.audit')
    LOOP
        BEGIN
            EXECUTE x;
            result := 'accepted';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS x = CONSTRAINT_NAME;
            result := pg_catalog.btrim(pg_catalog.concat_ws(' ', SQLSTATE, x));
        END;
        RETURN NEXT;
    END LOOP;
END
$exercise$;

-- The exercise with evil ahead of pg_catalog, in a new session.
\c isms_search_path
SET datestyle = ISO;
SET search_path = evil, pg_catalog, isms, public;
SELECT * FROM sp.exercise('A');
RESET search_path;
SELECT evil.called() AS "hostile objects called, evil ahead of pg_catalog";

-- The same, evil behind pg_catalog.
\c isms_search_path
SET datestyle = ISO;
SET search_path = isms, public, evil;
SELECT * FROM sp.exercise('B');
RESET search_path;
SELECT evil.called() AS "hostile objects called, evil behind pg_catalog";

-- The trap works: an unqualified comparison of two bigints is caught
-- whichever side of pg_catalog evil is on.
SET search_path = evil, pg_catalog;
SELECT 1::bigint = 2::bigint AS "1 = 2";
SET search_path = pg_catalog, evil;
SELECT 2::numeric * 3 AS "2 * 3";
-- ... and so is a function of the extension, and pg_trgm's operator
SET search_path = evil, isms, public;
SELECT number_key('jqa im-1') AS "number key", 'im' <% 'jqa im' AS "<%";
RESET search_path;
SELECT evil.called() AS "hostile objects called by the trap check";

\c :regress_db
DROP DATABASE isms_search_path;
DROP ROLE regress_sp_cb_sp_cb, regress_sp_accreditation_body, regress_sp_cb_writers,
          regress_sp_bi_reader, regress_sp_public, regress_sp_sweep;
