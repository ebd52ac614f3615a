-- 07_roles: the shipped roles and row-level security, as each role: what
-- it reads and writes, what it is refused (with SQLSTATEs), another
-- body's rows, drafts and confidential organisations, TRUNCATE, CREATE
-- TRIGGER, reference data, the stored statuses after a reference change,
-- and isms.dangerous_grants().  Roles are created inside the transaction
-- and rolled back with it.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;
SET LOCAL search_path = public;
SET LOCAL datestyle = ISO;
SET LOCAL timezone = 'UTC';
SET CONSTRAINTS ALL IMMEDIATE;

SELECT plan(124);

/* ==================================================================
 * Helpers: run one statement as a role (SET LOCAL ROLE inside the
 * transaction) and return its first value, 'ok', or 'ERROR <SQLSTATE>'.
 * ================================================================== */
CREATE FUNCTION pg_temp.as_role(r text, q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text;
    res text;
BEGIN
    BEGIN
        EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
        IF q ~* '^\s*(select|with|values)' OR q ~* '\mreturning\M' THEN
            EXECUTE q INTO res;
        ELSE
            EXECUTE q;
        END IF;
        RESET ROLE;
        RETURN coalesce(res, 'ok');
    EXCEPTION WHEN others THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
        RESET ROLE;
        RETURN 'ERROR ' || st;
    END;
END $$;

/* ==================================================================
 * Fixture (as superuser): two certification bodies A and B, each with
 * an organisation, B's confidential; B has a draft and a granted
 * certificate.  Dates are relative to today, so that statuses on today
 * are the same whenever the test runs.
 * ================================================================== */
INSERT INTO isms.accreditation_body (code, name, iaf_mla) VALUES ('T07-AB', 'T07 AB', true);
INSERT INTO isms.certification_body (code, name) VALUES ('T07-A', 'T07 body A'), ('T07-B', 'T07 body B');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS', '2015-01-01'
  FROM isms.accreditation_body ab, isms.certification_body cb
 WHERE ab.code = 'T07-AB' AND cb.code IN ('T07-A', 'T07-B');
INSERT INTO isms.organisation (name, cb_id, confidential)
SELECT 'T07 Beta KK', id, true FROM isms.certification_body WHERE code = 'T07-B';
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT cb.id, n, o.id, 'ISO/IEC 27001:2022', 'Scope of ' || n
  FROM isms.certification_body cb, isms.organisation o, (VALUES ('T07-B-DRAFT'), ('T07-B-1')) v(n)
 WHERE cb.code = 'T07-B' AND o.name = 'T07 Beta KK';
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT c.id, k::isms.audit_kind, isms.today() - d, isms.today() - d + 1
  FROM isms.certificate c, (VALUES ('stage1', 300), ('stage2', 250)) v(k, d)
 WHERE c.certificate_number = 'T07-B-1';
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'grant', isms.today() - 200 FROM isms.certificate WHERE certificate_number = 'T07-B-1';
-- B's stage 2 audit was led by a registered lead auditor (ACC-4)
INSERT INTO isms.personnel_body (code, name, country) VALUES ('T07-PB', 'T07 personnel body', 'JP');
INSERT INTO isms.auditor (name, country) VALUES ('T07 Lead', 'JP');
INSERT INTO isms.auditor_registration (auditor_id, body_id, registration_number, grade, valid_from)
SELECT a.id, b.id, 'T07-LA-1', 'lead auditor', '2015-01-01'
  FROM isms.auditor a, isms.personnel_body b WHERE a.name = 'T07 Lead' AND b.code = 'T07-PB';
UPDATE isms.audit SET lead_auditor_id = (SELECT id FROM isms.auditor WHERE name = 'T07 Lead')
 WHERE kind = 'stage2' AND certificate_id = (SELECT id FROM isms.certificate WHERE certificate_number = 'T07-B-1');

CREATE TEMP TABLE t07 (k text PRIMARY KEY, v text);
GRANT SELECT ON t07 TO PUBLIC;
INSERT INTO t07 SELECT 'b_draft', id FROM isms.certificate WHERE certificate_number = 'T07-B-DRAFT';
INSERT INTO t07 SELECT 'b_cert', id FROM isms.certificate WHERE certificate_number = 'T07-B-1';
INSERT INTO t07 SELECT 'b_org', id FROM isms.organisation WHERE name = 'T07 Beta KK';
INSERT INTO t07 SELECT 'a', id FROM isms.certification_body WHERE code = 'T07-A';
INSERT INTO t07 SELECT 'b', id FROM isms.certification_body WHERE code = 'T07-B';
INSERT INTO t07 SELECT 'b_decision', max(id) FROM isms.decision;
-- Run q as role r1 with the constraints deferred, then fire the deferred
-- checks as role r2 (what a user who may SET ROLE to both does before
-- COMMIT); 'ok' or 'ERROR <SQLSTATE>'.
CREATE FUNCTION pg_temp.commit_as(r1 text, q text, r2 text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text;
BEGIN
    BEGIN
        SET CONSTRAINTS ALL DEFERRED;
        EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r1);
        EXECUTE q;
        EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r2);
        SET CONSTRAINTS ALL IMMEDIATE;
        RESET ROLE;
        RETURN 'ok';
    EXCEPTION WHEN others THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
        RESET ROLE;
        RETURN 'ERROR ' || st;
    END;
