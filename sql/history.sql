-- history: editing the past.  Corrections and annulments (LOG-1) re-check
-- the history after them; decisions overtaken by a withdrawal; a
-- recertification decided before a suspension; defaults computed within a
-- multi-row statement; scope in force as of a day; the sweep's date for
-- SUR-3 suspensions; TRUNCATE of evidence; a search_path attack on the
-- triggers' queries.
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default
CREATE SCHEMA hist;

-- try(stmt): regress.try (sql/helpers.sql) with the deferred checks made
-- immediate, DETAIL and HINT always shown, the history context in the hint.
CREATE FUNCTION hist.try(stmt text) RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(stmt, immediate => true, dashes => true, context => true)
$$;

INSERT INTO isms.accreditation_body (code, name, recognised) VALUES ('HIST-AB', 'history AB', true);
INSERT INTO isms.certification_body (code, name) VALUES ('HIST-CB', 'history CB');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS', '2015-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb
WHERE ab.code = 'HIST-AB' AND cb.code = 'HIST-CB';
INSERT INTO isms.organisation (name) VALUES ('history organisation');

CREATE FUNCTION hist.cid(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM isms.certificate WHERE certificate_number = num
$$;
-- a certificate with stage 1/2 audits, granted on 2023-04-01 (expiry
-- 2026-03-31), with surveillance audits in 2024 and 2025 and a
-- recertification audit in January 2026
CREATE FUNCTION hist.granted(num text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE c bigint;
BEGIN
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT cb.id, num, o.id, 'ISO/IEC 27001:2022', 'Operation of the payroll service'
    FROM isms.certification_body cb, isms.organisation o
    WHERE cb.code = 'HIST-CB' AND o.name = 'history organisation'
    RETURNING id INTO c;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
        (c, 'stage1', '2023-02-01', '2023-02-02'), (c, 'stage2', '2023-03-01', '2023-03-03'),
        (c, 'surveillance', '2024-03-01', '2024-03-02'), (c, 'surveillance', '2025-03-01', '2025-03-02'),
        (c, 'recertification', '2026-01-10', '2026-01-12');
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (c, 'grant', '2023-04-01', '2026-03-31');
    RETURN c;
END
$$;
CREATE FUNCTION hist.did(num text, k isms.decision_kind, d date) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM isms.decision WHERE certificate_id = hist.cid(num) AND kind = k AND decision_date = d
$$;
CREATE FUNCTION hist.timeline(num text) RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status)
LANGUAGE sql STABLE AS $$
    SELECT valid_from, valid_until, status FROM isms.timeline(hist.cid(num))
$$;

--
-- LOG-1: a correction changes the history; the decisions after it must
-- still obey every rule.  Shortening the grant's expiry to 2026-01-31
-- would leave the recertification of 2026-02-01 decided after expiry.
--
SELECT hist.granted('H-1') IS NOT NULL AS granted;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (hist.cid('H-1'), 'recertify', '2026-02-01', '2029-03-31');
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects)
    VALUES (%s, 'grant', '2023-04-01', '2026-01-31', %s)$$,
    hist.cid('H-1'), hist.did('H-1', 'grant', '2023-04-01'))) AS shorter_grant;
-- CYC-3 of the recertification counts from the corrected expiry too
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects)
    VALUES (%s, 'grant', '2023-04-01', '2026-03-30', %s)$$,
    hist.cid('H-1'), hist.did('H-1', 'grant', '2023-04-01'))) AS grant_one_day_shorter;
-- a correction that keeps the later history legal is accepted (here: the
-- certificate was issued two days after the decision, not on it)
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry, corrects)
    VALUES (%s, 'grant', '2023-04-01', '2023-04-03', '2026-03-31', %s)$$,
    hist.cid('H-1'), hist.did('H-1', 'grant', '2023-04-01'))) AS corrected_grant;
SELECT original_certification_date, cycle_start, expiry_date FROM isms.certificate WHERE id = hist.cid('H-1');
SELECT * FROM hist.timeline('H-1');

