-- bench/registry_gen.sql: the seeded generator of a legal registry for
-- bench/registry.sh.  psql variables: nb (base certificates), seed, horizon
-- (no audit or decision after this day; a fixed date, so that the registry
-- does not depend on the day it is generated).  Needs the reference rows of
-- bench/registry_ref.sql (6 CBs, 24 lead auditors) in the same database, and
-- fills the tables gen.certificate, gen.audit and gen.decision with exactly
-- the columns that are loaded.  Everything is computed from hashes of the
-- certificate number and the seed: the same arguments give the same files.
--
-- Per base certificate b (ISO/IEC 27001:2022, some JIS Q 27001:2023):
--   body 1..6 (body 5 accredited in two periods);
--   grant on d0 (2015..2023), expiry e0 = d0 + 3 years
--   - 1 day (CYC-3); stage 1 at d0-60, stage 2 at d0-30 (CYC-1, CYC-5);
--   cycles up to the horizon (70%; else fewer): a recertification 59 days before each expiry, after a
--   recertification audit 120 days before it (REC-1), new expiry = old + 3
--   years; a surveillance audit at d0+150 (SUR-1) and in June of each year
--   after each cycle's start, before its recertification audit (SUR-2); 25%
--   are suspended on d0+400 and reinstated on d0+450; the end: 60% none (active, or expired by date:
--   REC-2), 10% withdrawn, 5% cancelled, 5% suspended, 10% lapse (expired by
--   date) and restoration 30 days after expiry (REC-3; surveillance audits
--   in the cycle it opens), 10% none;
--   persons in scope 8..1500 and auditor-days from isms.audit_days (TIME-1,
--   TIME-2; 4% of surveillance audits half a day short, with a
--   justification); every audit has a registered lead auditor (ACC-4);
--   20% multi-site (2..12 sites), 70% with scope elements.
-- 15% of the bases have a cloud add-on (ISO/IEC 27017:2015, ADD-1, ids after
-- the bases): half with a stage 1 and 2 of their own, half whose first audit
-- is held with the base's first surveillance (ADD-6) and granted 20 days
-- later; surveillance audits held with the base's (combined_with), own
-- recertification audits; the same later decisions as the base, same days.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS gen CASCADE;
RESET client_min_messages;
CREATE SCHEMA gen;

-- h(b, k): the k-th pseudo-random number of base certificate b, 0..2^31-1
CREATE TABLE gen.base AS
WITH h AS (
    SELECT b,
           abs(hashint8extended(b, :seed * 64 + 1)) AS h1,
           abs(hashint8extended(b, :seed * 64 + 2)) AS h2,
           abs(hashint8extended(b, :seed * 64 + 3)) AS h3,
           abs(hashint8extended(b, :seed * 64 + 4)) AS h4,
           abs(hashint8extended(b, :seed * 64 + 5)) AS h5
    FROM generate_series(1, :nb) b
)
SELECT b, cb,
       date '2015-01-05' + (h2 % 3282)::int AS d0,
       (ARRAY[8, 12, 25, 40, 120, 400, 1500])[1 + h3 % 7] AS persons,
       CASE WHEN h3 / 7 % 5 = 0 THEN 2 + (h3 / 35 % 11)::int ELSE 1 END AS sites,
       -- cycles up to the horizon (70%), or fewer: lapsed earlier
       CASE WHEN h4 % 10 < 7 THEN ncfull ELSE 1 + (h4 / 10 % ncfull)::int END AS ncyc,
       CASE WHEN h4 / 3 % 100 < 60 THEN 'none'
            WHEN h4 / 3 % 100 < 70 THEN 'withdraw'
            WHEN h4 / 3 % 100 < 75 THEN 'cancel'
            WHEN h4 / 3 % 100 < 80 THEN 'suspend'
            WHEN h4 / 3 % 100 < 90 THEN 'restore'
            ELSE 'none' END AS ending,
       h5 % 100 < 25 AS susp,
       h5 / 100 % 100 < 15 AS addon,
       h5 / 10000 % 2 = 0 AS comb,
       h5 / 20000 % 10 < 7 AS scoped,
       h1 / 6 AS hx
FROM (SELECT *, 1 + (h1 % 6)::int AS cb,
             1 + ((date :'horizon' + 60 - (date '2015-01-05' + (h2 % 3282)::int)) / 1096) AS ncfull
      FROM h) h;
ALTER TABLE gen.base ADD PRIMARY KEY (b);

-- cycles: c = 0 .. ncyc-1, start s and expiry e
CREATE TABLE gen.cycle AS
SELECT b.b, c,
       CASE WHEN c = 0 THEN b.d0
            ELSE ((b.d0 + interval '3 years')::date - 1 + interval '3 years' * (c - 1))::date - 59 END AS s,
       ((b.d0 + interval '3 years')::date - 1 + interval '3 years' * c)::date AS e,
       c = b.ncyc - 1 AS last
