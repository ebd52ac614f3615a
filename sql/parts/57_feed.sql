/* ====================================================================
 * The change feed: an outbox of the changes of stored status, expiry
 * and scope, one notification per committed transaction, watchlists,
 * and the log of the sweeps (doc/feed.md)
 * ==================================================================== */

/*
 * One row per certificate whose stored status, expiry date or scope
 * changed, whatever changed it.  Written only by isms itself (store.c, in
 * one INSERT per statement that stores derived columns), as the owner of
 * the table: no role is granted to write it.  The transaction that wrote
 * an event is its xid; the event's position in the feed is the seq of
 * that transaction in isms.change_commit, given at commit.
 */
CREATE TABLE isms.change_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    certificate_id bigint NOT NULL,
    cb_id bigint NOT NULL,
    cb_code text NOT NULL,
    certificate_number text NOT NULL,
    cause text NOT NULL,
    old_status isms.cert_status NOT NULL,
    new_status isms.cert_status NOT NULL,
    old_expiry date,
    new_expiry date,
    scope_changed boolean NOT NULL,
    old_scope text,
    new_scope text,
    effective_date date NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX change_event_xid_idx ON isms.change_event (xid);
COMMENT ON TABLE isms.change_event IS
    'The outbox: one event per certificate whose stored status, expiry date or scope changed (a decision, a correction or annulment, an add-on following its base, an audit, the sweep), written by isms in the same transaction; read through isms.events_after() and isms.watched_events_after(); pruned by isms.prune_events()';
COMMENT ON COLUMN isms.change_event.id IS 'Order of the events within their transaction (not the feed position: see isms.change_commit.seq)';
COMMENT ON COLUMN isms.change_event.xid IS 'Transaction that wrote the event; its feed position is isms.change_commit.seq of this transaction';
COMMENT ON COLUMN isms.change_event.certificate_id IS 'Certificate that changed';
COMMENT ON COLUMN isms.change_event.cb_id IS 'Its certification body';
COMMENT ON COLUMN isms.change_event.cb_code IS 'Code of its certification body (watchlists name certificates by it)';
COMMENT ON COLUMN isms.change_event.certificate_number IS 'Its printed number';
COMMENT ON COLUMN isms.change_event.cause IS 'What changed it: decision, correction (an annulment or a correcting decision), base (an add-on following its base, ADD-5), audit, expiry (REC-2), TRN-3 (end of an old edition), SUR-3 (suspended by the sweep for an overdue surveillance audit), refresh (brought up to date by isms.refresh() or after a change of standards or edition transitions)';
COMMENT ON COLUMN isms.change_event.old_status IS 'Stored status before';
COMMENT ON COLUMN isms.change_event.new_status IS 'Stored status after';
COMMENT ON COLUMN isms.change_event.old_expiry IS 'Stored expiry date before (NULL: none)';
COMMENT ON COLUMN isms.change_event.new_expiry IS 'Stored expiry date after (NULL: none)';
COMMENT ON COLUMN isms.change_event.scope_changed IS 'Whether the scope statement or the scope changed';
COMMENT ON COLUMN isms.change_event.old_scope IS 'Scope statement before, when scope_changed';
COMMENT ON COLUMN isms.change_event.new_scope IS 'Scope statement after, when scope_changed';
COMMENT ON COLUMN isms.change_event.effective_date IS 'Day the change takes effect (the decision''s effective date; for an expiry the first day without validity; else the day the store describes)';
COMMENT ON COLUMN isms.change_event.recorded_at IS 'Start of the transaction that wrote it';

/*
 * One row per committed transaction that wrote events, numbered at commit
 * under a lock held until the commit is visible: seq order is commit
 * order, so a reader that has every event up to seq N never later sees one
 * at or below N.
 */