--
-- LOG-1: annul voids a decision without replacing it.  A suspension
-- recorded by mistake, and its reinstatement, are annulled together; the
-- certificate was active all along.
--
SELECT hist.granted('H-2') IS NOT NULL AS granted;
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (hist.cid('H-2'), 'suspend', '2024-06-10', 'recorded for the wrong certificate');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (hist.cid('H-2'), 'reinstate', '2024-06-20');
SELECT * FROM hist.timeline('H-2');
-- annulling only the suspension would leave a reinstatement of an active certificate
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
    VALUES (%s, 'annul', '2024-06-21', %s)$$,
    hist.cid('H-2'), hist.did('H-2', 'suspend', '2024-06-10'))) AS annul_suspension_only;
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects, reason)
    VALUES (%1$s, 'annul', '2024-06-21', %2$s, 'wrong certificate'),
           (%1$s, 'annul', '2024-06-21', %3$s, 'wrong certificate')$$,
    hist.cid('H-2'), hist.did('H-2', 'suspend', '2024-06-10'),
    hist.did('H-2', 'reinstate', '2024-06-20'))) AS annul_both;
SELECT * FROM hist.timeline('H-2');
SELECT isms.valid_periods(hist.cid('H-2'));
-- an annul names the decision it voids
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'annul', '2024-07-01')$$, hist.cid('H-2'))) AS annul_without_target;
-- a grant recorded on the wrong certificate: annulled, the certificate is a draft again
SELECT hist.granted('H-3') IS NOT NULL AS granted;
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
    VALUES (%s, 'annul', '2023-04-02', %s)$$,
    hist.cid('H-3'), hist.did('H-3', 'grant', '2023-04-01'))) AS annul_grant;
SELECT status, revision, expiry_date FROM isms.certificate WHERE id = hist.cid('H-3');

--
-- WDR-1: a recertification decided before the withdrawal but effective
-- after it is overtaken: the withdrawal stands, the recertification never
-- applies.  A decision decided after the withdrawal is still refused.
--
SELECT hist.granted('H-4') IS NOT NULL AS granted;
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
VALUES (hist.cid('H-4'), 'recertify', '2026-02-01', '2026-04-01', '2029-03-31');
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'withdraw', '2026-03-15')$$, hist.cid('H-4'))) AS withdraw_before_renewal;
SELECT * FROM hist.timeline('H-4');
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'reinstate', '2026-03-20')$$, hist.cid('H-4'))) AS after_withdrawal;

--
-- SUS-3: a recertification decided while active renews the cycle even if a
-- suspension takes effect before it; the certificate stays suspended.
--
SELECT hist.granted('H-5') IS NOT NULL AS granted;
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
VALUES (hist.cid('H-5'), 'recertify', '2026-02-01', '2026-04-01', '2029-03-31');
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
    VALUES (%s, 'suspend', '2026-03-01', 'serious nonconformity')$$, hist.cid('H-5'))) AS suspend_before_renewal;
SELECT * FROM hist.timeline('H-5');
SELECT isms.status_at(hist.cid('H-5'), '2026-04-01') AS on_renewal,
       isms.status_at(hist.cid('H-5'), '2029-04-01') AS after_new_expiry;

--
-- CYC-3 defaults within one statement: the recertification's default
-- expiry counts from the grant inserted by the same statement.
--
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT cb.id, 'H-6', o.id, 'ISO/IEC 27001:2022', 'Payroll'
FROM isms.certification_body cb, isms.organisation o
WHERE cb.code = 'HIST-CB' AND o.name = 'history organisation';
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
    (hist.cid('H-6'), 'stage1', '2023-02-01', '2023-02-02'), (hist.cid('H-6'), 'stage2', '2023-03-01', '2023-03-03'),
    (hist.cid('H-6'), 'surveillance', '2024-03-01', '2024-03-02'), (hist.cid('H-6'), 'surveillance', '2025-03-01', '2025-03-02'),
    (hist.cid('H-6'), 'recertification', '2026-01-10', '2026-01-12');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES
    (hist.cid('H-6'), 'grant', '2023-04-01'), (hist.cid('H-6'), 'recertify', '2026-02-01');
SELECT kind, decision_date, new_expiry FROM isms.decision WHERE certificate_id = hist.cid('H-6') ORDER BY id;

