-- The register's clock (LOG-2): isms.today(), and "today" everywhere the
-- extension's SQL asks for it (defaults, surfaces, the shipped-row check).

CREATE FUNCTION isms.today()
    RETURNS date
    AS 'MODULE_PATHNAME', 'isms_today'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION isms.today() IS
    'The register''s today: the setting isms.today if a superuser set it, else the date in the registry''s time zone (isms.time_zone) at the start of the transaction; the day decisions are recorded on (LOG-2), the stored status describes and the sweep stores';

CREATE OR REPLACE FUNCTION isms.audit_programme(certificate bigint, as_of date DEFAULT isms.today())
    RETURNS TABLE (cycle_start date, rule text, audit_kind text, due_from date,
                   due_by date, done_on date, state text,
                   certificate_id bigint, certificate_number text, combined boolean,
                   audit_days numeric, sample_sites integer)
    AS 'MODULE_PATHNAME', 'isms_audit_programme'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 5;


CREATE OR REPLACE FUNCTION isms.audit_programme(cb_code text, certificate_number text, as_of date DEFAULT isms.today())
    RETURNS TABLE (cycle_start date, rule text, audit_kind text, due_from date,
                   due_by date, done_on date, state text,
                   certificate_id bigint, certificate_number text, combined boolean,
                   audit_days numeric, sample_sites integer)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 5
    BEGIN ATOMIC
        SELECT p.cycle_start, p.rule, p.audit_kind, p.due_from, p.due_by, p.done_on, p.state,
               p.certificate_id, p.certificate_number, p.combined, p.audit_days, p.sample_sites
          FROM isms.audit_programme(isms.certificate_id(audit_programme.cb_code,
                                                        audit_programme.certificate_number),
                                    audit_programme.as_of) p;
    END;

COMMENT ON FUNCTION isms.audit_programme(text, text, date) IS
    'Audit programme on as_of of the certificate of this body (code) and number (as printed), as isms.audit_programme(bigint, date)';

CREATE OR REPLACE FUNCTION isms.sweep(as_of date DEFAULT isms.today())
    RETURNS TABLE (certificate_id bigint, certificate_number text,
                   old_status isms.cert_status, new_status isms.cert_status,
                   old_expiry date, new_expiry date, rule text)
    AS 'MODULE_PATHNAME', 'isms_sweep'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

COMMENT ON FUNCTION isms.sweep(date) IS
    'Applies date-driven changes (REC-2 expiry, decisions coming into effect, SUR-3 auto-suspension where the scheme asks for it) so that every stored status equals isms.status_at(id, as_of); idempotent; returns what it changed. Only the sweep of the register''s today (as_of = isms.today()) stores statuses and records SUR-3 suspensions; a sweep of another day reports what it would change. Certificates locked by a writer are skipped with a group of their base and add-ons, reported with rule ''locked'' and left to the next sweep';

COMMENT ON FUNCTION isms.refresh(bigint[]) IS
    'Brings the stored columns of the given certificates (with their bases and add-ons as context) up to date with isms.status_at(id, isms.today()), as the sweep does, recording no decision; ids the caller may not read are passed over; returns how many certificates it changed';