CREATE TABLE isms.change_commit (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid xid8 NOT NULL UNIQUE,
    committed_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
COMMENT ON TABLE isms.change_commit IS
    'The feed positions: one row per committed transaction that wrote events to isms.change_event, numbered at commit in commit order; its seq is the payload of the notification on channel isms_change';
COMMENT ON COLUMN isms.change_commit.seq IS 'Feed position: larger for every later commit, never reused';
COMMENT ON COLUMN isms.change_commit.xid IS 'The transaction, whose events share this position';
COMMENT ON COLUMN isms.change_commit.committed_at IS 'When the position was given, just before the commit';

SELECT pg_catalog.pg_extension_config_dump('isms.change_event', '');
SELECT pg_catalog.pg_extension_config_dump('isms.change_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.change_commit', '');
SELECT pg_catalog.pg_extension_config_dump('isms.change_commit_seq_seq', '');

/*
 * The events after a feed position, oldest first, as many as the caller's
 * row-level security lets it see (isms.change_event policies): the full
 * feed for the accreditation body, the BI reader and the sweep, a
 * certification body's own certificates for its writers, the watched
 * certificates and their bases for a relying party.
 */
CREATE FUNCTION isms.events_after(after_seq bigint, max_commits integer DEFAULT 1000)
    RETURNS TABLE (seq bigint, event_id bigint, certificate_id bigint, cb_code text,
                   certificate_number text, cause text,
                   old_status isms.cert_status, new_status isms.cert_status,
                   old_expiry date, new_expiry date, scope_changed boolean,
                   old_scope text, new_scope text, effective_date date,
                   recorded_at timestamptz)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT k.seq, e.id, e.certificate_id, e.cb_code, e.certificate_number, e.cause,
               e.old_status, e.new_status, e.old_expiry, e.new_expiry, e.scope_changed,
               e.old_scope, e.new_scope, e.effective_date, e.recorded_at
          FROM (SELECT c.seq, c.xid FROM isms.change_commit c
                 WHERE c.seq OPERATOR(pg_catalog.>) events_after.after_seq
                 ORDER BY c.seq LIMIT events_after.max_commits) k
          JOIN isms.change_event e ON e.xid OPERATOR(pg_catalog.=) k.xid
         ORDER BY k.seq, e.id;
    END;
COMMENT ON FUNCTION isms.events_after(bigint, integer) IS
    'The change events committed after feed position after_seq (at most max_commits transactions), in commit order, those the caller may see; a listener keeps the largest seq it has processed and asks again from it';

CREATE FUNCTION isms.latest_seq() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    BEGIN ATOMIC
        SELECT coalesce(pg_catalog.max(c.seq), 0) FROM isms.change_commit c;
    END;
COMMENT ON FUNCTION isms.latest_seq() IS
    'The latest committed feed position (0 when none): where a new listener that wants no history starts';

/*
 * Pruning: events of transactions committed before the position, or, with
 * keep, older than that interval.  A listener that was away longer than
 * the retention must resynchronise from the certificates.
 */
CREATE FUNCTION isms.prune_events(upto_seq bigint)
    RETURNS bigint
    LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        WITH gone AS (
            DELETE FROM isms.change_commit c
             WHERE c.seq OPERATOR(pg_catalog.<=) prune_events.upto_seq
            RETURNING c.xid
        ), ev AS (
            DELETE FROM isms.change_event e USING gone
             WHERE e.xid OPERATOR(pg_catalog.=) gone.xid
            RETURNING 1
        )
        SELECT pg_catalog.count(*) FROM ev;
    END;
COMMENT ON FUNCTION isms.prune_events(bigint) IS
    'Deletes the events at or before feed position upto_seq and their positions; returns how many events it deleted; schedule it with the sweep, keeping what the slowest listener may still need';

CREATE FUNCTION isms.prune_events(older_than interval)
    RETURNS bigint
    LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
    BEGIN ATOMIC
        SELECT isms.prune_events(coalesce(
            (SELECT pg_catalog.max(c.seq) FROM isms.change_commit c
              WHERE c.committed_at OPERATOR(pg_catalog.<) (pg_catalog.now() OPERATOR(pg_catalog.-) prune_events.older_than)),
            0));
    END;
COMMENT ON FUNCTION isms.prune_events(interval) IS
    'Deletes the events committed more than older_than ago; returns how many it deleted (for example isms.prune_events(interval ''30 days'') daily)';

/*
 * Watchlists: a relying party names the certificates it depends on by the
 * code of their certification body and their number; the certificate is
 * looked up when the row is written.
 */
CREATE TABLE isms.watchlist (
    owner name NOT NULL DEFAULT CURRENT_USER,
    cb_code text NOT NULL,
    certificate_number text NOT NULL,
    certificate_id bigint,
    added_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (owner, cb_code, certificate_number)
);
CREATE INDEX watchlist_certificate_idx ON isms.watchlist (certificate_id);
COMMENT ON TABLE isms.watchlist IS
    'Certificates a relying party watches, by certification body code and certificate number; each role sees and writes only its own rows; isms.watched_events_after() reads their events and those of their base certificates';
COMMENT ON COLUMN isms.watchlist.owner IS 'Role that watches (CURRENT_USER when written)';
COMMENT ON COLUMN isms.watchlist.cb_code IS 'Code of the certificate''s certification body';
COMMENT ON COLUMN isms.watchlist.certificate_number IS 'The certificate''s printed number';
COMMENT ON COLUMN isms.watchlist.certificate_id IS 'The certificate, looked up by isms when the row is written';
COMMENT ON COLUMN isms.watchlist.added_at IS 'When the row was written';

CREATE FUNCTION isms.watchlist_resolve() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    -- an application (a draft) is not published: it is not found either
    SELECT c.id INTO NEW.certificate_id
      FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
     WHERE b.code = NEW.cb_code AND c.certificate_number = NEW.certificate_number
       AND c.status OPERATOR(pg_catalog.<>) 'draft'::isms.cert_status;
    IF NEW.certificate_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = pg_catalog.format('certificate "%s" of certification body "%s" does not exist',
                                        NEW.certificate_number, NEW.cb_code),
            DETAIL = 'A watchlist names a published certificate (one that has been granted) by the code of its certification body and its number.',
            HINT = 'Check the number as printed on the certificate and the body''s code.';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION isms.watchlist_resolve() IS
    'Trigger of isms.watchlist: looks the certificate up by body code and number, refusing an unknown one or an application (draft)';

-- the base certificate of a watched certificate (a public fact; no other column)
CREATE FUNCTION isms.base_of(certificate_ids bigint[]) RETURNS bigint[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT coalesce(pg_catalog.array_agg(c.base_certificate_id), '{}')
          FROM isms.certificate c
         WHERE c.id = ANY (base_of.certificate_ids) AND c.base_certificate_id IS NOT NULL
           AND c.status OPERATOR(pg_catalog.<>) 'draft'::isms.cert_status;
    END;
COMMENT ON FUNCTION isms.base_of(bigint[]) IS
    'The base certificates of these certificates, those published only (for the watchlist policy of isms.change_event)';

CREATE FUNCTION isms.watched_certificates() RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE
    BEGIN ATOMIC
        WITH w AS (SELECT coalesce(pg_catalog.array_agg(w.certificate_id), '{}') AS ids
                     FROM isms.watchlist w WHERE w.owner OPERATOR(pg_catalog.=) CURRENT_USER)
        SELECT w.ids OPERATOR(pg_catalog.||) isms.base_of(w.ids) FROM w;
    END;
COMMENT ON FUNCTION isms.watched_certificates() IS
    'The certificates the current user watches and their base certificates';

CREATE FUNCTION isms.watched_events_after(after_seq bigint, max_commits integer DEFAULT 1000)
    RETURNS TABLE (seq bigint, event_id bigint, certificate_id bigint, cb_code text,
                   certificate_number text, cause text,
                   old_status isms.cert_status, new_status isms.cert_status,
                   old_expiry date, new_expiry date, scope_changed boolean,
                   old_scope text, new_scope text, effective_date date,
                   recorded_at timestamptz)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT f.* FROM isms.events_after(watched_events_after.after_seq, watched_events_after.max_commits) f
         WHERE f.certificate_id OPERATOR(pg_catalog.=) ANY (isms.watched_certificates());
    END;
COMMENT ON FUNCTION isms.watched_events_after(bigint, integer) IS
    'The events after feed position after_seq of the certificates the current user watches (isms.watchlist) and of their base certificates, in commit order';

/*
 * The sweep's log and whether the stored status may be stale.
 */
CREATE TABLE isms.sweep_run (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    as_of date NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    changed integer NOT NULL,
    run_by name NOT NULL DEFAULT SESSION_USER
);
COMMENT ON TABLE isms.sweep_run IS
    'One row per completed isms.sweep(): the day it stored, when it ran, how many certificates it changed; written by isms';
COMMENT ON COLUMN isms.sweep_run.id IS 'Order of the runs';
COMMENT ON COLUMN isms.sweep_run.as_of IS 'The day the sweep stored the statuses of';
COMMENT ON COLUMN isms.sweep_run.started_at IS 'Start of its transaction';
COMMENT ON COLUMN isms.sweep_run.finished_at IS 'When it finished';
COMMENT ON COLUMN isms.sweep_run.changed IS 'Certificates whose stored columns it changed';
COMMENT ON COLUMN isms.sweep_run.run_by IS 'Session user that ran it';
SELECT pg_catalog.pg_extension_config_dump('isms.sweep_run', '');
SELECT pg_catalog.pg_extension_config_dump('isms.sweep_run_id_seq', '');

CREATE VIEW isms.sweep_status WITH (security_barrier) AS
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
COMMENT ON COLUMN isms.sweep_status.last_as_of IS 'Day the last sweep stored (NULL: none ran)';
COMMENT ON COLUMN isms.sweep_status.last_started_at IS 'Start of the last sweep''s transaction';
COMMENT ON COLUMN isms.sweep_status.last_finished_at IS 'When the last sweep finished';
COMMENT ON COLUMN isms.sweep_status.last_changed IS 'Certificates the last sweep changed';
COMMENT ON COLUMN isms.sweep_status.register_today IS 'The register''s today (isms.today())';
COMMENT ON COLUMN isms.sweep_status.days_behind IS 'Days from the last swept day to today';
COMMENT ON COLUMN isms.sweep_status.stale IS 'Whether the stored status may be stale: no sweep, or the last one stored another day';
COMMENT ON COLUMN isms.sweep_status.warning IS 'Why the stored status may be stale, and what to do';
COMMENT ON VIEW isms.sweep_status IS
    'When the sweep last ran and for which day; stale is true (with a warning) when the register''s today is not the day the last sweep stored, so statuses changed by date alone (expiry, TRN-3, SUR-3) may be stored wrong';
