-- tools/soak/setup.sql: the fixture and the writers of the soak (tools/soak.sh).
--
-- A small registry, so that eight clients keep colliding: one certification
-- body accredited for ISMS and the two add-on schemes since 2000, :bases
-- ISO/IEC 27001 certificates (drafts) and :addons cloud add-ons on the first
-- bases (several per base).  soak.act() performs one writer action on one
-- certificate and counts its outcome by SQLSTATE in soak.outcome; it never
-- raises, so that pgbench runs on.
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
CREATE SCHEMA soak;
SET datestyle = ISO;

CREATE TABLE soak.outcome (
    action text NOT NULL,
    sqlstate text NOT NULL,           -- 00000 for success
    message text,
    isolation text NOT NULL DEFAULT current_setting('transaction_isolation'),
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE SEQUENCE soak.number;

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('SOAK-AB', 'Soak accreditation body', 'JP', true);
INSERT INTO isms.certification_body (code, name, country) VALUES ('SOAK-CB', 'Soak certification body', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT 1, 1, s, '2000-01-01' FROM unnest('{ISMS, ISMS-CLOUD, ISMS-PIMS}'::text[]) s;
INSERT INTO isms.organisation (name, country, city)
SELECT 'Soak organisation ' || i, 'JP', 'Tokyo' FROM generate_series(1, :bases) i;
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT 1, 'SOAK-' || i, i, 'ISO/IEC 27001:2022', 'Operations of organisation ' || i
FROM generate_series(1, :bases) i ORDER BY i;
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement,
                              base_certificate_id)
SELECT 1, 'SOAK-CL-' || i, b, 'ISO/IEC 27017:2015', 'Cloud services of organisation ' || b, b
FROM generate_series(1, :addons) i, LATERAL (SELECT 1 + (i - 1) % greatest(:addons / 3, 1) AS b) x
ORDER BY i;
SELECT setval('soak.number', (SELECT max(id) FROM isms.certificate));

-- The clients pick slots; a slot holds one certificate at a time, and a
-- slot whose certificate was withdrawn or cancelled gets a new draft (of the
-- same organisation; an add-on slot: on its base slot's certificate).
CREATE TABLE soak.slot (
    k integer PRIMARY KEY,
    certificate_id bigint NOT NULL,
    base_slot integer
);
INSERT INTO soak.slot (k, certificate_id, base_slot)
SELECT c.id, c.id, c.base_certificate_id FROM isms.certificate c;

-- The day of a new decision on certificate c: a few days after its latest
-- decision (never after today), sometimes a few days before it (a backdated
-- decision, checked against the whole history).
CREATE FUNCTION soak.next_day(c bigint) RETURNS date LANGUAGE sql VOLATILE AS $$
    SELECT least(isms.today(),
                 coalesce(max(d.decision_date), date '2019-01-07' + (c % 50)::integer)
                 + CASE WHEN random() < 0.1 THEN -(random() * 20)::integer
                        ELSE (random() * 20)::integer END)
    FROM isms.decision d WHERE d.certificate_id = c
$$;

-- Surveillance audits that fall due before day d and are not held yet
-- (SUR-1, SUR-2), so that decisions affirming good standing can pass.
CREATE FUNCTION soak.surveil(c bigint, d date) RETURNS void LANGUAGE sql VOLATILE AS $$
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    SELECT c, 'surveillance', x, x
    FROM (SELECT DISTINCT greatest(p.due_from, least(p.due_by, d - 1)) AS x
          FROM isms.audit_programme(c, d) p
          WHERE p.audit_kind = 'surveillance' AND p.done_on IS NULL AND p.due_from < d) q
$$;

CREATE FUNCTION soak.act(action text, p_slot integer) RETURNS text LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    c bigint;
    d date;
    st isms.cert_status;
    ex date;
    dd record;
    state text := '00000';
    msg text;
    n bigint;
    s record;
BEGIN
    SELECT * INTO s FROM soak.slot sl WHERE sl.k = p_slot;
    c := s.certificate_id;
    d := soak.next_day(c);
    SELECT status, expiry_date INTO st, ex FROM isms.certificate WHERE id = c;
    IF st IN ('withdrawn', 'cancelled') THEN
        action := 'renew';
    END IF;
    BEGIN
        -- ADD-7 is checked at commit: make it raise here, where it is counted
        SET CONSTRAINTS ALL IMMEDIATE;
        CASE action
        WHEN 'grant' THEN
            IF st = 'expired' THEN d := greatest(d, ex + 40); END IF;
            d := least(d, isms.today());
            INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
            VALUES (c, 'stage1', d - 60, d - 59), (c, 'stage2', d - 30, d - 28);
            INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c, 'grant', d);
        WHEN 'suspend' THEN
            INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
            VALUES (c, 'suspend', d, 'soak');
        WHEN 'reinstate' THEN
            PERFORM soak.surveil(c, d);
            INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c, 'reinstate', d);
        WHEN 'withdraw' THEN
            INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c, 'withdraw', d);
        WHEN 'cancel' THEN
            INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c, 'cancel', d);
        WHEN 'recertify' THEN
            IF ex IS NOT NULL THEN d := least(greatest(d, ex - 60), ex, isms.today()); END IF;
            PERFORM soak.surveil(c, d);
            INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
            VALUES (c, 'recertification', d - 20, d - 19);
            INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c, 'recertify', d);
        WHEN 'restore' THEN
            IF ex IS NOT NULL THEN d := least(ex + 1 + (random() * 150)::integer, isms.today()); END IF;
            INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
            VALUES (c, 'recertification', d - 3, d - 2);
            PERFORM soak.surveil(c, d);
            INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (c, 'restore', d);
        WHEN 'reduce_scope' THEN
            PERFORM soak.surveil(c, d);
            INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
            VALUES (c, 'reduce_scope', d, 'Reduced scope of ' || d);
        WHEN 'extend_scope' THEN
            PERFORM soak.surveil(c, d);
            INSERT INTO isms.audit (certificate_id, kind, start_date, end_date) VALUES (c, 'special', d - 5, d - 4);
            INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
            VALUES (c, 'extend_scope', d, 'Extended scope of ' || d);
        WHEN 'audit' THEN
            -- move one of the certificate's audits by a few days (the
            -- decisions that rely on it are checked again)
            UPDATE isms.audit SET start_date = start_date + k, end_date = end_date + k
            FROM (SELECT id, (random() * 6)::integer - 3 AS k FROM isms.audit
                  WHERE certificate_id = c ORDER BY random() LIMIT 1) a
            WHERE audit.id = a.id;
        WHEN 'correct' THEN
            -- the latest decision in force is annulled or replaced by one
            -- with an earlier expiry (LOG-1); the certificate is locked
            -- first, so that it stays the latest.  With soak.correct_any on,
            -- any decision in force is corrected instead.
            PERFORM 1 FROM isms.certificate WHERE id = c FOR NO KEY UPDATE;
            SELECT x.* INTO dd FROM isms.decision x
            WHERE x.certificate_id = c AND x.kind <> 'annul'
              AND NOT EXISTS (SELECT 1 FROM isms.decision y WHERE y.corrects = x.id)
            ORDER BY CASE WHEN current_setting('soak.correct_any', true) = 'on' THEN random() END,
                     x.effective_date DESC, x.id DESC
            LIMIT 1;
            IF dd.id IS NOT NULL THEN
                IF dd.kind IN ('grant', 'recertify', 'restore') AND random() < 0.5 THEN
                    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects, reason)
                    VALUES (c, dd.kind, dd.decision_date, dd.new_expiry - 30, dd.id, 'soak: expiry corrected');
                ELSE
                    INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects, reason)
                    VALUES (c, 'annul', greatest(dd.decision_date, least(d, isms.today())), dd.id, 'soak: recorded by mistake');
                END IF;
            END IF;
        WHEN 'renew' THEN
            n := nextval('soak.number');
            INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard,
                                          scope_statement, base_certificate_id)
            SELECT n, 1, 'SOAK-' || n, x.organisation_id, x.standard, x.scope_statement,
                   (SELECT b.certificate_id FROM soak.slot b WHERE b.k = s.base_slot)
            FROM isms.certificate x WHERE x.id = c;
            UPDATE soak.slot SET certificate_id = n WHERE k = p_slot AND certificate_id = c;
        WHEN 'import' THEN
            -- a new certificate with its history in one statement
            n := nextval('soak.number');
            INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement)
            SELECT n, 1, 'SOAK-IMP-' || n, organisation_id, 'ISO/IEC 27001:2022', 'Imported ' || n
            FROM isms.certificate WHERE id = c AND base_certificate_id IS NULL;
            IF FOUND THEN
                d := date '2019-01-07' + (random() * 1500)::integer;
                INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
                VALUES (n, 'stage1', d - 60, d - 59), (n, 'stage2', d - 30, d - 28),
                       (n, 'surveillance', d + 200, d + 200);
                INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
                VALUES (n, 'grant', d, NULL), (n, 'suspend', d + 210, 'imported'),
                       (n, 'reinstate', d + 240, NULL);
            END IF;
        END CASE;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    INSERT INTO soak.outcome (action, sqlstate, message)
    VALUES (action, state, CASE WHEN state <> '00000' THEN msg END);
    RETURN state;
END
$fn$;

-- One step of a client: an action drawn with these weights.
CREATE FUNCTION soak.step(c integer, a integer) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT soak.act(CASE
        WHEN a <= 12 THEN 'grant'
        WHEN a <= 24 THEN 'suspend'
        WHEN a <= 38 THEN 'reinstate'
        WHEN a <= 40 THEN 'withdraw'
        WHEN a <= 41 THEN 'cancel'
        WHEN a <= 56 THEN 'recertify'
        WHEN a <= 64 THEN 'restore'
        WHEN a <= 69 THEN 'reduce_scope'
        WHEN a <= 74 THEN 'extend_scope'
        WHEN a <= 84 THEN 'audit'
        WHEN a <= 96 THEN 'correct'
        ELSE 'import' END, c)
$$;

-- The sweep, counted like the other actions.
CREATE FUNCTION soak.sweep() RETURNS text LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    state text := '00000';
    msg text;
BEGIN
    BEGIN
        PERFORM count(*) FROM isms.sweep();
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    INSERT INTO soak.outcome (action, sqlstate, message)
    VALUES ('sweep', state, CASE WHEN state <> '00000' THEN msg END);
    RETURN state;
END
$fn$;