CREATE OR REPLACE FUNCTION isms.cert_accreditation(certificate bigint, on_date date DEFAULT isms.today())
    RETURNS TABLE (accreditation_status text, listed boolean, listed_until date)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 1
    BEGIN ATOMIC
        WITH c AS (
            SELECT c.id, c.cb_id, st.scheme,
                   coalesce(ss.withdrawn_listing_months, s.withdrawn_listing_months) AS months
              FROM isms.certificate c
              JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) c.standard
              JOIN isms.scheme s ON s.code OPERATOR(pg_catalog.=) st.scheme
              LEFT JOIN isms.scheme_setting ss ON ss.scheme OPERATOR(pg_catalog.=) st.scheme
             WHERE c.id OPERATOR(pg_catalog.=) cert_accreditation.certificate
        ), p AS (
            SELECT c.id,
                   pg_catalog.bool_or(a.status OPERATOR(pg_catalog.=) 'active'::isms.accreditation_status
                           AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) cert_accreditation.on_date)) AS accredited,
                   pg_catalog.bool_or(a.status OPERATOR(pg_catalog.=) 'suspended'::isms.accreditation_status
                           AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) cert_accreditation.on_date)) AS suspended,
                   -- the end of accreditation: the last day of the last
                   -- active or suspended period, else the first withdrawn day
                   coalesce(pg_catalog.max(a.valid_until) FILTER (WHERE a.status OPERATOR(pg_catalog.<>) 'withdrawn'::isms.accreditation_status),
                            pg_catalog.min(a.valid_from)) AS last_end
              FROM c JOIN isms.accreditation a
                ON a.cb_id OPERATOR(pg_catalog.=) c.cb_id AND a.scheme OPERATOR(pg_catalog.=) c.scheme
               AND a.valid_from OPERATOR(pg_catalog.<=) cert_accreditation.on_date
             GROUP BY c.id
        )
        SELECT CASE WHEN p.accredited THEN 'accredited' WHEN p.suspended THEN 'suspended'
                    WHEN p.id IS NOT NULL THEN 'withdrawn' ELSE 'none' END,
               CASE WHEN p.accredited THEN true
                    WHEN p.suspended THEN coalesce(v.open OR cert_accreditation.on_date OPERATOR(pg_catalog.<=) v.until, false)
                    WHEN p.id IS NOT NULL THEN cert_accreditation.on_date OPERATOR(pg_catalog.<=)
                         (p.last_end OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => c.months))::pg_catalog.date
                    ELSE false END,
               CASE WHEN p.accredited THEN NULL
                    WHEN p.suspended THEN v.until
                    WHEN p.id IS NOT NULL THEN (p.last_end OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => c.months))::pg_catalog.date
                    END
          FROM c LEFT JOIN p ON p.id OPERATOR(pg_catalog.=) c.id
          -- the certificate's validity in force on on_date (or the last before it)
          LEFT JOIN LATERAL (
              SELECT pg_catalog.upper(r) OPERATOR(pg_catalog.-) 1 AS until, pg_catalog.upper_inf(r) AS open
                FROM pg_catalog.unnest(isms.valid_periods(c.id)) AS r
               WHERE pg_catalog.lower(r) OPERATOR(pg_catalog.<=) cert_accreditation.on_date
               ORDER BY pg_catalog.lower(r) DESC LIMIT 1) v ON p.suspended;
    END;

COMMENT ON FUNCTION isms.cert_accreditation(bigint, date) IS
    'ACC-3: accreditation status (accredited, suspended, withdrawn, none) of the certificate''s body for its scheme on on_date, and whether IAF CertSearch practice keeps the certificate listed: withdrawn, until withdrawn_listing_months [P] after the end of the last active or suspended period (else after the first withdrawn day); suspended, while the certificate is valid, until the last day of its validity in force on on_date';

CREATE OR REPLACE FUNCTION isms.cert_accreditation(cb_code text, certificate_number text, on_date date DEFAULT isms.today())
    RETURNS TABLE (accreditation_status text, listed boolean, listed_until date)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 1
    BEGIN ATOMIC
        SELECT a.accreditation_status, a.listed, a.listed_until
          FROM isms.cert_accreditation(isms.certificate_id(cert_accreditation.cb_code,
                                                           cert_accreditation.certificate_number),
                                       cert_accreditation.on_date) a;
    END;

COMMENT ON FUNCTION isms.cert_accreditation(text, text, date) IS
    'ACC-3: listing of the certificate of this body (code) and number (as printed) on on_date, as isms.cert_accreditation(bigint, date)';

CREATE OR REPLACE FUNCTION isms.status_today(c isms.certificate) RETURNS isms.cert_status
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT CASE WHEN status_today.c.base_certificate_id IS NOT NULL
                      OR (status_today.c.status OPERATOR(pg_catalog.>=) 'active'::isms.cert_status
                          AND status_today.c.status OPERATOR(pg_catalog.<=) 'suspended'::isms.cert_status
                          AND (status_today.c.expiry_date OPERATOR(pg_catalog.<) isms.today()
                               OR EXISTS (
                                   SELECT 1 FROM isms.edition_transition t
                                    WHERE t.old_valid_until OPERATOR(pg_catalog.<) isms.today()
                                      AND isms.std_same_standard(t.from_standard, isms.std_canonical(status_today.c.standard))
                                      AND isms.std_edition(isms.std_canonical(status_today.c.standard))
                                          OPERATOR(pg_catalog.<=) isms.std_edition(t.from_standard))))
                      OR EXISTS (
                          SELECT 1 FROM isms.decision d
                           WHERE d.certificate_id OPERATOR(pg_catalog.=) status_today.c.id
                             AND d.effective_date OPERATOR(pg_catalog.<=) isms.today()
                             AND d.effective_date OPERATOR(pg_catalog.>) d.decision_date)
                    THEN isms.status_at(status_today.c.id, isms.today())
                    ELSE status_today.c.status END;
    END;

