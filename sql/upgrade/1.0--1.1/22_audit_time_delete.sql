/* ====================================================================
 * TIME-1: deleting the last band of a registry's own audit-time table
 * changes the ratio its progression goes on by, so the progression is
 * checked after a DELETE too.
 * ==================================================================== */

DROP TRIGGER audit_time_progression ON isms.audit_time;
CREATE TRIGGER audit_time_progression AFTER INSERT OR UPDATE OR DELETE ON isms.audit_time
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_time_progression();
COMMENT ON TRIGGER audit_time_progression ON isms.audit_time IS
    'TIME-1: after each statement, the progression of a registry''s own table reaches the largest number of persons in at most 1000 further bands';
