-- transfer: TRF-1, a certificate moves to another certification body
SET datestyle = ISO;
SET timezone = 'UTC';
SET isms.today = '2025-06-30';
\set VERBOSITY default

CREATE SCHEMA transfer;
SELECT regress.fixture('transfer', 'TRF');
INSERT INTO isms.certification_body (code, name) VALUES
    ('TRF-CB2', 'transfer receiving body'), ('TRF-CB3', 'transfer unaccredited body'),
    ('TRF-CB4', 'transfer reported body');
UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code = 'TRF-CB4';
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, s.scheme, '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b,
     (VALUES ('ISMS'), ('ISMS-CLOUD')) s(scheme)
WHERE a.code = 'TRF-AB' AND b.code IN ('TRF-CB', 'TRF-CB2', 'TRF-CB4');

-- receiving(num, from, cb): the receiving body's draft that takes certificate
-- "from" over (the organisation of that certificate)
CREATE FUNCTION transfer.receiving(num text, from_num text, cb text DEFAULT 'TRF-CB2',
    std text DEFAULT 'ISO/IEC 27001:2022', base text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$
    SELECT regress.try(format(
        'INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,'
        ' scope_statement, transferred_from, base_certificate_id)'
        ' SELECT b.id, %L, f.organisation_id, %L, %L, f.id, %L'
        ' FROM isms.certification_body b, isms.certificate f'
        ' WHERE b.code = %L AND f.id = %s',
        num, std, 'Scope of ' || num, transfer.cert(base), cb, transfer.cert(from_num)))
$$;
CREATE FUNCTION transfer.status(num text, day date) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT isms.status_at(transfer.cert(num), day)::text
$$;
CREATE FUNCTION transfer.stored(num text)
RETURNS TABLE (certificate_number text, body text, status isms.cert_status,
               original date, cycle_start date, expiry date, revision integer)
LANGUAGE sql STABLE AS $$
    SELECT c.certificate_number, b.code, c.status, c.original_certification_date,
           c.cycle_start, c.expiry_date, c.revision
    FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
    WHERE c.id = transfer.cert(num)
$$;

-- A certificate of TRF-CB, granted on 2023-04-01 until 2026-03-31, with a
-- surveillance audit; TRF-CB2 takes it over on 2024-10-01.
SELECT transfer.granted('I-1', '2023-04-01');
SELECT transfer.audit('I-1', 'surveillance', '2024-03-04', '2024-03-05');
SELECT transfer.receiving('R-1', 'I-1') AS "receiving draft";
SELECT transfer.status('I-1', '2024-10-01') AS "I-1 before", transfer.status('R-1', '2024-10-01') AS "R-1 before";
SELECT transfer.decide('R-1', 'transfer', '2024-10-01') AS "transfer, no initial audit";
SELECT transfer.status('I-1', '2024-09-30') AS "I-1 on 09-30", transfer.status('I-1', '2024-10-01') AS "I-1 on 10-01",
       transfer.status('R-1', '2024-09-30') AS "R-1 on 09-30", transfer.status('R-1', '2024-10-01') AS "R-1 on 10-01",
       transfer.status('R-1', '2026-03-31') AS "R-1 on the expiry", transfer.status('R-1', '2026-04-01') AS "R-1 after";
SELECT * FROM transfer.stored('I-1') UNION ALL SELECT * FROM transfer.stored('R-1');
-- the issuing certificate's history ends with the withdrawal isms records
SELECT kind, decision_date, effective_date, regexp_replace(reason, 'decision \d+', 'decision #') AS reason
FROM isms.decision WHERE certificate_id = transfer.cert('I-1') ORDER BY id;
SELECT kind, decision_date, effective_date, transfer_cycle_start, transfer_expiry, transfer_original_date
FROM isms.decision WHERE certificate_id = transfer.cert('R-1');
SELECT * FROM transfer.timeline('R-1');
SELECT isms.valid_periods(transfer.cert('R-1')) AS "R-1 valid";
-- both chains intact
SELECT count(*) AS "broken chains" FROM isms.verify_chains()
WHERE certificate_id IN (transfer.cert('I-1'), transfer.cert('R-1'));
-- the programme goes on: SUR-1 fell to the issuing body, 2024's surveillance is due
SELECT rule, due_by, state FROM isms.audit_programme(transfer.cert('R-1'), '2024-11-01') ORDER BY due_by;
SELECT rule, due_by, state FROM isms.audit_programme(transfer.cert('R-1'), '2025-02-01') ORDER BY due_by;
SELECT transfer.decide('R-1', 'suspend', '2025-02-01', effective => '2025-02-01') AS "receiver suspends";
SELECT transfer.decide('R-1', 'reinstate', '2025-02-10') AS "reinstate without 2024's surveillance";
-- (an audit of 2025 is on time for 2025 and does not make up for 2024)

-- the IAF CertSearch export: the receiving body's certificate is issued by
-- the transfer, with the original issue date and expiry taken over
SELECT "Certificate Number", "Certification Status", "Certification Original Issue Date",
       "Certification Issue Date", "Certification Expiry Date", "Certification Body"
FROM isms_bi.certsearch WHERE "Certificate Number" IN ('I-1', 'R-1') ORDER BY 1;

-- The example of doc/lifecycle.md
SELECT transfer.granted('I-13', '2023-04-01');
-- doc: a transfer, recorded by the receiving body
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                              scope_statement, transferred_from)
SELECT b.id, 'R-13', f.organisation_id, f.standard, f.scope_statement, f.id
  FROM isms.certification_body b, isms.certificate f
 WHERE b.code = 'TRF-CB2' AND f.certificate_number = 'I-13';
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'transfer', '2024-10-01' FROM isms.certificate WHERE certificate_number = 'R-13';
SELECT * FROM transfer.stored('I-13') UNION ALL SELECT * FROM transfer.stored('R-13');

