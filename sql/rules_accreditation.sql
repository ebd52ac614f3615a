-- rules_accreditation: ACC-1 and ACC-2: the accreditation chain
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Test helpers, in schema rules_accreditation (dropped at the end of this file).
CREATE SCHEMA rules_accreditation;

-- regress.try() and regress.mask() come from sql/helpers.sql.

-- The bodies, organisation and helpers of this file (regress.fixture).
SELECT regress.fixture('rules_accreditation', 'ACC', immediate => true);

INSERT INTO isms.accreditation_body (code, name, recognised) VALUES ('ACC-AB2', 'rules_accreditation second accreditation body', true);
INSERT INTO isms.certification_body (code, name) VALUES
    ('ACC-CB2', 'rules_accreditation body with a suspended accreditation'),
    ('ACC-CB3', 'rules_accreditation body accredited for BCMS only'),
    ('ACC-CB4', 'rules_accreditation body whose accreditation is changed'),
    ('ACC-CB5', 'rules_accreditation body for ACC-2');

-- An accreditation period (as a statement for try()), and the id of one.
CREATE FUNCTION rules_accreditation.accredit(ab text, cb text, scheme text, valid_from date,
    valid_until date DEFAULT NULL, status isms.accreditation_status DEFAULT 'active')
RETURNS text LANGUAGE sql AS $$
    SELECT format('INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from, valid_until, status)'
                  ' SELECT a.id, b.id, %L, %L, %L, %L FROM isms.accreditation_body a,'
                  ' isms.certification_body b WHERE a.code = %L AND b.code = %L',
                  scheme, valid_from, valid_until, status, ab, cb)
$$;
CREATE FUNCTION rules_accreditation.acc(cb text, valid_from date, ab text DEFAULT 'ACC-AB')
RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT x.id FROM isms.accreditation x
    JOIN isms.accreditation_body a ON a.id = x.ab_id
    JOIN isms.certification_body b ON b.id = x.cb_id
    WHERE a.code = ab AND b.code = cb AND x.valid_from = acc.valid_from
$$;
-- The accreditation periods of a certification body.
CREATE FUNCTION rules_accreditation.periods(cb text)
RETURNS TABLE (ab text, scheme text, valid_from date, valid_until date,
               status isms.accreditation_status)
LANGUAGE sql STABLE AS $$
    SELECT a.code, x.scheme, x.valid_from, x.valid_until, x.status
    FROM isms.accreditation x
    JOIN isms.accreditation_body a ON a.id = x.ab_id
    JOIN isms.certification_body b ON b.id = x.cb_id
    WHERE b.code = cb ORDER BY x.valid_from, a.code, x.scheme
$$;

/*
 * ACC-1: grant, recertification, restoration and scope extension are
 * decided on a day an active accreditation of the body covers, for the
 * scheme of the certificate's standard.
 */