COMMENT ON FUNCTION isms.status_today(isms.certificate) IS
    'Status of the certificate today, equal to isms.status_at(id, isms.today()): the stored status where time changed nothing since it was written (no expiry or end of edition passed, no decision taking effect after its decision date, not an add-on), else the replay';

CREATE OR REPLACE FUNCTION isms_bi.obligation_rows()
    RETURNS TABLE (certificate_id bigint, certificate_number text, cb_code text,
                   organisation_name text, base_certificate_id bigint, rule text, audit_kind text,
                   cycle_start date, due_from date, due_by date, state text, days_overdue integer,
                   combined boolean, own_audit boolean, audit_days numeric, sample_sites integer)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT p.certificate_id,
               p.certificate_number,
               b.code AS cb_code,
               o.name AS organisation_name,
               CASE WHEN p.certificate_id <> c.id THEN c.id END AS base_certificate_id,
               p.rule,
               p.audit_kind,
               p.cycle_start,
               p.due_from,
               p.due_by,
               p.state,
               CASE WHEN p.state = 'overdue' THEN isms.today() - p.due_by END AS days_overdue,
               p.combined,
               NOT (p.combined AND p.certificate_id <> c.id) AS own_audit,
               p.audit_days,
               p.sample_sites
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id = c.cb_id
          JOIN isms.organisation o ON o.id = c.organisation_id
         CROSS JOIN LATERAL isms.audit_programme(c.id, isms.today()) p
         WHERE c.base_certificate_id IS NULL
           AND isms.status_today(c) IN ('active'::isms.cert_status, 'suspended'::isms.cert_status)
           AND p.state IN ('due', 'overdue');
    END;

COMMENT ON FUNCTION isms_bi.obligation_rows() IS
    'Rows of isms_bi.obligations, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';

CREATE OR REPLACE FUNCTION isms_bi.expiring_rows()
    RETURNS TABLE (certificate_id bigint, cb_code text, certificate_number text,
                   organisation_name text, standard text, status text, status_en text,
                   status_ja text, expiry_date date, days_left integer, within_days integer)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT x.certificate_id, x.cb_code, x.certificate_number, x.organisation_name, x.standard,
               x.status, x.status_en, x.status_ja, x.expiry_date,
               x.expiry_date - isms.today() AS days_left,
               CASE WHEN x.expiry_date - isms.today() <= 30 THEN 30
                    WHEN x.expiry_date - isms.today() <= 60 THEN 60 ELSE 90 END AS within_days
          FROM isms_bi.certificates x
         WHERE x.expiry_date BETWEEN isms.today() AND isms.today() + 90
           AND x.status IN ('active', 'suspended');
    END;

COMMENT ON FUNCTION isms_bi.expiring_rows() IS
    'Rows of isms_bi.expiring, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';

CREATE OR REPLACE FUNCTION isms_bi.long_suspension_rows()
    RETURNS TABLE (certificate_id bigint, cb_code text, certificate_number text,
                   organisation_name text, standard text, suspended_since date,
                   days_suspended integer, warning_months integer, long_from date, expiry_date date)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT x.certificate_id, x.cb_code, x.certificate_number, x.organisation_name, x.standard,
               t.valid_from AS suspended_since,
               isms.today() - t.valid_from AS days_suspended,
               m.months AS warning_months,
               (t.valid_from + pg_catalog.make_interval(months => m.months))::date AS long_from,
               x.expiry_date
          FROM isms_bi.certificates x
         CROSS JOIN LATERAL isms.timeline(x.certificate_id) t
          JOIN isms.scheme s ON s.code = x.scheme
          LEFT JOIN isms.scheme_setting ss ON ss.scheme = x.scheme
         CROSS JOIN LATERAL (SELECT coalesce(ss.suspension_warning_months, s.suspension_warning_months) AS months) m
         WHERE x.status = 'suspended'
           AND t.status = 'suspended'::isms.cert_status
           AND t.valid_from <= isms.today() AND (t.valid_until IS NULL OR t.valid_until >= isms.today())
           AND isms.today() > (t.valid_from + pg_catalog.make_interval(months => m.months))::date;
    END;