-- A transfer is final: the issuing history does not change, the transfer is
-- not corrected
SELECT transfer.decide('I-1', 'suspend', '2024-09-01') AS "backdated suspension of I-1";
SELECT transfer.decide('I-1', 'annul', '2024-10-02',
    corrects => (SELECT max(id) FROM isms.decision WHERE certificate_id = transfer.cert('I-1'))) AS "annul I-1's end";
SELECT transfer.decide('R-1', 'annul', '2024-10-02',
    corrects => (SELECT min(id) FROM isms.decision WHERE certificate_id = transfer.cert('R-1'))) AS "annul the transfer";
SELECT transfer.receiving('R-1b', 'I-1') AS "second draft";
SELECT transfer.decide('R-1b', 'transfer', '2024-10-02') AS "I-1 again";

-- Boundary days: on the expiry date it transfers, the day after it does not
SELECT transfer.granted('I-2', '2022-07-01');
SELECT transfer.receiving('R-2', 'I-2');
SELECT transfer.decide('R-2', 'transfer', '2025-06-30') AS "on the expiry date";
SELECT transfer.status('R-2', '2025-06-30') AS "R-2 on 06-30", transfer.status('R-2', '2025-07-01') AS "R-2 on 07-01",
       transfer.status('I-2', '2025-06-30') AS "I-2 on 06-30";
SELECT transfer.granted('I-3', '2022-06-29');
SELECT transfer.receiving('R-3', 'I-3');
SELECT transfer.decide('R-3', 'transfer', '2025-06-29') AS "the day after the expiry";

-- Suspended: only once the suspension is resolved
SELECT transfer.granted('I-4', '2023-04-01');
SELECT transfer.audit('I-4', 'surveillance', '2024-03-04', '2024-03-05');
SELECT transfer.decide('I-4', 'suspend', '2024-05-01');
SELECT transfer.receiving('R-4', 'I-4');
SELECT transfer.decide('R-4', 'transfer', '2024-06-01') AS "while suspended";
SELECT transfer.decide('I-4', 'reinstate', '2024-07-01');
SELECT transfer.decide('R-4', 'transfer', '2024-06-30', effective => '2024-06-30') AS "the day before the reinstatement";
SELECT transfer.decide('R-4', 'transfer', '2024-07-01') AS "the day of the reinstatement";

-- Withdrawn: never
SELECT transfer.granted('I-5', '2023-04-01');
SELECT transfer.decide('I-5', 'withdraw', '2024-03-01');
SELECT transfer.receiving('R-5', 'I-5');
SELECT transfer.decide('R-5', 'transfer', '2024-06-01') AS "withdrawn";

-- ACC-1: the receiving body is accredited on the decision date
SELECT transfer.granted('I-6', '2023-04-01');
SELECT transfer.receiving('R-6', 'I-6', 'TRF-CB3');
SELECT transfer.decide('R-6', 'transfer', '2024-06-01') AS "unaccredited receiver";