--
-- SCO-1: the scope in force is stored as of the day; a scope extension
-- effective in the future changes the stored scope only once it applies.
-- A sweep of that future day reports it and stores nothing.
--
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (hist.cid('H-6'), 'special', '2026-06-01', '2026-06-02');
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_scope_statement)
VALUES (hist.cid('H-6'), 'extend_scope', '2026-06-10', '2028-01-01', 'Payroll and HR services');
SELECT scope_statement, initial_scope_statement, revision FROM isms.certificate WHERE id = hist.cid('H-6');
SELECT certificate_number, old_status, new_status, rule FROM isms.sweep('2028-01-01')
WHERE certificate_number LIKE 'H-%' ORDER BY 1;
SELECT scope_statement, initial_scope_statement, revision FROM isms.certificate WHERE id = hist.cid('H-6');
SELECT count(*) AS rows_back FROM isms.sweep() WHERE certificate_number LIKE 'H-%';
SELECT scope_statement, revision FROM isms.certificate WHERE id = hist.cid('H-6');
-- a second extension needs an audit of its own
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
    VALUES (%s, 'extend_scope', '2026-07-01', 'Payroll, HR and pensions')$$, hist.cid('H-6'))) AS second_extension;

--
-- SCO-1 with scope elements (isms.scope): a reduction stays within the
-- scope in force, an extension keeps all of it; "which certificates cover
-- this site" is a containment query (GIN-indexable).
--
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, scope)
SELECT cb.id, 'H-8', o.id, 'ISO/IEC 27001:2022', 'Payroll at Tokyo and Osaka',
       '{site:Tokyo/HQ, site:Osaka, service:payroll}'
FROM isms.certification_body cb, isms.organisation o
WHERE cb.code = 'HIST-CB' AND o.name = 'history organisation';
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
    (hist.cid('H-8'), 'stage1', '2023-02-01', '2023-02-02'), (hist.cid('H-8'), 'stage2', '2023-03-01', '2023-03-03'),
    (hist.cid('H-8'), 'special', '2023-06-01', '2023-06-02');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (hist.cid('H-8'), 'grant', '2023-04-01');
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (%s, 'reduce_scope', '2023-05-01', '{site:Tokyo, service:payroll}')$$, hist.cid('H-8'))) AS reduce_beyond;
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope, new_scope_statement)
    VALUES (%s, 'reduce_scope', '2023-05-01', '{site:Tokyo/HQ, service:payroll}', 'Payroll at Tokyo')$$,
    hist.cid('H-8'))) AS reduce_within;
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (%s, 'extend_scope', '2023-06-10', '{site:Osaka, service:payroll}')$$, hist.cid('H-8'))) AS extend_dropping;
SELECT hist.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (%s, 'extend_scope', '2023-06-10', '{site:Tokyo, service:payroll}')$$, hist.cid('H-8'))) AS extend_keeping;
SELECT scope, initial_scope, scope_statement, revision FROM isms.certificate WHERE id = hist.cid('H-8');
SELECT certificate_number FROM isms.certificate
WHERE scope @> 'site:Tokyo/HQ/3F'::isms.scope ORDER BY 1;
SELECT hist.try(format($$UPDATE isms.certificate SET scope = '{site:Nagoya}' WHERE id = %s$$,
    hist.cid('H-8'))) AS scope_by_update;

--
-- SUR-3: the sweep records an automatic suspension on its as_of day (no
-- past answer changes) only when that day is today: never for a day still
-- to come, nor for a past day.
--
BEGIN;
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true);
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT cb.id, 'H-7', o.id, 'ISO/IEC 27001:2022', 'Payroll'
FROM isms.certification_body cb, isms.organisation o
WHERE cb.code = 'HIST-CB' AND o.name = 'history organisation';
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
    (hist.cid('H-7'), 'stage1', '2023-02-01', '2023-02-02'), (hist.cid('H-7'), 'stage2', '2023-03-01', '2023-03-03');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (hist.cid('H-7'), 'grant', '2023-04-01');
SELECT certificate_number, old_status, new_status, rule FROM isms.sweep(isms.today() + 1)
WHERE certificate_number = 'H-7';
SELECT count(*) AS suspensions_after_future_sweep FROM isms.decision
WHERE certificate_id = hist.cid('H-7') AND kind = 'suspend';
SELECT certificate_number, old_status, new_status, rule FROM isms.sweep('2024-06-01')
WHERE certificate_number = 'H-7';
SELECT kind, decision_date, effective_date, reason FROM isms.decision
WHERE certificate_id = hist.cid('H-7') AND kind = 'suspend';
SELECT isms.status_at(hist.cid('H-7'), '2024-05-31') AS day_before, isms.status_at(hist.cid('H-7'), '2024-06-01') AS sweep_day;
ROLLBACK;

