/* ====================================================================
 * The change feed's row-level security (57_feed.sql): who reads which
 * events, each relying party its own watchlist
 * ==================================================================== */
CREATE TRIGGER watchlist_resolve BEFORE INSERT OR UPDATE ON isms.watchlist
    FOR EACH ROW EXECUTE FUNCTION isms.watchlist_resolve();

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
-- a relying party: the certificates it watches and their bases
CREATE POLICY change_event_watch ON isms.change_event FOR SELECT
    USING (certificate_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.watched_certificates())::bigint[]));
-- positions and the sweep's log reveal nothing about a certificate
CREATE POLICY change_commit_read ON isms.change_commit FOR SELECT USING (true);
CREATE POLICY sweep_run_read ON isms.sweep_run FOR SELECT USING (true);
CREATE POLICY watchlist_own ON isms.watchlist
    USING (owner OPERATOR(pg_catalog.=) CURRENT_USER)
    WITH CHECK (owner OPERATOR(pg_catalog.=) CURRENT_USER);
REVOKE EXECUTE ON FUNCTION isms.prune_events(bigint), isms.prune_events(interval),
    isms.watchlist_resolve() FROM PUBLIC;
