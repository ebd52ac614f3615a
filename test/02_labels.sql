-- 02_labels: volatility, strictness, parallel safety (and leakproofness)
-- of EVERY function of the isms extension, against the explicit list
-- below.  A function added to the extension without a row here fails the
-- count and set tests; a changed label fails its row's test.
--   IMMUTABLE PARALLEL SAFE: type I/O, comparison, hash, labels,
--     transitions, latest_expiry(kind, ...), cycle_programme,
--     restoration_window(date, int): pure functions of their arguments.
--   STABLE PARALLEL SAFE: functions that read the registry tables.
--   VOLATILE PARALLEL UNSAFE: the sweep and the trigger functions (write).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;
\ir helpers/common.psql
-- Signatures are compared as regprocedure text with isms outside the
-- search path, so every isms type and function prints schema-qualified.
SET LOCAL search_path = public;

SELECT plan(511);

CREATE TEMP TABLE t02_expected (
    signature text PRIMARY KEY,
    volatility text NOT NULL CHECK (volatility IN ('IMMUTABLE', 'STABLE', 'VOLATILE')),
    strict boolean NOT NULL,
    parallel text NOT NULL CHECK (parallel IN ('SAFE', 'RESTRICTED', 'UNSAFE')),
    leakproof boolean NOT NULL
);

