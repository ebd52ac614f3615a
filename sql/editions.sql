-- editions: standards and their identical national adoptions (STD-1), and
-- edition transitions as data (TRN-1..5), on their boundary dates.
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default
CREATE SCHEMA ed;
-- try(stmt): regress.try (sql/helpers.sql), DETAIL and HINT always shown.
CREATE FUNCTION ed.try(stmt text) RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(stmt, dashes => true)
$$;

-- STD-1: the shipped standards, their adoptions and the ones that need a base (ADD-1)
SELECT ref, scheme, idt_of, isms.std_canonical(ref) AS canonical, needs_base
FROM isms.standard ORDER BY scheme, ref;
SELECT * FROM isms.edition_transition;

INSERT INTO isms.accreditation_body (code, name, recognised) VALUES ('ED-AB', 'editions AB', true);
INSERT INTO isms.certification_body (code, name) VALUES ('ED-CB', 'editions CB');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS', '2010-01-01' FROM isms.accreditation_body ab, isms.certification_body cb
WHERE ab.code = 'ED-AB' AND cb.code = 'ED-CB';
INSERT INTO isms.organisation (name) VALUES ('editions organisation');
CREATE FUNCTION ed.cid(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM isms.certificate WHERE certificate_number = num
$$;
-- a draft against std with stage 1 ending s1_end and stage 2 starting s2_start
CREATE FUNCTION ed.draft(num text, std text, s2_start date) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE c bigint;
BEGIN
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT cb.id, num, o.id, std, 'Hosting services'
    FROM isms.certification_body cb, isms.organisation o
    WHERE cb.code = 'ED-CB' AND o.name = 'editions organisation'
    RETURNING id INTO c;
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
        (c, 'stage1', s2_start - 30, s2_start - 29), (c, 'stage2', s2_start, s2_start + 2);
    RETURN c;
END
$$;

--
-- TRN-2: no initial audit (stage 2) against the 2013 edition starts after
-- 2024-04-30; the same goes for its JIS adoption.
--
SELECT ed.draft('ED-A', 'ISO/IEC 27001:2013', '2024-04-30') IS NOT NULL AS draft;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ed.cid('ED-A'), 'grant', '2024-05-10')$$) AS stage2_on_last_day;
SELECT ed.draft('ED-B', 'ISO/IEC 27001:2013', '2024-05-01') IS NOT NULL AS draft;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ed.cid('ED-B'), 'grant', '2024-05-10')$$) AS stage2_day_after;
SELECT ed.draft('ED-C', 'JIS Q 27001:2014', '2024-05-01') IS NOT NULL AS draft;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ed.cid('ED-C'), 'grant', '2024-05-10')$$) AS jis_2014_day_after;
-- the new edition is not limited
SELECT ed.draft('ED-D', 'JIS Q 27001:2023', '2024-05-01') IS NOT NULL AS draft;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ed.cid('ED-D'), 'grant', '2024-05-10')$$) AS jis_2023;

--
-- TRN-3: no 2013-edition certificate is valid after 2025-10-31, whatever its
-- expiry date: ED-A (expiry 2027-05-09) expires on 2025-11-01 by date,
-- unless it moved to the new edition in time.
--
SELECT expiry_date FROM isms.certificate WHERE id = ed.cid('ED-A');
SELECT isms.status_at(ed.cid('ED-A'), '2025-10-31') AS last_day,
       isms.status_at(ed.cid('ED-A'), '2025-11-01') AS day_after;
SELECT valid_from, valid_until, status FROM isms.timeline(ed.cid('ED-A'));
SELECT status FROM isms.certificate WHERE id = ed.cid('ED-A');