--
-- Audits and accreditations are not truncated (the evidence and cover of
-- recorded decisions); DELETE checks them.
--
SELECT hist.try('TRUNCATE isms.audit CASCADE') AS truncate_audits;
SELECT hist.try('TRUNCATE isms.accreditation') AS truncate_accreditations;

--
-- ACC-1 is checked when the transaction commits: an accreditation period
-- can be ended and the next one recorded in two statements (a renewal with
-- a new accreditation number); ending it alone is refused.
--
BEGIN;
UPDATE isms.accreditation SET valid_until = '2023-12-31'
WHERE cb_id = (SELECT id FROM isms.certification_body WHERE code = 'HIST-CB');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from)
SELECT ab_id, cb_id, scheme, 'renewed', '2024-01-01' FROM isms.accreditation
WHERE cb_id = (SELECT id FROM isms.certification_body WHERE code = 'HIST-CB');
COMMIT;
SELECT scheme, accreditation_number, valid_from, valid_until FROM isms.accreditation
WHERE cb_id = (SELECT id FROM isms.certification_body WHERE code = 'HIST-CB') ORDER BY valid_from;
BEGIN;
SELECT hist.try($$UPDATE isms.accreditation SET valid_until = '2025-12-31'
    WHERE accreditation_number = 'renewed'$$) AS end_renewed_period_alone;
ROLLBACK;

--
-- Recording another audit never breaks a recorded grant: an extra stage 2
-- that would fail CYC-6 is harmless, and later audit updates still pass.
--
BEGIN;
UPDATE isms.certification_body SET max_stage_gap_days = 60 WHERE code = 'HIST-CB';
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (hist.cid('H-1'), 'stage2', '2023-03-25', '2023-03-26');
SELECT hist.try(format($$UPDATE isms.audit SET notes = 'checked' WHERE certificate_id = %s$$,
    hist.cid('H-1'))) AS update_audits;
ROLLBACK;

--
-- A search_path cannot capture the operators of the triggers' queries: an
-- "=" on decision kinds that always says false would otherwise hide every
-- grant from the ACC-1 recheck.
--
CREATE SCHEMA evil;
CREATE FUNCTION evil.never(isms.decision_kind, isms.decision_kind) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS 'SELECT false';
CREATE OPERATOR evil.= (LEFTARG = isms.decision_kind, RIGHTARG = isms.decision_kind, FUNCTION = evil.never);
SET search_path = evil, public;
SELECT hist.try($$DELETE FROM isms.accreditation a USING isms.certification_body cb
    WHERE cb.id = a.cb_id AND cb.code = 'HIST-CB'$$) AS delete_cover;
RESET search_path;
-- Nor can an "=" on scopes in a schema put ahead of pg_catalog: the load of
-- a history compares the scope applied for with the scope in force.
CREATE FUNCTION evil.captured(isms.scope, isms.scope) RETURNS boolean
    LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'operator captured'; END$$;
CREATE OPERATOR evil.= (LEFTARG = isms.scope, RIGHTARG = isms.scope, FUNCTION = evil.captured);
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, scope)
SELECT cb.id, 'H-SP', o.id, 'ISO/IEC 27001:2022', 'Operation of the payroll service', '{site:Tokyo}'
FROM isms.certification_body cb, isms.organisation o
WHERE cb.code = 'HIST-CB' AND o.name = 'history organisation';
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
    (hist.cid('H-SP'), 'stage1', '2023-02-01', '2023-02-02'),
    (hist.cid('H-SP'), 'stage2', '2023-03-01', '2023-03-03');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (hist.cid('H-SP'), 'grant', '2023-04-01', '2026-03-31');
SET search_path = evil, pg_catalog, public;
SELECT isms.status_at(hist.cid('H-SP'), '2024-01-01') AS status_under_hostile_path;
SELECT hist.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
    VALUES (hist.cid('H-SP'), 'suspend', '2024-06-01', 'search_path test')$$) AS suspend_under_hostile_path;
RESET search_path;
DROP SCHEMA evil CASCADE;
-- and the trigger functions are not for PUBLIC to call or attach
SELECT count(*) AS public_can_execute
FROM pg_proc p
WHERE p.pronamespace = 'isms'::regnamespace AND p.prorettype = 'trigger'::regtype
  AND has_function_privilege('public', p.oid, 'EXECUTE');

DROP SCHEMA hist CASCADE;
