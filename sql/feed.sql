-- feed: the change feed (doc/feed.md): one event per certificate whose
-- stored status, expiry or scope changed, whatever the cause; feed
-- positions per committed transaction; watchlists and who reads what;
-- pruning; the sweep's log.  Leaves no role behind.
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default
CREATE SCHEMA feed;
SELECT regress.fixture('feed', 'FEED');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, s.scheme, '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b, (VALUES ('ISMS'), ('ISMS-CLOUD')) s(scheme)
WHERE a.code = 'FEED-AB' AND b.code = 'FEED-CB';

-- where this file starts reading the feed
SELECT isms.latest_seq() AS start \gset
-- this file's events after a position; t numbers the transactions
CREATE FUNCTION feed.events(after bigint)
RETURNS TABLE (t bigint, certificate_number text, cause text, old_status isms.cert_status,
               new_status isms.cert_status, old_expiry date, new_expiry date,
               scope_changed boolean, new_scope text, effective_date date)
LANGUAGE sql STABLE AS $$
    SELECT dense_rank() OVER (ORDER BY e.seq), e.certificate_number, e.cause, e.old_status,
           e.new_status, e.old_expiry, e.new_expiry, e.scope_changed, e.new_scope, e.effective_date
    FROM isms.events_after(after) e WHERE e.cb_code = 'FEED-CB'
    ORDER BY e.seq, e.event_id
$$;
-- the events this transaction wrote (positioned only at commit); a change
-- that takes effect on the day the test runs shows 'today'
CREATE FUNCTION feed.pending()
RETURNS TABLE (certificate_number text, cause text, old_status isms.cert_status,
               new_status isms.cert_status, old_expiry date, new_expiry date, effective_date text)
LANGUAGE sql STABLE AS $$
    SELECT e.certificate_number, e.cause, e.old_status, e.new_status, e.old_expiry,
           e.new_expiry, CASE WHEN e.effective_date = isms.today() THEN 'today'
                              ELSE e.effective_date::text END
    FROM isms.change_event e
    WHERE e.xid = pg_current_xact_id() AND e.cb_code = 'FEED-CB'
    ORDER BY e.id
$$;

-- a grant: the audits change no stored status, the grant does
SELECT feed.granted('FEED-1', '2025-01-06');
-- a base and its add-on
SELECT feed.granted('FEED-B', '2025-01-06');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement,
                              base_certificate_id)
SELECT c.cb_id, 'FEED-C', c.organisation_id, 'ISO/IEC 27017:2015', 'Cloud services of FEED-B', c.id
FROM isms.certificate c WHERE c.id = feed.cert('FEED-B');
SELECT feed.audit('FEED-C', 'stage1', '2024-11-07', '2024-11-08');
SELECT feed.audit('FEED-C', 'stage2', '2024-12-09', '2024-12-10');
SELECT feed.decide('FEED-C', 'grant', '2025-01-06', '2028-01-05');
SELECT * FROM feed.events(:start);

-- a suspension, then its annulment (a correction); a scope reduction
SELECT isms.latest_seq() AS mark \gset
SELECT feed.decide('FEED-1', 'suspend', '2026-02-02');
SELECT feed.decide('FEED-1', 'annul', '2026-02-09',
                   corrects => (SELECT max(id) FROM isms.decision WHERE certificate_id = feed.cert('FEED-1')));
SELECT feed.audit('FEED-1', 'surveillance', '2025-11-04', '2025-11-05');
SELECT feed.decide('FEED-1', 'reduce_scope', '2026-03-02', scope => 'Payroll SaaS, Tokyo office only');
-- the base withdrawn: the add-on follows it (ADD-5), in the same transaction
SELECT feed.decide('FEED-B', 'withdraw', '2026-04-01');
SELECT * FROM feed.events(:mark);