COMMENT ON FUNCTION isms_bi.long_suspension_rows() IS
    'Rows of isms_bi.long_suspensions, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';

CREATE OR REPLACE FUNCTION isms_bi.monthly_status_count_rows()
    RETURNS TABLE (month date, as_of date, cb_code text, standard text, standard_family text,
                   standard_edition integer, status text, status_en text, status_ja text,
                   certificates bigint)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        WITH tl AS (
            SELECT c.id, c.cb_id, t.valid_from, t.valid_until, t.status
              FROM isms.certificate c
             CROSS JOIN LATERAL isms.timeline(c.id) t
        ), std AS (
            -- the standard in force: the one applied for, then each transition
            SELECT c.id, '-infinity'::date AS from_date, coalesce(c.initial_standard, c.standard) AS standard
              FROM isms.certificate c
            UNION ALL
            SELECT d.certificate_id, d.effective_date, d.new_standard
              FROM isms.decision d
             WHERE d.kind = 'transition'
               AND NOT EXISTS (SELECT 1 FROM isms.decision x WHERE x.corrects = d.id)
        ), sp AS (
            SELECT std.id, std.standard, std.from_date,
                   lead(std.from_date) OVER (PARTITION BY std.id ORDER BY std.from_date) AS to_date
              FROM std
        ), seg AS (
            -- each status of a certificate's timeline, cut where its standard changed
            SELECT tl.cb_id, sp.standard, tl.status,
                   greatest(tl.valid_from, sp.from_date) AS seg_from,
                   least(coalesce(tl.valid_until, 'infinity'::date),
                         coalesce(sp.to_date - 1, 'infinity'::date)) AS seg_until
              FROM tl JOIN sp ON sp.id = tl.id
               AND sp.from_date <= coalesce(tl.valid_until, 'infinity'::date)
               AND (sp.to_date IS NULL OR sp.to_date > tl.valid_from)
        ), ev AS (
            -- a segment counts in the months whose counted day (the last day, today
            -- in the current month) it covers: from its first month to the last such
            SELECT seg.cb_id, seg.standard, seg.status,
                   date_trunc('month', seg.seg_from)::date AS first_m,
                   CASE WHEN seg.seg_until >= isms.today() THEN date_trunc('month', isms.today())::date
                        WHEN seg.seg_until = (date_trunc('month', seg.seg_until) + interval '1 month' - interval '1 day')::date
                        THEN date_trunc('month', seg.seg_until)::date
                        ELSE (date_trunc('month', seg.seg_until) - interval '1 month')::date END AS last_m
              FROM seg
             WHERE seg.seg_from <= isms.today()
        ), delta AS (
            SELECT ev.cb_id, ev.standard, ev.status, ev.first_m AS m, 1 AS d FROM ev WHERE ev.first_m <= ev.last_m
            UNION ALL
            SELECT ev.cb_id, ev.standard, ev.status, (ev.last_m + interval '1 month')::date, -1 FROM ev WHERE ev.first_m <= ev.last_m
        ), dm AS (
            SELECT delta.cb_id, delta.standard, delta.status, delta.m, sum(delta.d) AS d
              FROM delta GROUP BY delta.cb_id, delta.standard, delta.status, delta.m
        ), months AS (
            SELECT m::date AS month
              FROM pg_catalog.generate_series((SELECT min(dm.m) FROM dm)::timestamp,
                                              date_trunc('month', isms.today()::timestamp),
                                              interval '1 month') m
        ), grp AS (
            SELECT DISTINCT dm.cb_id, dm.standard, dm.status FROM dm
        ), grid AS (
            SELECT months.month, grp.cb_id, grp.standard, grp.status,
                   sum(coalesce(dm.d, 0)) OVER (PARTITION BY grp.cb_id, grp.standard, grp.status
                                                ORDER BY months.month) AS n
              FROM months CROSS JOIN grp
              LEFT JOIN dm ON dm.cb_id = grp.cb_id AND dm.standard = grp.standard
                          AND dm.status = grp.status AND dm.m = months.month
        )
        SELECT grid.month,
               least((grid.month + interval '1 month' - interval '1 day')::date, isms.today()) AS as_of,
               b.code AS cb_code,
               grid.standard::text AS standard,
               isms.std_without_edition(grid.standard)::text AS standard_family,
               isms.std_edition(grid.standard) AS standard_edition,
               grid.status::text AS status,
               isms.status_label(grid.status, 'en') AS status_en,
               isms.status_label(grid.status, 'ja') AS status_ja,
               grid.n::bigint AS certificates
          FROM grid
          JOIN isms.certification_body b ON b.id = grid.cb_id
         WHERE grid.n > 0;
    END;