END $$;
CREATE FUNCTION pg_temp.v(key text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT v FROM t07 WHERE k = key $$;

/* ==================================================================
 * Setup
 * ================================================================== */
SELECT results_eq(
    $$SELECT role_name, purpose FROM isms.setup_roles('t07_')$$,
    $$VALUES ('t07_accreditation_body', 'accreditation_body'), ('t07_bi_reader', 'bi_reader'),
             ('t07_cb_writers', 'cb_writers'), ('t07_public', 'public'), ('t07_sweep', 'sweep')$$,
    'setup_roles creates and maps the five roles');
SELECT results_eq(
    $$SELECT role_name, purpose FROM isms.setup_roles('t07_')$$,
    $$VALUES ('t07_accreditation_body', 'accreditation_body'), ('t07_bi_reader', 'bi_reader'),
             ('t07_cb_writers', 'cb_writers'), ('t07_public', 'public'), ('t07_sweep', 'sweep')$$,
    'setup_roles is idempotent');
SELECT is(isms.setup_cb_writer('T07-A', NULL, 't07_'), 't07_cb_t07_a', 'setup_cb_writer names the writer role after the body');
SELECT is(isms.setup_cb_writer('T07-B', 't07_writer_b', 't07_'), 't07_writer_b', 'setup_cb_writer takes a chosen role name');
SELECT is(isms.setup_cb_writer('T07-A', NULL, 't07_'), 't07_cb_t07_a', 'setup_cb_writer is idempotent');
SELECT is((SELECT count(*)::int FROM pg_roles WHERE rolname LIKE 't07\_%' AND NOT rolcanlogin
              AND NOT rolsuper AND NOT rolbypassrls AND NOT rolcreaterole AND NOT rolcreatedb), 7,
          'the seven roles are NOLOGIN and ordinary');
SELECT throws_ok($$SELECT isms.setup_roles('T07 bad')$$, '22023', NULL, 'a prefix is a lower-case identifier');
SELECT throws_ok($$SELECT isms.setup_cb_writer('T07-NONE', NULL, 't07_')$$, '22023', NULL, 'an unknown body is refused');
SELECT throws_ok($$SELECT isms.setup_cb_writer('T07-B', 't07_cb_t07_a', 't07_')$$, '22023', NULL,
                 'a writer role writes for one body');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$SELECT isms.setup_roles('t07_')$$), 'ERROR 42501',
          'only a superuser runs setup_roles');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$SELECT isms.setup_cb_writer('T07-A', 'x', 't07_')$$), 'ERROR 42501',
          'only a superuser runs setup_cb_writer');

/* ==================================================================
 * Certification body writer (A): its own rows only
 * ================================================================== */
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$INSERT INTO isms.organisation (name, name_local) VALUES ('T07 Alpha KK', 'アルファ') RETURNING cb_id$$),
          pg_temp.v('a'), 'a writer records an organisation, kept by its body by default');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT string_agg(name, ',') FROM isms.organisation$$), 'T07 Alpha KK',
          'a writer reads only its body''s organisations (not the confidential one of B)');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$INSERT INTO isms.organisation (name, cb_id) VALUES ('x', %s)$$, pg_temp.v('b'))),
          'ERROR 42501', 'a writer cannot record an organisation for another body');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$UPDATE isms.organisation SET confidential = false WHERE id = %s RETURNING id$$, pg_temp.v('b_org'))),
          'ok', 'another body''s organisation is not updated (no row is visible)');
