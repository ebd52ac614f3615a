-- 01_schema: the catalog contract of the isms extension.
-- Schema, tables, key columns and their types, the status type and the
-- enums, keys and named constraints (rule IDs as constraint names),
-- triggers, operator classes and operators, and a COMMENT on every object.
-- Assumes pgtap and isms (CREATE EXTENSION isms CASCADE) are installed;
-- leaves no trace (everything is rolled back).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;
\ir helpers/common.psql
-- Type names below are written as format_type() prints them with isms
-- outside the search path.
SET LOCAL search_path = public;

SELECT plan(150);

/* ------------------------------------------------------------------
 * Schema and tables
 * ------------------------------------------------------------------ */
SELECT has_schema('isms', 'schema isms exists');

SELECT tables_are('isms', ARRAY[
    'scheme', 'scheme_setting', 'standard', 'accreditation_body',
    'certification_body', 'accreditation', 'organisation', 'certificate',
    'audit', 'decision', 'edition_transition', 'audit_time', 'control', 'personnel_body',
    'auditor', 'auditor_registration', 'registry_role', 'site', 'certificate_site', 'register_confirmation',
    'change_event', 'change_commit', 'watchlist', 'sweep_run', 'certificate_dates', 'import_run', 'import_error'],
    'isms has exactly the registry tables');

SELECT has_table('isms', 'scheme', 'table isms.scheme exists');
SELECT has_table('isms', 'scheme_setting', 'table isms.scheme_setting exists');
SELECT has_table('isms', 'standard', 'table isms.standard exists');
SELECT has_table('isms', 'accreditation_body', 'table isms.accreditation_body exists');
SELECT has_table('isms', 'certification_body', 'table isms.certification_body exists');
SELECT has_table('isms', 'accreditation', 'table isms.accreditation exists');
SELECT has_table('isms', 'organisation', 'table isms.organisation exists');
SELECT has_table('isms', 'certificate', 'table isms.certificate exists');
SELECT has_table('isms', 'audit', 'table isms.audit exists');
SELECT has_table('isms', 'decision', 'table isms.decision exists');
SELECT has_table('isms', 'edition_transition', 'table isms.edition_transition exists (TRN-5)');
SELECT has_table('isms', 'audit_time', 'table isms.audit_time exists (TIME-1)');
SELECT has_table('isms', 'personnel_body', 'table isms.personnel_body exists (ACC-4)');
SELECT has_table('isms', 'auditor', 'table isms.auditor exists (ACC-4)');
SELECT has_table('isms', 'auditor_registration', 'table isms.auditor_registration exists (ACC-4)');
SELECT has_table('isms', 'registry_role', 'table isms.registry_role exists (roles)');

SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'isms'), false,
          'isms is not relocatable (its triggers and plans name the schema)');

/* ------------------------------------------------------------------
 * Columns
 * ------------------------------------------------------------------ */
SELECT columns_are('isms', 'certificate', ARRAY[
    'id', 'cb_id', 'certificate_number', 'organisation_id', 'standard',
    'scope_statement', 'soa_version', 'status', 'original_certification_date',
    'cycle_start', 'expiry_date', 'revision', 'initial_scope_statement', 'initial_standard',
    'scope', 'initial_scope', 'base_certificate_id', 'persons_in_scope', 'sites',
    'sampling_allowed', 'number_key', 'external_id', 'transferred_from'],
    'isms.certificate has the documented columns');
SELECT columns_are('isms', 'decision', ARRAY[
    'id', 'certificate_id', 'kind', 'decision_date', 'effective_date',
    'new_expiry', 'new_scope_statement', 'new_scope', 'new_standard', 'reason', 'corrects',
    'recorded_at', 'chain_seq', 'chain_hash', 'original_date', 'cycle_start', 'opening_status',
    'suspended_since', 'authority', 'transfer_cycle_start', 'transfer_expiry',
    'transfer_original_date'],
    'isms.decision has the documented columns');
SELECT columns_are('isms', 'audit', ARRAY[
    'id', 'certificate_id', 'kind', 'start_date', 'end_date', 'auditor_days',
    'persons_in_scope', 'combined_with', 'notes', 'lead_auditor_id', 'time_justification'],
    'isms.audit has the documented columns');
SELECT columns_are('isms', 'accreditation', ARRAY[
    'id', 'ab_id', 'cb_id', 'scheme', 'accreditation_number', 'valid_from',
    'valid_until', 'status'],
    'isms.accreditation has the documented columns');