-- a bulk load is one position: three grants in one statement
SELECT isms.latest_seq() AS mark \gset
SELECT feed.new_cert(n), feed.audit(n, 'stage1', '2024-11-07', '2024-11-08'),
       feed.audit(n, 'stage2', '2024-12-09', '2024-12-10')
FROM unnest('{FEED-M1,FEED-M2,FEED-M3}'::text[]) n;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
SELECT feed.cert(n), 'grant', '2025-01-06', '2028-01-05'
FROM unnest('{FEED-M1,FEED-M2,FEED-M3}'::text[]) n;
SELECT count(DISTINCT seq) AS positions, count(*) AS events FROM isms.events_after(:mark);
-- a statement that changes no stored status writes no event and no position
SELECT feed.audit('FEED-M1', 'surveillance', '2025-10-06', '2025-10-07');
SELECT isms.latest_seq() = :mark + 1 AS no_new_position;

-- the sweep's date-driven changes (in a transaction rolled back, since a
-- sweep touches every certificate): a stored status made stale by hand
-- (as if written before the days passed), then swept
BEGIN;
SELECT feed.granted('FEED-E', '2022-01-10');                     -- expired 2025-01-10 (REC-2)
SELECT feed.granted('FEED-T', '2022-12-01', std => 'ISO/IEC 27001:2013');  -- 2013 ends 2025-10-31 (TRN-3)
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true);
SELECT feed.granted('FEED-S', '2025-01-06');                     -- no surveillance audit (SUR-3)
SELECT * FROM feed.pending();
SET LOCAL session_replication_role = replica;
UPDATE isms.certificate SET status = 'active' WHERE certificate_number IN ('FEED-E', 'FEED-T');
-- (their derived dates as written then: the sweep is to look at them today)
UPDATE isms.certificate_dates SET next_change = isms.today()
WHERE certificate_id IN (SELECT id FROM isms.certificate WHERE certificate_number IN ('FEED-E', 'FEED-T'));
SET LOCAL session_replication_role = origin;
SELECT count(*) >= 3 AS swept FROM isms.sweep(isms.today());
SELECT * FROM feed.pending();
-- the log of the sweep
SELECT last_as_of = isms.today() AS today, last_changed >= 3 AS changed, stale, warning
FROM isms.sweep_status;
-- a sweep of another day only reports: it stores nothing and is not logged
SELECT count(*) >= 0 AS reported FROM isms.sweep(isms.today() - 2);
SELECT last_as_of = isms.today() AS today FROM isms.sweep_status;
-- a register whose last sweep stored the day before yesterday
INSERT INTO isms.sweep_run (as_of, started_at, changed) VALUES (isms.today() - 2, now(), 0);
SELECT last_as_of = isms.today() - 2 AS two_days_ago, days_behind, stale,
       warning IS NOT NULL AS warns
FROM isms.sweep_status;
ROLLBACK;

/*
 * Who reads what
 */
SELECT count(*) FROM isms.setup_roles('feed_');
SELECT isms.setup_cb_writer('FEED-CB', 'feed_writer', 'feed_');
INSERT INTO isms.certification_body (code, name) VALUES ('FEED-CB2', 'feed second certification body');
SELECT isms.setup_cb_writer('FEED-CB2', 'feed_writer2', 'feed_');
-- an application (a draft add-on of FEED-B): not published
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, base_certificate_id)
SELECT c.cb_id, 'FEED-DRAFT', c.organisation_id, 'ISO/IEC 27017:2015', 'An application', c.id
FROM isms.certificate c WHERE c.id = feed.cert('FEED-B');
SELECT feed.cert('FEED-C') AS addon_id, feed.cert('FEED-B') AS base_id,
       feed.cert('FEED-DRAFT') AS draft_id \gset
CREATE ROLE feed_buyer IN ROLE feed_public;
CREATE ROLE feed_other IN ROLE feed_public;
CREATE ROLE feed_officer IN ROLE feed_accreditation_body;
GRANT USAGE ON SCHEMA regress TO feed_public, feed_cb_writers;   -- regress.try()