--
-- TRN-4, TRN-5: a transition needs a transition audit, goes where the
-- transition row says (or to an identical adoption), and keeps the cycle.
--
SELECT ed.draft('ED-E', 'JIS Q 27001:2014', '2023-03-01') IS NOT NULL AS draft;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ed.cid('ED-E'), 'grant', '2023-04-01');
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-E'), 'transition', '2024-02-01', 'JIS Q 27001:2023')$$) AS without_audit;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (ed.cid('ED-E'), 'transition', '2024-01-15', '2024-01-16'),
       (ed.cid('ED-E'), 'surveillance', '2024-01-15', '2024-01-16');
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-E'), 'transition', '2024-02-01', 'ISO/IEC 27701:2019')$$) AS other_standard;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-E'), 'transition', '2024-02-01', 'ISO/IEC 27001:2013')$$) AS same_edition;
-- TRN-1: not before the new edition's publication (ISO/IEC 27001:2022: 2022-10-25)
BEGIN;
SELECT ed.draft('ED-T1', 'ISO/IEC 27001:2013', '2022-03-01') IS NOT NULL AS draft;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ed.cid('ED-T1'), 'grant', '2022-04-01');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (ed.cid('ED-T1'), 'transition', '2022-10-03', '2022-10-04');
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-T1'), 'transition', '2022-10-24', 'ISO/IEC 27001:2022')$$) AS day_before_publication;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-T1'), 'transition', '2022-10-25', 'ISO/IEC 27001:2022')$$) AS publication_day;
ROLLBACK;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-E'), 'transition', '2024-02-01', 'JIS Q 27001:2023')$$) AS to_jis_2023;
SELECT standard, initial_standard, cycle_start, expiry_date, revision
FROM isms.certificate WHERE id = ed.cid('ED-E');
SELECT isms.status_at(ed.cid('ED-E'), '2025-11-01') AS after_old_edition_end;
-- from the new edition there is nowhere to go (no row)
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-E'), 'transition', '2024-03-01', 'ISO/IEC 27001:2022')$$) AS no_further_row;

--
-- TRN-5: a future transition needs rows, not code: a transition of
-- ISO/IEC 27701 from 2019 to 2025 added as data takes effect at once.
--
BEGIN;
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS-PIMS', '2010-01-01' FROM isms.accreditation_body ab, isms.certification_body cb
WHERE ab.code = 'ED-AB' AND cb.code = 'ED-CB';
-- (27701:2019 is an add-on: its base is a 27001 certificate, ADD-1)
SELECT ed.draft('ED-PB', 'ISO/IEC 27001:2022', '2024-03-01') IS NOT NULL AS draft;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ed.cid('ED-PB'), 'grant', '2024-03-20');
SELECT ed.draft('ED-P', 'ISO/IEC 27701:2019', '2024-03-01') IS NOT NULL AS draft;
UPDATE isms.certificate SET base_certificate_id = ed.cid('ED-PB') WHERE id = ed.cid('ED-P');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ed.cid('ED-P'), 'grant', '2024-04-01');
SELECT expiry_date FROM isms.certificate WHERE id = ed.cid('ED-P');
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
VALUES ('ISO/IEC 27701:2019', 'ISO/IEC 27701:2025', '2025-10-14', '2026-10-13', '2028-10-13');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (ed.cid('ED-P'), 'transition', '2026-03-02', '2026-03-03'), (ed.cid('ED-P'), 'surveillance', '2025-03-02', '2025-03-03'),
       (ed.cid('ED-P'), 'surveillance', '2026-03-02', '2026-03-03');
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ed.cid('ED-P'), 'transition', '2026-04-01', 'ISO/IEC 27701:2025')$$) AS pims_transition;
SELECT standard FROM isms.certificate WHERE id = ed.cid('ED-P');
ROLLBACK;
-- a transition row of an edition covers its amended versions: with a
-- (hypothetical) 2022 -> 2030 row, a certificate against 2022/Amd 1:2024
-- ends with the 2022 edition (TRN-3) and moves by a transition (TRN-5)
BEGIN;
INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO/IEC 27001:2030', 'ISO/IEC 27001', 2030, 'ISMS');
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
VALUES ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2030', '2030-06-01', '2031-12-31', '2033-05-31');
SELECT ed.draft('ED-AMD', 'ISO/IEC 27001:2022/Amd 1:2024', '2024-06-01') IS NOT NULL AS draft;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (ed.cid('ED-AMD'), 'grant', '2024-07-01', '2027-06-30');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
    (ed.cid('ED-AMD'), 'surveillance', '2025-06-02', '2025-06-03'), (ed.cid('ED-AMD'), 'surveillance', '2026-06-01', '2026-06-02'),
    (ed.cid('ED-AMD'), 'recertification', '2027-05-10', '2027-05-12'),
    (ed.cid('ED-AMD'), 'surveillance', '2028-06-01', '2028-06-02'), (ed.cid('ED-AMD'), 'surveillance', '2029-06-01', '2029-06-02'),
    (ed.cid('ED-AMD'), 'recertification', '2030-05-10', '2030-05-12'),
    (ed.cid('ED-AMD'), 'surveillance', '2031-06-01', '2031-06-02'), (ed.cid('ED-AMD'), 'surveillance', '2032-06-01', '2032-06-02');
