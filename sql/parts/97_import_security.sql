/* ====================================================================
 * The imports' row-level security (88_import.sql): the accreditation
 * body reads every run; a certification body's writers read the runs for
 * their body; each role records and reads its own runs.  The errors of a
 * run are read with it.
 * ==================================================================== */
CREATE TRIGGER import_run_truncate BEFORE TRUNCATE ON isms.import_run
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER import_error_truncate BEFORE TRUNCATE ON isms.import_error
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
COMMENT ON TRIGGER import_run_truncate ON isms.import_run IS 'import runs are deleted (with their errors), not truncated';
COMMENT ON TRIGGER import_error_truncate ON isms.import_error IS 'import errors are deleted with their run, not truncated';

ALTER TABLE isms.import_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.import_error ENABLE ROW LEVEL SECURITY;

CREATE POLICY import_run_ab ON isms.import_run USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY import_run_cb ON isms.import_run FOR SELECT
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));
CREATE POLICY import_run_own ON isms.import_run
    USING (run_by OPERATOR(pg_catalog.=) CURRENT_USER)
    WITH CHECK (run_by OPERATOR(pg_catalog.=) CURRENT_USER
                AND (cb_id IS NULL OR cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])));
CREATE POLICY import_error_run ON isms.import_error
    USING (EXISTS (SELECT 1 FROM isms.import_run r WHERE r.id OPERATOR(pg_catalog.=) import_error.run_id));
COMMENT ON POLICY import_run_ab ON isms.import_run IS 'import runs: the accreditation body reads and writes all';
COMMENT ON POLICY import_run_cb ON isms.import_run IS 'a writer reads the runs for its body';
COMMENT ON POLICY import_run_own ON isms.import_run IS 'each role records and reads its own runs, of no body or of its own';
COMMENT ON POLICY import_error_run ON isms.import_error IS 'the errors of a run are read and written with the run';
