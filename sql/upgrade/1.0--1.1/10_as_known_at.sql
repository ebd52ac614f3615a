/* ====================================================================
 * As known at (PUB-3): the register as it stood at a past moment
 *
 * A reader given as_known_at reads only the decisions recorded by then
 * (isms.decision.recorded_at): a decision recorded later is left out even
 * if it takes effect earlier, and so is a correction or annulment recorded
 * later (the decision it replaces counts again).  A certificate on which
 * no decision was recorded by then is not known: the register held at most
 * an application, which it does not publish.  Reference data is not versioned: the answers use today's,
 * and say whether any of it changed after the moment
 * (isms.reference_changed_since).
 * ==================================================================== */

/*
 * The reference data the replay reads (schemes and their local settings,
 * standards, edition transitions) records when each row was last
 * inserted or changed.  NULL: unchanged since it was shipped, or since
 * before isms kept the time.
 */
ALTER TABLE isms.scheme ADD COLUMN changed_at timestamptz;
ALTER TABLE isms.scheme_setting ADD COLUMN changed_at timestamptz;
ALTER TABLE isms.standard ADD COLUMN changed_at timestamptz;
ALTER TABLE isms.edition_transition ADD COLUMN changed_at timestamptz;
COMMENT ON COLUMN isms.scheme.changed_at IS
    'When the row was last inserted or changed (set by isms); NULL if unchanged since shipped or since before isms kept the time (PUB-3)';
COMMENT ON COLUMN isms.scheme_setting.changed_at IS
    'When the row was last inserted or changed (set by isms); NULL if unchanged since before isms kept the time (PUB-3)';
COMMENT ON COLUMN isms.standard.changed_at IS
    'When the row was last inserted or changed (set by isms); NULL if unchanged since shipped or since before isms kept the time (PUB-3)';
COMMENT ON COLUMN isms.edition_transition.changed_at IS
    'When the row was last inserted or changed (set by isms); NULL if unchanged since shipped or since before isms kept the time (PUB-3)';

CREATE FUNCTION isms.touch_changed_at() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
        NEW.changed_at := OLD.changed_at;
        IF NEW IS NOT DISTINCT FROM OLD THEN
            RETURN NEW;
        END IF;
    END IF;
    NEW.changed_at := pg_catalog.now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION isms.touch_changed_at() IS
    'Trigger: sets changed_at to the transaction''s start time on insert and on an update that changes the row';
-- A restore (isms.restoring()) keeps the dumped values.
CREATE TRIGGER scheme_changed_at BEFORE INSERT OR UPDATE ON isms.scheme
    FOR EACH ROW WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.touch_changed_at();
CREATE TRIGGER scheme_setting_changed_at BEFORE INSERT OR UPDATE ON isms.scheme_setting
    FOR EACH ROW WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.touch_changed_at();
CREATE TRIGGER standard_changed_at BEFORE INSERT OR UPDATE ON isms.standard
    FOR EACH ROW WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.touch_changed_at();
CREATE TRIGGER edition_transition_changed_at BEFORE INSERT OR UPDATE ON isms.edition_transition
    FOR EACH ROW WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.touch_changed_at();
COMMENT ON TRIGGER scheme_changed_at ON isms.scheme IS
    'PUB-3: sets changed_at, so that as-known-at answers can say the reference data changed since; a restore keeps the dumped value';
COMMENT ON TRIGGER scheme_setting_changed_at ON isms.scheme_setting IS
    'PUB-3: sets changed_at, so that as-known-at answers can say the reference data changed since; a restore keeps the dumped value';
COMMENT ON TRIGGER standard_changed_at ON isms.standard IS
    'PUB-3: sets changed_at, so that as-known-at answers can say the reference data changed since; a restore keeps the dumped value';
COMMENT ON TRIGGER edition_transition_changed_at ON isms.edition_transition IS
    'PUB-3: sets changed_at, so that as-known-at answers can say the reference data changed since; a restore keeps the dumped value';
-- Trigger functions are not for calling or attaching elsewhere.
REVOKE EXECUTE ON FUNCTION isms.touch_changed_at() FROM PUBLIC;

CREATE FUNCTION isms.reference_changed_since(as_known_at timestamptz)
    RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT EXISTS (SELECT 1 FROM isms.scheme s
                        WHERE s.changed_at OPERATOR(pg_catalog.>) reference_changed_since.as_known_at)
            OR EXISTS (SELECT 1 FROM isms.scheme_setting s
                        WHERE s.changed_at OPERATOR(pg_catalog.>) reference_changed_since.as_known_at)
            OR EXISTS (SELECT 1 FROM isms.standard s
                        WHERE s.changed_at OPERATOR(pg_catalog.>) reference_changed_since.as_known_at)
            OR EXISTS (SELECT 1 FROM isms.edition_transition t
                        WHERE t.changed_at OPERATOR(pg_catalog.>) reference_changed_since.as_known_at);
    END;
COMMENT ON FUNCTION isms.reference_changed_since(timestamptz) IS
    'PUB-3: true if a scheme, scheme setting, standard or edition transition was inserted or changed after that moment: as-known-at answers use today''s reference data';

/* --------------------------------------------------------------------
 * The readers as known at a moment
 * -------------------------------------------------------------------- */

-- By id, the status as known at a moment is isms.state_at(id, day,
-- as_known_at).status: an isms.status_at(bigint, date, timestamptz) would
-- make isms.status_at('CB', 'number', 'day') with three quoted literals
-- ambiguous (42725).
CREATE FUNCTION isms.valid_periods(certificate bigint, as_known_at timestamptz)
    RETURNS datemultirange
    AS 'MODULE_PATHNAME', 'isms_valid_periods'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.valid_periods(bigint, timestamptz) IS
    'PUB-3: days on which the certificate is active by the decisions recorded by as_known_at; NULL if there is no such certificate or no decision on it was recorded by then';