-- decisions of the future: the register's clock is set to their day (LOG-2)
SET LOCAL isms.today = '2030-06-01';
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry) VALUES
    (ed.cid('ED-AMD'), 'recertify', '2027-06-01', '2030-06-30'),
    (ed.cid('ED-AMD'), 'recertify', '2030-06-01', '2033-06-30');
SELECT isms.status_at(ed.cid('ED-AMD'), '2033-05-31') AS last_day_of_2022,
       isms.status_at(ed.cid('ED-AMD'), '2033-06-01') AS day_after;
-- the scheme and needs_base of an edition certificates name stay as they
-- were judged (ACC-1, ADD-1); those of an edition none names may change
SELECT ed.try($$UPDATE isms.standard SET scheme = 'ITSMS', title = 'renamed' WHERE ref = 'ISO/IEC 27001:2030'$$) AS not_in_use;
UPDATE isms.standard SET scheme = 'ISMS' WHERE ref = 'ISO/IEC 27001:2030';
SELECT ed.draft('ED-OWN', 'ISO/IEC 27001:2030', '2030-07-01') IS NOT NULL AS draft_of_2030;
SELECT ed.try($$UPDATE isms.standard SET scheme = 'ITSMS' WHERE ref = 'ISO/IEC 27001:2030'$$) AS scheme_in_use;
SELECT ed.try($$UPDATE isms.standard SET needs_base = true WHERE ref = 'ISO/IEC 27001:2030'$$) AS needs_base_in_use;
SELECT ed.try($$UPDATE isms.standard SET title = 'the 2030 edition' WHERE ref = 'ISO/IEC 27001:2030'$$) AS title_in_use;
SELECT scheme, needs_base, title FROM isms.standard WHERE ref = 'ISO/IEC 27001:2030';
ROLLBACK;
-- TRN-3: no cycle against an old edition takes effect after its end: a 2013
-- certificate that expired on 2025-09-30 can be restored within its window
-- only until the 2013 edition ends on 2025-10-31
BEGIN;
SELECT ed.draft('ED-R13', 'ISO/IEC 27001:2013', '2022-09-01') IS NOT NULL AS draft;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES
    (ed.cid('ED-R13'), 'surveillance', '2023-09-01', '2023-09-02'),
    (ed.cid('ED-R13'), 'surveillance', '2024-04-20', '2024-04-21'),
    (ed.cid('ED-R13'), 'recertification', '2024-04-25', '2024-04-26');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (ed.cid('ED-R13'), 'grant', '2022-10-01', '2025-09-30');
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ed.cid('ED-R13'), 'restore', '2025-11-15')$$) AS restore_after_the_end;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
    VALUES (ed.cid('ED-R13'), 'restore', '2025-10-20', '2025-11-01')$$) AS effective_after_the_end;
SELECT ed.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ed.cid('ED-R13'), 'restore', '2025-10-20')$$) AS restore_before_the_end;
SELECT valid_from, valid_until, status FROM isms.timeline(ed.cid('ED-R13'));
ROLLBACK;
-- transition rows go to a newer edition of the same standard
SELECT ed.try($$INSERT INTO isms.edition_transition (from_standard, to_standard, published)
    VALUES ('ISO/IEC 27701:2025', 'ISO/IEC 27701:2019', '2020-01-01')$$) AS backwards;
SELECT ed.try($$INSERT INTO isms.edition_transition (from_standard, to_standard, published)
    VALUES ('ISO 22301:2019', 'IEC 62443-2-1:2010', '2020-01-01')$$) AS other_standard;
-- shipped transitions are read-only
SELECT ed.try($$UPDATE isms.edition_transition SET old_valid_until = '2026-10-31'$$) AS extend_deadline;

DROP SCHEMA ed CASCADE;