COMMENT ON FUNCTION isms_bi.monthly_status_count_rows() IS
    'Rows of isms_bi.monthly_status_counts, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';

CREATE OR REPLACE FUNCTION isms_bi.register_update_rows()
    RETURNS TABLE (cb_code text, cb_name text, last_change timestamp with time zone,
                   last_confirmed timestamp with time zone, last_update timestamp with time zone,
                   stale boolean)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT b.code AS cb_code,
               b.name AS cb_name,
               u.last_change,
               u.last_confirmed,
               greatest(u.last_change, u.last_confirmed) AS last_update,
               coalesce(greatest(u.last_change, u.last_confirmed) < now() - interval '1 month', true) AS stale
          FROM isms.certification_body b
         CROSS JOIN LATERAL (
               SELECT (SELECT max(d.recorded_at) FROM isms.decision d
                         JOIN isms.certificate c ON c.id = d.certificate_id
                        WHERE c.cb_id = b.id) AS last_change,
                      (SELECT max(r.confirmed_at) FROM isms.register_confirmation r
                        WHERE r.cb_id = b.id) AS last_confirmed) u
         WHERE EXISTS (SELECT 1 FROM isms.accreditation a
                        WHERE a.cb_id = b.id AND a.status IN ('active', 'suspended')
                          AND a.valid_from <= isms.today()
                          AND (a.valid_until IS NULL OR a.valid_until >= isms.today()));
    END;

COMMENT ON FUNCTION isms_bi.register_update_rows() IS
    'Rows of isms_bi.register_updates, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';

