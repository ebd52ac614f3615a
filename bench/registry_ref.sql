-- bench/registry_ref.sql: reference rows of the registry benchmark (not
-- timed): one accreditation body, six certification bodies and their
-- accreditations, :nb organisations, a personnel certification body and 24
-- lead auditors with their registrations.  psql variable: nb.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS isms CASCADE;
RESET client_min_messages;

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('BENCH-AB', 'Bench accreditation body', 'JP', true);

-- body 3 issues certificates that expire on the day (CYC-3 offset 0)
INSERT INTO isms.certification_body (code, name, country, expiry_offset_days)
SELECT 'CB' || k, 'Bench certification body ' || k, 'JP', CASE WHEN k = 3 THEN 0 END
FROM generate_series(1, 6) k ORDER BY k;

-- ACC-1: bodies 1-4 accredited since 2000; body 5 in two periods (the
-- second from mid-2019), body 6 since 2014; every body for the cloud add-on scheme since 2000
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from, valid_until)
SELECT 1, cb, scheme, 'ACC-' || cb || '-' || scheme || '-' || valid_from, valid_from, valid_until
FROM (VALUES (1, 'ISMS', date '2000-01-01', NULL::date), (2, 'ISMS', '2000-01-01', NULL),
             (3, 'ISMS', '2000-01-01', NULL), (4, 'ISMS', '2000-01-01', NULL),
             (5, 'ISMS', '2000-01-01', '2019-06-30'), (5, 'ISMS', '2019-07-01', NULL),
             (6, 'ISMS', '2014-10-01', NULL),
             (1, 'ISMS-CLOUD', '2000-01-01', NULL), (2, 'ISMS-CLOUD', '2000-01-01', NULL),
             (3, 'ISMS-CLOUD', '2000-01-01', NULL), (4, 'ISMS-CLOUD', '2000-01-01', NULL),
             (5, 'ISMS-CLOUD', '2000-01-01', NULL), (6, 'ISMS-CLOUD', '2000-01-01', NULL)) v(cb, scheme, valid_from, valid_until);

INSERT INTO isms.organisation (name, country, city)
SELECT 'Bench organisation ' || i, 'JP', (ARRAY['Tokyo', 'Osaka', 'Nagoya', 'Fukuoka'])[1 + i % 4]
FROM generate_series(1, :nb) i ORDER BY i;

-- ACC-4: 24 lead auditors, registered since 2000; auditors 1-4 also with a
-- second body from 2005 to 2012
INSERT INTO isms.personnel_body (code, name, country) VALUES ('PB1', 'Personnel body 1', 'JP'), ('PB2', 'Personnel body 2', 'JP');
INSERT INTO isms.auditor (name) SELECT 'Lead auditor ' || k FROM generate_series(1, 24) k ORDER BY k;
INSERT INTO isms.auditor_registration (auditor_id, body_id, registration_number, grade, valid_from, valid_until)
SELECT k, 1, 'LA-' || k, 'lead auditor', date '2000-01-01', NULL FROM generate_series(1, 24) k
UNION ALL
SELECT k, 2, 'LA2-' || k, 'lead auditor', date '2005-01-01', date '2012-12-31' FROM generate_series(1, 4) k;
