/* ====================================================================
 * Imports with per-row errors, and dry runs (doc/registers.md)
 *
 * A file is passed as text (the caller reads it: psql's \set, a driver's
 * parameter) and read by isms.csv_rows(), which numbers its records by
 * the line they start on.  The rows of one certificate are applied in a
 * subtransaction of their own: all of them, or none.  Every row refused,
 * and every row not applied because another row of its certificate was,
 * gets a row in isms.import_error of the run's isms.import_run.  A dry run
 * does the same work and rolls all of it back: it writes nothing (no run,
 * no decision, no change event) and returns the errors.
 * ==================================================================== */

CREATE FUNCTION isms.csv_rows(csv text)
    RETURNS TABLE (line integer, fields text[])
    AS 'MODULE_PATHNAME', 'isms_csv_rows'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.csv_rows(text) IS
    'The records of a CSV text (RFC 4180, as COPY ... (FORMAT csv) writes it), each with the line it starts on: fields separated by commas, quoted fields may hold commas, line breaks and doubled quotes; an unquoted empty field is NULL, a quoted one the empty string; blank lines are skipped';

CREATE FUNCTION isms.import_date(value text)
    RETURNS date
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    v text := btrim(value);
BEGIN
    -- by its parts, whatever the DateStyle; a day that does not exist is
    -- refused by make_date (22008)
    IF v = '' THEN
        RETURN NULL;
    ELSIF v ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN make_date(substr(v, 1, 4)::integer, substr(v, 6, 2)::integer, substr(v, 9, 2)::integer);
    ELSIF v ~ '^[0-9]{8}$' THEN
        RETURN make_date(substr(v, 1, 4)::integer, substr(v, 5, 2)::integer, substr(v, 7, 2)::integer);
    END IF;
    RAISE EXCEPTION 'invalid date "%"', left(v, 64)
        USING ERRCODE = 'invalid_datetime_format',
              DETAIL = 'An imported date is written YYYY-MM-DD or YYYYMMDD.',
              HINT = 'Write the date as 2024-04-01 or 20240401.';
END $$;
COMMENT ON FUNCTION isms.import_date(text) IS
    'A date of an imported file: YYYY-MM-DD or YYYYMMDD (the CertSearch form), whatever the DateStyle; empty gives NULL; any other form is refused (22007), a day that does not exist too (22008)';

/* --------------------------------------------------------------------
 * The runs and their errors
 * -------------------------------------------------------------------- */
CREATE TABLE isms.import_run (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shape text NOT NULL CHECK (shape IN ('decisions', 'certsearch')),
    cb_id bigint REFERENCES isms.certification_body,
    report_date date,
    run_by name NOT NULL DEFAULT CURRENT_USER,
    started_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    finished_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    rows_read integer NOT NULL CHECK (rows_read >= 0),
    rows_applied integer NOT NULL CHECK (rows_applied >= 0),
    rows_refused integer NOT NULL CHECK (rows_refused >= 0),
    certificates_applied integer NOT NULL CHECK (certificates_applied >= 0),
    certificates_refused integer NOT NULL CHECK (certificates_refused >= 0),
    certificates_opened integer NOT NULL DEFAULT 0 CHECK (certificates_opened >= 0),
    decisions_recorded integer NOT NULL CHECK (decisions_recorded >= 0),
    CONSTRAINT import_run_rows CHECK (rows_applied OPERATOR(pg_catalog.+) rows_refused OPERATOR(pg_catalog.<=) rows_read)
);
CREATE INDEX import_run_cb ON isms.import_run (cb_id);
COMMENT ON INDEX isms.import_run_cb IS 'the runs of a certification body, for row-level security';
COMMENT ON TABLE isms.import_run IS
    'One row per import that was not a dry run (isms.import_decisions, isms.import_certsearch): what it read, applied and refused; its refused rows are in isms.import_error; written by the import functions in the importing transaction';
COMMENT ON COLUMN isms.import_run.id IS 'Order of the runs';
COMMENT ON COLUMN isms.import_run.shape IS 'decisions (isms'' own CSV of decisions) or certsearch (the IAF CertSearch upload shape)';
COMMENT ON COLUMN isms.import_run.cb_id IS 'The certification body the run is for: the reporting body of a CertSearch file, the body a writer writes for; NULL for a file of several bodies imported by the accreditation body';
COMMENT ON COLUMN isms.import_run.report_date IS 'CertSearch: the date of the report, which dates the changes it records; NULL for decisions';
COMMENT ON COLUMN isms.import_run.run_by IS 'Role that ran the import (CURRENT_USER)';
COMMENT ON COLUMN isms.import_run.started_at IS 'Start of the importing transaction';
COMMENT ON COLUMN isms.import_run.finished_at IS 'When the run was written, at its end';
COMMENT ON COLUMN isms.import_run.rows_read IS 'Records of the file after its header';
COMMENT ON COLUMN isms.import_run.rows_applied IS 'Rows applied (a CertSearch row that changes nothing counts as applied)';
COMMENT ON COLUMN isms.import_run.rows_refused IS 'Rows in isms.import_error: refused, or not applied because another row of their certificate was';
COMMENT ON COLUMN isms.import_run.certificates_applied IS 'Certificates whose rows were all applied';
COMMENT ON COLUMN isms.import_run.certificates_refused IS 'Certificates none of whose rows were applied';
COMMENT ON COLUMN isms.import_run.certificates_opened IS 'CertSearch: certificates seen for the first time and opened (EVD-2)';
COMMENT ON COLUMN isms.import_run.decisions_recorded IS 'Decisions the run recorded';
COMMENT ON CONSTRAINT import_run_rows ON isms.import_run IS 'a row is applied or refused, once';

