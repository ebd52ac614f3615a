-- check/invariants.sql: an independent checker of the isms registry.
--
-- Re-derives the scheme's rules from the tables alone, over the whole
-- database, and lists every row that breaks one:
--
--     psql -v ON_ERROR_STOP=1 -f check/invariants.sql mydb
--     SELECT * FROM isms_check.violations();            -- as of isms.today()
--
-- It is written from the rule book and doc/lifecycle.md, not from the extension's
-- code, and calls none of the extension's rule functions (no status_at,
-- decision_outcome, latest_expiry, sweep ...): it replays each certificate's
-- decisions itself in PL/pgSQL and checks the rest with set-based SQL.  It uses
-- the extension's tables and types only (their input, output and equality).
-- So a fault in the engine and a row changed behind its triggers' back (a
-- superuser with session_replication_role = replica, an edited dump) both
-- show up here.
--
-- Each row: certificate_id, decision_id (NULL for a certificate-level
-- finding), rule (the rule ID), class and detail.  class 'violation' is a
-- broken invariant; class 'advisory' is a finding that need not be one
-- (LOG-2: a decision decided after the day of its recorded_at, which a
-- register whose clock a superuser set, isms.today, records legitimately; a
-- correction decided before the decision it corrects), reported so that it
-- can be watched without failing a run.
--
-- The stored status columns are compared with the history as of the day the
-- checker is asked about (isms.today() by default): run isms.sweep() first
-- on a registry whose stored columns may be a day or more old.  Parameters
-- are read as they are now (a parameter made stricter after decisions were
-- recorded makes those decisions show up).
--
-- The script can be run again: it drops and recreates schema isms_check.

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS isms_check CASCADE;
CREATE SCHEMA isms_check;
COMMENT ON SCHEMA isms_check IS
    'Independent invariant checker of the isms registry (plain SQL and PL/pgSQL over the tables)';

-- The last day a certificate against this standard can be valid (TRN-3):
-- old_valid_until of the edition transition leaving it (its IDT adoptions and
-- amended versions included), NULL if no transition leaves it.
CREATE FUNCTION isms_check.edition_end(std isms.stdref) RETURNS date
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT min(et.old_valid_until)
        FROM isms.standard s
        JOIN isms.edition_transition et
          ON et.from_standard::text = regexp_replace(coalesce(s.idt_of, s.ref)::text, '/(Amd|Cor) .*$', '')
        WHERE s.ref::text = regexp_replace(std::text, '/(Amd|Cor) .*$', '')
           OR s.ref::text = std::text;
    END;
COMMENT ON FUNCTION isms_check.edition_end(isms.stdref) IS
    'TRN-3: last day of validity of certificates against this edition (NULL if no transition leaves it)';

