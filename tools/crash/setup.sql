-- tools/crash/setup.sql: the fixture of tools/crash.sh.
--
-- :n ISO/IEC 27001 certificates (drafts with their stage 1 and stage 2
-- audits) and the file of their decisions, in two halves (COPY ... TO the
-- files :file_a and :file_b): a grant on day g (spread over the 700 days
-- from 1000 days before today, so that all are valid today), for every
-- third certificate a suspension 100 days later and for every sixth a
-- reinstatement 150 days after the grant.  Certificate 1 (active) gets :m
-- cloud add-ons, drafts with their own initial audits.
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
SET datestyle = ISO;

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla) VALUES ('CR-AB', 'Crash AB', 'JP', true);
INSERT INTO isms.certification_body (code, name, country) VALUES ('CR-CB', 'Crash CB', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT 1, 1, s, '2000-01-01' FROM unnest('{ISMS, ISMS-CLOUD}'::text[]) s;
INSERT INTO isms.organisation (name, country, city)
SELECT 'Crash organisation ' || i, 'JP', 'Osaka' FROM generate_series(1, :n) i;
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT i, 1, 'CR-' || i, i, 'ISO/IEC 27001:2022', 'Operations ' || i FROM generate_series(1, :n) i;

CREATE TABLE public.plan AS
SELECT i AS certificate_id, isms.today() - 1000 + (i * 37) % 700 AS g FROM generate_series(1, :n) i;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT certificate_id, k, g - o, g - o + 1
FROM public.plan, (VALUES ('stage1'::isms.audit_kind, 60), ('stage2', 30)) v(k, o);

CREATE VIEW public.decisions AS
SELECT p.certificate_id, x.kind, x.d AS decision_date
FROM public.plan p
CROSS JOIN LATERAL (VALUES (1, 'grant'::isms.decision_kind, p.g),
                           (2, 'suspend', CASE WHEN p.certificate_id % 3 = 0 THEN p.g + 100 END),
                           (3, 'reinstate', CASE WHEN p.certificate_id % 6 = 0 THEN p.g + 150 END)) x(o, kind, d)
WHERE x.d IS NOT NULL
ORDER BY p.certificate_id, x.o;
COPY (SELECT * FROM public.decisions WHERE certificate_id <= :n / 2) TO :'file_a';
COPY (SELECT * FROM public.decisions WHERE certificate_id > :n / 2) TO :'file_b';

-- the add-ons of certificate 1
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement,
                              base_certificate_id)
SELECT :n + i, 1, 'CR-CL-' || i, 1, 'ISO/IEC 27017:2015', 'Cloud ' || i, 1 FROM generate_series(1, :m) i;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT :n + i, k, p.g + 10 - o, p.g + 11 - o
FROM generate_series(1, :m) i, public.plan p, (VALUES ('stage1'::isms.audit_kind, 60), ('stage2', 30)) v(k, o)
WHERE p.certificate_id = 1;