CREATE TABLE isms.import_error (
    run_id bigint NOT NULL REFERENCES isms.import_run ON DELETE CASCADE,
    line integer NOT NULL,
    cb_code text,
    certificate_number text,
    sqlstate text CHECK (sqlstate ~ '^[0-9A-Z]{5}$'),
    rule text,
    message text NOT NULL,
    detail text,
    hint text,
    failed_line integer,
    PRIMARY KEY (run_id, line),
    CONSTRAINT import_error_cause CHECK ((sqlstate IS NULL) OPERATOR(pg_catalog.=) (failed_line IS NOT NULL))
);
COMMENT ON TABLE isms.import_error IS
    'The rows an import did not apply, one per line of the file: refused (with the error''s SQLSTATE, rule, message, detail and hint), or not applied because another line of the same certificate was refused (failed_line names it); also returned by the import functions, by a dry run too';
COMMENT ON COLUMN isms.import_error.run_id IS 'The run (isms.import_run)';
COMMENT ON COLUMN isms.import_error.line IS 'Line of the file the row starts on (the header is line 1)';
COMMENT ON COLUMN isms.import_error.cb_code IS 'Certification body of the row, as written in the file';
COMMENT ON COLUMN isms.import_error.certificate_number IS 'Certificate number of the row, as written in the file';
COMMENT ON COLUMN isms.import_error.sqlstate IS 'SQLSTATE of the error that refused the row; NULL for a row not applied because of another line';
COMMENT ON COLUMN isms.import_error.rule IS 'The rule ID the error names (its detail "Rule XXX-n: ..." or its constraint), if any';
COMMENT ON COLUMN isms.import_error.message IS 'The error''s message, or why the row was not applied';
COMMENT ON COLUMN isms.import_error.detail IS 'The error''s detail';
COMMENT ON COLUMN isms.import_error.hint IS 'The error''s hint';
COMMENT ON COLUMN isms.import_error.failed_line IS 'For a row not applied because of another: the line of its certificate that was refused';
COMMENT ON CONSTRAINT import_error_cause ON isms.import_error IS 'a row was refused with an SQLSTATE, or not applied because of another line';

SELECT pg_catalog.pg_extension_config_dump('isms.import_run', '');
SELECT pg_catalog.pg_extension_config_dump('isms.import_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.import_error', '');

