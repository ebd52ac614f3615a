-- rules_suspension: SUS-1, SUS-2, SUS-3, WDR-1, SCO-1 and the legal-transition table
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Test helpers, in schema rules_suspension (dropped at the end of this file).
CREATE SCHEMA rules_suspension;

-- regress.try() and regress.mask() come from sql/helpers.sql.

-- The bodies, organisation and helpers of this file (regress.fixture).
SELECT regress.fixture('rules_suspension', 'SUS');

INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'SUS-AB' AND b.code = 'SUS-CB';

-- A decision of any kind on the day, with the columns its kind requires.
CREATE FUNCTION rules_suspension.attempt(num text, kind isms.decision_kind, decided date,
                                         quiet boolean DEFAULT false)
RETURNS text LANGUAGE sql AS $$
    SELECT rules_suspension.probe(num, kind, decided,
        new_expiry => CASE WHEN kind IN ('grant', 'recertify', 'restore')
                           THEN (decided + interval '2 years')::date END,
        scope => CASE WHEN kind IN ('reduce_scope', 'extend_scope')
                      THEN 'Scope changed on ' || decided END,
        standard => CASE WHEN kind = 'transition' THEN 'ISO/IEC 27001:2022' END,
        quiet => quiet)
$$;

-- Certificates granted on 2021-04-01, expiring on 2024-03-31.

/*
 * SUS-1: only an active certificate can be suspended.
 */
SELECT rules_suspension.new_cert('SUS1-D');
SELECT rules_suspension.probe('SUS1-D', 'suspend', '2021-05-01') AS "suspend a draft";
SELECT rules_suspension.granted('SUS1-A', '2021-04-01');
SELECT rules_suspension.decide('SUS1-A', 'suspend', '2021-06-01') AS "suspend an active certificate";
SELECT isms.status_at(rules_suspension.cert('SUS1-A'), '2021-05-31') AS "2021-05-31",
       isms.status_at(rules_suspension.cert('SUS1-A'), '2021-06-01') AS "2021-06-01";
SELECT rules_suspension.probe('SUS1-A', 'suspend', '2021-07-01') AS "suspend a suspended certificate";

/*
 * SUS-3: suspension does not stop the clock: SUS1-A, never reinstated,
 * expires on 2024-04-01.
 */
SELECT isms.status_at(rules_suspension.cert('SUS1-A'), '2024-03-31') AS "2024-03-31",
       isms.status_at(rules_suspension.cert('SUS1-A'), '2024-04-01') AS "2024-04-01";
SELECT * FROM rules_suspension.timeline('SUS1-A');
SELECT isms.valid_periods(rules_suspension.cert('SUS1-A'));
SELECT rules_suspension.probe('SUS1-A', 'suspend', '2024-05-01') AS "suspend an expired certificate";
SELECT rules_suspension.probe('SUS1-A', 'reinstate', '2024-05-01') AS "reinstate an expired certificate";

/*
 * SUS-2: a suspension ends by reinstatement, withdrawal or scope
 * reduction; one longer than 6 months gives a warning, not an error.
 */
SELECT rules_suspension.granted('SUS2-A', '2021-04-01');
SELECT rules_suspension.decide('SUS2-A', 'suspend', '2021-06-15');
SELECT rules_suspension.probe('SUS2-A', 'reinstate', '2021-12-15') AS "reinstate after exactly 6 months";
SELECT rules_suspension.decide('SUS2-A', 'reinstate', '2021-12-16') AS "reinstate after 6 months and a day";
SELECT * FROM rules_suspension.timeline('SUS2-A');
SELECT isms.valid_periods(rules_suspension.cert('SUS2-A'));
-- 6 months from August 31 end on February 28 (PostgreSQL month arithmetic)
SELECT rules_suspension.granted('SUS2-B', '2021-04-01');
SELECT rules_suspension.decide('SUS2-B', 'suspend', '2021-08-31');
SELECT rules_suspension.probe('SUS2-B', 'reinstate', '2022-02-28') AS "reinstate on 2022-02-28";
SELECT rules_suspension.probe('SUS2-B', 'reinstate', '2022-03-01') AS "reinstate on 2022-03-01";
-- the 6 months run from the suspension's effective date
SELECT rules_suspension.granted('SUS2-F', '2021-04-01');
SELECT rules_suspension.decide('SUS2-F', 'suspend', '2021-06-01', effective => '2021-06-15');
SELECT rules_suspension.probe('SUS2-F', 'reinstate', '2021-12-15') AS "reinstate 6 months after effect";
SELECT rules_suspension.probe('SUS2-F', 'reinstate', '2021-12-16') AS "6 months and a day after effect";
-- scope reduction ends a suspension
SELECT rules_suspension.granted('SUS2-C', '2021-04-01');
SELECT rules_suspension.decide('SUS2-C', 'suspend', '2021-09-01');
SELECT rules_suspension.decide('SUS2-C', 'reduce_scope', '2021-10-01', scope => 'Reduced scope of SUS2-C');
SELECT * FROM rules_suspension.timeline('SUS2-C');
SELECT scope_statement, revision FROM isms.certificate WHERE id = rules_suspension.cert('SUS2-C');
-- withdrawal ends a suspension
SELECT rules_suspension.granted('SUS2-D', '2021-04-01');
SELECT rules_suspension.decide('SUS2-D', 'suspend', '2021-09-01');
SELECT rules_suspension.decide('SUS2-D', 'withdraw', '2021-10-01');
SELECT * FROM rules_suspension.timeline('SUS2-D');

