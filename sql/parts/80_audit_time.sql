/* ====================================================================
 * Audit time, sampling, CertSearch listing
 * ==================================================================== */

CREATE FUNCTION isms.audit_days(persons integer, kind text,
                                transition_from isms.stdref DEFAULT NULL,
                                scheme text DEFAULT 'ISMS')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'isms_audit_days'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION isms.audit_days(integer, text, isms.stdref, text) IS
    'TIME-1: auditor-days for persons in scope from isms.audit_time (kind initial = stage 1 + stage 2, surveillance or recertification; progression above the last band); with transition_from, plus the TRN-4 addition of the transition leaving that edition (of the same scheme); NULL for NULL kind, persons or scheme, or a scheme without a table; an unknown scheme is an error';

CREATE FUNCTION isms.sample_size(sites integer, kind text, sampling_allowed boolean DEFAULT true)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_sample_size'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.sample_size(integer, text, boolean) IS
    'SMP-1 (IAF MD 1): sites to visit, the central function not counted (it is visited in addition): initial ceil(sqrt(n)), surveillance ceil(0.6 sqrt(n)), recertification ceil(0.8 sqrt(n)); without sampling all sites, and ceil(0.3 n) per surveillance';

/*
 * ACC-3: IAF CertSearch practice.  The periods of the certificate's body
 * for the scheme of its standard that started on or before on_date decide:
 * an active one covering the day: accredited, listed; else a suspended one
 * covering it: suspended, listed while the certificate is valid, until the
 * last day of its validity in force (the valid_periods range containing
 * on_date, or the last one before it: expiry, TRN-3 end, suspension); else,
 * if there are any: withdrawn, listed until withdrawn_listing_months after
 * the end of the last active or suspended period (for a body that never had
 * one, after the first day of its first withdrawn period); else none, not
 * listed.  listed is on_date <= listed_until for suspended and withdrawn.
 */
CREATE FUNCTION isms.cert_accreditation(certificate bigint, on_date date DEFAULT isms.today())
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

