-- surfaces: lookups by what people know, the BI views, the public register,
-- verification and the CertSearch export; the examples of doc/surfaces.md
-- verbatim (marked "doc:").  The registry's dates are relative to today, so
-- the answers about today are the same whatever day the test runs.
SET datestyle = ISO;
SET timezone = 'UTC';
SET client_min_messages = warning;

-- Two bodies, accredited since 2015; five organisations, one confidential.
INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('SURF-AB', 'Surfaces accreditation body', 'JP', true);
INSERT INTO isms.certification_body (code, name, country)
VALUES ('JCERT', 'J Certification', 'JP'), ('KCERT', 'K Certification', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from, accreditation_number)
SELECT ab.id, cb.id, 'ISMS', '2015-04-01', 'ISR-' || cb.code
  FROM isms.accreditation_body ab, isms.certification_body cb
 WHERE ab.code = 'SURF-AB' AND cb.code IN ('JCERT', 'KCERT');
INSERT INTO isms.organisation (name, name_local, country, city, address, postal_code, confidential)
VALUES ('Example Systems KK', '株式会社エグザンプル', 'JP', 'Tokyo', '1-1 Marunouchi', '100-0005', false),
       ('Hidden Holdings KK', '株式会社ヒドゥン', 'JP', 'Osaka', '2-2 Umeda', '530-0001', true),
       ('Gone Software KK', NULL, 'JP', 'Nagoya', NULL, NULL, false),
       ('Lapsed Data KK', NULL, 'JP', 'Sendai', NULL, NULL, false),
       ('Moving Services KK', 'ムービングサービス株式会社', 'JP', 'Fukuoka', NULL, NULL, false);

-- Certificates: number, body, organisation, days ago granted, expiry (NULL:
-- the CYC-3 bound), and what happened since.
CREATE TEMP TABLE plan (num text, cb text, org text, granted int, expiry int);
INSERT INTO plan VALUES
    ('JC-IS-0001', 'JCERT', 'Example Systems KK', 200, NULL),
    ('JC-IS-0002', 'JCERT', 'Hidden Holdings KK', 200, NULL),
    ('JC-IS-0003', 'JCERT', 'Gone Software KK', 200, NULL),
    ('JC-IS-0004', 'JCERT', 'Lapsed Data KK', 500, -30),
    ('JC-IS-0005', 'JCERT', 'Moving Services KK', 400, NULL),
    ('JC-IS-0006', 'JCERT', 'Example Systems KK', 300, 20),
    ('JC-IS-0007', 'JCERT', 'Lapsed Data KK', 400, NULL),
    ('JC-IS-0008', 'JCERT', 'Gone Software KK', 300, NULL),
    ('JC-IS-0001', 'KCERT', 'Moving Services KK', 5, NULL),
    ('K-1', 'KCERT', 'Example Systems KK', 100, NULL),
    ('K 1', 'KCERT', 'Gone Software KK', 100, NULL);
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT b.id, p.num, o.id, 'ISO/IEC 27001:2022', 'Operation of the services of ' || o.name
  FROM plan p JOIN isms.certification_body b ON b.code = p.cb
  JOIN isms.organisation o ON o.name = p.org;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT isms.certificate_id(p.cb, p.num), k.kind::isms.audit_kind,
       isms.today() - p.granted - k.before, isms.today() - p.granted - k.before + 1
  FROM plan p, (VALUES ('stage1', 40), ('stage2', 20)) k(kind, before);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
SELECT isms.certificate_id(p.cb, p.num), 'grant', isms.today() - p.granted, isms.today() + p.expiry
  FROM plan p;
-- JC-IS-0003 withdrawn ten days ago; JC-IS-0005 moved to KCERT (withdrawn
-- at JCERT, cause transfer, TRF-1: KCERT's JC-IS-0001 is its new
-- certificate); JC-IS-0007 suspended 250 days ago (SUS-2: long).
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (isms.certificate_id('JCERT', 'JC-IS-0003'), 'withdraw', isms.today() - 10, 'client request'),
       (isms.certificate_id('JCERT', 'JC-IS-0005'), 'withdraw', isms.today() - 5, 'transfer to KCERT'),
       (isms.certificate_id('JCERT', 'JC-IS-0007'), 'suspend', isms.today() - 250, 'major nonconformity');
-- JC-IS-0008: a suspension decided 45 days ago, in effect from 20 days ago
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, reason)
VALUES (isms.certificate_id('JCERT', 'JC-IS-0008'), 'suspend', isms.today() - 45, isms.today() - 20, 'client request');
-- One draft, never granted.
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT b.id, 'JC-IS-0099', o.id, 'ISO/IEC 27001:2022', 'Applied for'
  FROM isms.certification_body b, isms.organisation o
 WHERE b.code = 'JCERT' AND o.name = 'Example Systems KK';
