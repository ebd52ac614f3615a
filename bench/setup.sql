-- bench/setup.sql: fixture of the COPY benchmark (not timed).
-- One accreditation body, four certification bodies accredited for ISMS
-- since 2000 (open period, ACC-1), 20,400 organisations and certificates
-- (1..20000 for the COPY, 20001..20400 for the single-row INSERTs), and for
-- each certificate the audits that make the 5-decision history of
-- bench/decisions.sql legal:
--   stage1 d0-60..d0-58, stage2 d0-30..d0-28            (CYC-1, CYC-5)
--   surveillance d0+150 (SUR-1), June of year(d0)+1 and +2 (SUR-2)
--   recertification 120 days before the first expiry      (REC-1)
-- d0 (the grant date) is spread over 2005-01-03 .. 2018-12-31 and kept in
-- bench.plan so that the generator query can find it again.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS isms CASCADE;
RESET client_min_messages;
SET datestyle = ISO;

CREATE SCHEMA bench;
CREATE TABLE bench.plan (
    certificate_id bigint PRIMARY KEY,
    d0 date NOT NULL,               -- grant decision date
    e1 date NOT NULL,               -- expiry set by the grant (CYC-3 maximum)
    r date NOT NULL,                -- recertification decision date
    last_kind isms.decision_kind NOT NULL
);

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('BENCH-AB', 'Bench accreditation body', 'JP', true);

INSERT INTO isms.certification_body (code, name, country)
SELECT 'BENCH-CB' || k, 'Bench certification body ' || k, 'JP'
FROM generate_series(1, 4) k;

INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from)
SELECT ab.id, cb.id, 'ISMS', 'ACC-' || cb.code, date '2000-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb
WHERE ab.code = 'BENCH-AB';

INSERT INTO isms.organisation (name, country, city)
SELECT 'Bench organisation ' || i, 'JP', 'Tokyo'
FROM generate_series(1, 20400) i;

-- organisation i gets certificate i (ids are 1..20400 in a fresh database)
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT (SELECT id FROM isms.certification_body WHERE code = 'BENCH-CB' || (1 + i % 4)),
       'BENCH-' || lpad(i::text, 6, '0'), o.id, 'ISO/IEC 27001:2022',
       'Information security management of organisation ' || i
FROM generate_series(1, 20400) i
JOIN isms.organisation o ON o.name = 'Bench organisation ' || i
ORDER BY i;

INSERT INTO bench.plan (certificate_id, d0, e1, r, last_kind)
SELECT c.id, p.d0, p.e1, p.e1 - 59,
       (ARRAY['withdraw', 'cancel', 'suspend']::isms.decision_kind[])[1 + c.id % 3]
FROM isms.certificate c
CROSS JOIN LATERAL (SELECT date '2005-01-03' + ((c.id * 7919) % 5110)::int AS d0) d
CROSS JOIN LATERAL (SELECT d.d0, (d.d0 + interval '3 years')::date - 1 AS e1) p
WHERE c.certificate_number LIKE 'BENCH-%';

INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
SELECT p.certificate_id, a.kind::isms.audit_kind, a.s, a.s + 2, 4, 10
FROM bench.plan p
CROSS JOIN LATERAL (VALUES
    ('stage1', p.d0 - 60),
    ('stage2', p.d0 - 30),
    ('surveillance', p.d0 + 150),
    ('surveillance', make_date(extract(year FROM p.d0)::int + 1, 6, 1)),
    ('surveillance', make_date(extract(year FROM p.d0)::int + 2, 6, 1)),
    ('recertification', p.e1 - 120)) AS a(kind, s)
ORDER BY p.certificate_id, a.s;

VACUUM ANALYZE;