/*
 * WDR-1: withdrawn and cancelled are final: every decision kind is
 * rejected, also after the expiry date (which changes nothing).
 */
SELECT rules_suspension.granted('WDR-W', '2021-04-01');
-- a withdrawal sets no expiry date (CYC-3), refused before the table's CHECK
SELECT rules_suspension.probe('WDR-W', 'withdraw', '2021-10-01', new_expiry => '2024-03-31')
    AS "withdraw with an expiry date";
SELECT rules_suspension.decide('WDR-W', 'withdraw', '2021-10-01');
SELECT rules_suspension.granted('WDR-C', '2021-04-01');
SELECT rules_suspension.decide('WDR-C', 'cancel', '2021-10-01');
SELECT rules_suspension.attempt('WDR-W', 'reinstate', '2021-11-01') AS "reinstate a withdrawn certificate";
SELECT rules_suspension.attempt('WDR-C', 'grant', '2021-11-01') AS "grant a cancelled certificate";
SELECT k.kind,
       rules_suspension.attempt('WDR-W', k.kind, '2021-11-01', quiet => true) AS "withdrawn",
       rules_suspension.attempt('WDR-C', k.kind, '2021-11-01', quiet => true) AS "cancelled",
       rules_suspension.attempt('WDR-W', k.kind, '2024-06-01', quiet => true) AS "withdrawn, after expiry",
       rules_suspension.attempt('WDR-C', k.kind, '2024-06-01', quiet => true) AS "cancelled, after expiry"
FROM unnest(enum_range(NULL::isms.decision_kind)) k(kind)
ORDER BY k.kind;
SELECT isms.status_at(rules_suspension.cert('WDR-W'), '2024-06-01') AS "WDR-W on 2024-06-01",
       isms.status_at(rules_suspension.cert('WDR-C'), '2024-06-01') AS "WDR-C on 2024-06-01";
SELECT isms.cert_restoration_window(rules_suspension.cert('WDR-W')) AS "WDR-W restoration window";

/*
 * SCO-1: scope extension needs a special audit of the current cycle
 * ending by the decision date; every scope decision is a new revision and
 * replaces the scope statement.
 */
SELECT rules_suspension.granted('SCO-A', '2021-04-01');
-- a special audit held before the grant is not of the current cycle
SELECT rules_suspension.audit('SCO-A', 'special', '2021-03-10', '2021-03-11');
SELECT rules_suspension.probe('SCO-A', 'extend_scope', '2021-09-01', scope => 'Extended scope of SCO-A') AS "extend without a special audit";
SELECT rules_suspension.audit('SCO-A', 'special', '2021-08-30', '2021-09-02');
SELECT rules_suspension.probe('SCO-A', 'extend_scope', '2021-09-01', scope => 'Extended scope of SCO-A') AS "extend during the special audit";
SELECT scope_statement, revision FROM isms.certificate WHERE id = rules_suspension.cert('SCO-A');
SELECT rules_suspension.decide('SCO-A', 'extend_scope', '2021-09-02', scope => 'Extended scope of SCO-A') AS "extend when it ends";
SELECT scope_statement, revision FROM isms.certificate WHERE id = rules_suspension.cert('SCO-A');
SELECT rules_suspension.decide('SCO-A', 'reduce_scope', '2021-10-01', scope => 'Reduced scope of SCO-A') AS "reduce";
SELECT scope_statement, revision FROM isms.certificate WHERE id = rules_suspension.cert('SCO-A');
-- a reduction that gives neither a new scope nor a new wording is refused (SCO-1)
SELECT rules_suspension.decide('SCO-A', 'reduce_scope', '2021-11-02') AS "reduce, same wording";
SELECT scope_statement, revision FROM isms.certificate WHERE id = rules_suspension.cert('SCO-A');
SELECT * FROM rules_suspension.decisions('SCO-A');

/*
 * The legal-transition table: on 2023-02-01, a decision of every kind on
 * a certificate in every status, each with the evidence its kind needs
 * (audits, accreditation, dates), so that only the transition decides.
 * The certificates are against ISO/IEC 27001:2013; "transition" moves to
 * the 2022 edition.
 */