-- ACC-CB is accredited for ISMS from 2020-03-02 to 2023-01-31 (inclusive).
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB', 'ISMS', '2020-03-02', '2023-01-31'));
-- grant on the first and the last day
SELECT rules_accreditation.new_cert('ACC-G');
SELECT rules_accreditation.audit('ACC-G', 'stage1', '2020-01-06', '2020-01-07');
SELECT rules_accreditation.audit('ACC-G', 'stage2', '2020-02-03', '2020-02-05');
SELECT rules_accreditation.probe('ACC-G', 'grant', '2020-03-01', '2023-02-28') AS "grant the day before valid_from";
SELECT rules_accreditation.probe('ACC-G', 'grant', '2020-03-02', '2023-03-01') AS "grant on valid_from";
-- a date before the common era reads as PostgreSQL prints it
SELECT rules_accreditation.probe('ACC-G', 'grant', '0001-12-31 BC', '0003-12-30') AS "grant in 1 BC";
SELECT rules_accreditation.new_cert('ACC-H');
SELECT rules_accreditation.audit('ACC-H', 'stage1', '2022-11-01', '2022-11-02');
SELECT rules_accreditation.audit('ACC-H', 'stage2', '2022-12-01', '2022-12-02');
SELECT rules_accreditation.probe('ACC-H', 'grant', '2023-01-31', '2026-01-30') AS "grant on valid_until";
SELECT rules_accreditation.probe('ACC-H', 'grant', '2023-02-01', '2026-01-31') AS "grant the day after valid_until";
-- the other kinds, on a certificate granted 2020-04-01 with all its audits
SELECT rules_accreditation.granted('ACC-R', '2020-04-01');
SELECT rules_accreditation.audit('ACC-R', 'surveillance', '2021-03-01', '2021-03-02');
SELECT rules_accreditation.audit('ACC-R', 'surveillance', '2022-06-01', '2022-06-02');
SELECT rules_accreditation.audit('ACC-R', 'recertification', '2023-01-10', '2023-01-12');
SELECT rules_accreditation.audit('ACC-R', 'special', '2023-01-13', '2023-01-14');
SELECT rules_accreditation.probe('ACC-R', 'recertify', '2023-01-31', '2026-03-31') AS "recertify on valid_until";
SELECT rules_accreditation.probe('ACC-R', 'recertify', '2023-02-01', '2026-03-31') AS "recertify the day after";
SELECT rules_accreditation.probe('ACC-R', 'extend_scope', '2023-01-31') AS "extend_scope on valid_until";
SELECT rules_accreditation.probe('ACC-R', 'extend_scope', '2023-02-01') AS "extend_scope the day after";
-- suspension, withdrawal, cancellation and scope reduction need no accreditation
SELECT k.kind, rules_accreditation.probe('ACC-R', k.kind, '2023-02-01',
           scope => CASE WHEN k.kind = 'reduce_scope' THEN 'Reduced scope' END) AS "the day after valid_until"
FROM unnest(ARRAY['suspend', 'withdraw', 'cancel', 'reduce_scope']::isms.decision_kind[]) k(kind)
ORDER BY k.kind;
-- restoration (ACC-R expires after 2023-03-31): the accreditation resumes on 2023-04-15
SELECT rules_accreditation.probe('ACC-R', 'restore', '2023-04-15', '2026-03-31') AS "restore, no accreditation";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB', 'ISMS', '2023-04-15'));
SELECT rules_accreditation.probe('ACC-R', 'restore', '2023-04-14', '2026-03-31') AS "restore the day before valid_from";
SELECT rules_accreditation.probe('ACC-R', 'restore', '2023-04-15', '2026-03-31') AS "restore on valid_from";
SELECT * FROM rules_accreditation.periods('ACC-CB');

-- A suspended accreditation does not cover; another body's active one does.
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB2', 'ISMS', '2000-01-01', status => 'suspended'));
SELECT rules_accreditation.new_cert('ACC-S', cb => 'ACC-CB2');
SELECT rules_accreditation.audit('ACC-S', 'stage1', '2020-04-06', '2020-04-07');
SELECT rules_accreditation.audit('ACC-S', 'stage2', '2020-05-11', '2020-05-13');
SELECT rules_accreditation.probe('ACC-S', 'grant', '2020-06-01', '2023-05-31') AS "grant, accreditation suspended";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB2', 'ISMS', '1990-01-01', '1999-12-31', status => 'withdrawn'));
SELECT rules_accreditation.probe('ACC-S', 'grant', '1999-12-31', '2002-12-30', quiet => true) AS "grant, accreditation withdrawn";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB2', 'ACC-CB2', 'ISMS', '2020-06-01'));
SELECT rules_accreditation.probe('ACC-S', 'grant', '2020-06-01', '2023-05-31') AS "grant, active with ACC-AB2";
SELECT * FROM rules_accreditation.periods('ACC-CB2');

-- An accreditation for another scheme does not cover.
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB3', 'BCMS', '2000-01-01'));
SELECT rules_accreditation.new_cert('ACC-O', cb => 'ACC-CB3');
SELECT rules_accreditation.audit('ACC-O', 'stage1', '2020-04-06', '2020-04-07');
SELECT rules_accreditation.audit('ACC-O', 'stage2', '2020-05-11', '2020-05-13');
SELECT rules_accreditation.probe('ACC-O', 'grant', '2020-06-01', '2023-05-31') AS "ISO/IEC 27001, accredited for BCMS";
SELECT rules_accreditation.new_cert('ACC-O22301', 'ISO 22301:2019', cb => 'ACC-CB3');
SELECT rules_accreditation.audit('ACC-O22301', 'stage1', '2020-04-06', '2020-04-07');
SELECT rules_accreditation.audit('ACC-O22301', 'stage2', '2020-05-11', '2020-05-13');
SELECT rules_accreditation.probe('ACC-O22301', 'grant', '2020-06-01', '2023-05-31') AS "ISO 22301, accredited for BCMS";