-- Sites of the organisation of JC-IS-0001 and JC-IS-0002.
INSERT INTO isms.site (organisation_id, name, street, city, postal_code, country)
SELECT o.id, s.name, s.street, s.city, s.postal_code, 'JP'
  FROM isms.organisation o,
       (VALUES ('Example Systems KK', 'Head office', '1-1 Marunouchi', 'Tokyo', '100-0005'),
               ('Example Systems KK', 'Data centre', '5 Tama', 'Tama', '206-0000'),
               ('Hidden Holdings KK', 'Secret lab', '9 Nowhere', 'Osaka', '530-0009')) s(org, name, street, city, postal_code)
 WHERE o.name = s.org;
INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id)
SELECT c.id, s.id, c.organisation_id
  FROM isms.certificate c JOIN isms.site s ON s.organisation_id = c.organisation_id
 WHERE c.certificate_number IN ('JC-IS-0001', 'JC-IS-0002') AND c.cb_id = (SELECT id FROM isms.certification_body WHERE code = 'JCERT');

/* ------------------------------------------------------------------
 * Lookups
 * ------------------------------------------------------------------ */
-- the key of a number as printed: case, spaces, hyphens, full-width forms
SELECT n, isms.number_key(n)
  FROM unnest(ARRAY['JC-IS-0001', 'jc is 0001', 'ＪＣ－ＩＳ－０００１', 'JC‐IS−0001', ' jc-is-0001　']) n;
-- doc: a certificate by body and number as printed on paper
SELECT isms.status_at('JCERT', 'jc is 0001', isms.today());
SELECT lower(isms.valid_periods('JCERT', 'ＪＣ－ＩＳ－０００１')) = isms.today() - 200 AS from_the_grant;
SELECT status, valid_until IS NULL AS open FROM isms.timeline('jcert', 'JC-IS-0003') ORDER BY valid_from;
SELECT count(*) > 0 AS has_programme FROM isms.audit_programme('JCERT', 'JC-IS-0001');
SELECT isms.cert_restoration_window('JCERT', 'JC-IS-0004') @> isms.today() AS restorable;
SELECT isms.cert_latest_expiry('JCERT', 'JC-IS-0001', 'recertify', isms.today())
       = (SELECT expiry_date + interval '3 years' FROM isms.certificate WHERE certificate_number = 'JC-IS-0001' AND cb_id = (SELECT id FROM isms.certification_body WHERE code = 'JCERT'))::date AS cyc3;
SELECT * FROM isms.cert_accreditation('JCERT', 'JC-IS-0001');
SELECT isms.effective_scope('JCERT', 'JC-IS-0001');
-- an exact number wins over the key; the key alone is ambiguous here
SELECT certificate_number FROM isms.certificate WHERE id = isms.certificate_id('KCERT', 'K 1');
\set VERBOSITY default
SELECT isms.certificate_id('KCERT', 'k1');
SELECT isms.status_at('NO-SUCH-CB', 'JC-IS-0001', isms.today());
SELECT isms.timeline('JCERT', 'JC-IS-9999');
\set VERBOSITY sqlstate
SELECT isms.valid_periods('KCERT', 'k  1');
SELECT isms.audit_programme('JCERT', 'nope');
SELECT isms.cert_accreditation('nope', 'nope');
\set VERBOSITY default
-- doc: a number alone, in every body
SELECT cb_code, certificate_number, exact FROM isms.find_certificates('jc-is-0001');
-- doc: organisations by name, Latin or Japanese script
SELECT name, name_local FROM isms.find_organisations('example systems');
SELECT name, name_local FROM isms.find_organisations('エグザンプル');
SELECT name FROM isms.find_organisations('Ｈｉｄｄｅｎ');
SELECT name FROM isms.find_organisations('exampel sytems');   -- a typo: too far by default
-- doc: a looser match
SET pg_trgm.word_similarity_threshold = 0.3;
SELECT name, similarity FROM isms.find_organisations('exampel sytems');
RESET pg_trgm.word_similarity_threshold;
SELECT count(*) FROM isms.find_organisations('100%_\');         -- LIKE characters are text
-- external ids: set once, unique, kept by updates
SELECT count(DISTINCT external_id) = count(*) AS unique_ids FROM isms.certificate;
CREATE TEMP TABLE ids AS SELECT id, external_id FROM isms.organisation;
UPDATE isms.organisation SET city = city WHERE name = 'Lapsed Data KK';
SELECT count(*) AS changed_ids FROM isms.organisation o JOIN ids USING (id) WHERE o.external_id <> ids.external_id;
-- a site of another organisation is refused
\set VERBOSITY sqlstate
INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id)
SELECT isms.certificate_id('KCERT', 'K-1'), s.id, o.id
  FROM isms.site s, isms.organisation o WHERE s.name = 'Secret lab' AND o.name = 'Example Systems KK';