-- Severity of a status for ADD-5: an add-on is never more valid than its base.
CREATE FUNCTION isms_check.severity(status text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE status WHEN 'active' THEN 1 WHEN 'suspended' THEN 2 WHEN 'expired' THEN 3
                       WHEN 'withdrawn' THEN 4 WHEN 'cancelled' THEN 4 END;
COMMENT ON FUNCTION isms_check.severity(text) IS
    'ADD-5 order: active < suspended < expired < withdrawn (a cancelled base counts as withdrawn); NULL for draft';

/*
 * The replay.  One row per decision in force (not annulled, not replaced by a
 * correction), in the order the history applies them (effective date, then
 * id), with the state before and after it, and one closing row per
 * certificate (decision_id NULL) with the state as of as_of and the expiry
 * after all decisions.  A rule broken by the order of events (a transition the
 * legal-transition table forbids, a decision after a withdrawal or
 * cancellation, a recertification after expiry) is named in rule and detail.
 *
 * The model, from the rule book:
 *   - a certificate starts as draft; decisions apply in the order of their
 *     effective dates, then ids;
 *   - grant: draft or expired -> active; suspend: active -> suspended;
 *     reinstate: suspended -> active; withdraw: active, suspended, expired ->
 *     withdrawn; cancel: active, suspended -> cancelled; recertify: active ->
 *     active (and a suspended one stays suspended when the recertification
 *     was decided before the suspension took effect); restore: expired ->
 *     active; reduce_scope: active, suspended -> active; extend_scope and
 *     transition: active -> active; open (EVD-2, an opening balance): draft
 *     -> the status it gives (active or suspended), with the cycle start,
 *     original date and expiry it gives; extend: active, suspended -> the
 *     same, with the extended expiry date (REC-6), while the cycle's own
 *     expiry date (own_expiry_before) stays what its grant, recertification,
 *     restoration or opening set;
 *   - an active or suspended certificate is expired from the day after its
 *     expiry date (REC-2, SUS-3) or after the end of validity of its old
 *     edition (TRN-3), without a decision; a recertification decided on or
 *     before the expiry date may take effect on the day after it (REC-1);
 *   - withdrawn and cancelled are final (WDR-1): a decision decided on or
 *     before the day the certificate ended but effective later never
 *     applies; one decided later is a violation.
 */
CREATE FUNCTION isms_check.replay(as_of date)
    RETURNS TABLE (certificate_id bigint, decision_id bigint, kind text,
                   decision_date date, effective_date date, applied boolean,
                   status_before text, status_after text,
                   expiry_before date, expiry_after date,
                   cycle_before date, cycle_after date,
                   original_date date, expiry_final date,
                   rule text, detail text, own_expiry_before date)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET work_mem = '256MB'
    SET jit = off
AS $fn$
#variable_conflict use_column
DECLARE
    r record;
    cur bigint;
    st text;            -- status
    ex date;            -- expiry date
    ox date;            -- the cycle's own expiry date, before extensions
    cy date;            -- cycle start
    og date;            -- original certification date
    ed date;            -- TRN-3 end of the edition in force
    since date;         -- first day of the status
    ended date;         -- effective date of a withdrawal or cancellation
    snap boolean;       -- the as_of state has been taken
    s_st text; s_ex date; s_cy date; s_og date;
    v_end date;
    lapse_day date;
    nst text;
BEGIN
    FOR r IN
        WITH std_end AS (
            SELECT s.ref, isms_check.edition_end(s.ref) AS last_day
            FROM isms.standard s)
        -- per certificate an opening row (the edition it starts on), its
        -- decisions in force, and a closing row
        SELECT c.id AS cid, NULL::bigint AS id, '' AS k, NULL::date AS dd,
               '-infinity'::date AS ef, NULL::date AS nx, NULL::date AS new_ed,
               ie.last_day AS first_ed, NULL::jsonb AS op,
               NULL::date AS tcs, NULL::date AS tex, NULL::date AS tog
        FROM isms.certificate c
        LEFT JOIN std_end ie ON ie.ref = coalesce(c.initial_standard, c.standard)
        UNION ALL
        SELECT d.certificate_id, d.id, d.kind::text, d.decision_date,
               d.effective_date, d.new_expiry, ne.last_day, NULL,
               -- an opening's facts (EVD-2), by name: none before they exist
               CASE WHEN d.kind::text = 'open' THEN to_jsonb(d) END,
               -- TRF-1: the cycle a transfer takes over (read by name: an
               -- install before 1.1 has no such columns)
               (to_jsonb(d) ->> 'transfer_cycle_start')::date,
               (to_jsonb(d) ->> 'transfer_expiry')::date,
               (to_jsonb(d) ->> 'transfer_original_date')::date
        FROM isms.decision d
        LEFT JOIN std_end ne ON ne.ref = d.new_standard
        WHERE d.kind <> 'annul'
          AND NOT EXISTS (SELECT 1 FROM isms.decision x WHERE x.corrects = d.id)
        UNION ALL
        SELECT c.id, NULL, NULL, NULL, 'infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM isms.certificate c
        ORDER BY 1, 5, 2
    LOOP
        IF cur IS DISTINCT FROM r.cid THEN
            cur := r.cid; st := 'draft'; ex := NULL; ox := NULL; cy := NULL; og := NULL;
            since := NULL; ended := NULL; snap := false; ed := NULL;
        END IF;

        IF r.k = '' THEN
            ed := r.first_ed;       -- opening row of the certificate
            CONTINUE;
        END IF;

        IF r.k IS NULL THEN
            -- closing row of the certificate
            IF NOT snap THEN
                s_st := st; s_ex := ex; s_cy := cy; s_og := og;
                v_end := least(ex, ed);
                IF st IN ('active', 'suspended') AND v_end < as_of THEN s_st := 'expired'; END IF;
            END IF;
            certificate_id := r.cid; decision_id := NULL; kind := NULL;
            decision_date := NULL; effective_date := NULL; applied := NULL;
            status_before := NULL; status_after := s_st;
            expiry_before := NULL; expiry_after := s_ex;
            cycle_before := NULL; cycle_after := s_cy;
            original_date := s_og; expiry_final := ex;
            rule := NULL; detail := NULL; own_expiry_before := NULL;
            RETURN NEXT;
            CONTINUE;
        END IF;

        -- the state as of as_of, before the first decision that takes effect later
        IF NOT snap AND r.ef > as_of THEN
            snap := true;
            s_st := st; s_ex := ex; s_cy := cy; s_og := og;
            v_end := least(ex, ed);
            IF st IN ('active', 'suspended') AND v_end < as_of THEN s_st := 'expired'; END IF;
        END IF;

        certificate_id := r.cid; decision_id := r.id; kind := r.k;
        decision_date := r.dd; effective_date := r.ef;
        rule := NULL; detail := NULL; applied := true;

        -- the passing of time: expiry by date (REC-2, SUS-3, TRN-3)
        IF st IN ('active', 'suspended') THEN
            v_end := least(ex, ed);
            lapse_day := r.ef;
            IF r.k = 'recertify' AND r.dd <= ex THEN
                lapse_day := r.ef - 1;      -- REC-1: may take effect the day after expiry
            END IF;
            IF v_end < lapse_day THEN
                st := 'expired'; since := v_end + 1;
            END IF;
        END IF;

        status_before := st; expiry_before := ex; cycle_before := cy; own_expiry_before := ox;

        IF st IN ('withdrawn', 'cancelled') THEN
            applied := false;
            IF r.dd > ended THEN
                rule := 'WDR-1';
                detail := format('%s decided on %s after the certificate was %s on %s', r.k, r.dd, st, ended);
            END IF;
        ELSE
            nst := CASE r.k
                WHEN 'grant' THEN CASE WHEN st IN ('draft', 'expired') THEN 'active' END
                WHEN 'suspend' THEN CASE WHEN st = 'active' THEN 'suspended' END
                WHEN 'reinstate' THEN CASE WHEN st = 'suspended' THEN 'active' END
                WHEN 'withdraw' THEN CASE WHEN st IN ('active', 'suspended', 'expired') THEN 'withdrawn' END
                WHEN 'cancel' THEN CASE WHEN st IN ('active', 'suspended') THEN 'cancelled' END
                WHEN 'recertify' THEN CASE WHEN st = 'active' THEN 'active'
                                           WHEN st = 'suspended' AND since > r.dd THEN 'suspended' END
                WHEN 'restore' THEN CASE WHEN st = 'expired' THEN 'active' END
                WHEN 'reduce_scope' THEN CASE WHEN st IN ('active', 'suspended') THEN 'active' END
                WHEN 'extend_scope' THEN CASE WHEN st = 'active' THEN 'active' END
                WHEN 'transition' THEN CASE WHEN st = 'active' THEN 'active' END
                -- EVD-2: the first decision, in the status it gives
                WHEN 'open' THEN CASE WHEN st = 'draft' AND r.op->>'opening_status' IN ('active', 'suspended')
                                      THEN r.op->>'opening_status' END
                WHEN 'extend' THEN CASE WHEN st IN ('active', 'suspended') THEN st END
                WHEN 'transfer' THEN CASE WHEN st = 'draft' THEN 'active' END
            END;
            IF nst IS NULL THEN
                applied := false;
                rule := CASE r.k WHEN 'grant' THEN 'REC-4' WHEN 'suspend' THEN 'SUS-1'
                                 WHEN 'reinstate' THEN 'SUS-2' WHEN 'withdraw' THEN 'WDR-1'
                                 WHEN 'cancel' THEN 'WDR-1' WHEN 'recertify' THEN 'REC-1'
                                 WHEN 'restore' THEN 'REC-3' WHEN 'transition' THEN 'TRN-5'
                                 WHEN 'open' THEN 'EVD-2'
                                 WHEN 'extend' THEN 'REC-6'
                                 WHEN 'transfer' THEN 'TRF-1'
                                 ELSE 'SCO-1' END;
                detail := format('%s effective %s on a certificate that is %s then (legal-transition table)',
                                 r.k, r.ef, st);
            ELSE
                -- TRN-3: no cycle against an old edition from after its end
                IF r.k IN ('grant', 'recertify', 'restore') AND r.ef > ed THEN
                    rule := 'TRN-3';
                    detail := format('%s effective %s, after the end of its edition on %s', r.k, r.ef, ed);
                END IF;
                IF nst <> st THEN since := r.ef; END IF;
                st := nst;
                IF r.k = 'open' THEN
                    -- EVD-2: the cycle, original date and suspension it gives
                    ex := r.nx; ox := r.nx; cy := (r.op->>'cycle_start')::date;
                    og := (r.op->>'original_date')::date;
                    since := coalesce((r.op->>'suspended_since')::date, r.ef);
                ELSIF r.k IN ('grant', 'recertify', 'restore') THEN
                    ex := r.nx; ox := r.nx; cy := r.dd;
                    IF r.k = 'grant' THEN og := coalesce(og, r.ef); END IF;
                ELSIF r.k = 'transfer' THEN
                    -- the cycle, expiry and original date taken over (TRF-1)
                    ex := r.tex; ox := r.tex; cy := r.tcs; og := r.tog;
                ELSIF r.k = 'transition' THEN
                    ed := r.new_ed;
                ELSIF r.k = 'extend' THEN
                    ex := r.nx;
                ELSIF r.k IN ('withdraw', 'cancel') THEN
                    ended := r.ef;
                END IF;
            END IF;
        END IF;

        status_after := st; expiry_after := ex; cycle_after := cy;
        original_date := og; expiry_final := NULL;
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION isms_check.replay(date) IS
    'Replays every certificate''s decisions in force (corrections and annulments applied, LOG-1): one row per decision with the state before and after it, and a closing row per certificate with its state as of as_of';

/*
 * Every violation, as of as_of (default isms.today()).
 */
-- The hash chain of each certificate's decisions (doc/proof.md, "The hash
-- chain"), recomputed from the documented encoding with sha256() alone: every
-- decision whose stored chain_hash is not the SHA-256 of "isms.decision.v1",
-- the previous decision's stored chain_hash (by chain_seq, then id; 32 zero bytes before the
-- first, anything but 32 bytes counting as 32 0xff bytes) and its columns,
-- the authority of an extension (REC-6) only where it is given, and last the
-- cycle a transfer takes over (TRF-1) only where it is one.
-- Nothing on an install without the chain_hash column.
CREATE FUNCTION isms_check.chain_breaks()
    RETURNS TABLE (certificate_id bigint, decision_id bigint, expected bytea, stored bytea)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    auth text := $a$'\x'::bytea$a$;
    -- a transfer's encoding ends with the cycle it takes over (where the
    -- install has those columns)
    transfer_part text := CASE WHEN EXISTS (SELECT 1 FROM pg_attribute
                    WHERE attrelid = 'isms.decision'::regclass AND attname = 'transfer_expiry'
                      AND NOT attisdropped)
        THEN $t$CASE WHEN d.transfer_expiry IS NULL THEN ''::bytea
                ELSE coalesce('\x01'::bytea || date_send(d.transfer_cycle_start), '\x00'::bytea)
                     || coalesce('\x01'::bytea || date_send(d.transfer_expiry), '\x00'::bytea)
                     || coalesce('\x01'::bytea || date_send(d.transfer_original_date), '\x00'::bytea) END$t$
        ELSE $t$''::bytea$t$ END;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute
                    WHERE attrelid = 'isms.decision'::regclass AND attname = 'chain_hash'
                      AND NOT attisdropped) THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_attribute
                WHERE attrelid = 'isms.decision'::regclass AND attname = 'authority'
                  AND NOT attisdropped) THEN
        auth := $a$CASE WHEN d.authority IS NULL THEN '\x'::bytea
                        ELSE '\x01'::bytea || int4send(octet_length(convert_to(d.authority, 'UTF8')))
                             || convert_to(d.authority, 'UTF8') END$a$;
    END IF;
    RETURN QUERY EXECUTE format($q$
    WITH enc AS (
        SELECT d.id, d.certificate_id, d.chain_hash,
               lag(d.chain_hash, 1, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
                   OVER (PARTITION BY d.certificate_id ORDER BY d.chain_seq, d.id) AS prev,
               array[int8send(d.id), int8send(d.certificate_id), int4send(d.chain_seq)] AS nums,
               array[d.kind::text] AS kind,
               array[date_send(d.decision_date), date_send(d.effective_date), date_send(d.new_expiry)] AS dates,
               array[d.new_scope_statement, d.new_scope::text, d.new_standard::text, d.reason] AS texts,
               int8send(d.corrects) AS corrects, timestamptz_send(d.recorded_at) AS recorded,
               -- an opening's facts (EVD-2), by name: none before they exist
               array[date_send((to_jsonb(d)->>'original_date')::date),
                     date_send((to_jsonb(d)->>'cycle_start')::date),
                     date_send((to_jsonb(d)->>'suspended_since')::date)] AS odates,
               to_jsonb(d)->>'opening_status' AS ostatus,
               %s AS auth,
               %s AS transfer
          FROM isms.decision d
    ), f AS (
        SELECT e.*,
               (SELECT string_agg(coalesce('\x01'::bytea || int4send(octet_length(convert_to(t, 'UTF8')))
                                                       || convert_to(t, 'UTF8'), '\x00'::bytea), ''::bytea ORDER BY i)
                  FROM unnest(e.texts) WITH ORDINALITY u(t, i)) AS text_part
          FROM enc e
    ), h AS (
        SELECT f.certificate_id, f.id, f.chain_hash,
               sha256('isms.decision.v1'::bytea
                      || CASE WHEN octet_length(f.prev) = 32 THEN f.prev ELSE '\xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'::bytea END
                      || coalesce('\x01'::bytea || f.nums[1], '\x00'::bytea)
                      || coalesce('\x01'::bytea || f.nums[2], '\x00'::bytea)
                      || coalesce('\x01'::bytea || f.nums[3], '\x00'::bytea)
                      || '\x01'::bytea || int4send(octet_length(convert_to(f.kind[1], 'UTF8')))
                      || convert_to(f.kind[1], 'UTF8')
                      || coalesce('\x01'::bytea || f.dates[1], '\x00'::bytea)
                      || coalesce('\x01'::bytea || f.dates[2], '\x00'::bytea)
                      || coalesce('\x01'::bytea || f.dates[3], '\x00'::bytea)
                      || f.text_part
                      || coalesce('\x01'::bytea || f.corrects, '\x00'::bytea)
                      || coalesce('\x01'::bytea || f.recorded, '\x00'::bytea)
                      -- the opening's four columns, only where one is set
                      || CASE WHEN f.odates[1] IS NULL AND f.odates[2] IS NULL
                                   AND f.odates[3] IS NULL AND f.ostatus IS NULL THEN ''::bytea
                              ELSE coalesce('\x01'::bytea || f.odates[1], '\x00'::bytea)
                                   || coalesce('\x01'::bytea || f.odates[2], '\x00'::bytea)
                                   || coalesce('\x01'::bytea || int4send(octet_length(convert_to(f.ostatus, 'UTF8')))
                                                         || convert_to(f.ostatus, 'UTF8'), '\x00'::bytea)
                                   || coalesce('\x01'::bytea || f.odates[3], '\x00'::bytea) END
                      || f.auth
                      || f.transfer) AS expected
          FROM f
    )
    SELECT h.certificate_id, h.id, h.expected, h.chain_hash FROM h
     WHERE h.chain_hash IS DISTINCT FROM h.expected
    $q$, auth, transfer_part);
END $$;
COMMENT ON FUNCTION isms_check.chain_breaks() IS
    'Every decision whose stored chain_hash differs from the SHA-256 of its documented encoding chained onto the previous decision''s stored hash (tamper evidence, LOG-1)';

CREATE FUNCTION isms_check.violations(as_of date DEFAULT isms.today())
    RETURNS TABLE (certificate_id bigint, decision_id bigint, rule text, class text, detail text)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
WITH r AS MATERIALIZED (SELECT * FROM isms_check.replay(as_of)),
params AS (
    SELECT c.id,
           coalesce(ss.cycle_years, sc.cycle_years) AS cycle_years,
           coalesce(cb.expiry_offset_days, ss.expiry_offset_days, sc.expiry_offset_days) AS offset_days,
           coalesce(ss.restoration_months, sc.restoration_months) AS restoration_months,
           coalesce(ss.extension_months, sc.extension_months) AS extension_months,
           -- EVD-1: the rules that need audit records apply where the register holds them
           coalesce(cb.evidence_level::text, ss.evidence_level::text, 'audits') = 'audits' AS audits
    FROM isms.certificate c
    JOIN isms.certification_body cb ON cb.id = c.cb_id
    JOIN isms.standard s ON s.ref = c.standard
    JOIN isms.scheme sc ON sc.code = s.scheme
    LEFT JOIN isms.scheme_setting ss ON ss.scheme = s.scheme),
-- per certificate, the first day an initial grant can be decided (CYC-1):
-- the earliest end of a stage 2 audit starting on or after the end of the
-- first stage 1 audit
initial AS MATERIALIZED (
    SELECT s2.certificate_id, min(s2.end_date) AS ready
    FROM isms.audit s2
    JOIN (SELECT a.certificate_id, min(a.end_date) AS s1_end FROM isms.audit a
          WHERE a.kind = 'stage1' GROUP BY 1) s1 ON s1.certificate_id = s2.certificate_id
    WHERE s2.kind = 'stage2' AND s2.start_date >= s1.s1_end
    GROUP BY 1),
fin AS (SELECT * FROM r WHERE r.decision_id IS NULL),
dec AS (SELECT * FROM r WHERE r.decision_id IS NOT NULL)
-- found by the replay: the legal-transition table, WDR-1, REC-1 after expiry
SELECT dec.certificate_id, dec.decision_id, dec.rule, 'violation', dec.detail
FROM dec WHERE dec.rule IS NOT NULL
UNION ALL
-- CYC-3: the expiry bound
SELECT dec.certificate_id, dec.decision_id, 'CYC-3', 'violation',
       CASE WHEN dec.expiry_after IS NULL
            THEN format('%s decided on %s sets no expiry date', dec.kind, dec.decision_date)
            ELSE format('%s decided on %s sets expiry %s, beyond %s (%s)', dec.kind, dec.decision_date,
                        dec.expiry_after, b.bound,
                        CASE WHEN dec.kind = 'grant' THEN 'decision date + cycle - offset'
                             ELSE 'previous expiry ' || dec.own_expiry_before || ' + cycle' END) END
FROM dec JOIN params p ON p.id = dec.certificate_id
CROSS JOIN LATERAL (SELECT CASE WHEN dec.kind = 'grant'
        THEN (dec.decision_date + make_interval(years => p.cycle_years))::date - p.offset_days
        -- from the cycle's own expiry date: an extension does not move it (REC-6)
        ELSE (dec.own_expiry_before + make_interval(years => p.cycle_years))::date END AS bound) b
WHERE dec.applied AND dec.kind IN ('grant', 'recertify', 'restore')
  AND (dec.expiry_after IS NULL OR dec.expiry_after > b.bound)
UNION ALL
-- REC-6: an extension moves the expiry date later, at most extension_months
-- beyond the cycle's own expiry date
SELECT dec.certificate_id, dec.decision_id, 'REC-6', 'violation',
       format('extend decided on %s sets expiry %s; the expiry date in force was %s, the limit %s',
              dec.decision_date, dec.expiry_after, dec.expiry_before,
              (dec.own_expiry_before + make_interval(months => p.extension_months))::date)
FROM dec JOIN params p ON p.id = dec.certificate_id
WHERE dec.applied AND dec.kind = 'extend'
  AND (dec.expiry_after IS NULL OR dec.expiry_after <= dec.expiry_before
       OR dec.expiry_after > (dec.own_expiry_before + make_interval(months => p.extension_months))::date)
UNION ALL
-- CYC-1: an initial grant after a stage 1 and a stage 2 audit (ADD-6: or an
-- add-on audit held together with an audit of its base)
SELECT dec.certificate_id, dec.decision_id, 'CYC-1', 'violation',
       format('grant decided on %s without a stage 1 audit and a stage 2 audit starting on or after its end, ending by the decision',
              dec.decision_date)
FROM dec LEFT JOIN params p ON p.id = dec.certificate_id
WHERE dec.applied AND dec.kind = 'grant' AND dec.status_before = 'draft' AND p.audits IS NOT FALSE
  AND NOT EXISTS (
        -- a stage 2 starting on or after the end of the first stage 1
        SELECT 1 FROM initial i
        WHERE i.certificate_id = dec.certificate_id AND i.ready <= dec.decision_date)
  AND NOT EXISTS (
        SELECT 1 FROM isms.audit a
        WHERE a.certificate_id = dec.certificate_id AND a.combined_with IS NOT NULL
          AND a.end_date <= dec.decision_date)
UNION ALL
-- REC-4: a new cycle after a lapse needs a stage 2 audit starting after the old expiry
SELECT dec.certificate_id, dec.decision_id, 'REC-4', 'violation',
       format('grant decided on %s after expiry %s without a stage 2 audit starting after it',
              dec.decision_date, dec.expiry_before)
FROM dec LEFT JOIN params p ON p.id = dec.certificate_id
WHERE dec.applied AND dec.kind = 'grant' AND dec.status_before = 'expired' AND p.audits IS NOT FALSE
  AND NOT EXISTS (
        SELECT 1 FROM isms.audit a
        WHERE a.certificate_id = dec.certificate_id AND a.kind = 'stage2'
          AND a.start_date > dec.expiry_before AND a.end_date <= dec.decision_date)
UNION ALL
-- REC-1: decided on or before expiry, after a recertification audit of the cycle
SELECT dec.certificate_id, dec.decision_id, 'REC-1', 'violation',
       CASE WHEN dec.decision_date > dec.expiry_before
            THEN format('recertify decided on %s, after expiry %s', dec.decision_date, dec.expiry_before)
            ELSE format('recertify decided on %s without a recertification audit of the cycle started %s',
                        dec.decision_date, dec.cycle_before) END
FROM dec LEFT JOIN params p ON p.id = dec.certificate_id
WHERE dec.applied AND dec.kind = 'recertify'
  AND (dec.decision_date > dec.expiry_before
       OR p.audits IS NOT FALSE AND NOT EXISTS (
        SELECT 1 FROM isms.audit a
        WHERE a.certificate_id = dec.certificate_id AND a.kind = 'recertification'
          AND a.start_date > dec.cycle_before AND a.end_date <= dec.decision_date))
UNION ALL
-- REC-3: restoration window and the outstanding recertification audit
SELECT dec.certificate_id, dec.decision_id, 'REC-3', 'violation',
       CASE WHEN dec.decision_date NOT BETWEEN dec.expiry_before + 1
                 AND (dec.expiry_before + make_interval(months => p.restoration_months))::date
            THEN format('restore decided on %s, outside the window %s to %s', dec.decision_date,
                        dec.expiry_before + 1,
                        (dec.expiry_before + make_interval(months => p.restoration_months))::date)
            ELSE format('restore decided on %s without a recertification audit of the lapsed cycle started %s',
                        dec.decision_date, dec.cycle_before) END
FROM dec JOIN params p ON p.id = dec.certificate_id
WHERE dec.applied AND dec.kind = 'restore'
  AND (dec.decision_date NOT BETWEEN dec.expiry_before + 1
            AND (dec.expiry_before + make_interval(months => p.restoration_months))::date
       OR p.audits AND NOT EXISTS (
        SELECT 1 FROM isms.audit a
        WHERE a.certificate_id = dec.certificate_id AND a.kind = 'recertification'
          AND a.start_date > dec.cycle_before AND a.end_date <= dec.decision_date))
UNION ALL
-- ADD-4: an add-on expires no later than its base
SELECT c.id, NULL::bigint, 'ADD-4', 'violation',
       format('add-on expires %s, after its base %s (expiry %s)', fa.expiry_final, c.base_certificate_id,
              coalesce(fb.expiry_final::text, 'none'))
FROM isms.certificate c
JOIN fin fa ON fa.certificate_id = c.id
JOIN fin fb ON fb.certificate_id = c.base_certificate_id
WHERE fa.expiry_final > fb.expiry_final OR (fa.expiry_final IS NOT NULL AND fb.expiry_final IS NULL)
UNION ALL
-- Stored status = the status the history implies as of as_of; for an add-on
-- the worse of its own and its base's (ADD-5)
SELECT x.id, NULL::bigint,
       CASE WHEN x.own IS DISTINCT FROM x.implied AND x.stored = x.own THEN 'ADD-5'
            WHEN x.implied = 'expired' AND x.stored IN ('active', 'suspended') THEN 'REC-2'
            ELSE 'LOG-1' END,
       'violation',
       format('stored status %s, the history gives %s on %s%s', x.stored, x.implied, as_of,
              CASE WHEN x.own IS DISTINCT FROM x.implied
                   THEN format(' (own %s, base %s)', x.own, x.base) ELSE '' END)
FROM (SELECT c.id, c.status::text AS stored, fa.status_after AS own, fb.status_after AS base,
             CASE WHEN c.base_certificate_id IS NULL OR fa.status_after IN ('draft', 'withdrawn', 'cancelled')
                       OR fb.status_after = 'draft'
                       OR isms_check.severity(fb.status_after) <= isms_check.severity(fa.status_after)
                  THEN fa.status_after
                  WHEN fb.status_after = 'cancelled' THEN 'withdrawn'
                  ELSE fb.status_after END AS implied
      FROM isms.certificate c
      JOIN fin fa ON fa.certificate_id = c.id
      LEFT JOIN fin fb ON fb.certificate_id = c.base_certificate_id) x
WHERE x.stored IS DISTINCT FROM x.implied
UNION ALL
-- ADD-5: an add-on valid while its base has not been granted
SELECT c.id, NULL::bigint, 'ADD-5', 'violation',
       format('add-on is %s on %s while its base %s is a draft', c.status, as_of, c.base_certificate_id)
FROM isms.certificate c
JOIN fin fb ON fb.certificate_id = c.base_certificate_id
WHERE fb.status_after = 'draft' AND c.status::text NOT IN ('draft', 'withdrawn', 'cancelled')
UNION ALL
-- Stored dates = the dates the history implies as of as_of (CYC-2, CYC-3, REC-5)
SELECT c.id, NULL::bigint,
       CASE WHEN c.expiry_date IS DISTINCT FROM f.expiry_after THEN 'CYC-3'
            WHEN c.cycle_start IS DISTINCT FROM f.cycle_after THEN 'CYC-2'
            ELSE 'REC-5' END,
       'violation',
       format('stored expiry %s, cycle start %s, original certification %s; the history gives %s, %s, %s on %s',
              c.expiry_date, c.cycle_start, c.original_certification_date,
              f.expiry_after, f.cycle_after, f.original_date, as_of)
FROM isms.certificate c JOIN fin f ON f.certificate_id = c.id
WHERE c.expiry_date IS DISTINCT FROM f.expiry_after
   OR c.cycle_start IS DISTINCT FROM f.cycle_after
   OR c.original_certification_date IS DISTINCT FROM f.original_date
UNION ALL
-- LOG-1: decisions of a certificate that is not there
SELECT d.certificate_id, d.id, 'LOG-1', 'violation',
       format('decision %s names certificate %s, which does not exist', d.id, d.certificate_id)
FROM isms.decision d
WHERE NOT EXISTS (SELECT 1 FROM isms.certificate c WHERE c.id = d.certificate_id)
UNION ALL
-- LOG-1: a correction or annulment names an earlier decision of the same
-- certificate, which is not an annulment
SELECT d.certificate_id, d.id, 'LOG-1', 'violation',
       CASE WHEN o.id IS NULL THEN format('%s corrects decision %s, which does not exist', d.kind, d.corrects)
            WHEN o.certificate_id <> d.certificate_id
                 THEN format('%s corrects decision %s of another certificate (%s)', d.kind, o.id, o.certificate_id)
            WHEN o.kind = 'annul' THEN format('%s corrects annulment %s (an annulment is final)', d.kind, o.id)
            ELSE format('%s corrects decision %s, recorded after it', d.kind, o.id) END
FROM isms.decision d LEFT JOIN isms.decision o ON o.id = d.corrects
WHERE d.corrects IS NOT NULL
  AND (o.id IS NULL OR o.certificate_id <> d.certificate_id OR o.kind = 'annul' OR o.id > d.id)
UNION ALL
-- LOG-1: a decision changed, inserted or deleted behind the triggers' back
-- breaks its certificate's hash chain
SELECT b.certificate_id, b.decision_id, 'LOG-1', 'violation',
       CASE WHEN b.stored IS NULL
            THEN format('decision %s breaks the hash chain: it has no chain hash', b.decision_id)
            ELSE format('decision %s breaks the hash chain: its chain hash is not the one its columns and the previous decision give',
                        b.decision_id) END
FROM isms_check.chain_breaks() b
UNION ALL
-- LOG-2 (advisory: not enforced by the extension yet)
SELECT d.certificate_id, d.id, 'LOG-2', 'advisory',
       format('%s decided on %s, after the day it was recorded (%s)', d.kind, d.decision_date,
              d.recorded_at::date)
FROM isms.decision d
WHERE d.decision_date > d.recorded_at::date
UNION ALL
SELECT d.certificate_id, d.id, 'LOG-2', 'advisory',
       format('%s decided on %s corrects decision %s decided later, on %s', d.kind, d.decision_date,
              o.id, o.decision_date)
FROM isms.decision d JOIN isms.decision o ON o.id = d.corrects
WHERE d.corrects IS NOT NULL AND d.decision_date < o.decision_date
ORDER BY 1, 2 NULLS FIRST, 3;
END;
COMMENT ON FUNCTION isms_check.violations(date) IS
    'Every row of the registry that breaks a rule as of as_of: (certificate_id, decision_id, rule, class, detail); class violation, or advisory (LOG-2, judged by recorded_at, which the register''s clock isms.today may differ from)';

CREATE VIEW isms_check.violation AS SELECT * FROM isms_check.violations(isms.today());
COMMENT ON VIEW isms_check.violation IS 'isms_check.violations() as of isms.today()';

-- Counts by rule and class, for scripts.
CREATE FUNCTION isms_check.summary(as_of date DEFAULT isms.today())
    RETURNS TABLE (rule text, class text, n bigint)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT v.rule, v.class, count(*) FROM isms_check.violations(as_of) v GROUP BY 1, 2 ORDER BY 1, 2;
END;
COMMENT ON FUNCTION isms_check.summary(date) IS 'Number of violations by rule and class';