/*
 * ACC-1 on accreditation changes: a recorded decision is never left
 * uncovered.
 */
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB4', 'ISMS', '2020-01-01'));
SELECT rules_accreditation.granted('ACC-K', '2020-04-01', cb => 'ACC-CB4');
SELECT rules_accreditation.audit('ACC-K', 'surveillance', '2021-03-01', '2021-03-02');
SELECT rules_accreditation.audit('ACC-K', 'special', '2021-05-20', '2021-05-21');
SELECT rules_accreditation.decide('ACC-K', 'extend_scope', '2021-06-01', scope => 'Extended scope of ACC-K');
SELECT rules_accreditation.decide('ACC-K', 'suspend', '2021-09-01');
-- the last decision that needs accreditation: the scope extension of 2021-06-01
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_until = %L WHERE id = %s',
       '2021-05-31', rules_accreditation.acc('ACC-CB4', '2020-01-01'))) AS "end it the day before";
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_until = %L WHERE id = %s',
       '2021-06-01', rules_accreditation.acc('ACC-CB4', '2020-01-01'))) AS "end it on the last decision day";
-- the first: the grant of 2020-04-01
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_from = %L WHERE id = %s',
       '2020-04-02', rules_accreditation.acc('ACC-CB4', '2020-01-01')), quiet => true) AS "start it the day after the grant";
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_from = %L WHERE id = %s',
       '2020-04-01', rules_accreditation.acc('ACC-CB4', '2020-01-01'))) AS "start it on the grant day";
SELECT * FROM rules_accreditation.periods('ACC-CB4');
SELECT c.change, regress.try_now(format('UPDATE isms.accreditation SET %s WHERE id = %s',
       c.change, rules_accreditation.acc('ACC-CB4', '2020-04-01')), keep => false, quiet => true) AS result
FROM (VALUES (1, 'status = ''suspended'''), (2, 'status = ''withdrawn'''),
             (3, 'scheme = ''BCMS'''),
             (4, 'cb_id = (SELECT id FROM isms.certification_body WHERE code = ''ACC-CB5'')'),
             (5, 'accreditation_number = ''ISMS-AC 999''')) c(n, change)
ORDER BY c.n;
SELECT regress.try_now(format('DELETE FROM isms.accreditation WHERE id = %s',
       rules_accreditation.acc('ACC-CB4', '2020-04-01')), keep => false) AS "DELETE it";
-- another accreditation covering the decisions makes it removable
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB2', 'ACC-CB4', 'ISMS', '2020-01-01'));
SELECT regress.try_now(format('DELETE FROM isms.accreditation WHERE id = %s',
       rules_accreditation.acc('ACC-CB4', '2020-04-01')), keep => false) AS "DELETE it, covered by ACC-AB2";

/*
 * ACC-1 counts the scheme of the edition in force at each decision: a
 * registry's own edition in another scheme (an edition transition's data)
 * moves only the decisions after its transition, at insert and when
 * accreditations change.
 */
BEGIN;
INSERT INTO isms.certification_body (code, name) VALUES ('ACC-CB7', 'rules_accreditation body of a certificate that changes scheme');
INSERT INTO isms.standard (ref, number, edition, scheme, title)
VALUES ('ISO/IEC 27001:2030', 'ISO/IEC 27001', 2030, 'ITSMS', 'a hypothetical edition in another scheme');
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
VALUES ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2030', '2024-03-01', '2028-12-31', '2029-12-31');
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB7', 'ISMS', '2020-01-01'));
SELECT rules_accreditation.granted('ACC-Y', '2023-04-03', cb => 'ACC-CB7');
SELECT rules_accreditation.audit('ACC-Y', 'surveillance', '2024-03-04', '2024-03-05');
SELECT rules_accreditation.audit('ACC-Y', 'transition', '2024-06-03', '2024-06-04');
SELECT rules_accreditation.audit('ACC-Y', 'special', '2024-06-05', '2024-06-06');
CREATE TEMP VIEW acc_y_moves AS
SELECT format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard, new_scope_statement)
    VALUES (%1$s, 'transition', '2024-06-20', 'ISO/IEC 27001:2030', NULL),
           (%1$s, 'extend_scope', '2024-06-21', NULL, 'Extended scope of ACC-Y')$$,
       rules_accreditation.cert('ACC-Y')) AS stmt;