SELECT is((SELECT confidential FROM isms.organisation WHERE id = pg_temp.v('b_org')::bigint), true,
          '... and stays confidential');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, persons_in_scope)
                SELECT %s, 'T07-A-1', o.id, 'ISO/IEC 27001:2022', 'Payroll SaaS', 40 FROM isms.organisation o RETURNING status::text$$,
              pg_temp.v('a'))),
          'draft', 'a writer records a certificate of its body');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
                VALUES (%s, 'T07-A-X', %s, 'ISO/IEC 27001:2022', 'x')$$, pg_temp.v('b'), pg_temp.v('b_org'))),
          'ERROR 42501', 'a writer cannot record a certificate of another body');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
                VALUES (%s, 'T07-A-X', %s, 'ISO/IEC 27001:2022', 'x')$$, pg_temp.v('a'), pg_temp.v('b_org'))),
          'ERROR 42501', 'a writer cannot name another body''s organisation as its client');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, base_certificate_id)
                SELECT %s, 'T07-A-CL', o.id, 'ISO/IEC 27017:2015', 'x', %s FROM isms.organisation o$$, pg_temp.v('a'), pg_temp.v('b_cert'))),
          'ERROR 42501', 'a writer cannot name another body''s certificate as a base');
INSERT INTO t07 SELECT 'a_cert', id FROM isms.certificate WHERE certificate_number = 'T07-A-1';

-- The rule checks pass for the writer: audits (TIME-2 reads the
-- audit-time table), a grant (ACC-1 locks the accreditations, as the
-- tables' owner: the writer holds no UPDATE on them), the stored status
-- written back.
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days)
                VALUES (%1$s, 'stage1', isms.today() - 300, isms.today() - 299, 3),
                       (%1$s, 'stage2', isms.today() - 250, isms.today() - 248, 6)$$, pg_temp.v('a_cert'))),
          'ok', 'a writer records audits of its certificate (TIME-2 checked)');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days)
                VALUES (%s, 'surveillance', isms.today() - 100, isms.today() - 100, 1)$$, pg_temp.v('a_cert'))),
          'ERROR 23514', 'a writer''s short audit is refused (TIME-2)');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (%s, 'grant', isms.today() - 200)$$,
              pg_temp.v('a_cert'))),
          'ok', 'a writer grants its certificate (ACC-1 reads and locks its accreditation)');
SELECT is(has_column_privilege('t07_cb_t07_a', 'isms.accreditation', 'accreditation_number', 'UPDATE')
          OR has_column_privilege('t07_cb_t07_a', 'isms.auditor_registration', 'registration_number', 'UPDATE')
          OR has_column_privilege('t07_sweep', 'isms.accreditation', 'accreditation_number', 'UPDATE'),
          false, 'writers and the sweep hold no UPDATE on accreditations or registrations (the checks lock them as the owner)');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$SELECT status::text FROM isms.certificate WHERE id = %s$$, pg_temp.v('a_cert'))),
          'active', 'the stored status is written back under row-level security');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$SELECT status::text FROM isms.certificate WHERE id = %s$$, pg_temp.v('a_cert'))),
          isms.status_at(pg_temp.v('a_cert')::bigint, isms.today())::text, '... and equals status_at today');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (%s, 'reinstate', isms.today() - 100)$$,
              pg_temp.v('a_cert'))),
          'ERROR 55000', 'a writer''s illegal decision is refused as anyone''s is (reinstating an active certificate)');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$UPDATE isms.certificate SET status = 'withdrawn' WHERE certificate_number = 'T07-A-1'$$),
          'ERROR 428C9', 'a writer cannot write the derived status');

SELECT is(pg_temp.as_role('t07_cb_t07_a', format(
              $$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, combined_with)
                VALUES (%s, 'surveillance', isms.today() - 20, isms.today() - 19, 2, %s)$$,
              pg_temp.v('a_cert'), (SELECT min(id) FROM isms.audit WHERE certificate_id = pg_temp.v('b_cert')::bigint))),
          'ERROR 42501', 'a writer cannot combine its audit with another body''s (refused before any check reads that audit)');

-- Another body's certificates, drafts, audits and decisions are invisible
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT string_agg(certificate_number, ',') FROM isms.certificate$$), 'T07-A-1',
          'a writer reads only its body''s certificates (not B''s draft or granted one)');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$SELECT count(*) FROM isms.audit WHERE certificate_id = %s$$, pg_temp.v('b_cert'))),
          '0', 'a writer reads no audit of another body');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT count(*) FROM isms.decision$$), '1',
          'a writer reads only its body''s decisions');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$SELECT coalesce(isms.status_at(%s, isms.today())::text, 'null')$$, pg_temp.v('b_cert'))),
          'null', 'status_at knows no certificate of another body');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (%s, 'withdraw', isms.today())$$,
                                              pg_temp.v('b_cert'))),
          'ERROR 42501', 'a writer cannot decide on another body''s certificate');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES (%s, 'stage1', isms.today(), isms.today())$$,
                                              pg_temp.v('b_draft'))),
          'ERROR 42501', 'a writer cannot record an audit of another body''s draft');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$UPDATE isms.certificate SET scope_statement = 'hijacked' WHERE id = %s RETURNING id$$, pg_temp.v('b_draft'))),
          'ok', 'another body''s draft is not updated (no row is visible)');
