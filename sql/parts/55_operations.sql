/* ====================================================================
 * Operations: restoring a dump, no silent DROP, logical replication
 * ==================================================================== */

/*
 * A plain restore (pg_dump | psql, or pg_restore) loads the rows of the
 * registry tables with COPY into a registry that CREATE EXTENSION has just
 * made, table by table, in an order the rules were never meant to see
 * (audits before the registrations of their lead auditors, certificates
 * with their derived columns already set).  The rows were checked when
 * they were first written, so the rule triggers stand aside for them and
 * the rows keep every column, recorded_at and the derived columns
 * included.  They do so only for a COPY statement sent by a superuser in a
 * session that has the settings every pg_dump script and every pg_restore
 * connection starts with (row_security off, check_function_bodies off, an
 * empty search_path).  A role that is not superuser never gets past the
 * first test: is_superuser reflects the session's role (not a SECURITY
 * DEFINER function's), and the current user must be that role.  Any other
 * writer, and every statement that is not a COPY, goes through the rules,
 * and recorded_at is set by isms.  Every part fails closed: a restore that
 * is not recognised is checked, and refused where a rule objects.
 *
 * Called by the WHEN clauses of the triggers (60_triggers.sql) for every
 * row: a C function (guard.c), whose cheapest test comes first, so an
 * ordinary write reads one setting.  VOLATILE like current_query().
 */
CREATE FUNCTION isms.restoring() RETURNS boolean
    LANGUAGE c VOLATILE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'isms_restoring';
COMMENT ON FUNCTION isms.restoring() IS
    'True while a superuser session with pg_dump''s settings (row_security off, check_function_bodies off, empty search_path) runs a COPY: a restore, whose rows keep recorded_at and their derived columns and are not checked again';

/*
 * No silent loss (guard.c): DROP EXTENSION isms, DROP SCHEMA ... CASCADE or
 * DROP OWNED that would drop a registry holding certificates is refused
 * unless the session has SET isms.allow_drop = on.
 */
CREATE FUNCTION isms.drop_guard() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'isms_drop_guard' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION isms.drop_guard() IS
    'Event trigger: loads isms before a DROP that may reach the extension, so that dropping a registry that holds certificates is refused unless isms.allow_drop is on';
REVOKE EXECUTE ON FUNCTION isms.drop_guard() FROM PUBLIC;

CREATE EVENT TRIGGER isms_drop_guard ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION isms.drop_guard();
COMMENT ON EVENT TRIGGER isms_drop_guard IS
    'No silent loss: dropping the registry while it holds certificates needs SET isms.allow_drop = on';

/*
 * Logical replication of the public register publishes organisations that
 * are not confidential (PUB-1): a row filter on "confidential", which
 * changes by UPDATE, so the replica identity carries it with the id.  (Not
 * FULL: PostgreSQL 18 refuses an UPDATE whose full replica identity holds a
 * generated column the publication leaves out, such as search_name.)
 */
CREATE UNIQUE INDEX organisation_replica_identity ON isms.organisation (id, confidential);
COMMENT ON INDEX isms.organisation_replica_identity IS
    'replica identity of organisations: the id and "confidential", which the public register''s row filter reads';
ALTER TABLE isms.organisation REPLICA IDENTITY USING INDEX organisation_replica_identity;
