-- operations: what lets a restore keep its rows (isms.restoring()), and who
-- cannot use it; the guard against dropping a registry that holds
-- certificates.  Everything runs in transactions that are rolled back.
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY sqlstate

-- In an ordinary session nothing is a restore.
SELECT isms.restoring();

BEGIN;
INSERT INTO isms.accreditation_body (id, code, name, recognised) VALUES (9001, 'OPS-AB', 'ops AB', true);
INSERT INTO isms.certification_body (id, code, name) VALUES (9001, 'OPS-CB', 'ops CB');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from) VALUES (9001, 9001, 'ISMS', '2015-04-01');
INSERT INTO isms.organisation (id, name) VALUES (9001, 'ops organisation');
SAVEPOINT clean;

-- A restore: a superuser's COPY in a session with pg_dump's settings keeps
-- the derived columns and recorded_at, and no rule looks at the rows (the
-- grant below has no audits: a restore trusts the checks made when the rows
-- were first written).
SET check_function_bodies = false;
SET row_security = off;
SELECT pg_catalog.set_config('search_path', '', false);
COPY isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement, status, original_certification_date, cycle_start, expiry_date, revision, initial_scope_statement, initial_standard) FROM stdin;
9001	9001	OPS-0001	9001	ISO/IEC 27001:2022	ops scope	active	2024-04-01	2024-04-01	2027-03-31	1	ops scope	ISO/IEC 27001:2022
\.
COPY isms.decision (id, certificate_id, kind, decision_date, effective_date, new_expiry, recorded_at) FROM stdin;
9001	9001	grant	2024-04-01	2024-04-01	2027-03-31	2024-04-02 09:30:00+00
\.
SELECT status, cycle_start, expiry_date, revision, initial_standard
  FROM isms.certificate WHERE id = 9001;
SELECT kind, recorded_at FROM isms.decision WHERE id = 9001;
-- A decision restored without its hash chain (as from a dump made before
-- decisions were chained) takes no successor until it is sealed.
SAVEPOINT restored;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (9001, 'suspend', '2024-06-03');
ROLLBACK TO restored;
SELECT certificates, decisions, not_sealed FROM isms.seal_chains();
-- The same settings do not make an INSERT a restore.
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason, recorded_at)
VALUES (9001, 'suspend', '2024-06-03', 'still checked', '2001-01-01')
RETURNING kind, recorded_at = pg_catalog.now() AS recorded_now;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (9001, 'suspend', '2024-06-04');
ROLLBACK TO clean;
RESET search_path;
RESET row_security;
RESET check_function_bodies;

-- Without the settings, the same COPY is an ordinary write: refused.
COPY isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement, status, original_certification_date, cycle_start, expiry_date, revision, initial_scope_statement, initial_standard) FROM stdin;
9001	9001	OPS-0001	9001	ISO/IEC 27001:2022	ops scope	active	2024-04-01	2024-04-01	2027-03-31	1	ops scope	ISO/IEC 27001:2022
\.
ROLLBACK TO clean;

-- A writer that is not superuser gets nothing from the settings: its COPY
-- goes through the rules and recorded_at is set by isms.
-- (BYPASSRLS: the row-level security of the shipped roles is not what this
-- test is about; the writer mimics pg_dump's row_security = off.)
CREATE ROLE regress_isms_ops_writer BYPASSRLS;
GRANT USAGE ON SCHEMA isms TO regress_isms_ops_writer;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA isms TO regress_isms_ops_writer;
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement)
VALUES (9001, 9001, 'OPS-0001', 9001, 'ISO/IEC 27001:2022', 'ops scope');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (9001, 'stage1', '2024-02-05', '2024-02-06'), (9001, 'stage2', '2024-03-04', '2024-03-06');
SET ROLE regress_isms_ops_writer;
SET check_function_bodies = false;
SET row_security = off;
SELECT pg_catalog.set_config('search_path', '', false);
SAVEPOINT writer;
COPY isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement, status) FROM stdin;
9002	9001	OPS-0002	9001	ISO/IEC 27001:2022	ops scope	active
\.
ROLLBACK TO writer;
COPY isms.decision (id, certificate_id, kind, decision_date, effective_date, new_expiry, recorded_at) FROM stdin;
9002	9001	grant	2024-04-01	2024-04-01	2027-04-01	2024-04-02 09:30:00+00
\.
ROLLBACK TO writer;
COPY isms.decision (id, certificate_id, kind, decision_date, effective_date, new_expiry, recorded_at) FROM stdin;
9002	9001	grant	2024-04-01	2024-04-01	2027-03-31	2001-01-01 00:00:00+00
\.
SELECT kind, recorded_at = pg_catalog.now() AS recorded_now FROM isms.decision WHERE id = 9002;
SELECT status, expiry_date FROM isms.certificate WHERE id = 9001;
RESET ROLE;
RESET search_path;
RESET row_security;
RESET check_function_bodies;