SELECT is((SELECT scope_statement FROM isms.certificate WHERE id = pg_temp.v('b_draft')::bigint), 'Scope of T07-B-DRAFT',
          '... and keeps its scope');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$DELETE FROM isms.certificate WHERE id = %s RETURNING id$$, pg_temp.v('b_draft'))),
          'ok', 'another body''s draft is not deleted (no row is visible)');
SELECT is((SELECT count(*)::int FROM isms.certificate WHERE id = pg_temp.v('b_draft')::bigint), 1, '... and is still there');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects) VALUES (%s, 'annul', isms.today(), %s)$$,
                                              pg_temp.v('a_cert'), pg_temp.v('b_decision'))),
          'ERROR 42501', 'a writer cannot correct or annul another body''s decision');

-- Bodies, accreditations and reference data: read, never written
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT count(*) FROM isms.accreditation$$), '1',
          'a writer reads its body''s accreditations only');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$UPDATE isms.accreditation SET accreditation_number = 'x'$$),
          'ERROR 42501', 'a writer cannot change its accreditation');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$UPDATE isms.accreditation SET valid_until = isms.today()$$),
          'ERROR 42501', 'a writer cannot end its accreditation');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from) SELECT id, %s, 'ISMS-CLOUD', '2015-01-01' FROM isms.accreditation_body$$, pg_temp.v('a'))),
          'ERROR 42501', 'a writer cannot accredit itself');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$INSERT INTO isms.accreditation_body (code, name) VALUES ('T07-FAKE', 'fake')$$),
          'ERROR 42501', 'a writer cannot create an accreditation body');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$UPDATE isms.accreditation_body SET recognised = true$$),
          'ERROR 42501', 'a writer cannot recognise an accreditation body (ACC-1)');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$INSERT INTO isms.edition_transition (from_standard, to_standard, published) VALUES ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2022/Amd 1:2024', '2024-01-01')$$),
          'ERROR 42501', 'a writer cannot add an edition transition');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$DELETE FROM isms.audit_time$$), 'ERROR 42501', 'a writer cannot delete audit-time rows');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT count(*) > 0 FROM isms.standard$$), 'true', 'a writer reads the standards');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$TRUNCATE isms.certificate CASCADE$$), 'ERROR 42501', 'a writer cannot truncate');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$CREATE TRIGGER t07 AFTER INSERT ON isms.decision FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()$$),
          'ERROR 42501', 'a writer cannot create a trigger on an isms table');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT * FROM isms.sweep()$$), 'ERROR 42501', 'a writer cannot run the sweep');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT string_agg(role_name, ',' ORDER BY role_name) FROM isms.registry_role$$),
          't07_cb_t07_a,t07_cb_writers', 'a writer sees its own role mappings only');

-- Writer B sees its own rows and not A's
SELECT is(pg_temp.as_role('t07_writer_b', $$SELECT string_agg(certificate_number, ',' ORDER BY certificate_number) FROM isms.certificate$$),
          'T07-B-1,T07-B-DRAFT', 'writer B reads its own certificates, drafts included, and none of A''s');

/* ==================================================================
 * Accreditation body: reference data, bodies, any certificate
 * ================================================================== */
SELECT is(pg_temp.as_role('t07_accreditation_body', $$SELECT count(*) FROM isms.certificate WHERE certificate_number LIKE 'T07-%'$$), '3',
          'the accreditation body reads every certificate');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$UPDATE isms.edition_transition SET old_valid_until = '2099-12-31' WHERE shipped$$),
          'ERROR 55000', 'shipped transitions cannot be edited, even by the accreditation body');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$DELETE FROM isms.standard WHERE ref = 'ISO/IEC 27001:2013'$$),
          'ERROR 55000', 'shipped standards cannot be deleted');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$DELETE FROM isms.audit_time WHERE shipped$$),
          'ERROR 55000', 'shipped audit-time rows cannot be deleted');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$TRUNCATE isms.edition_transition$$), 'ERROR 42501',
          'the accreditation body cannot truncate');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$UPDATE isms.accreditation SET accreditation_number = 'AB-1' WHERE cb_id = (SELECT id FROM isms.certification_body WHERE code = 'T07-A') RETURNING accreditation_number$$),
          'AB-1', 'the accreditation body maintains accreditations');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$UPDATE isms.accreditation_body SET recognised = true WHERE code = 'T07-AB' RETURNING recognised::text$$),
          'true', 'the accreditation body recognises accreditation bodies (ACC-1)');