-- Within one body, and without a certificate named
SELECT transfer.receiving('R-7', 'I-6', 'TRF-CB') AS "same body";
-- in one statement, the certificate taken over after the one that takes it
-- over: checked once the statement is done
SELECT regress.try($$INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id,
        standard, scope_statement, transferred_from)
    SELECT 990002, b.id, 'R-7b', o.id, 'ISO/IEC 27001:2022', 'Scope of R-7b', 990001
      FROM isms.certification_body b, isms.organisation o WHERE b.code = 'TRF-CB' AND o.id = (SELECT organisation_id FROM isms.certificate WHERE id = transfer.cert('I-6'))
    UNION ALL
    SELECT 990001, b.id, 'I-7b', o.id, 'ISO/IEC 27001:2022', 'Scope of I-7b', NULL
      FROM isms.certification_body b, isms.organisation o WHERE b.code = 'TRF-CB' AND o.id = (SELECT organisation_id FROM isms.certificate WHERE id = transfer.cert('I-6'))$$)
    AS "same body, one statement";
SELECT transfer.new_cert('R-8', cb => 'TRF-CB2');
SELECT transfer.decide('R-8', 'transfer', '2024-06-01') AS "names no certificate";
-- another edition than the one in force
SELECT transfer.receiving('R-9', 'I-6', std => 'ISO/IEC 27001:2013') AS "2013 draft";
SELECT transfer.decide('R-9', 'transfer', '2024-06-01') AS "another edition";

-- A register of reported decisions on either side
SELECT transfer.new_cert('I-10', cb => 'TRF-CB4');
SELECT transfer.decide('I-10', 'grant', '2023-04-01', '2026-03-31') AS "reported grant";
SELECT transfer.receiving('R-10', 'I-10');
SELECT transfer.decide('R-10', 'transfer', '2024-10-01') AS "from a reported register";
UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code = 'TRF-CB2';
SELECT rule, due_by, state FROM isms.audit_programme(transfer.cert('R-10'), '2025-02-01') ORDER BY due_by;
SELECT transfer.granted('I-11', '2023-04-01');
SELECT transfer.receiving('R-11', 'I-11');
SELECT transfer.decide('R-11', 'transfer', '2024-10-01') AS "into a reported register";
SELECT transfer.decide('R-11', 'recertify', '2025-06-01', '2029-03-31') AS "reported: recertify without an audit";
SELECT * FROM transfer.stored('R-10') UNION ALL SELECT * FROM transfer.stored('R-11');

-- Add-ons move with their base
SELECT transfer.granted('B-1', '2023-04-01');
SELECT transfer.new_cert('A-1', 'ISO/IEC 27017:2015');
UPDATE isms.certificate SET base_certificate_id = transfer.cert('B-1') WHERE id = transfer.cert('A-1');
SELECT transfer.audit('A-1', 'stage1', '2023-02-01', '2023-02-01');
SELECT transfer.audit('A-1', 'stage2', '2023-03-01', '2023-03-02');
SELECT transfer.decide('A-1', 'grant', '2023-04-01', '2026-03-31') AS "add-on granted";
SELECT transfer.receiving('RB-1', 'B-1');
SELECT transfer.receiving('RA-1', 'A-1', std => 'ISO/IEC 27017:2015', base => 'RB-1');
SELECT transfer.decide('RA-1', 'transfer', '2024-10-01') AS "add-on without its base";
SELECT regress.try_now(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'transfer', '2024-10-01')$$, transfer.cert('RB-1'))) AS "base without its add-on";
SELECT transfer.status('B-1', '2024-10-01') AS "B-1 still", transfer.status('RB-1', '2024-10-01') AS "RB-1 still";
BEGIN;
SELECT transfer.decide('RB-1', 'transfer', '2024-10-01') AS "base";
SELECT transfer.decide('RA-1', 'transfer', '2024-10-01') AS "and its add-on";
COMMIT;
SELECT n AS certificate, transfer.status(n, '2024-09-30') AS "09-30", transfer.status(n, '2024-10-01') AS "10-01"
FROM unnest(ARRAY['B-1', 'A-1', 'RB-1', 'RA-1']) n;
SELECT * FROM transfer.stored('RA-1');
-- a base and its add-on in one statement, the base's row first
SELECT transfer.granted('B-2', '2023-04-01');
SELECT transfer.new_cert('A-2', 'ISO/IEC 27017:2015');
UPDATE isms.certificate SET base_certificate_id = transfer.cert('B-2') WHERE id = transfer.cert('A-2');
SELECT transfer.audit('A-2', 'stage1', '2023-02-01', '2023-02-01');
SELECT transfer.audit('A-2', 'stage2', '2023-03-01', '2023-03-02');
SELECT transfer.decide('A-2', 'grant', '2023-04-01', '2026-03-31') AS "add-on granted";
SELECT transfer.receiving('RB-2', 'B-2');
SELECT transfer.receiving('RA-2', 'A-2', std => 'ISO/IEC 27017:2015', base => 'RB-2');
SELECT regress.try_now(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'transfer', '2024-11-01'), (%s, 'transfer', '2024-11-01')$$,
    transfer.cert('RB-2'), transfer.cert('RA-2'))) AS "base and add-on in one statement";