INSERT INTO t02_expected VALUES
    -- type I/O of isms.cert_status
    ('isms.cert_status_in(cstring)',                                         'IMMUTABLE', true,  'SAFE', false),
    ('isms.cert_status_out(isms.cert_status)',                               'IMMUTABLE', true,  'SAFE', false),
    ('isms.cert_status_recv(internal)',                                      'IMMUTABLE', true,  'SAFE', false),
    ('isms.cert_status_send(isms.cert_status)',                              'IMMUTABLE', true,  'SAFE', false),
    -- comparison and hash support (built-in "char" code: leakproof)
    ('isms.cert_status_eq(isms.cert_status,isms.cert_status)',               'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_ne(isms.cert_status,isms.cert_status)',               'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_lt(isms.cert_status,isms.cert_status)',               'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_le(isms.cert_status,isms.cert_status)',               'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_gt(isms.cert_status,isms.cert_status)',               'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_ge(isms.cert_status,isms.cert_status)',               'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_cmp(isms.cert_status,isms.cert_status)',              'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_hash(isms.cert_status)',                              'IMMUTABLE', true,  'SAFE', true),
    ('isms.cert_status_hash_extended(isms.cert_status,bigint)',              'IMMUTABLE', true,  'SAFE', true),
    -- the certification-scope type (I/O, comparison, hash, GIN support, set operators)
    ('isms.scope_cmp(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_contained(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_contains(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_count(isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_elements(isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_eq(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_ge(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_gin_cmp(text,text)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_gin_compare_partial(text,text,smallint,internal)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_gin_consistent(internal,smallint,isms.scope,integer,internal,internal,internal,internal)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_gin_extract_query(isms.scope,internal,smallint,internal,internal,internal,internal)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_gin_extract_value(isms.scope,internal,internal)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_gt(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_hash(isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_hash_extended(isms.scope,bigint)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_in(cstring)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_intersect(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_kinds(isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_le(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_lt(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_minus(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_ne(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.scope_out(isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_overlaps(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_recv(internal)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_send(isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.scope_union(isms.scope,isms.scope)', 'IMMUTABLE', true, 'SAFE', false),
    -- the standard-reference type (I/O, comparison, hash, accessors, max/min)
    ('isms.stdref_eq(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_ne(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_lt(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_le(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_gt(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_ge(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_cmp(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_hash(isms.stdref)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_hash_extended(isms.stdref,bigint)', 'IMMUTABLE', true, 'SAFE', true),
    ('isms.stdref_in(cstring)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.stdref_out(isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.stdref_recv(internal)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.stdref_send(isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.stdref_sortsupport(internal)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.std_number(isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.std_part(isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.std_edition(isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.std_amendments(isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.std_without_edition(isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.std_same_standard(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.stdref_larger(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('isms.stdref_smaller(isms.stdref,isms.stdref)', 'IMMUTABLE', true, 'SAFE', false),
    ('max(isms.stdref)', 'IMMUTABLE', false, 'SAFE', false),
    ('min(isms.stdref)', 'IMMUTABLE', false, 'SAFE', false),
    -- labels and the legal-transition table
    ('isms.status_label(isms.cert_status,text)',                             'IMMUTABLE', true,  'SAFE', false),
    ('isms.is_legal_transition(isms.cert_status,isms.cert_status)',          'IMMUTABLE', true,  'SAFE', false),
    -- (decision kinds are enum labels, read from the catalog: STABLE)
    ('isms.decision_outcome(isms.cert_status,isms.decision_kind)',           'STABLE',    true,  'SAFE', false),
    -- pure date rules (not strict: NULL arguments have a meaning)
    ('isms.latest_expiry(isms.decision_kind,date,date,integer,integer)',     'STABLE',    false, 'SAFE', false),
    ('isms.cycle_programme(date,date,boolean,date,integer)',                 'IMMUTABLE', false, 'SAFE', false),
    ('isms.restoration_window(date,integer)',                                'IMMUTABLE', true,  'SAFE', false),
    -- SMP-1 sampling: integer arithmetic on its arguments
    ('isms.sample_size(integer,text,boolean)',                               'IMMUTABLE', true,  'SAFE', false),
    -- the register's today: a setting and the transaction's start
    ('isms.today()',                                                         'STABLE',    false, 'SAFE', false),
    -- readers of the registry tables
    ('isms.cert_latest_expiry(bigint,isms.decision_kind,date)',              'STABLE',    true,  'SAFE', false),
    ('isms.audit_programme(bigint,date)',                                    'STABLE',    true,  'SAFE', false),
    ('isms.cert_restoration_window(bigint)',                                 'STABLE',    true,  'SAFE', false),
    ('isms.status_at(bigint,date)',                                          'STABLE',    true,  'SAFE', false),
    ('isms.valid_periods(bigint)',                                           'STABLE',    true,  'SAFE', false),
    ('isms.timeline(bigint)',                                                'STABLE',    true,  'SAFE', false),
    ('isms.std_canonical(isms.stdref)',                                             'STABLE',    true,  'SAFE', false),
    -- TIME-1 reads isms.audit_time (not strict: NULL persons give NULL, a bad kind still raises)
    ('isms.audit_days(integer,text,isms.stdref,text)',                       'STABLE',    false, 'SAFE', false),
    ('isms.cert_accreditation(bigint,date)',                                 'STABLE',    true,  'SAFE', false),
    -- writers
    ('isms.sweep(date)',                                                     'VOLATILE',  true,  'UNSAFE', false),
    ('isms.decision_before_insert()',                                        'VOLATILE',  false, 'UNSAFE', false),
    ('isms.decision_after_insert()',                                         'VOLATILE',  false, 'UNSAFE', false),
    ('isms.decision_immutable()',                                            'VOLATILE',  false, 'UNSAFE', false),
    ('isms.audit_after_change()',                                            'VOLATILE',  false, 'UNSAFE', false),
    ('isms.certificate_guard()',                                             'VOLATILE',  false, 'UNSAFE', false),
    ('isms.certificate_links()',                                             'VOLATILE',  false, 'UNSAFE', false),
    ('isms.accreditation_after_change()',                                    'VOLATILE',  false, 'UNSAFE', false),
    ('isms.accreditation_body_after_change()',                               'VOLATILE',  false, 'UNSAFE', false),
    ('isms.reference_guard()',                                               'VOLATILE',  false, 'UNSAFE', false),
    ('isms.no_truncate()',                                                   'VOLATILE',  false, 'UNSAFE', false),
    ('isms.reference_changed()',                                             'VOLATILE',  false, 'UNSAFE', false),
    ('isms.effective_scope(bigint)',                                         'STABLE',    true,  'SAFE', false),
    ('isms.addon_check()',                                                   'VOLATILE',  false, 'UNSAFE', false),
    ('isms.audit_rules_check()',                                             'VOLATILE',  false, 'UNSAFE', false),
    ('isms.auditor_registration_after_change()',                             'VOLATILE',  false, 'UNSAFE', false),
    ('isms.audit_time_check()',                                              'VOLATILE',  false, 'UNSAFE', false),
    -- roles and row-level security: readers of isms.registry_role and the catalog
    ('isms.acts_as(text)',                                                   'STABLE',    true,  'SAFE', false),
    ('isms.acting_cbs()',                                                    'STABLE',    false, 'SAFE', false),
    ('isms.acting_cb()',                                                     'STABLE',    false, 'SAFE', false),
    ('isms.dangerous_grants()',                                              'STABLE',    false, 'SAFE', false),
    -- ... and the writers: setup and triggers
    ('isms.setup_roles(text)',                                               'VOLATILE',  false, 'UNSAFE', false),
    ('isms.setup_cb_writer(text,text,text)',                                 'VOLATILE',  false, 'UNSAFE', false),
    ('isms.rls_links()',                                                     'VOLATILE',  false, 'UNSAFE', false),
    ('isms.refresh(bigint[])',                                               'VOLATILE',  true,  'UNSAFE', false),
    ('isms.watchlist_resolve()',                                             'VOLATILE',  false, 'UNSAFE', false),
    -- the change feed: readers (row-level security picks the events), pruning
    ('isms.events_after(bigint,integer)',                                    'STABLE',    true,  'SAFE', false),
    ('isms.watched_events_after(bigint,integer)',                            'STABLE',    true,  'SAFE', false),
    ('isms.watched_certificates()',                                          'STABLE',    false, 'SAFE', false),
    ('isms.base_of(bigint[])',                                               'STABLE',    true,  'SAFE', false),
    ('isms.latest_seq()',                                                    'STABLE',    false, 'SAFE', false),
    ('isms.prune_events(bigint)',                                            'VOLATILE',  true,  'UNSAFE', false),
    ('isms.prune_events(interval)',                                          'VOLATILE',  true,  'UNSAFE', false),
    ('isms.reference_statuses()',                                            'VOLATILE',  false, 'UNSAFE', false),
    ('isms.ddl_guard()',                                                     'VOLATILE',  false, 'UNSAFE', false),
    ('isms.audit_time_progression()',                                        'VOLATILE',  false, 'UNSAFE', false),
    -- lookups by what people know: folding is a pure function of the text
    -- (the database encoding never changes); the rest read the registry
    ('isms.fold_text(text)',                                                 'IMMUTABLE', true,  'SAFE', false),
    ('isms.number_key(text)',                                                'IMMUTABLE', true,  'SAFE', false),
    ('isms.certificate_id(text,text)',                                       'STABLE',    true,  'SAFE', false),
    ('isms.find_certificates(text)',                                         'STABLE',    true,  'SAFE', false),
    ('isms.find_organisations(text,integer)',                                'STABLE',    true,  'SAFE', false),
    ('isms.status_at(text,text,date)',                                       'STABLE',    true,  'SAFE', false),
    ('isms.valid_periods(text,text)',                                        'STABLE',    true,  'SAFE', false),
    ('isms.timeline(text,text)',                                             'STABLE',    true,  'SAFE', false),
    ('isms.audit_programme(text,text,date)',                                 'STABLE',    true,  'SAFE', false),
    ('isms.effective_scope(text,text)',                                      'STABLE',    true,  'SAFE', false),
    ('isms.cert_latest_expiry(text,text,isms.decision_kind,date)',           'STABLE',    true,  'SAFE', false),
    ('isms.cert_restoration_window(text,text)',                              'STABLE',    true,  'SAFE', false),
    ('isms.cert_accreditation(text,text,date)',                              'STABLE',    true,  'SAFE', false),
    ('isms.status_today(isms.certificate)',                                  'STABLE',    true,  'SAFE', false),
    ('isms.touch_updated_at()',                                              'VOLATILE',  false, 'UNSAFE', false),
    -- surfaces: the CertSearch delta, the BI and public readers (no arguments: not strict)
    ('isms_bi.certsearch_changed_since(timestamp with time zone)',           'STABLE',    true,  'SAFE', false),
    ('isms_bi.certificate_rows()',                                            'STABLE',    false, 'SAFE', false),
    ('isms_bi.validity_period_rows()',                                        'STABLE',    false, 'SAFE', false),
    ('isms_bi.obligation_rows()',                                             'STABLE',    false, 'SAFE', false),
    ('isms_bi.expiring_rows()',                                               'STABLE',    false, 'SAFE', false),
    ('isms_bi.long_suspension_rows()',                                        'STABLE',    false, 'SAFE', false),
    ('isms_bi.monthly_status_count_rows()',                                   'STABLE',    false, 'SAFE', false),
    ('isms_bi.register_update_rows()',                                        'STABLE',    false, 'SAFE', false),
    ('isms_bi.certsearch_rows()',                                             'STABLE',    false, 'SAFE', false),
    ('isms_public.register_rows()',                                          'STABLE',    false, 'SAFE', false),
    ('isms_public.verify(text,text,date)',                                   'STABLE',    true,  'SAFE', false),
    -- PUB-3: the readers as known at a moment
    ('isms.state_at(bigint,date,timestamp with time zone)',                  'STABLE',    true,  'SAFE', false),
    ('isms.valid_periods(bigint,timestamp with time zone)',                  'STABLE',    true,  'SAFE', false),
    ('isms.timeline(bigint,timestamp with time zone)',                       'STABLE',    true,  'SAFE', false),
    ('isms.status_at(text,text,date,timestamp with time zone)',              'STABLE',    true,  'SAFE', false),
    ('isms.valid_periods(text,text,timestamp with time zone)',               'STABLE',    true,  'SAFE', false),
    ('isms.timeline(text,text,timestamp with time zone)',                    'STABLE',    true,  'SAFE', false),
    ('isms.reference_changed_since(timestamp with time zone)',               'STABLE',    true,  'SAFE', false),
    ('isms.touch_changed_at()',                                              'VOLATILE',  false, 'UNSAFE', false),
    ('isms_public.verify(text,text,date,timestamp with time zone)',          'STABLE',    true,  'SAFE', false),
    ('isms_public.certification_body_rows()',                                'STABLE',    false, 'SAFE', false),
    -- tamper evidence: the hash chain's encoding (a NULL argument is encoded,
    -- not skipped: not strict), its verification and the public receipts
    ('isms.chain_field(bytea)',                                              'IMMUTABLE', false, 'SAFE', false),
    ('isms.chain_text(text)',                                                'STABLE',    false, 'SAFE', false),
    ('isms.decision_hash(isms.decision,bytea)',                              'STABLE',    false, 'SAFE', false),
    ('isms.verify_chains()',                                                 'STABLE',    false, 'SAFE', false),
    ('isms.verify_chain(bigint)',                                            'STABLE',    true,  'SAFE', false),
    ('isms.seal_chains()',                                                   'VOLATILE',  false, 'UNSAFE', false),
    ('isms_public.chain_receipt(text,text)',                                 'STABLE',    true,  'SAFE', false),
    ('isms_public.check_receipt(text,text,text)',                            'STABLE',    true,  'SAFE', false),
    -- operations: a restore is recognised by the session's settings and its
    -- statement (current_query(), VOLATILE, PARALLEL RESTRICTED); the event
    -- trigger function of the DROP guard
    ('isms.restoring()',                                                     'VOLATILE',  false, 'RESTRICTED', false),
    ('isms.drop_guard()',                                                    'VOLATILE',  false, 'UNSAFE', false),
    -- imports with per-row errors and dry runs: the CSV reader and the
    -- reader of a date (by its parts, not by DateStyle) are pure functions
    -- of their text; the imports and the tried decision write
    ('isms.csv_rows(text)',                                                  'IMMUTABLE', true,  'SAFE', false),
    ('isms.import_date(text)',                                               'IMMUTABLE', true,  'SAFE', false),
    ('isms.import_decisions(text,boolean)',                                  'VOLATILE',  true,  'UNSAFE', false),
    ('isms.import_certsearch(text,text,date,boolean)',                       'VOLATILE',  false, 'UNSAFE', false),
    ('isms.try_decision(bigint,isms.decision_kind,date,date,date,text,isms.scope,isms.stdref,text,bigint,date,date,isms.cert_status,date)', 'VOLATILE', false, 'UNSAFE', false);