-- A transition that changes what recorded histories mean today: the
-- stored statuses it changes are brought up to date by the change itself
-- when the transaction commits, whoever the transaction acts as by then.
SET CONSTRAINTS isms.standard_statuses, isms.edition_transition_statuses DEFERRED;
SELECT is(pg_temp.as_role('t07_accreditation_body', $$
    INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO/IEC 27001:2099', 'ISO/IEC 27001', 2099, 'ISMS')$$),
    'ok', 'the accreditation body adds a standard');
SELECT is(pg_temp.as_role('t07_accreditation_body', $$
    INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
    VALUES ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2099', isms.today() - 400, isms.today() - 300, isms.today() - 10)$$),
    'ok', 'the accreditation body adds a transition whose old edition is no longer valid (TRN-3)');
SELECT is(isms.status_at(pg_temp.v('a_cert')::bigint, isms.today())::text, 'expired', 'TRN-3: the certificate is expired today');
SELECT is((SELECT string_agg(status::text, ',' ORDER BY certificate_number) FROM isms.certificate
            WHERE certificate_number IN ('T07-A-1', 'T07-B-1')), 'active,active',
          'before the commit, the stored statuses are the old ones');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$SELECT isms.refresh(ARRAY[%s])$$, pg_temp.v('a_cert'))),
          'ERROR 42501', 'a writer cannot run isms.refresh');
SELECT is(pg_temp.as_role('t07_accreditation_body', format($$SELECT isms.refresh(ARRAY[%s, %s, NULL])$$, pg_temp.v('a_cert'), pg_temp.v('a_cert'))),
          '1', 'isms.refresh stores the certificates it is given (one changed)');
SELECT is(pg_temp.as_role('t07_writer_b', $$SET CONSTRAINTS isms.standard_statuses, isms.edition_transition_statuses IMMEDIATE$$),
          'ok', 'the change commits (its deferred triggers fired as writer B, who reads none of A''s rows)');
SELECT results_eq(
    $$SELECT certificate_number, status::text, isms.status_at(id, isms.today())::text FROM isms.certificate
       WHERE certificate_number IN ('T07-A-1', 'T07-B-1') ORDER BY 1$$,
    $$VALUES ('T07-A-1', 'expired', 'expired'), ('T07-B-1', 'expired', 'expired')$$,
    'TRN-3: every certificate of the old edition is stored as expired, as status_at says, both bodies'' alike');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO/IEC 27001:2098', 'ISO/IEC 27001', 2098, 'ISMS')$$),
          'ERROR 42501', 'a writer cannot add a standard');

-- Deferred rechecks run as the tables' owner: a user who may SET ROLE to
-- the accreditation body and to a writer cannot hide another body's rows
-- from the commit-time checks by acting as the writer when it commits.
DO $$ BEGIN
    INSERT INTO isms.certification_body (code, name) VALUES ('T07-C', 'T07 body C');
    PERFORM isms.setup_cb_writer('T07-C', 't07_writer_c', 't07_');
END $$;
SELECT is(pg_temp.commit_as('t07_accreditation_body',
              format($$UPDATE isms.accreditation SET valid_until = isms.today() - 300 WHERE cb_id = %s$$, pg_temp.v('b')),
              't07_cb_t07_a'),
          'ERROR 23514', 'ACC-1: ending B''s accreditation before its grant is refused at commit, though the commit acts as writer A');
SELECT is(pg_temp.commit_as('t07_accreditation_body',
              $$UPDATE isms.accreditation_body SET recognised = false, iaf_mla = false WHERE code = 'T07-AB'$$,
              't07_writer_c'),
          'ERROR 23514', 'ACC-1: an accreditation body losing its recognition is refused at commit, though the commit acts as writer C, who reads no decision');
SELECT is(pg_temp.commit_as('t07_accreditation_body',
              $$UPDATE isms.accreditation_body SET recognised = false, iaf_mla = false WHERE code = 'T07-AB'$$,
              't07_public'),
          'ERROR 23514', '... or as the public role, which reads no table');
