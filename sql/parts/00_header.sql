/* isms install script, built by make from sql/parts/ (do not edit the built file). */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION isms CASCADE" to load this file. \quit

COMMENT ON SCHEMA isms IS 'isms: ISMS certification registry (certificates, audits, decisions) with the scheme''s rules enforced';

