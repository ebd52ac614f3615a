/* ====================================================================
 * Validity-window functions (C)
 * ==================================================================== */

CREATE FUNCTION isms.latest_expiry(kind isms.decision_kind, decision_date date,
                                   previous_expiry date DEFAULT NULL,
                                   cycle_years integer DEFAULT 3,
                                   offset_days integer DEFAULT 1)
    RETURNS date
    AS 'MODULE_PATHNAME', 'isms_latest_expiry'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION isms.latest_expiry(isms.decision_kind, date, date, integer, integer) IS
    'CYC-3: latest expiry date a decision may set; grant: decision_date + cycle_years - offset_days; recertify and restore: previous_expiry + cycle_years; NULL for other kinds';

CREATE FUNCTION isms.cert_latest_expiry(certificate bigint, kind isms.decision_kind, decision_date date)
    RETURNS date
    AS 'MODULE_PATHNAME', 'isms_latest_expiry_cert'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.cert_latest_expiry(bigint, isms.decision_kind, date) IS
    'CYC-3: latest expiry date a decision on this certificate may set, with its scheme''s and body''s parameters and its expiry on the decision date (for extend, the REC-6 limit: the cycle''s own expiry date plus extension_months); NULL if the kind sets no expiry or the certificate is withdrawn or cancelled';

CREATE FUNCTION isms.cycle_programme(cycle_start date, expiry date,
                                     initial boolean DEFAULT true,
                                     recertification_audit date DEFAULT NULL,
                                     first_surveillance_months integer DEFAULT 12)
    RETURNS TABLE (rule text, audit_kind text, due_from date, due_by date)
    AS 'MODULE_PATHNAME', 'isms_cycle_programme_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION isms.cycle_programme(date, date, boolean, date, integer) IS
    'Audit programme of a cycle from its dates: SUR-1 first surveillance, SUR-2 one surveillance per calendar year, REC-1 recertification audit; recertification_audit is the end date of the recertification audit, if held';

CREATE FUNCTION isms.audit_programme(certificate bigint, as_of date DEFAULT isms.today())
    RETURNS TABLE (cycle_start date, rule text, audit_kind text, due_from date,
                   due_by date, done_on date, state text,
                   certificate_id bigint, certificate_number text, combined boolean,
                   audit_days numeric, sample_sites integer)
    AS 'MODULE_PATHNAME', 'isms_audit_programme'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION isms.audit_programme(bigint, date) IS
    'Audit programme of the certificate''s cycle on as_of, each obligation done, late, overdue (not recorded where the register holds no audits of the body, EVD-1), due or upcoming (SUR-1, SUR-2, SUR-3, REC-1); for a base certificate also its add-ons'' (combined: held or to be held with the base''s audit, ADD-6); auditor-days due (TIME-1, TRN-4) and sites to sample (SMP-1)';

CREATE FUNCTION isms.restoration_window(expiry date, months integer DEFAULT 6)
    RETURNS daterange
    AS 'MODULE_PATHNAME', 'isms_restoration_window'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.restoration_window(date, integer) IS
    'REC-3: days on which a certificate that expired after this date may be restored: expiry + 1 day to expiry + months';

CREATE FUNCTION isms.cert_restoration_window(certificate bigint)
    RETURNS daterange
    AS 'MODULE_PATHNAME', 'isms_restoration_window_cert'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.cert_restoration_window(bigint) IS
    'REC-3: restoration window after the certificate''s current expiry date, with its scheme''s parameter; NULL if never granted, withdrawn or cancelled';

CREATE FUNCTION isms.status_at(certificate bigint, on_date date)
    RETURNS isms.cert_status
    AS 'MODULE_PATHNAME', 'isms_status_at'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.status_at(bigint, date) IS
    'Status of the certificate on that day, from its decisions and expiry dates; NULL if there is no such certificate, and for a day before the opening of a certificate entered by an opening (EVD-2: the register knows nothing of it then)';

CREATE FUNCTION isms.valid_periods(certificate bigint)
    RETURNS datemultirange
    AS 'MODULE_PATHNAME', 'isms_valid_periods'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.valid_periods(bigint) IS
    'Days on which the certificate is active by its recorded decisions; suspensions and lapses are holes';

CREATE FUNCTION isms.timeline(certificate bigint)
    RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, decision_id bigint)
    AS 'MODULE_PATHNAME', 'isms_timeline'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION isms.timeline(bigint) IS
    'Status history of the certificate: each status from valid_from to valid_until (inclusive, NULL = open), with the decision that set it (NULL where the expiry date did)';

CREATE FUNCTION isms.sweep(as_of date DEFAULT isms.today())
    RETURNS TABLE (certificate_id bigint, certificate_number text,
                   old_status isms.cert_status, new_status isms.cert_status,
                   old_expiry date, new_expiry date, rule text)
    AS 'MODULE_PATHNAME', 'isms_sweep'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION isms.sweep(date) IS
    'Applies date-driven changes (REC-2 expiry, decisions coming into effect, SUR-3 auto-suspension where the scheme asks for it) so that every stored status equals isms.status_at(id, as_of); idempotent; returns what it changed. Only the sweep of the register''s today (as_of = isms.today()) stores statuses and records SUR-3 suspensions; a sweep of another day reports what it would change. Certificates locked by a writer are skipped with a group of their base and add-ons, reported with rule ''locked'' and left to the next sweep';

CREATE FUNCTION isms.refresh(ids bigint[]) RETURNS integer
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'isms_refresh';
COMMENT ON FUNCTION isms.refresh(bigint[]) IS
    'Brings the stored columns of the given certificates (with their bases and add-ons as context) up to date with isms.status_at(id, isms.today()), as the sweep does, recording no decision; ids the caller may not read are passed over; returns how many certificates it changed';

-- ADD-3: an add-on without a scope of its own has exactly its base's scope.
CREATE FUNCTION isms.effective_scope(certificate bigint) RETURNS isms.scope
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT CASE WHEN c.base_certificate_id IS NULL THEN c.scope
                    WHEN c.scope IS NULL THEN b.scope
                    -- only roles (role:provider): the base's whole scope in that role
                    WHEN isms.scope_kinds(c.scope) OPERATOR(pg_catalog.=) '{role}'::pg_catalog.text[]
                    THEN b.scope OPERATOR(pg_catalog.+) c.scope
                    ELSE c.scope END
        FROM isms.certificate c
        LEFT JOIN isms.certificate b ON b.id OPERATOR(pg_catalog.=) c.base_certificate_id
        WHERE c.id OPERATOR(pg_catalog.=) effective_scope.certificate;
    END;
COMMENT ON FUNCTION isms.effective_scope(bigint) IS
    'Scope elements in force of a certificate: its own, or for an add-on without a scope of its own its base''s, or for an add-on whose scope names only roles the base''s with those roles (ADD-3)';