SELECT is(pg_temp.commit_as('t07_accreditation_body',
              $$UPDATE isms.auditor_registration SET valid_until = isms.today() - 400 WHERE registration_number = 'T07-LA-1'$$,
              't07_cb_t07_a'),
          'ERROR 23514', 'ACC-4: ending the registration of the lead auditor of B''s audit is refused at commit, though the commit acts as writer A');
SELECT is(pg_temp.commit_as('t07_accreditation_body',
              $$INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO/IEC 27001:2097', 'ISO/IEC 27001', 2097, 'ISMS')$$,
              't07_public'),
          'ok', 'a reference change committed as the public role still refreshes as the owner');
SELECT is((SELECT count(*)::int FROM isms.accreditation a JOIN isms.accreditation_body ab ON ab.id = a.ab_id
            WHERE ab.code = 'T07-AB' AND a.valid_until IS NULL AND (ab.recognised OR ab.iaf_mla)), 2,
          '... and nothing of the refused changes remains');

/* ==================================================================
 * Sites, the sites certificates cover, confirmations of the register:
 * keyed by the organisation's, the certificate's and the body's CB
 * ================================================================== */
INSERT INTO isms.site (organisation_id, name, country) VALUES (pg_temp.v('b_org')::bigint, 'T07 Beta head office', 'JP');
INSERT INTO t07 SELECT 'b_site', id FROM isms.site WHERE name = 'T07 Beta head office';
INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id)
VALUES (pg_temp.v('b_cert')::bigint, pg_temp.v('b_site')::bigint, pg_temp.v('b_org')::bigint);
SELECT is(pg_temp.as_role('t07_writer_b', $$SELECT count(*) FROM isms.site s JOIN isms.certificate_site c ON c.site_id = s.id$$), '1',
          'a writer reads the sites of its organisations and those its certificates cover');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT count(*) FROM isms.site$$), '0', 'a writer reads no site of another body''s organisation');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT count(*) FROM isms.certificate_site$$), '0', 'a writer reads no site of another body''s certificate');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$INSERT INTO isms.site (organisation_id, name) VALUES (%s, 'hijacked')$$, pg_temp.v('b_org'))),
          'ERROR 42501', 'a writer cannot add a site to another body''s organisation');
SELECT is(pg_temp.as_role('t07_cb_t07_a', format($$DELETE FROM isms.certificate_site WHERE site_id = %s$$, pg_temp.v('b_site'))), 'ok',
          'a writer does not remove a site from another body''s certificate (no row is visible)');
SELECT is((SELECT count(*)::int FROM isms.certificate_site WHERE site_id = pg_temp.v('b_site')::bigint), 1, '... and the site stays covered');
SELECT is(pg_temp.as_role('t07_writer_b', format($$INSERT INTO isms.register_confirmation (cb_id) VALUES (%s) RETURNING cb_id$$, pg_temp.v('b'))),
          pg_temp.v('b'), 'a writer confirms its body''s register (PUB-2)');
SELECT is(pg_temp.as_role('t07_writer_b', format($$INSERT INTO isms.register_confirmation (cb_id) VALUES (%s)$$, pg_temp.v('a'))),
          'ERROR 42501', 'a writer cannot confirm another body''s register');
SELECT is(pg_temp.as_role('t07_cb_t07_a', $$SELECT count(*) FROM isms.register_confirmation$$), '0',
          'a writer reads no confirmation of another body');

/* ==================================================================
 * Sweep runner, BI reader, public
 * ================================================================== */
SELECT is(pg_temp.as_role('t07_sweep', $$SELECT count(*) FROM isms.sweep()$$), '0', 'the sweep runner runs the sweep');
SELECT is(pg_temp.as_role('t07_sweep', format($$INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (%s, 'withdraw', isms.today())$$, pg_temp.v('b_cert'))),
          'ERROR 42501', 'the sweep runner records no decision of its own');
SELECT is(pg_temp.as_role('t07_sweep', format($$INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (%s, 'suspend', isms.today() - 100)$$, pg_temp.v('a_cert'))),
          'ERROR 42501', 'the sweep runner cannot record a suspension (backdated or not) except through isms.sweep()');
SELECT is(pg_temp.as_role('t07_sweep', format($$UPDATE isms.certificate SET cb_id = %s WHERE id = %s$$, pg_temp.v('a'), pg_temp.v('b_draft'))),
          'ERROR 42501', 'the sweep runner cannot move a certificate to another body');
SELECT is(pg_temp.as_role('t07_sweep', format($$UPDATE isms.certificate SET scope_statement = 'hijacked' WHERE id = %s$$, pg_temp.v('b_draft'))),
          'ERROR 42501', 'the sweep runner cannot change a draft''s scope');