-- a relying party watches the add-on: it reads the add-on's events and
-- those of its base, and nothing else
SET ROLE feed_buyer;
INSERT INTO isms.watchlist (cb_code, certificate_number) VALUES ('FEED-CB', 'FEED-C');
SELECT regress.try($$INSERT INTO isms.watchlist (cb_code, certificate_number) VALUES ('FEED-CB', 'FEED-404')$$);
SELECT regress.try($$INSERT INTO isms.watchlist (owner, cb_code, certificate_number) VALUES ('feed_other', 'FEED-CB', 'FEED-1')$$);
SELECT certificate_number, cause, old_status, new_status, effective_date
FROM isms.watched_events_after(0) ORDER BY seq, event_id;
SELECT count(DISTINCT certificate_number) FROM isms.events_after(:start);
SELECT owner, cb_code, certificate_number FROM isms.watchlist;
-- the outbox is written by isms alone
SELECT regress.try($$INSERT INTO isms.change_event (certificate_id, cb_id, cb_code, certificate_number, cause,
    old_status, new_status, scope_changed, effective_date) VALUES (1, 1, 'X', 'X', 'x', 'active', 'active', false, '2026-01-01')$$);
SELECT regress.try($$SELECT isms.prune_events(0::bigint)$$);
-- an application is not found either, as verify does not publish it; nor
-- is its base told (base_of answers for published certificates only)
SELECT regress.try($$INSERT INTO isms.watchlist (cb_code, certificate_number) VALUES ('FEED-CB', 'FEED-DRAFT')$$);
SELECT isms.base_of(ARRAY[:addon_id]::bigint[]) = ARRAY[:base_id]::bigint[] AS published_base,
       isms.base_of(ARRAY[:draft_id]::bigint[]) AS application_base;
-- another relying party sees neither the watchlist nor the events
SET ROLE feed_other;
SELECT count(*) AS watched, (SELECT count(*) FROM isms.watched_events_after(:start)) AS events
FROM isms.watchlist;
-- a certification body's writer: its own certificates' events
SET ROLE feed_writer;
SELECT count(*) > 0 AS own, count(*) FILTER (WHERE cb_code <> 'FEED-CB') AS others
FROM isms.events_after(0);
-- another body's writer reads none of them, a watchlist of its own or not
SET ROLE feed_writer2;
INSERT INTO isms.watchlist (cb_code, certificate_number) VALUES ('FEED-CB', 'FEED-C');
SELECT (SELECT count(*) FROM isms.events_after(0)) AS events,
       (SELECT count(*) FROM isms.change_event) AS rows,
       (SELECT count(*) FROM isms.watched_events_after(0)) AS watched;
DELETE FROM isms.watchlist;
-- the accreditation body: the whole feed; it may prune
SET ROLE feed_officer;
SELECT count(DISTINCT certificate_number) FROM isms.events_after(:start);
SELECT isms.prune_events(:start + 1) > 0 AS pruned;
SELECT min(seq) > :start + 1 AS first_kept FROM isms.events_after(0);
SELECT isms.prune_events(interval '30 days');
RESET ROLE;
SELECT * FROM isms.dangerous_grants();

-- (cleanup) the roles are cluster-wide
DELETE FROM isms.watchlist;
DELETE FROM isms.registry_role WHERE role_name LIKE 'feed\_%';
DROP OWNED BY feed_accreditation_body, feed_cb_writers, feed_bi_reader, feed_public, feed_sweep,
              feed_writer, feed_writer2, feed_buyer, feed_other, feed_officer;
DROP ROLE feed_accreditation_body, feed_cb_writers, feed_bi_reader, feed_public, feed_sweep,
          feed_writer, feed_writer2, feed_buyer, feed_other, feed_officer;
DROP SCHEMA feed CASCADE;