-- The functions of the extension, from pg_depend.
CREATE TEMP VIEW t02_actual AS
SELECT p.oid::regprocedure::text AS signature,
       CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END AS volatility,
       p.proisstrict AS strict,
       CASE p.proparallel WHEN 's' THEN 'SAFE' WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END AS parallel,
       p.proleakproof AS leakproof,
       p.prorettype IN ('trigger'::regtype, 'event_trigger'::regtype) AS is_trigger
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
  JOIN pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND e.extname = 'isms';

SELECT is((SELECT count(*)::int FROM t02_actual),
          (SELECT count(*)::int FROM t02_expected),
          'the extension has exactly as many functions as the expected list (168)');
SELECT is((SELECT count(*)::int FROM t02_expected), 168, 'the expected list has 168 functions');

SELECT set_eq(
    'SELECT signature FROM t02_actual',
    'SELECT signature FROM t02_expected',
    'the functions of the extension are exactly the expected ones');

-- One test per function and property.  A function missing from the
-- extension shows up as NULL here.
SELECT is(a.volatility, x.volatility, x.signature || ' is ' || x.volatility)
  FROM t02_expected x LEFT JOIN t02_actual a USING (signature)
 ORDER BY x.signature;

SELECT is(a.strict, x.strict,
          x.signature || CASE WHEN x.strict THEN ' is STRICT' ELSE ' is not STRICT' END)
  FROM t02_expected x LEFT JOIN t02_actual a USING (signature)
 ORDER BY x.signature;