-- draft: stage 1 and stage 2 held
SELECT rules_suspension.new_cert('T-DRAFT', 'ISO/IEC 27001:2013');
SELECT rules_suspension.audit('T-DRAFT', 'stage1', '2022-12-01', '2022-12-02');
SELECT rules_suspension.audit('T-DRAFT', 'stage2', '2023-01-09', '2023-01-11');
-- active, suspended, withdrawn, cancelled: granted 2020-04-01, expiring
-- 2023-03-31, with surveillance, recertification, special and transition audits
CREATE FUNCTION rules_suspension.table_cert(num text) RETURNS text LANGUAGE sql AS $$
    SELECT rules_suspension.granted(num, '2020-04-01', std => 'ISO/IEC 27001:2013');
    SELECT rules_suspension.audit(num, 'surveillance', '2021-03-01', '2021-03-02');
    SELECT rules_suspension.audit(num, 'surveillance', '2022-06-01', '2022-06-02');
    SELECT rules_suspension.audit(num, 'recertification', '2023-01-16', '2023-01-18');
    SELECT rules_suspension.audit(num, 'transition', '2023-01-16', '2023-01-18');
    SELECT rules_suspension.audit(num, 'special', '2023-01-19', '2023-01-20');
$$;
SELECT rules_suspension.table_cert('T-ACTIVE');
SELECT rules_suspension.table_cert('T-SUSP');
SELECT rules_suspension.decide('T-SUSP', 'suspend', '2022-12-01');
SELECT rules_suspension.table_cert('T-WDR');
SELECT rules_suspension.decide('T-WDR', 'withdraw', '2022-12-01');
SELECT rules_suspension.table_cert('T-CAN');
SELECT rules_suspension.decide('T-CAN', 'cancel', '2022-12-01');
-- expired: granted 2019-12-02, expired after 2022-12-01 (restorable until
-- 2023-06-01), recertification audit held, and a new stage 2 audit
SELECT rules_suspension.granted('T-EXP', '2019-12-02', std => 'ISO/IEC 27001:2013');
SELECT rules_suspension.audit('T-EXP', 'surveillance', '2020-11-02', '2020-11-03');
SELECT rules_suspension.audit('T-EXP', 'surveillance', '2021-06-01', '2021-06-02');
SELECT rules_suspension.audit('T-EXP', 'recertification', '2022-12-12', '2022-12-14');
SELECT rules_suspension.audit('T-EXP', 'stage2', '2023-01-09', '2023-01-11');
SELECT num, isms.status_at(rules_suspension.cert(num), '2023-02-01') AS "status on 2023-02-01"
FROM unnest(ARRAY['T-DRAFT', 'T-ACTIVE', 'T-SUSP', 'T-WDR', 'T-CAN', 'T-EXP']) num
ORDER BY 2;
SELECT s.status, k.kind, isms.decision_outcome(s.status, k.kind) AS outcome,
       rules_suspension.attempt(s.num, k.kind, '2023-02-01', quiet => true) AS result
FROM (VALUES ('draft'::isms.cert_status, 'T-DRAFT'), ('active', 'T-ACTIVE'),
             ('suspended', 'T-SUSP'), ('withdrawn', 'T-WDR'), ('cancelled', 'T-CAN'),
             ('expired', 'T-EXP')) s(status, num)
CROSS JOIN unnest(enum_range(NULL::isms.decision_kind)) k(kind)
ORDER BY s.status, k.kind;
-- the messages of the rejections that are not WDR-1
SELECT rules_suspension.attempt('T-DRAFT', 'reinstate', '2023-02-01') AS "reinstate a draft";
SELECT rules_suspension.attempt('T-DRAFT', 'withdraw', '2023-02-01') AS "withdraw a draft";
SELECT rules_suspension.attempt('T-ACTIVE', 'grant', '2023-02-01') AS "grant an active certificate";
SELECT rules_suspension.attempt('T-SUSP', 'recertify', '2023-02-01') AS "recertify a suspended certificate";
SELECT rules_suspension.attempt('T-SUSP', 'extend_scope', '2023-02-01') AS "extend a suspended certificate";
SELECT rules_suspension.attempt('T-EXP', 'cancel', '2023-02-01') AS "cancel an expired certificate";
SELECT rules_suspension.attempt('T-EXP', 'recertify', '2023-02-01') AS "recertify an expired certificate";
-- a backdated decision that makes a recorded later one illegal
SELECT rules_suspension.probe('T-SUSP', 'withdraw', '2022-11-15') AS "withdraw before a recorded suspension";
-- is_legal_transition agrees with the table (and with expiry by date)
WITH st(s) AS (VALUES ('draft'::isms.cert_status), ('active'), ('suspended'),
                      ('withdrawn'), ('cancelled'), ('expired'))
SELECT f.s AS "from",
       ARRAY(SELECT t.s FROM st t WHERE isms.is_legal_transition(f.s, t.s) ORDER BY t.s) AS "legal to"
FROM st f ORDER BY f.s;

SET client_min_messages = warning;
DROP SCHEMA rules_suspension CASCADE;
RESET client_min_messages;