CREATE OR REPLACE FUNCTION isms_bi.certsearch_rows()
    RETURNS TABLE ("Certification Identity Number" text, "Certificate Number" text,
                   "Certification Status" text, "Accreditation Status" text,
                   "Certification Type" text, "Certification Standard" text,
                   "Certification Scope" text, "Certification Original Issue Date" text,
                   "Certification Issue Date" text, "Certification Expiry Date" text,
                   "Certified Entity Unique ID" text, "Certified Entity Name" text,
                   "Certified Entity English Name" text, "Street Address" text, "City" text,
                   "Post Code" text, "Country/Economy" text, "Accreditation Body" text,
                   "Certification Body" text, "Sites" text, "Confidential" boolean)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT c.external_id::text AS "Certification Identity Number",
               c.certificate_number AS "Certificate Number",
               isms.status_label(s.status, 'en') AS "Certification Status",
               CASE WHEN acc.listed THEN 'Accredited' ELSE 'Unaccredited' END AS "Accreditation Status",
               'Management System'::text AS "Certification Type",
               c.standard::text AS "Certification Standard",
               c.scope_statement AS "Certification Scope",
               to_char(c.original_certification_date, 'YYYYMMDD') AS "Certification Original Issue Date",
               to_char(coalesce(i.issued, c.original_certification_date), 'YYYYMMDD') AS "Certification Issue Date",
               to_char(c.expiry_date, 'YYYYMMDD') AS "Certification Expiry Date",
               o.external_id::text AS "Certified Entity Unique ID",
               CASE WHEN NOT o.confidential THEN coalesce(o.name_local, o.name) END AS "Certified Entity Name",
               CASE WHEN NOT o.confidential THEN o.name END AS "Certified Entity English Name",
               CASE WHEN NOT o.confidential THEN o.address END AS "Street Address",
               CASE WHEN NOT o.confidential THEN o.city END AS "City",
               CASE WHEN NOT o.confidential THEN o.postal_code END AS "Post Code",
               CASE WHEN NOT o.confidential THEN o.country END AS "Country/Economy",
               ab.codes AS "Accreditation Body",
               b.name AS "Certification Body",
               CASE WHEN NOT o.confidential THEN sites.list END AS "Sites",
               o.confidential AS "Confidential"
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id = c.cb_id
          JOIN isms.organisation o ON o.id = c.organisation_id
          JOIN isms.standard st ON st.ref = c.standard
         CROSS JOIN LATERAL (SELECT isms.status_today(c) AS status) s
         CROSS JOIN LATERAL (
               -- ACC-3: listed while an active accreditation covers today, else ask
               SELECT CASE WHEN EXISTS (SELECT 1 FROM isms.accreditation a
                                         WHERE a.cb_id = c.cb_id AND a.scheme = st.scheme
                                           AND a.status = 'active' AND a.valid_from <= isms.today()
                                           AND (a.valid_until IS NULL OR a.valid_until >= isms.today()))
                           THEN true
                           ELSE (SELECT x.listed FROM isms.cert_accreditation(c.id, isms.today()) x) END AS listed) acc
         CROSS JOIN LATERAL (
               -- the date of the certificate's current revision: its last grant,
               -- recertification, restoration, scope change or transition in effect
               SELECT max(d.effective_date) AS issued
                 FROM isms.decision d
                WHERE d.certificate_id = c.id
                  AND d.kind IN ('grant', 'recertify', 'restore', 'reduce_scope', 'extend_scope', 'transition')
                  AND d.effective_date <= isms.today()
                  AND NOT EXISTS (SELECT 1 FROM isms.decision x WHERE x.corrects = d.id)) i
         CROSS JOIN LATERAL (
               SELECT string_agg(DISTINCT ab.code, '; ') AS codes
                 FROM isms.accreditation a
                 JOIN isms.accreditation_body ab ON ab.id = a.ab_id
                WHERE a.cb_id = c.cb_id AND a.scheme = st.scheme AND a.valid_from <= isms.today()) ab
         CROSS JOIN LATERAL (
               SELECT string_agg(concat_ws(', ', si.name, si.street, concat_ws(' ', si.postal_code, si.city), si.country),
                                 '; ' ORDER BY si.name, si.id) AS list
                 FROM isms.certificate_site cs
                 JOIN isms.site si ON si.id = cs.site_id
                WHERE cs.certificate_id = c.id) sites
         WHERE c.original_certification_date IS NOT NULL;
    END;

COMMENT ON FUNCTION isms_bi.certsearch_rows() IS
    'Rows of isms_bi.certsearch, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';

CREATE OR REPLACE FUNCTION isms_bi.certsearch_changed_since(since timestamptz)
    RETURNS SETOF isms_bi.certsearch
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT e.*
          FROM isms_bi.certsearch e
          JOIN isms.certificate c ON c.external_id::text = e."Certification Identity Number"
          JOIN isms.organisation o ON o.id = c.organisation_id
         WHERE o.updated_at > certsearch_changed_since.since
            -- a decision of the certificate or of its base (ADD-5) recorded since
            OR EXISTS (SELECT 1 FROM isms.decision d
                        WHERE d.certificate_id IN (c.id, c.base_certificate_id)
                          AND d.recorded_at > certsearch_changed_since.since)
            OR EXISTS (SELECT 1 FROM isms.certificate_site cs JOIN isms.site si ON si.id = cs.site_id
                        WHERE cs.certificate_id = c.id
                          AND (cs.added_at > certsearch_changed_since.since
                               OR si.updated_at > certsearch_changed_since.since))
            -- changes by the passing of time: expiry (REC-2, TRN-3), decisions
            -- coming into effect, the listing of the body's certificates (ACC-3)
            OR isms.status_at(c.id, certsearch_changed_since.since::date)
               IS DISTINCT FROM isms.status_at(c.id, isms.today())
            OR (SELECT a.listed FROM isms.cert_accreditation(c.id, certsearch_changed_since.since::date) a)
               IS DISTINCT FROM (SELECT a.listed FROM isms.cert_accreditation(c.id, isms.today()) a);
    END;

COMMENT ON FUNCTION isms_bi.certsearch_changed_since(timestamptz) IS
    'PUB-2 monthly delta: the rows of isms_bi.certsearch whose certificate, base, organisation or sites changed after since, or whose status or accreditation listing differs between that day and today; read with the privileges of the extension''s owner';

