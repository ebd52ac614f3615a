-- as_known_at: the register as it stood at a past moment (PUB-3).  Every
-- statement below is its own transaction, whose start time is the
-- recorded_at of the rows it writes; the moments compared with are taken
-- between them (clock_timestamp) and kept in psql variables, never shown.
-- The examples of doc/surfaces.md's "As known at" section verbatim
-- (marked "doc:").
SET datestyle = ISO;
SET timezone = 'UTC';
SET client_min_messages = warning;

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('AK-AB', 'As-known-at accreditation body', 'JP', true);
INSERT INTO isms.certification_body (code, name, country) VALUES ('AKCERT', 'AK Certification', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from, accreditation_number)
SELECT ab.id, cb.id, 'ISMS', '2015-04-01', 'ISR-AK'
  FROM isms.accreditation_body ab, isms.certification_body cb
 WHERE ab.code = 'AK-AB' AND cb.code = 'AKCERT';
INSERT INTO isms.organisation (name, country, city, confidential)
VALUES ('Known Open KK', 'JP', 'Tokyo', false), ('Known Secret KK', 'JP', 'Kyoto', true);

CREATE FUNCTION pg_temp.certify(num text, org text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, num, o.id, 'ISO/IEC 27001:2022', 'Services of ' || o.name
      FROM isms.certification_body b, isms.organisation o
     WHERE b.code = 'AKCERT' AND o.name = org;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (isms.certificate_id('AKCERT', num), 'stage1', '2024-01-10', '2024-01-11'),
           (isms.certificate_id('AKCERT', num), 'stage2', '2024-02-01', '2024-02-02');
$$;
CREATE FUNCTION pg_temp.decision(num text, k text) RETURNS bigint LANGUAGE sql AS $$
    SELECT max(d.id) FROM isms.decision d
     WHERE d.certificate_id = isms.certificate_id('AKCERT', num) AND d.kind = k::isms.decision_kind
$$;

-- AK-1 (Known Open KK) and AK-2 (Known Secret KK, confidential), granted
-- 2024-03-01 until 2027-02-28; AK-9 applied for, not granted yet.
SELECT pg_temp.certify('AK-1', 'Known Open KK'), pg_temp.certify('AK-2', 'Known Secret KK'),
       pg_temp.certify('AK-9', 'Known Open KK');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (isms.certificate_id('AKCERT', 'AK-1'), 'grant', '2024-03-01', '2027-02-28'),
       (isms.certificate_id('AKCERT', 'AK-2'), 'grant', '2024-03-01', '2027-02-28');
SELECT pg_catalog.clock_timestamp() AS granted \gset

-- Recorded later but effective earlier: AK-1 suspended from 2024-06-01.
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (isms.certificate_id('AKCERT', 'AK-1'), 'suspend', '2024-06-01', 'major nonconformity');
SELECT pg_catalog.clock_timestamp() AS suspended \gset
-- The suspension corrected: decided 2024-06-01, in effect from 2024-07-01.
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, reason, corrects)
VALUES (isms.certificate_id('AKCERT', 'AK-1'), 'suspend', '2024-06-01', '2024-07-01',
        'major nonconformity', pg_temp.decision('AK-1', 'suspend'));
SELECT pg_catalog.clock_timestamp() AS corrected \gset
-- The corrected suspension annulled.
INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
VALUES (isms.certificate_id('AKCERT', 'AK-1'), 'annul', '2024-08-01', pg_temp.decision('AK-1', 'suspend'));
SELECT pg_catalog.clock_timestamp() AS annulled \gset
-- AK-2 suspended, AK-9 granted, AK-3 created and granted: all after the above.
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (isms.certificate_id('AKCERT', 'AK-2'), 'suspend', '2024-06-01', 'client request');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (isms.certificate_id('AKCERT', 'AK-9'), 'grant', '2024-03-01', '2027-02-28');
SELECT pg_temp.certify('AK-3', 'Known Open KK');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (isms.certificate_id('AKCERT', 'AK-3'), 'grant', '2024-03-01', '2027-02-28');

-- AK-1 on 2024-06-15 and 2024-07-15, as the register stood at each moment
-- and today (the plain functions).
SELECT m.moment, isms.status_at('AKCERT', 'AK-1', '2024-06-15', m.t) AS "2024-06-15",
       isms.status_at('AKCERT', 'AK-1', '2024-07-15', m.t) AS "2024-07-15",
       isms.valid_periods('AKCERT', 'AK-1', m.t) AS valid_periods
  FROM (VALUES (1, 'granted', :'granted'::timestamptz), (2, 'suspended', :'suspended'),
               (3, 'corrected', :'corrected'), (4, 'annulled', :'annulled')) m(n, moment, t)
UNION ALL
SELECT 'today', isms.status_at('AKCERT', 'AK-1', date '2024-06-15'), isms.status_at('AKCERT', 'AK-1', date '2024-07-15'),
       isms.valid_periods('AKCERT', 'AK-1');
-- by id the same; timelines before and after the correction
SELECT (isms.state_at(isms.certificate_id('AKCERT', 'AK-1'), '2024-06-15', :'suspended')).status AS by_id;
SELECT * FROM isms.state_at(isms.certificate_id('AKCERT', 'AK-1'), '2024-07-15', :'corrected');
-- three quoted literals still name the plain reader by number
SELECT isms.status_at('AKCERT', 'AK-1', '2024-07-15') AS "today";
SELECT valid_from, valid_until, status, decision_id = pg_temp.decision('AK-1', 'grant') AS "by the grant"
  FROM isms.timeline('AKCERT', 'AK-1', :'suspended');