\set VERBOSITY default

/* ------------------------------------------------------------------
 * BI views
 * ------------------------------------------------------------------ */
SELECT certificate_number, status, status_en, status_ja, valid, standard_family, standard_edition, is_addon
  FROM isms_bi.certificates WHERE cb_code = 'JCERT' ORDER BY certificate_number;
SELECT certificate_number, period, valid_from = isms.today() - 200 AS from_grant, valid_until = isms.today() - 11 AS to_withdrawal
  FROM isms_bi.validity_periods WHERE cb_code = 'JCERT' AND certificate_number = 'JC-IS-0003';
SELECT certificate_number, rule, state, days_overdue > 0 AS late, own_audit
  FROM isms_bi.obligations WHERE cb_code = 'JCERT' AND rule = 'SUR-1' ORDER BY certificate_number;
SELECT certificate_number, days_left, within_days FROM isms_bi.expiring WHERE cb_code = 'JCERT';
SELECT certificate_number, days_suspended, warning_months FROM isms_bi.long_suspensions WHERE cb_code = 'JCERT';
SELECT status, certificates FROM isms_bi.monthly_status_counts
 WHERE cb_code = 'JCERT' AND month = date_trunc('month', isms.today()) ORDER BY status;
SELECT cb_code, stale, last_confirmed IS NULL AS never_confirmed
  FROM isms_bi.register_updates WHERE cb_code IN ('JCERT', 'KCERT') ORDER BY 1;
-- the series counts what isms.status_at says on each month's counted day
WITH mine AS (
    SELECT c.id, b.code FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
     WHERE b.code IN ('JCERT', 'KCERT')
), direct AS (
    SELECT m::date AS month, mine.code,
           isms.status_at(mine.id, least((m + interval '1 month' - interval '1 day')::date, isms.today()))::text AS status,
           count(*) AS n
      FROM generate_series(date_trunc('month', isms.today() - 600), date_trunc('month', isms.today()), interval '1 month') m,
           mine
     GROUP BY 1, 2, 3
), v AS (
    SELECT month, cb_code AS code, status, sum(certificates) AS n
      FROM isms_bi.monthly_status_counts
     WHERE cb_code IN ('JCERT', 'KCERT') AND month >= date_trunc('month', isms.today() - 600)
     GROUP BY 1, 2, 3
)
SELECT (SELECT count(*) FROM direct WHERE status <> 'draft') > 20 AS enough,
       (SELECT count(*) FROM (SELECT * FROM direct WHERE status <> 'draft' EXCEPT SELECT * FROM v) x) AS missing,
       (SELECT count(*) FROM (SELECT * FROM v EXCEPT SELECT * FROM direct) x) AS extra;
\o /dev/null
-- doc: a time series for a Grafana or Metabase panel
SELECT month AS "time", status_en AS metric, sum(certificates) AS value
  FROM isms_bi.monthly_status_counts
 WHERE cb_code = 'JCERT'
   AND month >= date_trunc('month', isms.today()) - interval '11 months'
 GROUP BY 1, 2
 ORDER BY 1, 2;
\o

-- Today's status from the stored one where time changed nothing since it
-- was written (isms.status_today).  A sweep of 40 days ago only reports:
-- the stored columns stay today's, and status_today agrees with them.
BEGIN;
SELECT count(*) >= 0 AS swept FROM isms.sweep(isms.today() - 40);
SELECT c.certificate_number, c.status AS stored, isms.status_today(c) AS today,
       isms.status_at(c.id, isms.today()) AS status_at
  FROM isms.certificate c
 WHERE c.cb_id = (SELECT id FROM isms.certification_body WHERE code = 'JCERT')
   AND c.certificate_number IN ('JC-IS-0001', 'JC-IS-0004', 'JC-IS-0007', 'JC-IS-0008')
 ORDER BY 1;
ROLLBACK;
SELECT count(*) AS differ FROM isms.certificate c
 WHERE c.cb_id IN (SELECT id FROM isms.certification_body WHERE code IN ('JCERT', 'KCERT'))
   AND isms.status_today(c) IS DISTINCT FROM isms.status_at(c.id, isms.today());