CREATE OR REPLACE FUNCTION isms_public.verify(cb_code text, certificate_number text, on_date date DEFAULT isms.today())
    RETURNS TABLE (found boolean, cb_code text, certificate_number text, on_date date,
                   status text, status_en text, status_ja text, valid boolean,
                   valid_from date, valid_until date, expiry_date date,
                   initial_registration_date date, standard text, scope text,
                   organisation text, confidential boolean)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    ROWS 1
    BEGIN ATOMIC
        WITH body AS (
            SELECT b.id, b.code FROM isms.certification_body b
             WHERE pg_catalog.upper(isms.fold_text(b.code) COLLATE "C")
                   OPERATOR(pg_catalog.=) pg_catalog.upper(isms.fold_text(verify.cb_code) COLLATE "C")
        ), exact AS (
            SELECT c.id FROM isms.certificate c JOIN body ON body.id OPERATOR(pg_catalog.=) c.cb_id
             WHERE c.certificate_number OPERATOR(pg_catalog.=) verify.certificate_number
        ), m AS (
            SELECT exact.id FROM exact
            UNION ALL
            SELECT c.id FROM isms.certificate c JOIN body ON body.id OPERATOR(pg_catalog.=) c.cb_id
             WHERE c.number_key OPERATOR(pg_catalog.=) isms.number_key(verify.certificate_number)
               AND NOT EXISTS (SELECT 1 FROM exact)
        ), r AS (
            SELECT c.certificate_number, c.expiry_date, c.original_certification_date, c.standard,
                   c.scope_statement, body.code, o.confidential, o.name AS organisation, s.status,
                   (SELECT p FROM pg_catalog.unnest(isms.valid_periods(c.id)) p
                     WHERE p OPERATOR(pg_catalog.@>) verify.on_date) AS period
              FROM m
              JOIN isms.certificate c ON c.id OPERATOR(pg_catalog.=) m.id
              JOIN body ON body.id OPERATOR(pg_catalog.=) c.cb_id
              JOIN isms.organisation o ON o.id OPERATOR(pg_catalog.=) c.organisation_id
             CROSS JOIN LATERAL (SELECT isms.status_at(c.id, verify.on_date) AS status) s
             WHERE c.original_certification_date IS NOT NULL
        )
        SELECT true, r.code, r.certificate_number, verify.on_date,
               r.status::text, isms.status_label(r.status, 'en'), isms.status_label(r.status, 'ja'),
               r.status OPERATOR(pg_catalog.=) 'active'::isms.cert_status,
               pg_catalog.lower(r.period),
               CASE WHEN NOT pg_catalog.upper_inf(r.period) THEN pg_catalog.upper(r.period) OPERATOR(pg_catalog.-) 1 END,
               r.expiry_date, r.original_certification_date, r.standard::text, r.scope_statement,
               CASE WHEN NOT r.confidential THEN r.organisation END,
               r.confidential
          FROM r
        UNION ALL
        SELECT false, verify.cb_code, verify.certificate_number, verify.on_date,
               NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
         WHERE NOT EXISTS (SELECT 1 FROM r);
    END;

COMMENT ON FUNCTION isms_public.verify(text, text, date) IS
    'PUB-1, PUB-3: status and validity on on_date of the certificate of this body (code, any case) and number (as printed, isms.number_key), for anyone; one row per match, or one row with found false; a confidential client''s name is NULL';

CREATE OR REPLACE FUNCTION isms_public.certification_body_rows()
    RETURNS TABLE (cb_code text, cb_name text, cb_name_local text, country text,
                   ab_code text, ab_name text, scheme text, accreditation_number text,
                   accreditation_status text, valid_from date, valid_until date,
                   valid_certificates bigint)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        WITH p AS (
            -- per body, accreditation body and scheme: the period covering
            -- today (active before suspended), else the latest one started
            SELECT DISTINCT ON (a.cb_id, a.ab_id, a.scheme)
                   a.cb_id, a.ab_id, a.scheme, a.accreditation_number, a.valid_from, a.valid_until,
                   CASE WHEN a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) isms.today()
                        THEN CASE a.status WHEN 'active'::isms.accreditation_status THEN 'accredited'
                                           WHEN 'suspended'::isms.accreditation_status THEN 'suspended'
                                           ELSE 'withdrawn' END
                        ELSE 'withdrawn' END AS status
              FROM isms.accreditation a
             WHERE a.valid_from OPERATOR(pg_catalog.<=) isms.today()
             ORDER BY a.cb_id, a.ab_id, a.scheme,
                      (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) isms.today()) DESC,
                      a.status, a.valid_from DESC
        )
        SELECT b.code, b.name, b.name_local, b.country, ab.code, ab.name, p.scheme,
               p.accreditation_number, p.status, p.valid_from, p.valid_until,
               (SELECT count(*) FROM isms.certificate c
                  JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) c.standard
                 WHERE c.cb_id OPERATOR(pg_catalog.=) b.id
                   AND st.scheme OPERATOR(pg_catalog.=) p.scheme
                   AND isms.status_today(c) OPERATOR(pg_catalog.=) 'active'::isms.cert_status)
          FROM p
          JOIN isms.certification_body b ON b.id OPERATOR(pg_catalog.=) p.cb_id
          JOIN isms.accreditation_body ab ON ab.id OPERATOR(pg_catalog.=) p.ab_id;
    END;