-- the extension follows the transition in the same statement: ITSMS counts
SELECT regress.try_now(stmt, keep => false) AS "transition and extension, not accredited for ITSMS" FROM acc_y_moves;
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB7', 'ITSMS', '2023-01-01', '2025-12-31'));
SELECT regress.try_now(stmt) AS "transition and extension, accredited for ITSMS" FROM acc_y_moves;
SELECT kind, decision_date FROM rules_accreditation.decisions('ACC-Y');
-- the grant relied on ISMS, the extension on ITSMS
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_until = %L WHERE scheme = %L AND id = %s',
       '2023-04-02', 'ISMS', rules_accreditation.acc('ACC-CB7', '2020-01-01')), keep => false) AS "end ISMS before the grant";
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_until = %L WHERE scheme = %L AND id = %s',
       '2023-04-03', 'ISMS', rules_accreditation.acc('ACC-CB7', '2020-01-01')), keep => false) AS "end ISMS on the grant day";
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_from = %L WHERE scheme = %L AND id = %s',
       '2024-06-22', 'ITSMS', rules_accreditation.acc('ACC-CB7', '2023-01-01')), keep => false) AS "start ITSMS after the extension";
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_from = %L WHERE scheme = %L AND id = %s',
       '2024-06-21', 'ITSMS', rules_accreditation.acc('ACC-CB7', '2023-01-01')), keep => false) AS "start ITSMS on the extension day";
-- with ISMS ended on the transition day, annulling the transition or correcting
-- it by a later one would leave the extension under ISMS: refused
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_until = %L WHERE scheme = %L AND id = %s',
       '2024-06-20', 'ISMS', rules_accreditation.acc('ACC-CB7', '2020-01-01'))) AS "end ISMS on the transition day";
SELECT regress.try_now(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
       SELECT certificate_id, 'annul', '2024-08-01', id FROM isms.decision WHERE certificate_id = %s AND kind = 'transition'$$,
       rules_accreditation.cert('ACC-Y')), keep => false) AS "annul the transition";
SELECT regress.try_now(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard, corrects)
       SELECT certificate_id, 'transition', '2024-07-15', new_standard, id FROM isms.decision WHERE certificate_id = %s AND kind = 'transition'$$,
       rules_accreditation.cert('ACC-Y')), keep => false) AS "correct it by a later transition";
SELECT kind, decision_date FROM rules_accreditation.decisions('ACC-Y');
ROLLBACK;

-- dates before the common era read as PostgreSQL prints them in the
-- recheck's refusal and in a correction's (LOG-1)
BEGIN;
INSERT INTO isms.certification_body (code, name) VALUES ('ACC-CB8', 'rules_accreditation body of the year 10 BC');
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB8', 'ISMS', '0010-01-01 BC'));
SELECT rules_accreditation.new_cert('ACC-BC', cb => 'ACC-CB8');
SELECT rules_accreditation.audit('ACC-BC', 'stage1', '0003-01-10 BC', '0003-01-11 BC');
SELECT rules_accreditation.audit('ACC-BC', 'stage2', '0003-02-01 BC', '0003-02-03 BC');
SELECT rules_accreditation.decide('ACC-BC', 'grant', '0003-03-01 BC');
SELECT rules_accreditation.decide('ACC-BC', 'suspend', '0003-05-01 BC');
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_from = %L WHERE id = %s',
       '0003-01-01', rules_accreditation.acc('ACC-CB8', '0010-01-01 BC')), keep => false) AS "start it in AD 3";
SELECT regress.try_now(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
       SELECT certificate_id, 'annul', '0003-04-01 BC', id FROM isms.decision WHERE certificate_id = %s AND kind = 'suspend'$$,
       rules_accreditation.cert('ACC-BC')), keep => false) AS "annulled before it was decided";
