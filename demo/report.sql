-- demo/report.sql: status report of the isms registry as of isms.today().
--     psql -X -q -f demo/report.sql
-- Statuses are computed for the day with isms.status_at(), so the report is
-- right whether or not isms.sweep() has run since the last write.

\set ON_ERROR_STOP on
\pset pager off
\pset footer off
SET datestyle = ISO;
-- the operators of isms.cert_status (=, <, ...) live in schema isms
SET search_path = public, isms;

SELECT isms.today() AS today, isms.today() + 90 AS horizon \gset

\echo '================================================================'
\echo ' ISMS certification registry: status report as of' :today
\echo '================================================================'

\echo
\echo '1. Certificates by status and certification body'
SELECT coalesce(cb.code, 'all') AS cb,
       count(*) FILTER (WHERE s.st = 'draft')     AS draft,
       count(*) FILTER (WHERE s.st = 'active')    AS active,
       count(*) FILTER (WHERE s.st = 'suspended') AS suspended,
       count(*) FILTER (WHERE s.st = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE s.st = 'cancelled') AS cancelled,
       count(*) FILTER (WHERE s.st = 'expired')   AS expired,
       count(*) AS total
FROM isms.certificate c
JOIN isms.certification_body cb ON cb.id = c.cb_id
CROSS JOIN LATERAL (SELECT isms.status_at(c.id, isms.today()) AS st) s
GROUP BY ROLLUP (cb.code)
ORDER BY cb.code NULLS LAST;

SELECT s.st AS status,
       isms.status_label(s.st, 'en') AS "IAF CertSearch",
       isms.status_label(s.st, 'ja') AS "登録簿",
       count(*) AS certificates
FROM isms.certificate c
CROSS JOIN LATERAL (SELECT isms.status_at(c.id, isms.today()) AS st) s
GROUP BY s.st
ORDER BY s.st;

\echo
\echo '2. Certificates valid today, by standard'
SELECT c.standard,
       count(*) AS valid,
       count(DISTINCT c.organisation_id) AS organisations,
       sum(a.persons_in_scope) AS persons_in_scope,
       min(c.expiry_date) AS next_expiry
FROM isms.certificate c
LEFT JOIN LATERAL (SELECT persons_in_scope FROM isms.audit
                   WHERE certificate_id = c.id ORDER BY end_date DESC, id DESC LIMIT 1) a ON true
WHERE isms.status_at(c.id, isms.today()) = 'active'
GROUP BY c.standard
ORDER BY c.standard;

\echo
\echo '   Edition transitions to ISO/IEC 27001:2022 (IAF MD 26; TRN-3 deadline 2025-10-31)'
SELECT d.new_standard AS to_standard,
       count(*) AS transitions,
       min(d.decision_date) AS first,
       max(d.decision_date) AS last,
       (SELECT count(*) FROM isms.certificate x
        WHERE x.standard IN ('ISO/IEC 27001:2013', 'JIS Q 27001:2014')
          AND isms.status_at(x.id, isms.today()) IN ('active', 'suspended')) AS "still on 2013 edition"
FROM isms.decision d
WHERE d.kind = 'transition'
GROUP BY d.new_standard
ORDER BY 1;

\echo
\echo '3. Audits due or overdue (audit programme SUR-1, SUR-2, REC-1), horizon' :horizon
\echo '   active and suspended certificates, and expired ones that can still be restored (REC-3)'
SELECT CASE WHEN p.state = 'overdue' THEN 'OVERDUE'
            WHEN p.due_by <= isms.today() + 90 THEN 'next 90 days'
            ELSE 'later' END AS "when",
       c.certificate_number AS certificate,
       o.name AS organisation,
       s.st AS status,
       p.rule, p.audit_kind, p.due_from, p.due_by,
       p.due_by - isms.today() AS days_left,
       CASE WHEN s.st = 'expired'
            THEN 'restorable until ' || (upper(isms.cert_restoration_window(c.id)) - 1) END AS note
