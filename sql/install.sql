-- install: create the extension (and btree_gist, which it requires)
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
RESET client_min_messages;
SELECT extname, extrelocatable FROM pg_extension WHERE extname = 'btree_gist';
-- the version installed is the default of isms.control
SELECT e.extversion = a.default_version AS default_version, e.extrelocatable
FROM pg_extension e JOIN pg_available_extensions a ON a.name = e.extname WHERE e.extname = 'isms';
SELECT count(*) AS shipped_schemes FROM isms.scheme WHERE shipped;
SELECT count(*) AS shipped_standards FROM isms.standard WHERE shipped;