-- No silent loss: the registry holds certificates, so DROP EXTENSION (and
-- any DROP that cascades to it) is refused until the session confirms.
SET LOCAL client_min_messages = warning;
SAVEPOINT dropping;
DROP EXTENSION isms;
ROLLBACK TO dropping;
DROP SCHEMA isms CASCADE;
ROLLBACK TO dropping;
SET LOCAL isms.allow_drop = on;
DROP EXTENSION isms;
SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'isms';
ROLLBACK;
SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'isms';

-- An empty registry is dropped without a confirmation.
\set regress_db :DBNAME
CREATE DATABASE regress_isms_ops_empty;
\c regress_isms_ops_empty
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
DROP EXTENSION isms;
\c :regress_db
DROP DATABASE regress_isms_ops_empty;

-- JIT compilation is off while isms checks and stores a statement's rows
-- (spi_util.c, isms_jit_off): row triggers of the registry's own on
-- isms.certificate and isms.certificate_dates see jit = off when isms
-- stores a derived status or derived dates (after decisions and after an
-- audit), and the session's setting is back after each statement, whether
-- isms accepted it or refused it, after the sweep and isms.refresh, and
-- when the session had turned JIT off itself.  (Which rows and how many a
-- write stores depends on what the other files left: the sweep stores
-- theirs too, and only rows that change are written; so the triggers that
-- saw the setting are listed, not counted.)
BEGIN;
CREATE SCHEMA ops_jit;
SELECT regress.fixture('ops_jit', 'OPSJIT');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'OPSJIT-AB' AND b.code = 'OPSJIT-CB';
CREATE TABLE pg_temp.jit_seen (tg text, jit text);
CREATE FUNCTION pg_temp.jit_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pg_temp.jit_seen VALUES (TG_NAME, pg_catalog.current_setting('jit'));
    RETURN NEW;
END $$;
CREATE TRIGGER zz_jit_seen AFTER UPDATE ON isms.certificate
    FOR EACH ROW EXECUTE FUNCTION pg_temp.jit_seen();
CREATE TRIGGER zz_jit_seen_dates AFTER INSERT OR UPDATE ON isms.certificate_dates
    FOR EACH ROW EXECUTE FUNCTION pg_temp.jit_seen();
SET LOCAL jit = on;
SELECT ops_jit.granted('JIT-1', '2024-05-02');
SELECT tg, jit FROM pg_temp.jit_seen GROUP BY tg, jit ORDER BY tg, jit;
SELECT pg_catalog.current_setting('jit') AS after_statement;
SELECT ops_jit.decide('JIT-1', 'withdraw', '2024-04-01');    -- refused: before the grant
SELECT pg_catalog.current_setting('jit') AS after_refusal;
-- an audit recorded: the audit triggers store the certificate's derived dates
SELECT ops_jit.audit('JIT-1', 'surveillance', '2025-03-03', '2025-03-04');
SELECT pg_catalog.current_setting('jit') AS after_audit;
-- the sweep and isms.refresh
SELECT count(*) FILTER (WHERE s.certificate_id = ops_jit.cert('JIT-1')) AS jit_1_swept
  FROM isms.sweep() s;
SELECT isms.refresh(ARRAY[ops_jit.cert('JIT-1')]) AS refreshed;
SELECT pg_catalog.current_setting('jit') AS after_sweep_and_refresh;
SELECT tg, jit FROM pg_temp.jit_seen GROUP BY tg, jit ORDER BY tg, jit;
SET LOCAL jit = off;
SELECT ops_jit.decide('JIT-1', 'suspend', '2025-06-03');
SELECT pg_catalog.current_setting('jit') AS after_statement_with_jit_off;
SELECT jit FROM pg_temp.jit_seen GROUP BY jit;
ROLLBACK;