SELECT n AS certificate, transfer.status(n, '2024-10-31') AS "10-31", transfer.status(n, '2024-11-01') AS "11-01"
FROM unnest(ARRAY['B-2', 'A-2', 'RB-2', 'RA-2']) n;

-- an add-on that stayed behind (a draft on the transfer date) gets no
-- decision afterwards: a grant dated before the transfer would make it valid
-- of its own on that day, and so would a new add-on's
SELECT transfer.granted('B-3', '2023-04-01');
SELECT transfer.new_cert('A-3', 'ISO/IEC 27017:2015');
UPDATE isms.certificate SET base_certificate_id = transfer.cert('B-3') WHERE id = transfer.cert('A-3');
SELECT transfer.audit('A-3', 'stage1', '2024-03-01', '2024-03-01');
SELECT transfer.audit('A-3', 'stage2', '2024-04-01', '2024-04-02');
SELECT transfer.receiving('RB-3', 'B-3');
SELECT transfer.decide('RB-3', 'transfer', '2024-10-01') AS "base, its add-on a draft";
SELECT transfer.decide('A-3', 'grant', '2024-05-15') AS "add-on granted before the transfer";
SELECT transfer.decide('A-3', 'grant', '2024-11-01') AS "add-on granted after it";
SELECT transfer.new_cert('A-4', 'ISO/IEC 27017:2015');
UPDATE isms.certificate SET base_certificate_id = transfer.cert('B-3') WHERE id = transfer.cert('A-4');
SELECT transfer.audit('A-4', 'stage1', '2024-03-01', '2024-03-01');
SELECT transfer.audit('A-4', 'stage2', '2024-04-01', '2024-04-02');
SELECT transfer.decide('A-4', 'grant', '2024-05-15') AS "new add-on of the certificate taken over";
SELECT n AS certificate, transfer.status(n, '2024-10-01') AS "10-01",
       (SELECT count(*) FROM isms.decision WHERE certificate_id = transfer.cert(n)) AS decisions
FROM unnest(ARRAY['B-3', 'A-3', 'A-4', 'RB-3']) n;

-- Row-level security: the receiving body's writer records the transfer;
-- another body's writer cannot
BEGIN;
SET client_min_messages = warning;
SELECT count(*) > 0 AS roles FROM isms.setup_roles('trf_');
SELECT isms.setup_cb_writer('TRF-CB', 'trf_issuer', 'trf_') AS issuer,
       isms.setup_cb_writer('TRF-CB2', 'trf_receiver', 'trf_') AS receiver;
RESET client_min_messages;
GRANT USAGE ON SCHEMA regress, transfer TO trf_issuer, trf_receiver;
SELECT transfer.granted('I-12', '2023-04-01');
SELECT id AS i12, organisation_id AS org12 FROM isms.certificate WHERE id = transfer.cert('I-12') \gset
INSERT INTO isms.organisation (name) VALUES ('transfer other organisation') RETURNING id AS orgx \gset
SET ROLE trf_receiver;
SELECT regress.try(format($$INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id,
    standard, scope_statement, transferred_from)
    SELECT b.id, 'R-12', %s, 'ISO/IEC 27001:2022', 'Scope of R-12', %s
    FROM isms.certification_body b WHERE b.code = 'TRF-CB2'$$,
    :org12, :i12)) AS "receiver's draft";
-- under row-level security the link is checked before the row: a draft of
-- another organisation never exists, not even for a decision of the same
-- statement to read (the refusal quotes only the ids the writer gave)
SELECT regress.try(format($$WITH c AS (INSERT INTO isms.certificate (cb_id, certificate_number,
        organisation_id, standard, scope_statement, transferred_from)
    SELECT b.id, 'R-12x', %s, 'ISO/IEC 27001:2022', 'Scope of R-12x', %s
    FROM isms.certification_body b WHERE b.code = 'TRF-CB2' RETURNING id)
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    SELECT id, 'transfer', '2024-10-01' FROM c$$,
    :orgx, :i12)) AS "another organisation, one statement";