/* ------------------------------------------------------------------
 * Public register and verification (PUB-1, PUB-3)
 * ------------------------------------------------------------------ */
SELECT registration_number, organisation, street, city, confidential, status_ja, valid
  FROM isms_public.register WHERE cb_code = 'JCERT' ORDER BY registration_number;
-- doc: verification of a confidential client's certificate
SELECT found, status, valid, organisation, confidential
  FROM isms_public.verify('jcert', 'jc-is 0002');
-- withdrawn, expired, transferred (both bodies), unknown, never granted
SELECT v.found, v.cb_code, v.certificate_number, v.status, v.valid, v.organisation
  FROM (VALUES ('JCERT', 'JC-IS-0003'), ('JCERT', 'JC IS 0004'), ('JCERT', 'JC-IS-0005'),
               ('KCERT', 'JC-IS-0001'), ('JCERT', 'JC-IS-0404'), ('NOPE', 'JC-IS-0001'),
               ('JCERT', 'JC-IS-0099')) q(cb, num),
       isms_public.verify(q.cb, q.num) v;
-- on a past day: JC-IS-0003 was valid before its withdrawal
SELECT status, valid, valid_from = isms.today() - 200 AS since_grant, valid_until = isms.today() - 11 AS until
  FROM isms_public.verify('JCERT', 'JC-IS-0003', isms.today() - 30);
-- the key alone matches two: both answered, each by its number
SELECT certificate_number, status FROM isms_public.verify('KCERT', 'k1') ORDER BY 1;
SELECT cb_code, scheme, accreditation_status, valid_until, valid_certificates
  FROM isms_public.certification_bodies WHERE ab_code = 'SURF-AB' ORDER BY cb_code;

/* ------------------------------------------------------------------
 * CertSearch export and the monthly delta (PUB-2)
 * ------------------------------------------------------------------ */
SELECT "Certificate Number", "Certification Status", "Accreditation Status",
       "Certification Original Issue Date" = to_char(c.original_certification_date, 'YYYYMMDD')
         AND "Certification Expiry Date" = to_char(c.expiry_date, 'YYYYMMDD')
         AND "Certification Issue Date" ~ '^[0-9]{8}$' AS yyyymmdd,
       "Certified Entity Name", "City", "Sites", "Confidential"
  FROM isms_bi.certsearch e
  JOIN isms.certificate c ON c.external_id::text = e."Certification Identity Number"
 WHERE c.cb_id = (SELECT id FROM isms.certification_body WHERE code = 'JCERT')
 ORDER BY 1;
\o /dev/null
-- doc: the CertSearch upload as CSV
COPY (SELECT * FROM isms_bi.certsearch ORDER BY "Certificate Number")
  TO STDOUT WITH (FORMAT csv, HEADER);
\o
SELECT "Certification Issue Date" = to_char(isms.today() - 200, 'YYYYMMDD') AS issued_at_grant,
       "Certification Original Issue Date" = to_char(isms.today() - 200, 'YYYYMMDD') AS original
  FROM isms_bi.certsearch WHERE "Certificate Number" = 'JC-IS-0002';
-- a day of changes: a suspension, a new address, a site added
SELECT now() AS since \gset
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (isms.certificate_id('JCERT', 'JC-IS-0006'), 'suspend', isms.today(), 'client request');
UPDATE isms.organisation SET address = '3-3 Umeda' WHERE name = 'Hidden Holdings KK';
INSERT INTO isms.site (organisation_id, name, city, country)
SELECT id, 'Branch', 'Kobe', 'JP' FROM isms.organisation WHERE name = 'Moving Services KK';
INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id)
SELECT isms.certificate_id('KCERT', 'JC-IS-0001'), s.id, s.organisation_id FROM isms.site s WHERE s.name = 'Branch';
SELECT "Certificate Number", "Certification Status", "Certified Entity Name", "Sites"
  FROM isms_bi.certsearch_changed_since(:'since') ORDER BY 1;
\o /dev/null
-- doc: the monthly delta
COPY (SELECT * FROM isms_bi.certsearch_changed_since(now() - interval '1 month'))
  TO STDOUT WITH (FORMAT csv, HEADER);
\o
-- doc: a body confirms that its register is current (MD 28 monthly update)
INSERT INTO isms.register_confirmation (cb_id)
SELECT id FROM isms.certification_body WHERE code = 'KCERT';
SELECT cb_code, stale, last_confirmed IS NOT NULL AS confirmed
  FROM isms_bi.register_updates WHERE cb_code = 'KCERT';