-- certificate
SELECT col_type_is('isms', 'certificate', 'id', 'bigint', 'certificate.id is bigint');
SELECT col_type_is('isms', 'certificate', 'cb_id', 'bigint', 'certificate.cb_id is bigint');
SELECT col_type_is('isms', 'certificate', 'certificate_number', 'text', 'certificate.certificate_number is text');
SELECT col_type_is('isms', 'certificate', 'standard', 'isms.stdref', 'certificate.standard is an isms.stdref');
SELECT col_type_is('isms', 'certificate', 'status', 'isms.cert_status', 'certificate.status is isms.cert_status');
SELECT col_not_null('isms', 'certificate', 'status', 'certificate.status is NOT NULL');
SELECT is((SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
             JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            WHERE d.adrelid = 'isms.certificate'::regclass AND a.attname = 'status'),
          '''draft''::isms.cert_status', 'certificate.status defaults to draft');
SELECT col_type_is('isms', 'certificate', 'original_certification_date', 'date', 'certificate.original_certification_date is date (REC-5)');
SELECT col_type_is('isms', 'certificate', 'cycle_start', 'date', 'certificate.cycle_start is date (CYC-2)');
SELECT col_type_is('isms', 'certificate', 'expiry_date', 'date', 'certificate.expiry_date is date (CYC-3)');
SELECT col_type_is('isms', 'certificate', 'revision', 'integer', 'certificate.revision is integer (SCO-1)');
SELECT col_default_is('isms', 'certificate', 'revision', 0, 'certificate.revision defaults to 0');
-- decision
SELECT col_type_is('isms', 'decision', 'kind', 'isms.decision_kind', 'decision.kind is isms.decision_kind');
SELECT col_type_is('isms', 'decision', 'decision_date', 'date', 'decision.decision_date is date');
SELECT col_type_is('isms', 'decision', 'effective_date', 'date', 'decision.effective_date is date');
SELECT col_not_null('isms', 'decision', 'effective_date', 'decision.effective_date is NOT NULL (filled by the BEFORE trigger)');
SELECT col_type_is('isms', 'decision', 'new_expiry', 'date', 'decision.new_expiry is date');
SELECT col_type_is('isms', 'decision', 'new_standard', 'isms.stdref', 'decision.new_standard is an isms.stdref');
SELECT col_type_is('isms', 'decision', 'corrects', 'bigint', 'decision.corrects is bigint (LOG-1)');
SELECT col_type_is('isms', 'decision', 'recorded_at', 'timestamp with time zone', 'decision.recorded_at is timestamptz');
-- audit
SELECT col_type_is('isms', 'audit', 'kind', 'isms.audit_kind', 'audit.kind is isms.audit_kind');
SELECT col_type_is('isms', 'audit', 'start_date', 'date', 'audit.start_date is date');
SELECT col_type_is('isms', 'audit', 'end_date', 'date', 'audit.end_date is date');
SELECT col_type_is('isms', 'audit', 'auditor_days', 'numeric(6,2)', 'audit.auditor_days is numeric(6,2)');
-- accreditation
SELECT col_type_is('isms', 'accreditation', 'status', 'isms.accreditation_status', 'accreditation.status is isms.accreditation_status');
SELECT col_default_is('isms', 'accreditation', 'status', 'active', 'accreditation.status defaults to active');
SELECT col_type_is('isms', 'accreditation', 'valid_until', 'date', 'accreditation.valid_until is date');
SELECT col_is_null('isms', 'accreditation', 'valid_until', 'accreditation.valid_until is nullable (open period)');
-- parameters [P]
SELECT col_type_is('isms', 'scheme', 'cycle_years', 'isms.cycle_years', 'scheme.cycle_years is the domain isms.cycle_years (CYC-3)');
SELECT col_type_is('isms', 'scheme', 'auto_suspend_overdue', 'boolean', 'scheme.auto_suspend_overdue is boolean (SUR-3)');
SELECT col_type_is('isms', 'certification_body', 'expiry_offset_days', 'isms.expiry_offset_days', 'certification_body.expiry_offset_days is the domain isms.expiry_offset_days (CYC-3)');
SELECT col_type_is('isms', 'certification_body', 'max_stage_gap_days', 'integer', 'certification_body.max_stage_gap_days is integer (CYC-6)');

/* ------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------ */
SELECT has_type('isms', 'cert_status', 'type isms.cert_status exists');
SELECT is((SELECT row(typtype, typlen, typbyval, typalign)::text FROM pg_type
            WHERE oid = 'isms.cert_status'::regtype),
          '(b,1,t,c)', 'isms.cert_status is a 1-byte pass-by-value base type');
SELECT has_enum('isms', 'decision_kind', 'enum isms.decision_kind exists');
SELECT enum_has_labels('isms', 'decision_kind', ARRAY[
    'grant', 'suspend', 'reinstate', 'withdraw', 'cancel', 'recertify',
    'restore', 'reduce_scope', 'extend_scope', 'transition', 'annul', 'open', 'extend', 'transfer'],
    'isms.decision_kind has its labels in the order of the C codes');
SELECT has_enum('isms', 'audit_kind', 'enum isms.audit_kind exists');
SELECT enum_has_labels('isms', 'audit_kind', ARRAY[
    'stage1', 'stage2', 'surveillance', 'recertification', 'special', 'transition'],
    'isms.audit_kind has its labels in the order of the C codes');
SELECT has_enum('isms', 'accreditation_status', 'enum isms.accreditation_status exists');
SELECT enum_has_labels('isms', 'accreditation_status', ARRAY['active', 'suspended', 'withdrawn'],
    'isms.accreditation_status has its labels in order');
SELECT has_enum('isms', 'evidence_level', 'enum isms.evidence_level exists (EVD-1)');
SELECT enum_has_labels('isms', 'evidence_level', ARRAY['audits', 'reported'],
    'isms.evidence_level has its labels in order');

/* ------------------------------------------------------------------
 * Keys and constraints
 * ------------------------------------------------------------------ */
SELECT col_is_pk('isms', 'scheme', 'code', 'scheme: primary key code');
SELECT col_is_pk('isms', 'scheme_setting', 'scheme', 'scheme_setting: primary key scheme');
SELECT col_is_pk('isms', 'standard', 'ref', 'standard: primary key ref');
SELECT col_is_pk('isms', 'accreditation_body', 'id', 'accreditation_body: primary key id');
SELECT col_is_pk('isms', 'certification_body', 'id', 'certification_body: primary key id');
SELECT col_is_pk('isms', 'accreditation', 'id', 'accreditation: primary key id');
SELECT col_is_pk('isms', 'organisation', 'id', 'organisation: primary key id');
SELECT col_is_pk('isms', 'certificate', 'id', 'certificate: primary key id');
SELECT col_is_pk('isms', 'audit', 'id', 'audit: primary key id');
SELECT col_is_pk('isms', 'decision', 'id', 'decision: primary key id');
SELECT col_is_pk('isms', 'personnel_body', 'id', 'personnel_body: primary key id');
SELECT col_is_pk('isms', 'auditor', 'id', 'auditor: primary key id');
SELECT col_is_pk('isms', 'auditor_registration', 'id', 'auditor_registration: primary key id');

-- Constraints named after the rule they enforce, and the other named ones.
SELECT set_has(
    $$SELECT conrelid::regclass::text, conname::text, contype::text
        FROM pg_constraint WHERE connamespace = 'isms'::regnamespace$$,
    $$VALUES ('isms.accreditation', 'ACC-2', 'x'),
             ('isms.certificate', 'STD-3', 'u'),
             ('isms.decision', 'CYC-4', 'c'),
             ('isms.decision', 'decision_new_expiry', 'c'),
             ('isms.decision', 'decision_expiry_after_effective', 'c'),
             ('isms.decision', 'decision_new_standard', 'c'),
             ('isms.decision', 'decision_new_scope', 'c'),
             ('isms.decision', 'decision_corrects_other', 'c'),
             ('isms.decision', 'decision_opening', 'c'),
             ('isms.decision', 'decision_authority', 'c'),
             ('isms.decision', 'decision_extension', 'c'),
             ('isms.audit', 'audit_period', 'c'),
             ('isms.accreditation', 'accreditation_period', 'c'),
             ('isms.auditor_registration', 'auditor_registration_period', 'c'),
             ('isms.auditor_registration', 'auditor_registration_no_overlap', 'x')$$,
    'named constraints exist with their kinds (ACC-2 exclusion, STD-3 unique, CYC-4 check, ...)');
SELECT matches(
    (SELECT pg_get_constraintdef(oid) FROM pg_constraint
      WHERE conrelid = 'isms.accreditation'::regclass AND conname = 'ACC-2'),
    '^EXCLUDE USING gist \(ab_id WITH =, cb_id WITH =, scheme WITH =, daterange\(valid_from, valid_until, ''\[\]''::text\) WITH &&\)$',
    'ACC-2 excludes overlapping inclusive periods per (ab, cb, scheme)');
SELECT col_is_unique('isms', 'certificate', ARRAY['cb_id', 'certificate_number'],
    'STD-3: certificate numbers are unique per certification body');
SELECT is((SELECT array_agg(a.attname::text ORDER BY k.i)
             FROM pg_constraint c,
                  unnest(c.conkey) WITH ORDINALITY AS k(attnum, i)
                  JOIN pg_attribute a ON a.attnum = k.attnum
            WHERE c.conrelid = 'isms.certificate'::regclass AND c.conname = 'STD-3'
              AND a.attrelid = c.conrelid),
          ARRAY['cb_id', 'certificate_number'],
          'STD-3 is on (cb_id, certificate_number), not on the number alone');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = 'isms.decision'::regclass AND conname = 'CYC-4'),
          'CHECK ((effective_date >= decision_date))',
          'CYC-4 checks effective_date >= decision_date');
SELECT col_is_unique('isms', 'decision', 'corrects', 'LOG-1: a decision is corrected at most once');

-- Foreign keys
SELECT fk_ok('isms', 'scheme_setting', 'scheme', 'isms', 'scheme', 'code');
SELECT fk_ok('isms', 'standard', 'scheme', 'isms', 'scheme', 'code');
SELECT fk_ok('isms', 'accreditation', 'ab_id', 'isms', 'accreditation_body', 'id');
SELECT fk_ok('isms', 'accreditation', 'cb_id', 'isms', 'certification_body', 'id');
SELECT fk_ok('isms', 'accreditation', 'scheme', 'isms', 'scheme', 'code');
SELECT fk_ok('isms', 'certificate', 'cb_id', 'isms', 'certification_body', 'id');
SELECT fk_ok('isms', 'certificate', 'organisation_id', 'isms', 'organisation', 'id');
SELECT fk_ok('isms', 'certificate', 'standard', 'isms', 'standard', 'ref');
SELECT fk_ok('isms', 'audit', 'certificate_id', 'isms', 'certificate', 'id');
SELECT fk_ok('isms', 'decision', 'certificate_id', 'isms', 'certificate', 'id');
SELECT fk_ok('isms', 'decision', 'new_standard', 'isms', 'standard', 'ref');
SELECT fk_ok('isms', 'decision', 'corrects', 'isms', 'decision', 'id');
SELECT fk_ok('isms', 'audit', 'lead_auditor_id', 'isms', 'auditor', 'id');
SELECT fk_ok('isms', 'auditor_registration', 'auditor_id', 'isms', 'auditor', 'id');
SELECT fk_ok('isms', 'auditor_registration', 'body_id', 'isms', 'personnel_body', 'id');
SELECT fk_ok('isms', 'audit_time', 'scheme', 'isms', 'scheme', 'code');

/* ------------------------------------------------------------------
 * Triggers
 * ------------------------------------------------------------------ */
SELECT has_trigger('isms', 'decision', 'decision_10_fill', 'trigger decision_10_fill on isms.decision');
SELECT trigger_is('isms', 'decision', 'decision_10_fill', 'isms', 'decision_before_insert', 'decision_10_fill calls isms.decision_before_insert()');
SELECT has_trigger('isms', 'decision', 'decision_20_check', 'trigger decision_20_check on isms.decision');
SELECT trigger_is('isms', 'decision', 'decision_20_check', 'isms', 'decision_after_insert', 'decision_20_check calls isms.decision_after_insert()');
SELECT has_trigger('isms', 'decision', 'decision_log_1', 'trigger decision_log_1 on isms.decision (LOG-1)');
SELECT trigger_is('isms', 'decision', 'decision_log_1', 'isms', 'decision_immutable', 'decision_log_1 calls isms.decision_immutable()');
SELECT has_trigger('isms', 'audit', 'audit_update', 'trigger audit_update on isms.audit');
SELECT trigger_is('isms', 'audit', 'audit_update', 'isms', 'audit_after_change', 'audit_update calls isms.audit_after_change()');
SELECT has_trigger('isms', 'audit', 'audit_delete', 'trigger audit_delete on isms.audit');
SELECT trigger_is('isms', 'audit', 'audit_delete', 'isms', 'audit_after_change', 'audit_delete calls isms.audit_after_change()');
SELECT has_trigger('isms', 'certificate', 'certificate_guard', 'trigger certificate_guard on isms.certificate');
SELECT trigger_is('isms', 'certificate', 'certificate_guard', 'isms', 'certificate_guard', 'certificate_guard calls isms.certificate_guard()');
SELECT has_trigger('isms', 'accreditation', 'accreditation_cover', 'constraint trigger accreditation_cover on isms.accreditation (ACC-1)');
SELECT trigger_is('isms', 'accreditation', 'accreditation_cover', 'isms', 'accreditation_after_change', 'accreditation_cover calls isms.accreditation_after_change()');
SELECT has_trigger('isms', 'scheme', 'scheme_shipped', 'trigger scheme_shipped on isms.scheme');
SELECT trigger_is('isms', 'scheme', 'scheme_shipped', 'isms', 'reference_guard', 'scheme_shipped calls isms.reference_guard()');
SELECT has_trigger('isms', 'standard', 'standard_shipped', 'trigger standard_shipped on isms.standard');
SELECT trigger_is('isms', 'audit', 'audit_truncate', 'isms', 'no_truncate', 'audit_truncate calls isms.no_truncate()');
SELECT trigger_is('isms', 'accreditation', 'accreditation_truncate', 'isms', 'no_truncate', 'accreditation_truncate calls isms.no_truncate()');
SELECT trigger_is('isms', 'standard', 'standard_shipped', 'isms', 'reference_guard', 'standard_shipped calls isms.reference_guard()');
SELECT trigger_is('isms', 'audit', 'audit_rules_insert', 'isms', 'audit_rules_check', 'audit_rules_insert calls isms.audit_rules_check() (ACC-4, TIME-2, TRN-4)');
SELECT trigger_is('isms', 'audit', 'audit_rules_update', 'isms', 'audit_rules_check', 'audit_rules_update calls isms.audit_rules_check() (ACC-4, TIME-2, TRN-4)');
SELECT trigger_is('isms', 'audit', 'audit_rules_delete', 'isms', 'audit_rules_check', 'audit_rules_delete calls isms.audit_rules_check() (TIME-2, TRN-4)');
SELECT trigger_is('isms', 'auditor_registration', 'auditor_registration_cover', 'isms', 'auditor_registration_after_change', 'auditor_registration_cover calls isms.auditor_registration_after_change() (ACC-4)');
SELECT trigger_is('isms', 'auditor_registration', 'auditor_registration_truncate', 'isms', 'no_truncate', 'auditor_registration_truncate calls isms.no_truncate()');
-- one TRUNCATE guard, with one message: every table of isms has a BEFORE
-- TRUNCATE trigger calling isms.no_truncate(), isms.decision aside (LOG-1)
SELECT results_eq(
    $$SELECT c.relname::text COLLATE "C",
             string_agg(p.proname::text, ',' ORDER BY t.tgname) COLLATE "C"
        FROM pg_class c
        LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgtype & 32 <> 0 AND t.tgtype & 2 <> 0
        LEFT JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE c.relnamespace = 'isms'::regnamespace AND c.relkind = 'r'
         AND coalesce(p.proname::text, '') <> 'no_truncate'
       GROUP BY c.relname ORDER BY 1$$,
    $$VALUES ('decision'::text COLLATE "C", 'decision_immutable'::text COLLATE "C")$$,
    'every table of isms but isms.decision is guarded against TRUNCATE by isms.no_truncate() alone');
SELECT trigger_is('isms', 'audit_time', 'audit_time_shipped', 'isms', 'reference_guard', 'audit_time_shipped calls isms.reference_guard()');
SELECT trigger_is('isms', 'audit_time', 'audit_time_rising', 'isms', 'audit_time_check', 'audit_time_rising calls isms.audit_time_check() (TIME-1)');

-- Timing, level, events and transition tables of every trigger of the
-- extension's tables (tgtype bits: 1 row, 2 before, 4 insert, 8 delete,
-- 16 update, 32 truncate, 64 instead).
SELECT results_eq(
    $$SELECT c.relname::text COLLATE "default", t.tgname::text COLLATE "default",
             CASE WHEN t.tgtype & 2 <> 0 THEN 'BEFORE' ELSE 'AFTER' END,
             CASE WHEN t.tgtype & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END,
             concat_ws(' OR ',
                       CASE WHEN t.tgtype & 4 <> 0 THEN 'INSERT' END,
                       CASE WHEN t.tgtype & 16 <> 0 THEN 'UPDATE' END,
                       CASE WHEN t.tgtype & 8 <> 0 THEN 'DELETE' END,
                       CASE WHEN t.tgtype & 32 <> 0 THEN 'TRUNCATE' END),
             coalesce(t.tgoldtable::text, '-') COLLATE "default", coalesce(t.tgnewtable::text, '-') COLLATE "default",
             t.tgenabled::text
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relnamespace = 'isms'::regnamespace AND NOT t.tgisinternal
       ORDER BY 1, 2$$,
    $$VALUES
        ('accreditation', 'accreditation_cover', 'AFTER', 'ROW', 'UPDATE OR DELETE', '-', '-', 'O'),
        ('accreditation', 'accreditation_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('accreditation_body', 'accreditation_body_cover', 'AFTER', 'ROW', 'UPDATE', '-', '-', 'O'),
        ('accreditation_body', 'accreditation_body_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('audit', 'audit_05_rls_links', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('audit', 'audit_delete', 'AFTER', 'STATEMENT', 'DELETE', 'old_audits', '-', 'O'),
        ('audit', 'audit_rules_delete', 'AFTER', 'STATEMENT', 'DELETE', 'old_audits', '-', 'O'),
        ('audit', 'audit_rules_insert', 'AFTER', 'STATEMENT', 'INSERT', '-', 'new_audits', 'O'),
        ('audit', 'audit_rules_update', 'AFTER', 'STATEMENT', 'UPDATE', 'old_audits', 'new_audits', 'O'),
        ('audit', 'audit_stored_insert', 'AFTER', 'STATEMENT', 'INSERT', '-', 'new_audits', 'O'),
        ('audit', 'audit_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('audit', 'audit_update', 'AFTER', 'STATEMENT', 'UPDATE', 'old_audits', 'new_audits', 'O'),
        ('audit_time', 'audit_time_progression', 'AFTER', 'STATEMENT', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('audit_time', 'audit_time_rising', 'AFTER', 'STATEMENT', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('audit_time', 'audit_time_shipped', 'BEFORE', 'ROW', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('audit_time', 'audit_time_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('auditor', 'auditor_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('auditor_registration', 'auditor_registration_cover', 'AFTER', 'ROW', 'UPDATE OR DELETE', '-', '-', 'O'),
        ('auditor_registration', 'auditor_registration_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('certificate', 'ADD-7', 'AFTER', 'ROW', 'UPDATE', '-', '-', 'O'),
        ('certificate', 'certificate_05_rls_changes', 'BEFORE', 'ROW', 'UPDATE', '-', '-', 'O'),
        ('certificate', 'certificate_05_rls_links', 'BEFORE', 'ROW', 'INSERT', '-', '-', 'O'),
        ('certificate', 'certificate_guard', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('certificate', 'certificate_links', 'AFTER', 'ROW', 'INSERT', '-', '-', 'O'),
        ('certificate', 'certificate_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('certificate_dates', 'certificate_dates_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('certificate_site', 'certificate_site_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('certification_body', 'certification_body_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('change_commit', 'change_commit_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('change_event', 'change_event_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('control', 'control_shipped', 'BEFORE', 'ROW', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('control', 'control_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('decision', 'decision_05_rls_links', 'BEFORE', 'ROW', 'INSERT', '-', '-', 'O'),
        ('decision', 'decision_10_fill', 'BEFORE', 'ROW', 'INSERT', '-', '-', 'O'),
        ('decision', 'decision_20_check', 'AFTER', 'STATEMENT', 'INSERT', '-', 'new_decisions', 'O'),
        ('decision', 'decision_log_1', 'BEFORE', 'STATEMENT', 'UPDATE OR DELETE OR TRUNCATE', '-', '-', 'O'),
        ('edition_transition', 'edition_transition_changed', 'AFTER', 'STATEMENT', 'INSERT OR UPDATE OR DELETE OR TRUNCATE', '-', '-', 'O'),
        ('edition_transition', 'edition_transition_changed_at', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('edition_transition', 'edition_transition_shipped', 'BEFORE', 'ROW', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('edition_transition', 'edition_transition_statuses', 'AFTER', 'ROW', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('edition_transition', 'edition_transition_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('import_error', 'import_error_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('import_run', 'import_run_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('organisation', 'organisation_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('organisation', 'organisation_updated', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('personnel_body', 'personnel_body_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('register_confirmation', 'register_confirmation_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('registry_role', 'registry_role_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('scheme', 'scheme_changed_at', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('scheme', 'scheme_shipped', 'BEFORE', 'ROW', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('scheme', 'scheme_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('scheme_setting', 'scheme_setting_changed_at', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('scheme_setting', 'scheme_setting_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('site', 'site_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('site', 'site_updated', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('standard', 'standard_changed', 'AFTER', 'STATEMENT', 'INSERT OR UPDATE OR DELETE OR TRUNCATE', '-', '-', 'O'),
        ('standard', 'standard_changed_at', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('standard', 'standard_shipped', 'BEFORE', 'ROW', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('standard', 'standard_statuses', 'AFTER', 'ROW', 'INSERT OR UPDATE OR DELETE', '-', '-', 'O'),
        ('standard', 'standard_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('sweep_run', 'sweep_run_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O'),
        ('watchlist', 'watchlist_resolve', 'BEFORE', 'ROW', 'INSERT OR UPDATE', '-', '-', 'O'),
        ('watchlist', 'watchlist_truncate', 'BEFORE', 'STATEMENT', 'TRUNCATE', '-', '-', 'O')$$,
    'every trigger of isms has the documented timing, level, events and transition tables, and is enabled');

/* ------------------------------------------------------------------
 * Operator classes and operators of isms.cert_status
 * ------------------------------------------------------------------ */
SELECT has_opclass('isms', 'cert_status_ops', 'operator class isms.cert_status_ops exists');
SELECT has_opclass('isms', 'cert_status_hash_ops', 'operator class isms.cert_status_hash_ops exists');
SELECT results_eq(
    $$SELECT oc.opcname::text COLLATE "default", am.amname::text COLLATE "default", oc.opcdefault, format_type(oc.opcintype, NULL)
        FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
       WHERE oc.opcnamespace = 'isms'::regnamespace AND oc.opcintype = 'isms.cert_status'::regtype ORDER BY 1$$,
    $$VALUES ('cert_status_hash_ops', 'hash', true, 'isms.cert_status'),
             ('cert_status_ops', 'btree', true, 'isms.cert_status')$$,
    'cert_status_ops (btree) and cert_status_hash_ops (hash) are the default classes for isms.cert_status');

SELECT has_operator('isms.cert_status', 'pg_catalog', '=',  'isms.cert_status', 'boolean', 'operator pg_catalog.= (cert_status, cert_status) exists');
SELECT has_operator('isms.cert_status', 'pg_catalog', '<>', 'isms.cert_status', 'boolean', 'operator pg_catalog.<> (cert_status, cert_status) exists');
SELECT has_operator('isms.cert_status', 'pg_catalog', '<',  'isms.cert_status', 'boolean', 'operator pg_catalog.< (cert_status, cert_status) exists');
SELECT has_operator('isms.cert_status', 'pg_catalog', '<=', 'isms.cert_status', 'boolean', 'operator pg_catalog.<= (cert_status, cert_status) exists');
SELECT has_operator('isms.cert_status', 'pg_catalog', '>',  'isms.cert_status', 'boolean', 'operator pg_catalog.> (cert_status, cert_status) exists');
SELECT has_operator('isms.cert_status', 'pg_catalog', '>=', 'isms.cert_status', 'boolean', 'operator pg_catalog.>= (cert_status, cert_status) exists');
SELECT results_eq(
    $$SELECT o.oprname::text COLLATE "default", o.oprcanhash, o.oprcanmerge,
             coalesce(com.oprname::text, '-') COLLATE "default", coalesce(neg.oprname::text, '-') COLLATE "default"
        FROM pg_operator o
        LEFT JOIN pg_operator com ON com.oid = o.oprcom
        LEFT JOIN pg_operator neg ON neg.oid = o.oprnegate
       WHERE o.oprleft = 'isms.cert_status'::regtype
       ORDER BY 1$$,
    $$VALUES ('<', false, false, '>', '>='),
             ('<=', false, false, '>=', '>'),
             ('<>', false, false, '<>', '='),
             ('=', true, true, '=', '<>'),
             ('>', false, false, '<', '<='),
             ('>=', false, false, '<=', '<')$$,
    'the six operators have their commutators and negators; = hashes and merges');

/* ------------------------------------------------------------------
 * Every object of the extension has a COMMENT
 * ------------------------------------------------------------------
 * Members are found through pg_depend (deptype 'e'); columns and
 * constraints through the member tables.  Each query lists the objects
 * lacking a comment (NULL when there are none), so a failure names them.
 */
CREATE TEMP VIEW t01_member AS
SELECT d.classid, d.objid
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND e.extname = 'isms';

CREATE TEMP VIEW t01_member_table AS
SELECT c.oid, c.relname
  FROM pg_class c JOIN t01_member m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f');

-- the queries see the objects they should (guards against a vacuous pass)
SELECT results_eq(
    $$SELECT (SELECT count(*) FROM t01_member_table)::int,
             (SELECT count(*) FROM pg_type t JOIN t01_member m
                  ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
               WHERE t.typrelid = 0 AND NOT EXISTS (SELECT 1 FROM pg_type a WHERE a.typarray = t.oid))::int,
             (SELECT count(*) FROM pg_operator o JOIN t01_member m
                  ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid)::int,
             (SELECT count(*) FROM pg_opclass o JOIN t01_member m
                  ON m.classid = 'pg_opclass'::regclass AND m.objid = o.oid)::int,
             (SELECT count(*) FROM pg_proc p JOIN t01_member m
                  ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid) > 0$$,
    $$VALUES (38, 11, 25, 7, true)$$,
    'the extension owns 27 tables and 11 views, 11 types (4 of them domains), 25 operators, 7 operator classes and some functions');

SELECT is(
    (SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY 1)
       FROM pg_proc p JOIN t01_member m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
      WHERE obj_description(p.oid, 'pg_proc') IS NULL),
    NULL, 'every function of the extension has a comment');
SELECT is(
    (SELECT string_agg(t.relname::text, ', ' ORDER BY 1)
       FROM t01_member_table t
      WHERE obj_description(t.oid, 'pg_class') IS NULL),
    NULL, 'every table of the extension has a comment');
SELECT is(
    (SELECT string_agg(t.relname || '.' || a.attname, ', ' ORDER BY 1)
       FROM t01_member_table t
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE col_description(t.oid, a.attnum) IS NULL),
    NULL, 'every column of the extension''s tables has a comment');
SELECT is(
    (SELECT string_agg(format_type(t.oid, NULL), ', ' ORDER BY 1)
       FROM pg_type t JOIN t01_member m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
      WHERE t.typrelid = 0                                   -- not a table row type
        AND NOT EXISTS (SELECT 1 FROM pg_type a WHERE a.typarray = t.oid)  -- not an array type
        AND obj_description(t.oid, 'pg_type') IS NULL),
    NULL, 'every type of the extension has a comment');
SELECT is(
    (SELECT string_agg(o.oid::regoperator::text, ', ' ORDER BY 1)
       FROM pg_operator o JOIN t01_member m ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid
      WHERE obj_description(o.oid, 'pg_operator') IS NULL),
    NULL, 'every operator of the extension has a comment');
SELECT is(
    (SELECT string_agg(o.opcname::text, ', ' ORDER BY 1)
       FROM pg_opclass o JOIN t01_member m ON m.classid = 'pg_opclass'::regclass AND m.objid = o.oid
      WHERE obj_description(o.oid, 'pg_opclass') IS NULL),
    NULL, 'every operator class of the extension has a comment');
-- Constraints given a name in the install script (rule IDs and others);
-- the names PostgreSQL generates (<table>_pkey, _key, _fkey, _check,
-- _excl) are left out, and so are NOT NULL constraints, which PostgreSQL
-- 18 records in pg_constraint (<table>_<column>_not_null).
SELECT is(
    (SELECT string_agg(t.relname || '."' || c.conname || '"', ', ' ORDER BY 1)
       FROM t01_member_table t JOIN pg_constraint c ON c.conrelid = t.oid
      WHERE c.conname !~ '_(pkey|key|fkey|check|excl)[0-9]*$'
        AND c.contype <> 'n'
        AND obj_description(c.oid, 'pg_constraint') IS NULL),
    NULL, 'every named constraint of the extension''s tables has a comment');

/* ------------------------------------------------------------------
 * Surfaces for readers: plain column types, privileges of the reader
 * ------------------------------------------------------------------ */
SELECT is(
    (SELECT string_agg(c.oid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY 1)
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
      WHERE c.relnamespace IN ('isms_bi'::regnamespace, 'isms_public'::regnamespace)
        AND a.atttypid NOT IN ('text'::regtype, 'date'::regtype, 'integer'::regtype, 'bigint'::regtype,
                               'numeric'::regtype, 'boolean'::regtype, 'timestamptz'::regtype)),
    NULL, 'every column of the isms_bi and isms_public views is text, date, integer, bigint, numeric, boolean or timestamptz');
SELECT is(
    (SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY 1)
       FROM pg_class c
      WHERE c.relnamespace = 'isms_bi'::regnamespace AND c.relkind = 'v'
        AND (coalesce(c.reloptions, '{}') @> '{security_invoker=true}'
             OR NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
                             JOIN pg_proc p ON p.oid = d.refobjid
                            WHERE w.ev_class = c.oid AND d.classid = 'pg_rewrite'::regclass
                              AND d.refclassid = 'pg_proc'::regclass
                              AND p.pronamespace = 'isms_bi'::regnamespace AND p.prosecdef))),
    NULL, 'every view of isms_bi selects from a SECURITY DEFINER row function of isms_bi (the BI reader reads no table of isms)');
SELECT is(
    (SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY 1)
       FROM pg_proc p
      WHERE p.pronamespace = 'isms_bi'::regnamespace
        AND (NOT p.prosecdef OR has_function_privilege('public', p.oid, 'EXECUTE'))),
    NULL, 'every function of isms_bi is SECURITY DEFINER and not executable by PUBLIC');

SELECT * FROM finish();
ROLLBACK;
