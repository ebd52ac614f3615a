/* ====================================================================
 * The change feed's row-level security (57_feed.sql): who reads which
 * events, each relying party its own watchlist
 * ==================================================================== */
-- (a restore keeps the rows as dumped, certificate_id included)
CREATE TRIGGER watchlist_resolve BEFORE INSERT OR UPDATE ON isms.watchlist
    FOR EACH ROW WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.watchlist_resolve();
COMMENT ON TRIGGER watchlist_resolve ON isms.watchlist IS 'looks the watched certificate up by body code and number';
CREATE TRIGGER change_event_truncate BEFORE TRUNCATE ON isms.change_event
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER change_commit_truncate BEFORE TRUNCATE ON isms.change_commit
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER watchlist_truncate BEFORE TRUNCATE ON isms.watchlist
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER sweep_run_truncate BEFORE TRUNCATE ON isms.sweep_run
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
COMMENT ON TRIGGER change_event_truncate ON isms.change_event IS 'change events are pruned by isms.prune_events(), not truncated';
COMMENT ON TRIGGER change_commit_truncate ON isms.change_commit IS 'feed positions are pruned by isms.prune_events(), not truncated';
COMMENT ON TRIGGER watchlist_truncate ON isms.watchlist IS 'watchlist rows are deleted, not truncated';
COMMENT ON TRIGGER sweep_run_truncate ON isms.sweep_run IS 'the sweep''s log is deleted, not truncated';

ALTER TABLE isms.change_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.change_commit ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.watchlist ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.sweep_run ENABLE ROW LEVEL SECURITY;

-- the whole feed: the accreditation body, the BI reader, the sweep
CREATE POLICY change_event_all ON isms.change_event FOR SELECT
    USING ((SELECT isms.acts_as('accreditation_body')) OR (SELECT isms.acts_as('bi_reader'))
           OR (SELECT isms.acts_as('sweep')));
-- a certification body's writers: its own certificates
CREATE POLICY change_event_cb ON isms.change_event FOR SELECT
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));
-- a relying party (the public role): the certificates it watches and their
-- bases; a writer's watchlist widens nothing (it reads its own body's)
CREATE POLICY change_event_watch ON isms.change_event FOR SELECT
    USING ((SELECT isms.acts_as('public'))
           AND certificate_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.watched_certificates())::bigint[]));
-- positions and the sweep's log reveal nothing about a certificate
CREATE POLICY change_commit_read ON isms.change_commit FOR SELECT USING (true);
CREATE POLICY sweep_run_read ON isms.sweep_run FOR SELECT USING (true);
CREATE POLICY watchlist_own ON isms.watchlist
    USING (owner OPERATOR(pg_catalog.=) CURRENT_USER)
    WITH CHECK (owner OPERATOR(pg_catalog.=) CURRENT_USER);
COMMENT ON POLICY change_event_all ON isms.change_event IS 'the whole feed: the accreditation body, the BI reader and the sweep';
COMMENT ON POLICY change_event_cb ON isms.change_event IS 'a certification body''s writers: the events of its certificates';
COMMENT ON POLICY change_event_watch ON isms.change_event IS 'the public role: the events of the certificates it watches and of their bases';
COMMENT ON POLICY change_commit_read ON isms.change_commit IS 'feed positions reveal nothing about a certificate: readable by every role granted SELECT';
COMMENT ON POLICY sweep_run_read ON isms.sweep_run IS 'the sweep''s log: readable by every role granted SELECT';
COMMENT ON POLICY watchlist_own ON isms.watchlist IS 'each role reads and writes its own watchlist';
REVOKE EXECUTE ON FUNCTION isms.prune_events(bigint), isms.prune_events(interval),
    isms.watchlist_resolve() FROM PUBLIC;