/* --------------------------------------------------------------------
 * isms' own CSV of decisions
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.import_decisions(csv text, dry_run boolean DEFAULT false)
    RETURNS SETOF isms.import_error
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_column
DECLARE
    hdr record;
    names text[];
    nfields integer;
    i integer;
    j integer;
    i_cb integer;
    i_num integer;
    col text;
    typ regtype;
    cols text := '';
    vals text := '';
    stmt text;
    grp record;
    rowj jsonb;
    f text[];
    cur integer;
    cert bigint;
    body bigint;
    body_code text;
    errs isms.import_error[] := '{}';
    n_rows integer := 0;
    n_rows_ok integer := 0;
    n_certs_ok integer := 0;
    n_certs_bad integer := 0;
    n_dec integer := 0;
    g_dec integer;
    st text; msg text; det text; hnt text; con text;
    run bigint;
    ab boolean := isms.acts_as('accreditation_body');
    rls boolean := pg_catalog.row_security_active('isms.decision'::regclass);
    mine bigint[] := isms.acting_cbs();
BEGIN
    SELECT r.line, r.fields INTO hdr FROM isms.csv_rows(csv) r ORDER BY r.line LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the CSV text has no header'
            USING ERRCODE = 'bad_copy_file_format',
                  DETAIL = 'The first line of an import names its columns.',
                  HINT = 'Write the header, such as cb_code,certificate_number,kind,decision_date.';
    END IF;
    names := ARRAY(SELECT lower(btrim(coalesce(x, ''))) FROM unnest(hdr.fields) x);
    nfields := cardinality(names);

    -- the header: cb_code and certificate_number name the certificate
    -- (STD-3); every other column is a column of isms.decision
    FOR i IN 1 .. nfields LOOP
        col := names[i];
        IF array_position(names, col) <> i THEN
            RAISE EXCEPTION 'column "%" appears twice in the header', left(col, 64)
                USING ERRCODE = 'duplicate_column',
                      DETAIL = format('Line %s, the header, names column "%s" in fields %s and %s.',
                                      hdr.line, left(col, 64), array_position(names, col), i);
        END IF;
        IF col = 'cb_code' THEN
            i_cb := i;
            CONTINUE;
        ELSIF col = 'certificate_number' THEN
            i_num := i;
            CONTINUE;
        END IF;
        SELECT a.atttypid::regtype INTO typ FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = 'isms.decision'::regclass AND a.attname = col
           AND a.attnum > 0 AND NOT a.attisdropped
           AND col <> ALL ('{id,certificate_id,recorded_at,chain_seq,chain_hash}'::text[]);
        IF typ IS NULL THEN
            RAISE EXCEPTION 'unknown column "%" in the header', left(col, 64)
                USING ERRCODE = 'undefined_column',
                      DETAIL = 'The columns of a file of decisions are cb_code and certificate_number, which name the certificate (STD-3), and columns of isms.decision: kind, decision_date, effective_date, new_expiry, new_scope_statement, new_scope, new_standard, reason, corrects and those of an opening.',
                      HINT = 'Check the spelling of the header.';
        END IF;
        cols := cols || ', ' || quote_ident(col);
        vals := vals || ', ' || CASE
            WHEN typ = 'date'::regtype THEN format('isms.import_date($2[%s])', i)
            WHEN typ = 'text'::regtype THEN format('$2[%s]', i)
            ELSE format('CAST(NULLIF(pg_catalog.btrim($2[%s]), %L) AS %s)', i, '', typ) END;
    END LOOP;
    IF i_cb IS NULL OR i_num IS NULL OR 'kind' <> ALL (names) OR 'decision_date' <> ALL (names) THEN
        RAISE EXCEPTION 'the header lacks a required column'
            USING ERRCODE = 'bad_copy_file_format',
                  DETAIL = format('A file of decisions has the columns cb_code, certificate_number, kind and decision_date; its header has %s.',
                                  array_to_string(names, ', ')),
                  HINT = 'Write the header, such as cb_code,certificate_number,kind,decision_date.';
    END IF;
    stmt := 'INSERT INTO isms.decision (certificate_id' || cols || ') VALUES ($1' || vals || ')';

    <<whole>>
    BEGIN
        -- one certificate after the other, in the order of their first lines
        FOR grp IN
            -- (a body's code as people type it: case and full-width forms aside)
            SELECT (pg_catalog.array_agg(k.cb ORDER BY k.line))[1] AS cb, k.num,
                   pg_catalog.min(k.line) AS first,
                   pg_catalog.array_agg(k.line ORDER BY k.line) AS lines,
                   pg_catalog.jsonb_agg(pg_catalog.to_jsonb(k.fields) ORDER BY k.line) AS rows
              FROM (SELECT r.line, r.fields, btrim(r.fields[i_cb]) AS cb, btrim(r.fields[i_num]) AS num
                      FROM isms.csv_rows(csv) r WHERE r.line > hdr.line) k
             GROUP BY upper(isms.fold_text(k.cb) COLLATE "C"), k.num
             ORDER BY pg_catalog.min(k.line)
        LOOP
            n_rows := n_rows + cardinality(grp.lines);
            cur := grp.first;
            g_dec := 0;
            BEGIN
                IF grp.cb IS NULL OR grp.cb = '' OR grp.num IS NULL OR grp.num = '' THEN
                    RAISE EXCEPTION 'row names no certificate'
                        USING ERRCODE = 'not_null_violation',
                              DETAIL = 'Rule STD-3: a certificate is named by the code of its certification body (cb_code) and its number (certificate_number); one of them is empty.';
                END IF;
                -- a writer imports only its own body's decisions
                SELECT b.id, b.code INTO body, body_code FROM isms.certification_body b WHERE b.code = grp.cb;
                IF body IS NULL THEN
                    SELECT min(b.id), min(b.code) INTO body, body_code FROM isms.certification_body b
                     WHERE upper(isms.fold_text(b.code) COLLATE "C") = upper(isms.fold_text(grp.cb) COLLATE "C")
                    HAVING count(*) = 1;
                END IF;
                IF body IS NOT NULL AND rls AND NOT ab AND NOT body = ANY (mine) THEN
                    RAISE EXCEPTION 'role "%" cannot import decisions of certification body "%"', CURRENT_USER, body_code
                        USING ERRCODE = 'insufficient_privilege',
                              DETAIL = 'Row-level security: a certification body''s writer records the decisions of its own body''s certificates only.',
                              HINT = 'Import the rows of your certification body; the accreditation body imports for every body.';
                END IF;
                cert := isms.certificate_id(grp.cb, grp.num);
                FOR j IN 1 .. cardinality(grp.lines) LOOP
                    cur := grp.lines[j];
                    rowj := grp.rows -> (j - 1);
                    f := ARRAY(SELECT x FROM jsonb_array_elements_text(rowj) WITH ORDINALITY AS e(x, o) ORDER BY o);
                    IF cardinality(f) <> nfields THEN
                        RAISE EXCEPTION 'line % has % fields, the header %', cur, cardinality(f), nfields
                            USING ERRCODE = 'bad_copy_file_format',
                                  DETAIL = format('Every row of the file has one field per column of the header (%s).', array_to_string(names, ', ')),
                                  HINT = 'Quote a field that holds a comma or a line break.';
                    END IF;
                    EXECUTE stmt USING cert, f;
                    g_dec := g_dec + 1;
                END LOOP;
                -- the add-ons of a base changed by these rows (ADD-7), now
                cur := grp.lines[cardinality(grp.lines)];
                IF EXISTS (SELECT 1 FROM isms.certificate a WHERE a.base_certificate_id = cert) THEN
                    SET CONSTRAINTS isms."ADD-7" IMMEDIATE;
                    SET CONSTRAINTS isms."ADD-7" DEFERRED;
                END IF;
                n_rows_ok := n_rows_ok + cardinality(grp.lines);
                n_certs_ok := n_certs_ok + 1;
                n_dec := n_dec + g_dec;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                    det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME;
                n_certs_bad := n_certs_bad + 1;
                FOR j IN 1 .. cardinality(grp.lines) LOOP
                    errs := errs || CASE WHEN grp.lines[j] = cur THEN
                        ROW(NULL, cur, grp.cb, grp.num, st,
                            coalesce(substring(det from '^Rule ([A-Z]+-[0-9]+)'),
                                     CASE WHEN con ~ '^[A-Z]+-[0-9]+$' THEN con END),
                            msg, nullif(det, ''), nullif(hnt, ''), NULL)::isms.import_error
                    ELSE
                        ROW(NULL, grp.lines[j], grp.cb, grp.num, NULL, NULL,
                            format('not applied: line %s, of the same certificate, was refused', cur),
                            'The rows of a certificate are applied together or not at all.', NULL, cur)::isms.import_error
                    END;
                END LOOP;
            END;
        END LOOP;

        IF dry_run THEN
            -- everything above is undone; the errors are kept in errs
            RAISE EXCEPTION 'dry run' USING ERRCODE = 'IS0DR';
        END IF;
    EXCEPTION WHEN SQLSTATE 'IS0DR' THEN
        NULL;
    END whole;

    IF NOT dry_run THEN
        INSERT INTO isms.import_run AS r (shape, cb_id, rows_read, rows_applied, rows_refused,
                                          certificates_applied, certificates_refused, decisions_recorded)
        VALUES ('decisions', CASE WHEN rls AND NOT ab AND cardinality(mine) = 1 THEN mine[1] END,
                n_rows, n_rows_ok, cardinality(errs), n_certs_ok, n_certs_bad, n_dec)
        RETURNING r.id INTO run;
        INSERT INTO isms.import_error
        SELECT run, e.line, e.cb_code, e.certificate_number, e.sqlstate, e.rule, e.message,
               e.detail, e.hint, e.failed_line
          FROM unnest(errs) e;
    END IF;
    RETURN QUERY SELECT run, e.line, e.cb_code, e.certificate_number, e.sqlstate, e.rule, e.message,
                        e.detail, e.hint, e.failed_line
                   FROM unnest(errs) e ORDER BY e.line;
END $$;
COMMENT ON FUNCTION isms.import_decisions(text, boolean) IS
    'Imports a CSV text of decisions (header: cb_code, certificate_number and columns of isms.decision; kind and decision_date required), applying the rows of each certificate together in a subtransaction: all of them or none; records the run in isms.import_run and every row not applied in isms.import_error, and returns those rows; with dry_run, writes nothing and returns what would be refused';

/* --------------------------------------------------------------------
 * One decision, tried and rolled back
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.try_decision(certificate_id bigint, kind isms.decision_kind, decision_date date,
                                  effective_date date DEFAULT NULL, new_expiry date DEFAULT NULL,
                                  new_scope_statement text DEFAULT NULL, new_scope isms.scope DEFAULT NULL,
                                  new_standard isms.stdref DEFAULT NULL, reason text DEFAULT NULL,
                                  corrects bigint DEFAULT NULL, original_date date DEFAULT NULL,
                                  cycle_start date DEFAULT NULL, opening_status isms.cert_status DEFAULT NULL,
                                  suspended_since date DEFAULT NULL)
    RETURNS TABLE (accepted boolean, sqlstate text, rule text, message text, detail text, hint text)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
#variable_conflict use_variable
DECLARE
    st text; msg text; det text; hnt text; con text;
BEGIN
    BEGIN
        INSERT INTO isms.decision AS d (certificate_id, kind, decision_date, effective_date, new_expiry,
                                        new_scope_statement, new_scope, new_standard, reason, corrects,
                                        original_date, cycle_start, opening_status, suspended_since)
        VALUES (try_decision.certificate_id, try_decision.kind, try_decision.decision_date,
                try_decision.effective_date, try_decision.new_expiry, try_decision.new_scope_statement,
                try_decision.new_scope, try_decision.new_standard, try_decision.reason, try_decision.corrects,
                try_decision.original_date, try_decision.cycle_start, try_decision.opening_status,
                try_decision.suspended_since);
        -- what the transaction's commit would check of the add-ons (ADD-7)
        SET CONSTRAINTS isms."ADD-7" IMMEDIATE;
        RAISE EXCEPTION 'dry run' USING ERRCODE = 'IS0DR';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
            det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT, con = CONSTRAINT_NAME;
    END;
    IF st = 'IS0DR' THEN
        RETURN QUERY SELECT true, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text;
    ELSE
        RETURN QUERY SELECT false, st,
            coalesce(substring(det from '^Rule ([A-Z]+-[0-9]+)'), CASE WHEN con ~ '^[A-Z]+-[0-9]+$' THEN con END),
            msg, nullif(det, ''), nullif(hnt, '');
    END IF;
END $$;
COMMENT ON FUNCTION isms.try_decision(bigint, isms.decision_kind, date, date, date, text, isms.scope, isms.stdref, text, bigint, date, date, isms.cert_status, date) IS
    'Dry run of one decision (the columns of isms.decision, an opening''s too): records it in a subtransaction that is always rolled back (no decision, change event or chain position remains) and returns whether it would be accepted, else the SQLSTATE, rule, message, detail and hint of the refusal; the add-on checks of the commit (ADD-7) included';

/* --------------------------------------------------------------------
 * The IAF CertSearch upload shape (PUB-2), with the reporting body and
 * the date of the report: openings (EVD-2) and what changed since
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.import_certsearch(csv text, cb_code text DEFAULT NULL, report_date date DEFAULT NULL,
                                       dry_run boolean DEFAULT false)
    RETURNS SETOF isms.import_error
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    hdr record;
    names text[];
    nfields integer;
    i integer;
    r record;
    f text[];
    cur integer;
    body bigint;
    body_code text;
    rep date;
    st isms.cert_status;
    std isms.stdref;
    orig date;
    issued date;
    expiry date;
    scope text;
    num text;
    cert record;
    cid bigint;
    org bigint;
    s record;
    d date;
    n_dec integer;
    run_cb bigint;
    errs isms.import_error[] := '{}';
    n_rows integer := 0;
    n_ok integer := 0;
    n_bad integer := 0;
    n_open integer := 0;
    n_dec_all integer := 0;
    e_st text; e_msg text; e_det text; e_hnt text; e_con text;
    run bigint;
    ab boolean := isms.acts_as('accreditation_body');
    rls boolean := pg_catalog.row_security_active('isms.decision'::regclass);
    mine bigint[] := isms.acting_cbs();
    -- the field positions, by the CertSearch names (and cb_code, report_date)
    x_id integer; x_num integer; x_status integer; x_std integer; x_scope integer;
    x_orig integer; x_issue integer; x_expiry integer; x_org_id integer; x_name_local integer;
    x_name integer; x_street integer; x_city integer; x_post integer; x_country integer;
    x_cb_name integer; x_cb integer; x_date integer; x_conf integer;
BEGIN
    SELECT c.line, c.fields INTO hdr FROM isms.csv_rows(csv) c ORDER BY c.line LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the CSV text has no header'
            USING ERRCODE = 'bad_copy_file_format',
                  DETAIL = 'The first line of a CertSearch file names its fields ("Certificate Number", "Certification Status", ...).',
                  HINT = 'Write the header of the CertSearch certification template (isms_bi.certsearch has it).';
    END IF;
    names := ARRAY(SELECT lower(regexp_replace(btrim(coalesce(h, '')), '\s+', ' ', 'g')) FROM unnest(hdr.fields) h);
    nfields := cardinality(names);
    x_id := array_position(names, 'certification identity number');
    x_num := array_position(names, 'certificate number');
    x_status := array_position(names, 'certification status');
    x_std := array_position(names, 'certification standard');
    x_scope := array_position(names, 'certification scope');
    x_orig := array_position(names, 'certification original issue date');
    x_issue := array_position(names, 'certification issue date');
    x_expiry := array_position(names, 'certification expiry date');
    x_org_id := array_position(names, 'certified entity unique id');
    x_name_local := array_position(names, 'certified entity name');
    x_name := array_position(names, 'certified entity english name');
    x_street := array_position(names, 'street address');
    x_city := array_position(names, 'city');
    x_post := array_position(names, 'post code');
    x_country := array_position(names, 'country/economy');
    x_cb_name := array_position(names, 'certification body');
    x_cb := coalesce(array_position(names, 'cb_code'), array_position(names, 'certification body code'));
    x_date := coalesce(array_position(names, 'report_date'), array_position(names, 'report date'));
    x_conf := array_position(names, 'confidential');
    IF x_num IS NULL OR x_status IS NULL OR x_std IS NULL OR x_expiry IS NULL THEN
        RAISE EXCEPTION 'the header lacks a required field'
            USING ERRCODE = 'bad_copy_file_format',
                  DETAIL = format('A CertSearch file has at least the fields "Certificate Number", "Certification Status", "Certification Standard" and "Certification Expiry Date"; its header has %s.',
                                  array_to_string(hdr.fields, ', ')),
                  HINT = 'Write the header of the CertSearch certification template (isms_bi.certsearch has it).';
    END IF;
    IF cb_code IS NOT NULL THEN
        SELECT min(b.id) INTO run_cb FROM isms.certification_body b
         WHERE upper(isms.fold_text(b.code) COLLATE "C") = upper(isms.fold_text(import_certsearch.cb_code) COLLATE "C")
        HAVING count(*) = 1;
        -- (a writer's run of another body is its own, of no body)
        IF rls AND NOT ab AND NOT run_cb = ANY (mine) THEN
            run_cb := NULL;
        END IF;
    END IF;

    <<whole>>
    BEGIN
        FOR r IN
            WITH k AS (
                SELECT c.line, c.fields,
                       nullif(btrim(c.fields[x_id]), '') AS ident,
                       upper(isms.fold_text(coalesce(nullif(btrim(c.fields[x_cb]), ''), import_certsearch.cb_code,
                                                     nullif(btrim(c.fields[x_cb_name]), ''))) COLLATE "C") AS cbk,
                       btrim(c.fields[x_num]) AS num
                  FROM isms.csv_rows(csv) c WHERE c.line > hdr.line)
            SELECT k.line, k.fields, k.ident, k.num,
                   CASE WHEN k.ident IS NOT NULL THEN pg_catalog.array_agg(k.line) OVER (PARTITION BY k.ident) END AS same_ident,
                   pg_catalog.array_agg(k.line) OVER (PARTITION BY k.cbk, k.num) AS same_cert
              FROM k ORDER BY k.line
        LOOP
            n_rows := n_rows + 1;
            cur := r.line;
            f := r.fields;
            num := r.num;
            body_code := NULL;
            n_dec := 0;
            BEGIN
                IF cardinality(f) <> nfields THEN
                    RAISE EXCEPTION 'line % has % fields, the header %', cur, cardinality(f), nfields
                        USING ERRCODE = 'bad_copy_file_format',
                              DETAIL = 'Every row of the file has one field per field of the header.',
                              HINT = 'Quote a field that holds a comma or a line break.';
                END IF;
                IF num IS NULL OR num = '' THEN
                    RAISE EXCEPTION 'row has no certificate number'
                        USING ERRCODE = 'not_null_violation',
                              DETAIL = 'Rule STD-3: a certificate is named by its certification body and its number; "Certificate Number" is empty.';
                END IF;
                -- the reporting body: cb_code of the row, of the call, or the body's name
                body_code := coalesce(nullif(btrim(f[x_cb]), ''), import_certsearch.cb_code, nullif(btrim(f[x_cb_name]), ''));
                body := NULL;
                IF body_code IS NOT NULL THEN
                    SELECT min(b.id) INTO body FROM isms.certification_body b
                     WHERE upper(isms.fold_text(b.code) COLLATE "C") = upper(isms.fold_text(body_code) COLLATE "C")
                        OR (x_cb IS NULL AND import_certsearch.cb_code IS NULL AND b.name = body_code)
                    HAVING count(*) = 1;
                END IF;
                IF body IS NULL THEN
                    RAISE EXCEPTION 'certification body "%" does not exist', left(coalesce(body_code, ''), 64)
                        USING ERRCODE = 'undefined_object',
                              DETAIL = format('Rule STD-3: a certificate is named by the code of its certification body and its number; no certification body is "%s".', left(coalesce(body_code, ''), 64)),
                              HINT = 'Give the reporting body''s code (cb_code), and record the body in isms.certification_body first.';
                END IF;
                SELECT b.code INTO body_code FROM isms.certification_body b WHERE b.id = body;
                IF rls AND NOT ab AND NOT body = ANY (mine) THEN
                    RAISE EXCEPTION 'role "%" cannot import certificates of certification body "%"', CURRENT_USER, body_code
                        USING ERRCODE = 'insufficient_privilege',
                              DETAIL = 'Row-level security: a certification body''s writer records its own body''s certificates only.',
                              HINT = 'Import your own body''s file; the accreditation body imports for every body.';
                END IF;
                IF cardinality(r.same_ident) > 1 THEN
                    RAISE EXCEPTION 'certification identity number "%" appears on more than one line', left(r.ident, 64)
                        USING ERRCODE = 'unique_violation',
                              DETAIL = format('Lines %s of the file give the same identity number; none of them is applied.',
                                              array_to_string(ARRAY(SELECT l FROM unnest(r.same_ident) l ORDER BY l), ', ')),
                              HINT = 'A CertSearch file has one row per certificate.';
                END IF;
                IF cardinality(r.same_cert) > 1 THEN
                    RAISE EXCEPTION 'certificate "%" of certification body "%" appears on more than one line', left(num, 64), body_code
                        USING ERRCODE = 'unique_violation',
                              DETAIL = format('Rule STD-3: lines %s of the file give the same certificate; none of them is applied.',
                                              array_to_string(ARRAY(SELECT l FROM unnest(r.same_cert) l ORDER BY l), ', ')),
                              HINT = 'A CertSearch file has one row per certificate.';
                END IF;
                rep := coalesce(isms.import_date(f[x_date]), import_certsearch.report_date);
                IF rep IS NULL THEN
                    RAISE EXCEPTION 'row has no report date'
                        USING ERRCODE = 'null_value_not_allowed',
                              DETAIL = 'The changes a CertSearch file records are dated by its report date: the report_date argument or a "Report Date" field.';
                END IF;
                IF nullif(btrim(f[x_status]), '') IS NULL THEN
                    RAISE EXCEPTION 'row has no certification status'
                        USING ERRCODE = 'null_value_not_allowed',
                              DETAIL = 'A CertSearch row gives "Certification Status": Active, Suspended, Withdrawn, Cancelled or Expired.';
                END IF;
                st := btrim(f[x_status])::isms.cert_status;
                IF st = 'draft' THEN
                    RAISE EXCEPTION 'certification status "%" is not reported', btrim(f[x_status])
                        USING ERRCODE = 'invalid_text_representation',
                              DETAIL = 'A CertSearch row gives "Certification Status": Active, Suspended, Withdrawn, Cancelled or Expired.';
                END IF;
                expiry := isms.import_date(f[x_expiry]);
                orig := isms.import_date(f[x_orig]);
                issued := isms.import_date(f[x_issue]);
                scope := nullif(btrim(f[x_scope]), '');
                std := NULL;
                SELECT t.ref INTO std FROM isms.standard t
                 WHERE t.ref = CAST(nullif(btrim(f[x_std]), '') AS isms.stdref);
                IF std IS NULL THEN
                    RAISE EXCEPTION 'standard "%" is not known to the register', left(coalesce(btrim(f[x_std]), ''), 64)
                        USING ERRCODE = 'foreign_key_violation',
                              DETAIL = 'Rule STD-1: a certificate is certified against a standard and edition of isms.standard.',
                              HINT = 'Record the standard in isms.standard first, or correct "Certification Standard".';
                END IF;

                SELECT c.id, c.cycle_start, c.scope_statement, c.standard,
                       EXISTS (SELECT 1 FROM isms.decision x WHERE x.certificate_id = c.id) AS decided,
                       (SELECT max(x.decision_date) FROM isms.decision x WHERE x.certificate_id = c.id) AS last_decided
                  INTO cert
                  FROM isms.certificate c WHERE c.cb_id = body AND c.certificate_number = num;

                IF cert.id IS NULL OR NOT cert.decided THEN
                    -- seen for the first time: opened in the state reported (EVD-2)
                    IF st NOT IN ('active'::isms.cert_status, 'suspended'::isms.cert_status) THEN
                        RAISE EXCEPTION 'certificate "%" of certification body "%" is not opened: it is %', left(num, 64), body_code, st
                            USING ERRCODE = 'object_not_in_prerequisite_state',
                                  DETAIL = 'Rule EVD-2: a certificate enters the register with its current state, active or suspended; one that has ended is not entered.',
                                  HINT = 'Leave ended certificates out of the first file of a register.';
                    END IF;
                    IF expiry IS NULL OR orig IS NULL OR issued IS NULL OR scope IS NULL THEN
                        RAISE EXCEPTION 'certificate "%" of certification body "%" cannot be opened without its dates and scope', left(num, 64), body_code
                            USING ERRCODE = 'null_value_not_allowed',
                                  DETAIL = 'Rule EVD-2: an opening records the original issue date, the issue date of the cycle, the expiry date and the scope.';
                    END IF;
                    IF cert.id IS NULL THEN
                        org := NULL;
                        IF f[x_org_id] ~* '^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$' THEN
                            -- among the body's organisations only: another body's
                            -- (a confidential client too) is not reached by its id
                            SELECT o.id INTO org FROM isms.organisation o
                             WHERE o.external_id = btrim(f[x_org_id])::uuid AND o.cb_id = body;
                        END IF;
                        IF org IS NULL THEN
                            SELECT min(o.id) INTO org FROM isms.organisation o
                             WHERE o.cb_id = body
                               AND o.name = coalesce(nullif(btrim(f[x_name]), ''), nullif(btrim(f[x_name_local]), ''));
                        END IF;
                        IF org IS NULL THEN
                            INSERT INTO isms.organisation AS o (name, name_local, country, city, address, postal_code,
                                                                confidential, cb_id, external_id)
                            VALUES (coalesce(nullif(btrim(f[x_name]), ''), nullif(btrim(f[x_name_local]), ''), 'not reported'),
                                    nullif(btrim(f[x_name_local]), ''),
                                    CASE WHEN btrim(f[x_country]) ~ '^[A-Za-z]{2}$' THEN upper(btrim(f[x_country])) END,
                                    nullif(btrim(f[x_city]), ''), nullif(btrim(f[x_street]), ''), nullif(btrim(f[x_post]), ''),
                                    coalesce(lower(btrim(f[x_conf])) IN ('true', 't', 'yes', 'y', '1'), false), body,
                                    CASE WHEN f[x_org_id] ~* '^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$'
                                          AND NOT EXISTS (SELECT 1 FROM isms.organisation o2
                                                           WHERE o2.external_id = btrim(f[x_org_id])::uuid)
                                         THEN btrim(f[x_org_id])::uuid ELSE pg_catalog.gen_random_uuid() END)
                            RETURNING o.id INTO org;
                        END IF;
                        INSERT INTO isms.certificate AS c (cb_id, certificate_number, organisation_id, standard,
                                                           scope_statement, external_id)
                        VALUES (body, num, org, std, scope,
                                CASE WHEN r.ident ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                     THEN r.ident::uuid ELSE pg_catalog.gen_random_uuid() END)
                        RETURNING c.id INTO cid;
                    ELSE
                        cid := cert.id;
                    END IF;
                    EXECUTE 'INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry,'
                            ' original_date, cycle_start, opening_status, suspended_since)'
                            ' VALUES ($1, CAST(''open'' AS isms.decision_kind), $2, $2, $3, $4, $5, $6, $7)'
                        USING cid, rep, expiry, orig, issued, st,
                              CASE WHEN st = 'suspended'::isms.cert_status THEN rep END;
                    n_dec := n_dec + 1;
                    n_open := n_open + 1;
                ELSE
                    -- known: what changed since, dated by the report
                    cid := cert.id;
                    SELECT * INTO s FROM isms.state_at(cert.id, rep, 'infinity'::timestamptz);
                    IF st IN ('active'::isms.cert_status, 'suspended'::isms.cert_status)
                       AND std IS DISTINCT FROM CAST(s.standard AS isms.stdref) THEN
                        INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
                        VALUES (cert.id, 'transition', rep, std);
                        n_dec := n_dec + 1;
                    END IF;
                    IF expiry IS NOT NULL AND s.expiry_date IS NOT NULL AND expiry > s.expiry_date
                       AND st IN ('active'::isms.cert_status, 'suspended'::isms.cert_status) THEN
                        -- a new cycle: decided on the reported issue date where it lies
                        -- after the cycle in force and the last decision recorded, else
                        -- on the report date
                        d := CASE WHEN issued > cert.cycle_start AND issued >= cert.last_decided AND issued <= rep
                                  THEN issued ELSE rep END;
                        INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
                        VALUES (cert.id, CASE WHEN d <= s.expiry_date THEN 'recertify' ELSE 'restore' END::isms.decision_kind,
                                d, expiry);
                        n_dec := n_dec + 1;
                    ELSIF expiry IS NOT NULL AND s.expiry_date IS NOT NULL AND expiry < s.expiry_date THEN
                        RAISE EXCEPTION 'expiry date of certificate "%" of certification body "%" is earlier in the report', left(num, 64), body_code
                            USING ERRCODE = 'object_not_in_prerequisite_state',
                                  DETAIL = format('The register has expiry date %s, the report %s; a report does not shorten a cycle.', s.expiry_date, expiry),
                                  HINT = 'Record a correction of the decision that set the expiry date (LOG-1).';
                    END IF;
                    IF scope IS NOT NULL AND scope IS DISTINCT FROM s.scope_statement
                       AND st IN ('active'::isms.cert_status, 'suspended'::isms.cert_status) THEN
                        INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
                        VALUES (cert.id, 'reduce_scope', rep, scope);
                        n_dec := n_dec + 1;
                    END IF;
                    IF n_dec > 0 THEN
                        SELECT * INTO s FROM isms.state_at(cert.id, rep, 'infinity'::timestamptz);
                    END IF;
                    IF st IS DISTINCT FROM s.status THEN
                        IF st = 'expired'::isms.cert_status THEN
                            RAISE EXCEPTION 'certificate "%" of certification body "%" is % in the register on %, expired in the report',
                                            left(num, 64), body_code, s.status, rep
                                USING ERRCODE = 'object_not_in_prerequisite_state',
                                      DETAIL = format('Rule REC-2: a certificate expires by date, the day after its expiry date (%s in the register).', s.expiry_date),
                                      HINT = 'Give the expiry date in force; an expiry is not a decision.';
                        END IF;
                        INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
                        VALUES (cert.id,
                                CASE st WHEN 'active'::isms.cert_status THEN 'reinstate'
                                        WHEN 'suspended'::isms.cert_status THEN 'suspend'
                                        WHEN 'withdrawn'::isms.cert_status THEN 'withdraw'
                                        ELSE 'cancel' END::isms.decision_kind,
                                rep, format('reported %s', rep));
                        n_dec := n_dec + 1;
                    END IF;
                END IF;
                -- the add-ons of a base changed by the row (ADD-7), now
                IF n_dec > 0 AND EXISTS (SELECT 1 FROM isms.certificate a WHERE a.base_certificate_id = cid) THEN
                    SET CONSTRAINTS isms."ADD-7" IMMEDIATE;
                    SET CONSTRAINTS isms."ADD-7" DEFERRED;
                END IF;
                n_ok := n_ok + 1;
                n_dec_all := n_dec_all + n_dec;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS e_st = RETURNED_SQLSTATE, e_msg = MESSAGE_TEXT,
                    e_det = PG_EXCEPTION_DETAIL, e_hnt = PG_EXCEPTION_HINT, e_con = CONSTRAINT_NAME;
                n_bad := n_bad + 1;
                errs := errs || ROW(NULL, cur, body_code, num, e_st,
                                    coalesce(substring(e_det from '^Rule ([A-Z]+-[0-9]+)'),
                                             CASE WHEN e_con ~ '^[A-Z]+-[0-9]+$' THEN e_con END),
                                    e_msg, nullif(e_det, ''), nullif(e_hnt, ''), NULL)::isms.import_error;
            END;
        END LOOP;

        IF dry_run THEN
            RAISE EXCEPTION 'dry run' USING ERRCODE = 'IS0DR';
        END IF;
    EXCEPTION WHEN SQLSTATE 'IS0DR' THEN
        NULL;
    END whole;

    IF NOT dry_run THEN
        INSERT INTO isms.import_run AS x (shape, cb_id, report_date, rows_read, rows_applied, rows_refused,
                                          certificates_applied, certificates_refused, certificates_opened,
                                          decisions_recorded)
        VALUES ('certsearch', run_cb, import_certsearch.report_date, n_rows, n_ok, n_bad, n_ok, n_bad, n_open, n_dec_all)
        RETURNING x.id INTO run;
        INSERT INTO isms.import_error
        SELECT run, e.line, e.cb_code, e.certificate_number, e.sqlstate, e.rule, e.message,
               e.detail, e.hint, e.failed_line
          FROM unnest(errs) e;
    END IF;
    RETURN QUERY SELECT run, e.line, e.cb_code, e.certificate_number, e.sqlstate, e.rule, e.message,
                        e.detail, e.hint, e.failed_line
                   FROM unnest(errs) e ORDER BY e.line;
END $$;
COMMENT ON FUNCTION isms.import_certsearch(text, text, date, boolean) IS
    'Imports a CSV text in the IAF CertSearch upload shape (PUB-2 field names; the reporting body''s code and the report date as arguments or as fields cb_code and report_date): a certificate seen for the first time is opened in the state reported (EVD-2), a known one gets the decisions of what changed since (transition, recertification or restoration with the new expiry, scope reduction, suspension, reinstatement, withdrawal, cancellation), dated by the report; a row that matches the register changes nothing, so a file imported again records nothing; each row in a subtransaction; records the run and its refused rows (isms.import_run, isms.import_error) and returns those rows; with dry_run, writes nothing';