SELECT valid_from, valid_until, status
  FROM isms.timeline(isms.certificate_id('AKCERT', 'AK-1'), :'corrected');
-- the answers today equal those as known at infinity
SELECT isms.valid_periods('AKCERT', 'AK-1', 'infinity') = isms.valid_periods('AKCERT', 'AK-1') AS same_periods,
       (SELECT array_agg(t ORDER BY t.valid_from) FROM isms.timeline('AKCERT', 'AK-1', 'infinity') t)
     = (SELECT array_agg(t ORDER BY t.valid_from) FROM isms.timeline('AKCERT', 'AK-1') t) AS same_timeline;

SELECT m.moment, v.found, v.status, v.valid, v.valid_from, v.valid_until, v.expiry_date,
       v.initial_registration_date, v.standard, v.organisation, v.confidential,
       v.as_known_at = m.t AS echoed
  FROM (VALUES (1, 'suspended', :'suspended'::timestamptz), (2, 'corrected', :'corrected'),
               (3, 'annulled', :'annulled')) m(n, moment, t),
       isms_public.verify('akcert', 'ak 1', '2024-07-15', m.t) v
 ORDER BY m.n;

-- A certificate created after the moment is not found then, nor is one
-- applied for before it but granted after it (no decision on either was
-- recorded by then); the client's confidentiality holds whenever asked.
SELECT num, v.found, v.status, v.valid, v.organisation, v.confidential
  FROM unnest(ARRAY['AK-2', 'AK-3', 'AK-9']) num,
       isms_public.verify('AKCERT', num, '2024-07-15', :'annulled') v
 ORDER BY num;
SELECT num, v.found, v.status, v.valid, v.organisation, v.confidential
  FROM unnest(ARRAY['AK-2', 'AK-3', 'AK-9']) num,
       isms_public.verify('AKCERT', num, '2024-07-15', 'infinity') v
 ORDER BY num;
SELECT isms.status_at('AKCERT', 'AK-3', '2024-07-15', :'annulled') AS "AK-3 then",
       isms.valid_periods('AKCERT', 'AK-3', :'annulled') AS "periods then",
       (SELECT count(*) FROM isms.timeline('AKCERT', 'AK-3', :'annulled')) AS "timeline then",
       isms.state_at(isms.certificate_id('AKCERT', 'AK-3'), '2024-07-15', :'annulled') IS NULL AS "no state then",
       isms.status_at('AKCERT', 'AK-9', '2024-07-15', :'annulled') AS "AK-9 then",
       isms.status_at('AKCERT', 'AK-3', '2024-07-15') AS "AK-3 now";
-- a number nobody issued, and a moment before the register kept any time
SELECT found, status, valid, reference_changed_since
  FROM isms_public.verify('AKCERT', 'AK-404', '2024-07-15', :'annulled');
SELECT found FROM isms_public.verify('AKCERT', 'AK-1', '2024-07-15', '-infinity');
SELECT isms.state_at(1, '2024-07-15', '-infinity') IS NULL AS "before anything";

SELECT regress.try($$SELECT * FROM isms.state_at(1, 'infinity', now())$$) AS "infinite day";

-- Reference data changed since: a scheme setting changed after the moment.
SELECT pg_catalog.clock_timestamp() AS before_change \gset
SELECT isms.reference_changed_since(:'before_change') AS "changed since, before";
INSERT INTO isms.scheme_setting (scheme, withdrawn_listing_months) VALUES ('CSMS', 4);
SELECT pg_catalog.clock_timestamp() AS after_change \gset
SELECT isms.reference_changed_since(:'before_change') AS "changed since before",
       isms.reference_changed_since(:'after_change') AS "changed since after";
SELECT v.reference_changed_since, v.found, v.status
  FROM isms_public.verify('AKCERT', 'AK-1', '2024-07-15', :'before_change') v;
-- an update that changes nothing keeps changed_at; one that changes the row sets it
UPDATE isms.scheme_setting SET withdrawn_listing_months = 4 WHERE scheme = 'CSMS';
SELECT changed_at < :'after_change' AS kept FROM isms.scheme_setting WHERE scheme = 'CSMS';
UPDATE isms.scheme_setting SET withdrawn_listing_months = 5 WHERE scheme = 'CSMS';
SELECT changed_at > :'after_change' AS set_again, isms.reference_changed_since(:'after_change') AS changed
  FROM isms.scheme_setting WHERE scheme = 'CSMS';
-- shipped rows have no change time
SELECT count(*) AS shipped_with_time
  FROM (SELECT changed_at FROM isms.scheme WHERE shipped
        UNION ALL SELECT changed_at FROM isms.standard WHERE shipped
        UNION ALL SELECT changed_at FROM isms.edition_transition WHERE shipped) s
 WHERE changed_at IS NOT NULL;
DELETE FROM isms.scheme_setting WHERE scheme = 'CSMS';

-- doc: a buyer checks AK-3 and notes the moment
SELECT now() AS checked_at \gset
SELECT found, status, valid, valid_from, valid_until, organisation
  FROM isms_public.verify('AKCERT', 'AK-3', '2024-07-15');
-- later, the body records a suspension from 2024-07-01 (decided then)
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (isms.certificate_id('AKCERT', 'AK-3'), 'suspend', '2024-07-01', 'major nonconformity');
-- doc: what the register says now, and what it said when the buyer checked
SELECT found, status, valid, valid_from, valid_until
  FROM isms_public.verify('AKCERT', 'AK-3', '2024-07-15');
SELECT found, status, valid, valid_from, valid_until, reference_changed_since
  FROM isms_public.verify('AKCERT', 'AK-3', '2024-07-15', :'checked_at');