SELECT is(pg_temp.as_role('t07_sweep', $$SELECT count(*) FROM isms.organisation$$), 'ERROR 42501', 'the sweep runner reads no organisation');
SELECT is(pg_temp.as_role('t07_bi_reader', $$SELECT count(*) FROM isms.certificate$$), 'ERROR 42501', 'the BI reader reads no table of isms');
SELECT is(pg_temp.as_role('t07_bi_reader', $$SELECT count(*) FROM isms.decision$$), 'ERROR 42501', '... nor isms.decision');
SELECT is(pg_temp.as_role('t07_bi_reader', $$SELECT count(*) FROM isms.organisation$$), 'ERROR 42501', '... nor isms.organisation');
-- the views of isms_bi read the whole registry through their row functions
CREATE FUNCTION pg_temp.value_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    res text;
BEGIN
    EXECUTE q INTO res;
    RETURN res;
END $$;
SELECT is(pg_temp.as_role('t07_bi_reader', q), pg_temp.value_of(q),
          'the BI reader reads isms_bi.' || v || ', as many rows as the superuser')
  FROM (VALUES ('certificates'), ('validity_periods'), ('obligations'), ('expiring'), ('long_suspensions'),
               ('monthly_status_counts'), ('register_updates'), ('certsearch')) x(v),
       LATERAL format('SELECT count(*) FROM isms_bi.%I', v) q
 ORDER BY v;
SELECT is(pg_temp.as_role('t07_bi_reader', $$SELECT count(DISTINCT cb_code) FILTER (WHERE confidential) || ' ' || count(DISTINCT cb_code) FROM isms_bi.certificates WHERE cb_code LIKE 'T07-%'$$),
          '1 2', 'the BI reader sees the certificates of both bodies, a confidential client''s too');
SELECT is(pg_temp.as_role('t07_bi_reader', $$SELECT string_agg(certificate_number || ' ' || status, ', ' ORDER BY certificate_number) FROM isms_bi.certificates WHERE cb_code LIKE 'T07-%'$$),
          (SELECT string_agg(c.certificate_number || ' ' || isms.status_at(c.id, isms.today()), ', ' ORDER BY c.certificate_number)
             FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id WHERE b.code LIKE 'T07-%'),
          '... each with its status today (isms.status_at, replayed as the superuser)');
SELECT is(pg_temp.as_role('t07_bi_reader', $$SELECT count(*) FROM isms_bi.certsearch_changed_since(now() - interval '1 year')$$),
          pg_temp.value_of($$SELECT count(*) FROM isms_bi.certsearch_changed_since(now() - interval '1 year')$$),
          'the BI reader runs the CertSearch delta');
SELECT is(pg_temp.as_role('t07_writer_b', $$SELECT count(*) FROM isms_bi.certificates$$), 'ERROR 42501',
          'a writer cannot read other bodies'' rows through isms_bi');
SELECT is(pg_temp.as_role('t07_writer_b', $$SELECT count(*) FROM isms_bi.certificate_rows()$$), 'ERROR 42501',
          '... nor call its row functions');
SELECT is(pg_temp.as_role('t07_public', $$SELECT count(*) FROM isms_bi.certificates$$), 'ERROR 42501', 'the public role reads no view of isms_bi');
SELECT is(pg_temp.as_role('t07_public', $$SELECT count(*) FROM isms_bi.certsearch_changed_since(now())$$), 'ERROR 42501',
          '... and runs no function of isms_bi');
SELECT is(pg_temp.as_role('t07_public', $$SELECT count(*) FROM isms.organisation$$), 'ERROR 42501', 'the public role reads no table of isms');
SELECT is(pg_temp.as_role('t07_public', $$SELECT isms.status_at(1, isms.today())$$), 'ERROR 42501', 'the public role cannot query the registry through functions');

/* ==================================================================
 * An application granted ALL, without a mapped role
 * ================================================================== */
CREATE ROLE t07_app NOLOGIN;
GRANT USAGE ON SCHEMA isms TO t07_app;
GRANT ALL ON ALL TABLES IN SCHEMA isms TO t07_app;
SELECT is(pg_temp.as_role('t07_app', $$SELECT count(*) FROM isms.certificate$$), '0', 'an application granted ALL sees no certificate');
SELECT is(pg_temp.as_role('t07_app', $$INSERT INTO isms.edition_transition (from_standard, to_standard, published) VALUES ('ISO/IEC 27017:2015', 'ISO/IEC 27001:2022', '2024-01-01')$$),
          'ERROR 42501', 'an application granted ALL cannot add reference data');
