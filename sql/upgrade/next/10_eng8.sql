-- isms.restoring() and isms.fold_text() become C functions (guard.c,
-- fold.c): the same results and labels, cheaper in the triggers' WHEN
-- clauses and in the stored key of isms.certificate.
CREATE OR REPLACE FUNCTION isms.restoring() RETURNS boolean
    LANGUAGE c VOLATILE PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'isms_restoring';
CREATE OR REPLACE FUNCTION isms.fold_text(t text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'isms_fold_text';