FROM gen.base b, generate_series(0, 4) c
WHERE c < b.ncyc;

-- the day a history ends by a decision (withdraw, cancel, suspend), if any
CREATE TABLE gen.stop AS
SELECT b.b, CASE WHEN b.ncyc > 1 THEN y.s + 30 ELSE b.d0 + 500 END AS x
FROM gen.base b JOIN gen.cycle y ON y.b = b.b AND y.last
WHERE b.ending IN ('withdraw', 'cancel', 'suspend');

-- add-ons: ids after the bases, in base order
CREATE TABLE gen.addon AS
SELECT b, :nb + row_number() OVER (ORDER BY b) AS id, comb
FROM gen.base WHERE addon;

-- audit-time figures of the persons in scope (ISMS table, TIME-1)
CREATE TABLE gen.days AS
SELECT p, isms.audit_days(p, 'initial') AS ini, isms.audit_days(p, 'surveillance') AS sur,
       isms.audit_days(p, 'recertification') AS rec
FROM unnest(ARRAY[8, 12, 25, 40, 120, 400, 1500]) p;

-- ---------------------------------------------------------------- certificates
CREATE TABLE gen.certificate AS
SELECT b.b AS id, b.cb AS cb_id, 'CB' || b.cb || '-IS-' || lpad(b.b::text, 7, '0') AS certificate_number,
       b.b AS organisation_id,
       CASE WHEN b.hx % 10 = 0 THEN 'JIS Q 27001:2023' ELSE 'ISO/IEC 27001:2022' END AS standard,
       'Information security management of the services of organisation ' || b.b AS scope_statement,
       CASE WHEN b.scoped THEN
           '{site:JP/Tokyo/HQ' ||
           CASE WHEN b.sites > 1 THEN
               (SELECT string_agg(', site:JP/Branch' || j || '/Office', '' ORDER BY j) FROM generate_series(2, b.sites) j)
           ELSE '' END ||
           ', service:svc' || (b.b % 97) || ', unit:IT/Operations}'
       END AS scope,
       NULL::bigint AS base_certificate_id,
       b.persons AS persons_in_scope, b.sites, b.hx % 7 <> 0 AS sampling_allowed
FROM gen.base b
UNION ALL
SELECT a.id, b.cb, 'CB' || b.cb || '-CL-' || lpad(b.b::text, 7, '0'), b.b, 'ISO/IEC 27017:2015',
       'Cloud services of organisation ' || b.b || ' (provider)',
       CASE WHEN b.scoped AND b.hx % 2 = 0 THEN '{role:provider}' END,
       b.b, b.persons, b.sites, true
FROM gen.addon a JOIN gen.base b USING (b);

-- ---------------------------------------------------------------- audits
-- base audits first (kind, start, end, days, justification); ids in order
CREATE TABLE gen.base_audit AS
SELECT q.b, q.kind, q.s, q.e, q.days, q.just, q.first_sur
FROM (
    -- stage 1 and 2 (stage 1 a third of the initial figure, stage 2 all of it)
    SELECT b.b, 'stage1' AS kind, b.d0 - 60 AS s, b.d0 - 58 AS e,
           ceil(d.ini / 3 * 2) / 2 AS days, NULL::text AS just, false AS first_sur
    FROM gen.base b JOIN gen.days d ON d.p = b.persons
    UNION ALL
    SELECT b.b, 'stage2', b.d0 - 30, b.d0 - 28, d.ini, NULL, false
    FROM gen.base b JOIN gen.days d ON d.p = b.persons
    UNION ALL
    -- SUR-1: the first surveillance after the grant
    SELECT b.b, 'surveillance', b.d0 + 150, b.d0 + 152, d.sur, NULL, true
    FROM gen.base b JOIN gen.days d ON d.p = b.persons
    UNION ALL
    -- SUR-2: June of each year after the cycle's start, before its
    -- recertification audit (up to three)
    SELECT y.b, 'surveillance', make_date(extract(year FROM y.s)::int + k, 6, 1),
           make_date(extract(year FROM y.s)::int + k, 6, 3),
           CASE WHEN (b.hx / 11 + k + y.c) % 25 = 0 THEN d.sur - 0.5 ELSE d.sur END,
           CASE WHEN (b.hx / 11 + k + y.c) % 25 = 0 THEN 'single site, no changes (IAF MD 5 reduction)' END,
           false
    FROM gen.cycle y JOIN gen.base b USING (b) JOIN gen.days d ON d.p = b.persons,
         generate_series(1, 3) k
    WHERE make_date(extract(year FROM y.s)::int + k, 6, 1) < y.e - 120
    UNION ALL
    -- SUR-2 in the cycle a restoration opens (30 days after the expiry)
    SELECT y.b, 'surveillance', make_date(extract(year FROM y.e + 30)::int + k, 6, 1),
           make_date(extract(year FROM y.e + 30)::int + k, 6, 3), d.sur, NULL, false
    FROM gen.cycle y JOIN gen.base b USING (b) JOIN gen.days d ON d.p = b.persons,
         generate_series(1, 3) k
    WHERE y.last AND b.ending = 'restore' AND y.e + 30 <= :'horizon'
      AND make_date(extract(year FROM y.e + 30)::int + k, 6, 1) < (y.e + interval '3 years')::date - 120
    UNION ALL
    -- REC-1 / REC-3: a recertification audit of each cycle that is renewed or restored
    SELECT y.b, 'recertification', y.e - 120, y.e - 117, d.rec, NULL, false
    FROM gen.cycle y JOIN gen.base b USING (b) JOIN gen.days d ON d.p = b.persons
    WHERE NOT y.last OR b.ending = 'restore'
) q
LEFT JOIN gen.stop t ON t.b = q.b
WHERE q.s <= :'horizon' AND (t.x IS NULL OR q.s < t.x);