RESET ROLE;
SELECT transfer.cert('R-12') AS r12 \gset
SET ROLE trf_issuer;
SELECT regress.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'transfer', '2024-10-01')$$, :r12)) AS "issuer records it";
RESET ROLE;
SET ROLE trf_receiver;
SELECT regress.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'transfer', '2024-10-01')$$, :r12)) AS "receiver records it";
SELECT regress.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (%s, 'withdraw', '2024-10-02')$$, :i12)) AS "receiver withdraws I-12";
SELECT count(*) AS "I-12 rows the receiver sees" FROM isms.decision WHERE certificate_id = :i12;
RESET ROLE;
SELECT * FROM transfer.stored('I-12') UNION ALL SELECT * FROM transfer.stored('R-12');
ROLLBACK;

-- A bulk statement's certificates and decisions are looked at 8,192 at a
-- time (ISMS_IDS_PER_QUERY).  I-21 (taken over) and D-20 (granted) come
-- before 8,200 drafts, I-20 (taken over) and C-20 (granted) after them:
-- a statement with I-20 last is refused all the same (TRF-1); one with
-- I-21 first and I-20 last names I-21, its first offending decision; the
-- audits of a statement with D-20 first and C-20 last move both deadlines.
BEGIN;
SELECT transfer.granted('I-21', '2023-04-01');
SELECT transfer.receiving('R-21', 'I-21') AS "receiving draft";
SELECT transfer.decide('R-21', 'transfer', '2024-10-01') AS "R-21 takes I-21 over";
SELECT transfer.granted('D-20', '2024-09-02');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT b.id, 'CH-' || i, o.id, 'ISO/IEC 27001:2022', 'Scope of CH-' || i
FROM isms.certification_body b, isms.organisation o, generate_series(1, 8200) i
WHERE b.code = 'TRF-CB' AND o.name = 'transfer organisation';
SELECT transfer.granted('I-20', '2023-04-01');
SELECT transfer.receiving('R-20', 'I-20') AS "receiving draft";
SELECT transfer.decide('R-20', 'transfer', '2024-10-01') AS "R-20 takes I-20 over";
SELECT transfer.granted('C-20', '2024-09-02');
SELECT regress.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    SELECT c.id, 'suspend', date '2025-01-06' FROM isms.certificate c
    WHERE c.certificate_number LIKE 'CH-%' OR c.id = transfer.cert('I-20') ORDER BY c.id$$)
    AS "8,200 drafts and I-20 last";
SELECT regress.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    SELECT c.id, 'suspend', date '2025-01-06' FROM isms.certificate c
    WHERE c.certificate_number LIKE 'CH-%' OR c.id IN (transfer.cert('I-20'), transfer.cert('I-21'))
    ORDER BY c.id$$)
    AS "I-21 first, 8,200 drafts, I-20 last";
SELECT count(*) AS "decisions of the drafts" FROM isms.decision d JOIN isms.certificate c ON c.id = d.certificate_id
WHERE c.certificate_number LIKE 'CH-%';
SELECT c.certificate_number, t.next_due AS "due before" FROM isms.certificate_dates t
JOIN isms.certificate c ON c.id = t.certificate_id
WHERE c.id IN (transfer.cert('D-20'), transfer.cert('C-20')) ORDER BY c.id;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT c.id, CASE WHEN c.certificate_number LIKE 'CH-%' THEN 'stage1' ELSE 'surveillance' END::isms.audit_kind,
       date '2025-03-03', date '2025-03-04'
FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
WHERE b.code = 'TRF-CB' AND (c.certificate_number LIKE 'CH-%' OR c.certificate_number IN ('D-20', 'C-20'))
ORDER BY c.id;
SELECT c.certificate_number, t.next_due AS "due after" FROM isms.certificate_dates t
JOIN isms.certificate c ON c.id = t.certificate_id
WHERE c.id IN (transfer.cert('D-20'), transfer.cert('C-20')) ORDER BY c.id;
ROLLBACK;

-- every stored status is what the history says on the register's today
SELECT count(*) AS stale FROM isms.certificate c
JOIN isms.certification_body b ON b.id = c.cb_id
WHERE b.code LIKE 'TRF-%' AND c.status <> isms.status_at(c.id, isms.today());

SET client_min_messages = warning;
DROP SCHEMA transfer CASCADE;
RESET client_min_messages;
RESET isms.today;