FROM isms.certificate c
JOIN isms.organisation o ON o.id = c.organisation_id
CROSS JOIN LATERAL (SELECT isms.status_at(c.id, isms.today()) AS st) s
CROSS JOIN LATERAL isms.audit_programme(c.id, isms.today()) p
WHERE p.certificate_id = c.id          -- (a base's programme lists its add-ons too)
  AND (s.st IN ('active', 'suspended')
       OR (s.st = 'expired' AND isms.cert_restoration_window(c.id) @> isms.today()))
  AND (p.state IN ('due', 'overdue')
       OR (p.due_by <= isms.today() + 90 AND p.done_on IS NULL))
ORDER BY (p.state = 'overdue') DESC, p.due_by, c.certificate_number, p.rule;

\echo
\echo '4. Recent decisions (the 12 latest)'
SELECT d.decision_date AS decided,
       d.effective_date AS effective,
       c.certificate_number AS certificate,
       d.kind,
       coalesce(d.new_expiry::text, d.new_standard::text, '') AS "new expiry / standard",
       CASE WHEN length(d.reason) > 64 THEN left(d.reason, 63) || '…' ELSE d.reason END AS reason
FROM isms.decision d
JOIN isms.certificate c ON c.id = d.certificate_id
ORDER BY d.decision_date DESC, d.id DESC
LIMIT 12;

\echo
\echo '5. Validity history of two certificates'
\echo '   NSC-IM0963: lapsed on expiry and restored within 6 months (REC-3)'
\echo '   NSC-IM1038: suspended after a surveillance audit and reinstated (SUS-1, SUS-2)'
SELECT c.certificate_number AS certificate,
       c.original_certification_date AS "originally certified",
       c.cycle_start AS "cycle start",
       c.expiry_date AS expiry,
       c.revision,
       isms.valid_periods(c.id) AS "valid periods"
FROM isms.certificate c
WHERE c.certificate_number IN ('NSC-IM0963', 'NSC-IM1038')
ORDER BY c.certificate_number;

SELECT c.certificate_number AS certificate,
       t.valid_from, t.valid_until, t.status,
       coalesce(d.kind::text, '(expiry date passed)') AS "set by",
       d.decision_date AS decided
FROM isms.certificate c
CROSS JOIN LATERAL isms.timeline(c.id) t
LEFT JOIN isms.decision d ON d.id = t.decision_id
WHERE c.certificate_number IN ('NSC-IM0963', 'NSC-IM1038')
ORDER BY c.certificate_number, t.valid_from;

\echo
\echo '5a. Add-on certificates and their bases (ADD-1..7): the add-on is never more valid than its base'
SELECT b.certificate_number AS base, a.certificate_number AS "add-on", a.standard::text AS standard,
       b.status AS "base status", a.status AS "add-on status",
       a.expiry_date AS "add-on expiry", b.expiry_date AS "base expiry",
       isms.valid_periods(a.id) AS "add-on valid periods"
FROM isms.certificate a JOIN isms.certificate b ON b.id = a.base_certificate_id
ORDER BY b.certificate_number;

\echo '   NSC-PM0024 followed the suspension of its base NSC-IM1038 without a decision of its own (ADD-5)'
SELECT t.valid_from, t.valid_until, t.status, c.certificate_number AS "set by decision of",
       d.kind AS decision
FROM isms.timeline((SELECT id FROM isms.certificate WHERE certificate_number = 'NSC-PM0024')) t
LEFT JOIN isms.decision d ON d.id = t.decision_id
LEFT JOIN isms.certificate c ON c.id = d.certificate_id
ORDER BY t.valid_from;

\echo '   The programme of NSC-IM1244 and its privacy add-on: combined audits (ADD-6),'
\echo '   auditor-days (TIME-1) for the persons in scope'
SELECT p.certificate_number AS certificate, p.rule, p.audit_kind, p.due_from, p.due_by,
       p.done_on, p.state, p.combined, p.audit_days
FROM isms.audit_programme((SELECT id FROM isms.certificate WHERE certificate_number = 'NSC-IM1244'),
                          isms.today()) p
ORDER BY p.certificate_id, p.due_by;

\echo
\echo '6. isms.sweep(): date-driven changes written today (REC-2 expiry, SUR-3, decisions coming into effect)'
\pset footer on
SELECT certificate_number, old_status, new_status, old_expiry, new_expiry, rule
FROM isms.sweep(isms.today())
ORDER BY certificate_number;

\echo '   Preview: what the sweep would change by' :horizon '(rolled back)'
BEGIN;
SELECT certificate_number, old_status, new_status, old_expiry, new_expiry, rule
FROM isms.sweep(isms.today() + 90)
ORDER BY certificate_number;
ROLLBACK;
\pset footer off

\echo
\echo '7. An illegal write: reinstating the withdrawn certificate IS 718822 (expected to fail)'
\set ON_ERROR_STOP off
\set VERBOSITY default
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
SELECT id, 'reinstate', isms.today(), 'client asks to resume its certification'
FROM isms.certificate
WHERE certificate_number = 'IS 718822';
\echo '   -> rejected with SQLSTATE' :LAST_ERROR_SQLSTATE
\set ON_ERROR_STOP on
SELECT certificate_number, isms.status_at(id, isms.today()) AS "status afterwards",
       (SELECT count(*) FROM isms.decision d WHERE d.certificate_id = c.id) AS decisions
FROM isms.certificate c
WHERE certificate_number = 'IS 718822';

\echo
\echo '8. Surfaces for readers (doc/surfaces.md)'
\echo '   Verification by number as printed on paper, by anyone (PUB-3): the full-width'
\echo '   and lower-case spelling finds the same certificate'
SELECT v.*
FROM isms_public.verify((SELECT cb.code FROM isms.certification_body cb
                          JOIN isms.certificate c ON c.cb_id = cb.id
                         WHERE c.certificate_number = 'NSC-IM1244'),
                        'ｎｓｃ－ｉｍ１２４４') v;

\echo '   A BI tool reads plain columns: certificates per body and status today (isms_bi.certificates)'
SELECT cb_code, status, count(*) AS certificates
FROM isms_bi.certificates
GROUP BY cb_code, status
ORDER BY cb_code, status;

\echo '   The first rows of the IAF CertSearch export (isms_bi.certsearch, PUB-2)'
SELECT * FROM isms_bi.certsearch ORDER BY "Certificate Number" LIMIT 3;
