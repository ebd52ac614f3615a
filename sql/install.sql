-- install: create the extension (and btree_gist, which it requires)
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
RESET client_min_messages;
SELECT extname, extversion, extrelocatable FROM pg_extension WHERE extname IN ('isms', 'btree_gist') ORDER BY 1;
SELECT count(*) AS shipped_schemes FROM isms.scheme WHERE shipped;
SELECT count(*) AS shipped_standards FROM isms.standard WHERE shipped;