ROLLBACK;

/*
 * ACC-1 trusts only recognised accreditation bodies: an accreditation counts
 * only if its accreditation body is recognised by the registry (recognised)
 * or an IAF MLA signatory (iaf_mla).  A body that loses both is refused at
 * commit while recorded decisions rely on its accreditations.
 */
INSERT INTO isms.accreditation_body (code, name) VALUES ('ACC-AB3', 'rules_accreditation unrecognised accreditation body');
SELECT recognised, iaf_mla FROM isms.accreditation_body WHERE code = 'ACC-AB3';
INSERT INTO isms.certification_body (code, name) VALUES ('ACC-CB6', 'rules_accreditation body accredited by ACC-AB3');
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB3', 'ACC-CB6', 'ISMS', '2020-01-01'));
SELECT rules_accreditation.new_cert('ACC-U', cb => 'ACC-CB6');
SELECT rules_accreditation.audit('ACC-U', 'stage1', '2021-01-04', '2021-01-05');
SELECT rules_accreditation.audit('ACC-U', 'stage2', '2021-02-01', '2021-02-03');
SELECT rules_accreditation.probe('ACC-U', 'grant', '2021-03-01', '2024-02-29') AS "grant, accredited by an unrecognised body";
UPDATE isms.accreditation_body SET recognised = true WHERE code = 'ACC-AB3';
SELECT rules_accreditation.decide('ACC-U', 'grant', '2021-03-01', '2024-02-29') AS "grant, the body recognised";
-- losing the recognition is refused while the grant relies on it (at commit)
SELECT regress.try_now($$UPDATE isms.accreditation_body SET recognised = false WHERE code = 'ACC-AB3'$$,
       keep => false) AS "recognition withdrawn";
-- an IAF MLA signatory needs no recognition
SELECT regress.try_now($$UPDATE isms.accreditation_body SET recognised = false, iaf_mla = true WHERE code = 'ACC-AB3'$$)
       AS "recognition withdrawn, IAF MLA";
SELECT regress.try_now($$UPDATE isms.accreditation_body SET iaf_mla = false WHERE code = 'ACC-AB3'$$,
       keep => false, quiet => true) AS "IAF MLA withdrawn";
-- another recognised accreditation covering the grant lets the body go
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB2', 'ACC-CB6', 'ISMS', '2021-01-01'));
SELECT regress.try_now($$UPDATE isms.accreditation_body SET iaf_mla = false WHERE code = 'ACC-AB3'$$)
       AS "IAF MLA withdrawn, covered by ACC-AB2";
SELECT recognised, iaf_mla FROM isms.accreditation_body WHERE code = 'ACC-AB3';

/*
 * ACC-2: a body's accreditation periods for one scheme and accreditation
 * body do not overlap (valid_until inclusive, NULL open).
 */
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS', '2020-01-01', '2020-12-31')) AS "2020";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS', '2020-12-31', '2021-12-31')) AS "overlapping by one day";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS', '2021-01-01', '2021-12-31')) AS "adjacent";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS', '2022-01-01')) AS "open from 2022";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS', '2030-01-01', '2030-12-31'), quiet => true) AS "inside the open period";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS', '2019-01-01', '2019-12-31', 'withdrawn')) AS "2019, withdrawn";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS', '2019-06-01', '2019-06-30', 'suspended'), quiet => true) AS "inside the withdrawn one";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB2', 'ACC-CB5', 'ISMS', '2020-06-01')) AS "another accreditation body";
SELECT regress.try_now(rules_accreditation.accredit('ACC-AB', 'ACC-CB5', 'ISMS-PIMS', '2020-06-01')) AS "another scheme";
SELECT regress.try_now(format('UPDATE isms.accreditation SET valid_from = %L WHERE id = %s',
       '2020-12-15', rules_accreditation.acc('ACC-CB5', '2021-01-01')), quiet => true) AS "UPDATE into an overlap";
SELECT * FROM rules_accreditation.periods('ACC-CB5');

SET client_min_messages = warning;
DROP SCHEMA rules_accreditation CASCADE;
RESET client_min_messages;