SELECT is(pg_temp.as_role('t07_app', $$INSERT INTO isms.registry_role (role_name, purpose) VALUES ('t07_app', 'accreditation_body')$$),
          'ERROR 42501', 'an application granted ALL cannot map itself to a role');
SELECT is(pg_temp.as_role('t07_app', $$UPDATE isms.registry_role SET role_name = 't07_app' WHERE purpose = 'accreditation_body' RETURNING role_name$$),
          'ok', 'an application granted ALL cannot take over a mapping (no row is visible)');
SELECT is(pg_temp.as_role('t07_app', $$TRUNCATE isms.edition_transition, isms.audit_time$$), 'ERROR 23001',
          'an application granted ALL cannot truncate reference data');
SELECT is(pg_temp.as_role('t07_app', $$CREATE TRIGGER t07 BEFORE UPDATE ON isms.certificate FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()$$),
          'ERROR 42501', 'an application granted ALL cannot create a trigger on an isms table');

/* ==================================================================
 * TRUNCATE is refused on every table, even for a superuser
 * ================================================================== */
SELECT is(string_agg(r.relname || ': ' || r.res, ', ' ORDER BY r.relname), NULL,
          'TRUNCATE of every isms table is refused (23001), even for a superuser')
  FROM (SELECT t.relname, pg_temp.as_role(current_user, format('TRUNCATE isms.%I CASCADE', t.relname)) AS res
          FROM pg_class t WHERE t.relnamespace = 'isms'::regnamespace AND t.relkind = 'r') r
 WHERE r.res <> 'ERROR 23001';

/* ==================================================================
 * TIME-1: a table whose progression would explode is refused when
 * written; ordinary ratios are not
 * ================================================================== */
SELECT throws_ok($$INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
                   VALUES ('BCMS', 1000000, 10, 4, 7), ('BCMS', 1000001, 11, 4, 7)$$,
                 '23514', NULL, 'TIME-1: a progression by 1000001 / 1000000 is refused');
SELECT throws_ok($$INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
                   VALUES ('BCMS', 1000, 10, 4, 7), ('BCMS', 1001, 11, 4, 7)$$,
                 '23514', NULL, 'TIME-1: a progression by 1001 / 1000 is refused (about 14,600 bands)');
SELECT lives_ok($$INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
                  VALUES ('BCMS', 100, 10, 4, 7), ('BCMS', 102, 11, 4, 7)$$,
                'TIME-1: a progression by 102 / 100 (about 500 bands) is accepted');
SELECT is(isms.audit_days(2147483647, 'initial', scheme => 'BCMS') > 11, true,
          'TIME-1: ... and reaches the largest number of persons');

/* ==================================================================
 * The dangerous-grants check
 * ================================================================== */
SELECT results_eq(
    $$SELECT object, grantee, issue FROM isms.dangerous_grants()
       WHERE grantee = 't07_app' AND object IN ('isms.certificate', 'isms.decision') ORDER BY 1, 2, 3$$,
    $$VALUES ('isms.certificate', 't07_app', 'REFERENCES granted'), ('isms.certificate', 't07_app', 'TRIGGER granted'),
             ('isms.certificate', 't07_app', 'TRUNCATE granted'),
             ('isms.decision', 't07_app', 'REFERENCES granted'), ('isms.decision', 't07_app', 'TRIGGER granted'),
             ('isms.decision', 't07_app', 'TRUNCATE granted')$$,
    'dangerous_grants lists TRUNCATE, TRIGGER and REFERENCES granted to an application');
REVOKE ALL ON ALL TABLES IN SCHEMA isms FROM t07_app;
CREATE TRIGGER t07_user BEFORE UPDATE ON isms.certificate FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
ALTER TABLE isms.audit DISABLE TRIGGER audit_truncate;
GRANT CREATE ON SCHEMA isms TO t07_app;
ALTER ROLE t07_app BYPASSRLS;
SELECT results_eq(
    $$SELECT object, coalesce(grantee, '-'), issue FROM isms.dangerous_grants() ORDER BY 1, 2, 3$$,
    $$VALUES ('cluster', 't07_app', 'role has BYPASSRLS'),
             ('isms.audit', '-', 'trigger audit_truncate is not enabled (tgenabled D)'),
             ('isms.certificate', '-', 'trigger t07_user runs function suppress_redundant_updates_trigger(), which is not part of the extension'),
             ('schema isms', 't07_app', 'CREATE granted')$$,
    'dangerous_grants lists user triggers, disabled triggers, CREATE on the schema and BYPASSRLS roles');

SELECT * FROM finish();
ROLLBACK;