CREATE TABLE gen.audit AS
WITH base AS (
    SELECT row_number() OVER (ORDER BY b, s, kind) AS id, *
    FROM gen.base_audit
), n AS (SELECT count(*) AS n FROM base),
addon AS (
    -- an add-on's own stage 1 and 2 (comb = false), its first audit held with
    -- the base's first surveillance (comb = true), its surveillance audits
    -- held with the base's, its own recertification audits
    SELECT a.id AS cid, x.kind, x.s, x.e,
           CASE WHEN x.kind IN ('surveillance', 'stage2') AND (x.kind = 'surveillance' OR a.comb) THEN x.id END AS combined_with,
           x.b, x.id AS base_audit
    FROM gen.addon a
    JOIN LATERAL (
        SELECT CASE WHEN a.comb AND ba.first_sur THEN 'stage2' ELSE ba.kind END AS kind,
               ba.id, ba.b, ba.s, ba.e
        FROM base ba WHERE ba.b = a.b AND NOT (a.comb AND ba.kind IN ('stage1', 'stage2'))
    ) x ON true
)
SELECT id, b AS certificate_id, kind, s AS start_date, e AS end_date, days AS auditor_days,
       NULL::integer AS persons_in_scope, NULL::bigint AS combined_with,
       1 + (b * 7 + id) % 24 AS lead_auditor_id, just AS time_justification
FROM base
UNION ALL
SELECT n.n + row_number() OVER (ORDER BY cid, s, kind), cid, kind, s, e, 1.5, NULL, combined_with,
       1 + (b * 7 + base_audit) % 24, NULL
FROM addon, n;

-- ---------------------------------------------------------------- decisions
CREATE TABLE gen.base_decision AS
SELECT q.* FROM (
    SELECT b.b, 1 AS ord, 'grant' AS kind, b.d0 AS d, y.e AS new_expiry, 'initial certification' AS reason
    FROM gen.base b JOIN gen.cycle y ON y.b = b.b AND y.c = 0
    UNION ALL
    SELECT b, 2, 'suspend', d0 + 400, NULL, 'major nonconformity not corrected' FROM gen.base WHERE susp
    UNION ALL
    SELECT b, 3, 'reinstate', d0 + 450, NULL, 'corrective actions verified' FROM gen.base WHERE susp
    UNION ALL
    SELECT y.b, 4, 'recertify', y.s, y.e, 'recertification audit passed' FROM gen.cycle y WHERE y.c > 0
    UNION ALL
    SELECT t.b, 5, b.ending, t.x, NULL, 'end of the history' FROM gen.stop t JOIN gen.base b USING (b)
    UNION ALL
    SELECT y.b, 6, 'restore', y.e + 30, (y.e + interval '3 years')::date, 'restored within six months'
    FROM gen.cycle y JOIN gen.base b USING (b) WHERE y.last AND b.ending = 'restore'
) q
WHERE q.d <= :'horizon';

CREATE TABLE gen.decision AS
SELECT b AS certificate_id, kind, d AS decision_date, d AS effective_date, new_expiry, reason, b AS sort_b, ord
FROM gen.base_decision
UNION ALL
SELECT a.id, x.kind, CASE WHEN x.ord = 1 AND a.comb THEN x.d + 170 ELSE x.d END,
       CASE WHEN x.ord = 1 AND a.comb THEN x.d + 170 ELSE x.d END, x.new_expiry, x.reason, a.id, x.ord
FROM gen.addon a JOIN gen.base_decision x USING (b);

ANALYZE gen.certificate, gen.audit, gen.decision;