COMMENT ON FUNCTION isms_public.certification_body_rows() IS
    'Rows of isms_public.certification_bodies, read with the privileges of the extension''s owner';

-- the sweep's status speaks of the register's today
CREATE OR REPLACE VIEW isms.sweep_status WITH (security_barrier) AS
    SELECT r.as_of AS last_as_of, r.started_at AS last_started_at, r.finished_at AS last_finished_at,
           r.changed AS last_changed, isms.today() AS register_today,
           (isms.today() OPERATOR(pg_catalog.-) r.as_of) AS days_behind,
           r.as_of IS DISTINCT FROM isms.today() AS stale,
           CASE WHEN r.as_of IS NULL THEN 'no sweep has run: the stored status of certificates no decision touched since their expiry or a date-driven change may be stale; schedule SELECT isms.sweep() daily'
                WHEN r.as_of OPERATOR(pg_catalog.<) isms.today() THEN pg_catalog.format('the last sweep stored the statuses of %s, %s day(s) before the register''s today: stored statuses may be stale until isms.sweep() runs', r.as_of, (isms.today() OPERATOR(pg_catalog.-) r.as_of))
                WHEN r.as_of OPERATOR(pg_catalog.>) isms.today() THEN pg_catalog.format('the last sweep stored the statuses of %s, after the register''s today: run isms.sweep() for today', r.as_of)
           END AS warning
      FROM (SELECT 1) one
      LEFT JOIN LATERAL (SELECT s.as_of, s.started_at, s.finished_at, s.changed FROM isms.sweep_run s
                          ORDER BY s.id DESC LIMIT 1) r ON true;
COMMENT ON COLUMN isms.sweep_status.register_today IS 'The register''s today (isms.today())';

COMMENT ON VIEW isms_bi.certificates IS
    'Every certificate as it stands today: status (isms.status_today, equal to isms.status_at on isms.today()) with its IAF and Japanese labels, standard, body, organisation, cycle dates, base or add-on';

-- EVD-1: whether the register holds a certification body's audits

CREATE TYPE isms.evidence_level AS ENUM ('audits', 'reported');
COMMENT ON TYPE isms.evidence_level IS
    'EVD-1: audits (the register records the audits, and every rule is checked) or reported (decisions are reported facts: the rules that need audit records are not checked, every date and state rule is)';

ALTER TABLE isms.scheme_setting ADD COLUMN evidence_level isms.evidence_level;
COMMENT ON COLUMN isms.scheme_setting.evidence_level IS
    'EVD-1: the registry''s default evidence level for the certification bodies of the scheme; NULL for audits';

ALTER TABLE isms.certification_body ADD COLUMN evidence_level isms.evidence_level;
COMMENT ON COLUMN isms.certification_body.evidence_level IS
    'EVD-1: whether the register holds this body''s audits (audits) or receives its decisions as reported facts (reported); NULL for the registry''s default (isms.scheme_setting.evidence_level); set by the accreditation body only';

COMMENT ON FUNCTION isms.audit_programme(bigint, date) IS
    'Audit programme of the certificate''s cycle on as_of, each obligation done, late, overdue (not recorded where the register holds no audits of the body, EVD-1), due or upcoming (SUR-1, SUR-2, SUR-3, REC-1); for a base certificate also its add-ons'' (combined: held or to be held with the base''s audit, ADD-6); auditor-days due (TIME-1, TRN-4) and sites to sample (SMP-1)';
