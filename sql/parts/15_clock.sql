/* ====================================================================
 * The register's clock (clock.c)
 * ==================================================================== */

CREATE FUNCTION isms.today()
    RETURNS date
    AS 'MODULE_PATHNAME', 'isms_today'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION isms.today() IS
    'The register''s today: the setting isms.today if a superuser set it, else the date in the registry''s time zone (isms.time_zone) at the start of the transaction; the day decisions are recorded on (LOG-2), the stored status describes and the sweep stores';