SELECT is(a.parallel, x.parallel, x.signature || ' is PARALLEL ' || x.parallel)
  FROM t02_expected x LEFT JOIN t02_actual a USING (signature)
 ORDER BY x.signature;

SELECT set_eq(
    'SELECT signature FROM t02_actual WHERE leakproof',
    'SELECT signature FROM t02_expected WHERE leakproof',
    'exactly the comparison and hash support functions are LEAKPROOF');

-- Cross-checks by category, independent of the list.
SELECT is(
    (SELECT string_agg(signature, ', ' ORDER BY signature) FROM t02_actual
      WHERE is_trigger AND (volatility, parallel) <> ('VOLATILE', 'UNSAFE')),
    NULL, 'every trigger function is VOLATILE PARALLEL UNSAFE');
SELECT is(
    (SELECT string_agg(signature, ', ' ORDER BY signature) FROM t02_actual
      WHERE volatility = 'IMMUTABLE' AND parallel <> 'SAFE'),
    NULL, 'every IMMUTABLE function is PARALLEL SAFE');
SELECT is(
    (SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY 1)
       FROM pg_proc p JOIN t02_actual a ON a.signature = p.oid::regprocedure::text
      WHERE p.prosecdef
        AND NOT coalesce(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']),
    NULL, 'every SECURITY DEFINER function sets search_path = pg_catalog, pg_temp');

SELECT * FROM finish();
ROLLBACK;
