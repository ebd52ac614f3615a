/* isms install script, built by make from sql/parts/ (do not edit the built file). */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION isms CASCADE" to load this file. \quit

-- No caller's search_path may change what the extension runs: the SQL
-- functions are written BEGIN ATOMIC (parsed here, once) with every function
-- and type schema-qualified and every operator as OPERATOR(pg_catalog.x);
-- sql/search_path.sql checks it against hostile objects on the path.

COMMENT ON SCHEMA isms IS 'isms: ISMS certification registry (certificates, audits, decisions) with the scheme''s rules enforced';