CREATE FUNCTION isms.timeline(certificate bigint, as_known_at timestamptz)
    RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, decision_id bigint)
    AS 'MODULE_PATHNAME', 'isms_timeline'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION isms.timeline(bigint, timestamptz) IS
    'PUB-3: status history of the certificate by the decisions recorded by as_known_at, as isms.timeline(bigint); no rows if there is no such certificate or no decision on it was recorded by then';

CREATE FUNCTION isms.state_at(certificate bigint, on_date date, as_known_at timestamptz,
                              OUT status isms.cert_status, OUT valid_from date, OUT valid_until date,
                              OUT expiry_date date, OUT initial_registration_date date,
                              OUT standard text, OUT scope_statement text)
    RETURNS record
    AS 'MODULE_PATHNAME', 'isms_state_at'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.state_at(bigint, date, timestamptz) IS
    'PUB-3: what the register said of the certificate for that day as it stood at as_known_at: status, the period of validity containing the day (valid_until NULL = open), expiry date, standard and scope statement in force that day, original certification date (NULL if not granted by then); NULL if there is no such certificate or no decision on it was recorded by then';

CREATE FUNCTION isms.status_at(cb_code text, certificate_number text, on_date date, as_known_at timestamptz)
    RETURNS isms.cert_status
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT (isms.state_at(isms.certificate_id(status_at.cb_code, status_at.certificate_number),
                              status_at.on_date, status_at.as_known_at)).status;
    END;
COMMENT ON FUNCTION isms.status_at(text, text, date, timestamptz) IS
    'PUB-3: status on that day of the certificate of this body (code) and number (as printed, isms.certificate_id) by the decisions recorded by as_known_at';

CREATE FUNCTION isms.valid_periods(cb_code text, certificate_number text, as_known_at timestamptz)
    RETURNS datemultirange
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT isms.valid_periods(isms.certificate_id(valid_periods.cb_code, valid_periods.certificate_number),
                                  valid_periods.as_known_at);
    END;
COMMENT ON FUNCTION isms.valid_periods(text, text, timestamptz) IS
    'PUB-3: days on which the certificate of this body (code) and number (as printed) is active by the decisions recorded by as_known_at';

CREATE FUNCTION isms.timeline(cb_code text, certificate_number text, as_known_at timestamptz)
    RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, decision_id bigint)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 8
    BEGIN ATOMIC
        SELECT t.valid_from, t.valid_until, t.status, t.decision_id
          FROM isms.timeline(isms.certificate_id(timeline.cb_code, timeline.certificate_number),
                             timeline.as_known_at) t;
    END;
COMMENT ON FUNCTION isms.timeline(text, text, timestamptz) IS
    'PUB-3: status history of the certificate of this body (code) and number (as printed) by the decisions recorded by as_known_at';

/*
 * Verification as known at a moment.  The certificate is found by its
 * body and number as they are now, among the certificates granted by the
 * decisions recorded by then; status, validity,
 * expiry, standard and scope come from those decisions alone.  The
 * organisation's name and confidentiality are today's (organisations are
 * not versioned): a confidential client's name is never shown.
 */
CREATE FUNCTION isms_public.verify(cb_code text, certificate_number text, on_date date,
                                   as_known_at timestamptz)
    RETURNS TABLE (found boolean, cb_code text, certificate_number text, on_date date,
                   status text, status_en text, status_ja text, valid boolean,
                   valid_from date, valid_until date, expiry_date date,
                   initial_registration_date date, standard text, scope text,
                   organisation text, confidential boolean,
                   as_known_at timestamptz, reference_changed_since boolean)
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
            SELECT c.certificate_number, body.code, o.confidential, o.name AS organisation,
                   k.status, k.valid_from, k.valid_until, k.expiry_date, k.initial_registration_date,
                   k.standard, k.scope_statement
              FROM m
              JOIN isms.certificate c ON c.id OPERATOR(pg_catalog.=) m.id
              JOIN body ON body.id OPERATOR(pg_catalog.=) c.cb_id
              JOIN isms.organisation o ON o.id OPERATOR(pg_catalog.=) c.organisation_id
             CROSS JOIN LATERAL isms.state_at(c.id, verify.on_date, verify.as_known_at) k
             WHERE k.initial_registration_date IS NOT NULL
        ), ref AS (
            SELECT isms.reference_changed_since(verify.as_known_at) AS changed
        )
        SELECT true, r.code, r.certificate_number, verify.on_date,
               r.status::text, isms.status_label(r.status, 'en'), isms.status_label(r.status, 'ja'),
               coalesce(r.status OPERATOR(pg_catalog.=) 'active'::isms.cert_status, false),
               r.valid_from, r.valid_until, r.expiry_date, r.initial_registration_date,
               r.standard, r.scope_statement,
               CASE WHEN NOT r.confidential THEN r.organisation END,
               r.confidential, verify.as_known_at, ref.changed
          FROM r, ref
        UNION ALL
        SELECT false, verify.cb_code, verify.certificate_number, verify.on_date,
               NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               verify.as_known_at, ref.changed
          FROM ref
         WHERE NOT EXISTS (SELECT 1 FROM r);
    END;
COMMENT ON FUNCTION isms_public.verify(text, text, date, timestamptz) IS
    'PUB-1, PUB-3: isms_public.verify as the register stood at as_known_at: decisions recorded later (corrections and annulments included) are left out; found is false for a certificate not granted by the decisions recorded by then; the organisation''s name and confidentiality are today''s (a confidential client''s name is NULL); reference_changed_since says whether the reference data, which the answer takes as it is today, changed after as_known_at';
