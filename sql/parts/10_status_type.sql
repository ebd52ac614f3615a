/* ====================================================================
 * The certificate-status type (the scheme's status vocabulary)
 * ==================================================================== */

CREATE TYPE isms.cert_status;

CREATE FUNCTION isms.cert_status_in(cstring) RETURNS isms.cert_status
    AS 'MODULE_PATHNAME', 'isms_status_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.cert_status_out(isms.cert_status) RETURNS cstring
    AS 'MODULE_PATHNAME', 'isms_status_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.cert_status_recv(internal) RETURNS isms.cert_status
    AS 'MODULE_PATHNAME', 'isms_status_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.cert_status_send(isms.cert_status) RETURNS bytea
    AS 'MODULE_PATHNAME', 'isms_status_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE isms.cert_status (
    INPUT = isms.cert_status_in,
    OUTPUT = isms.cert_status_out,
    RECEIVE = isms.cert_status_recv,
    SEND = isms.cert_status_send,
    INTERNALLENGTH = 1,
    PASSEDBYVALUE,
    ALIGNMENT = char,
    STORAGE = plain,
    CATEGORY = 'E'
);

-- The stored byte is the status code (1 draft ... 6 expired), so the
-- built-in "char" functions compare and hash it correctly.
CREATE FUNCTION isms.cert_status_eq(isms.cert_status, isms.cert_status) RETURNS boolean
    AS 'chareq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_ne(isms.cert_status, isms.cert_status) RETURNS boolean
    AS 'charne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_lt(isms.cert_status, isms.cert_status) RETURNS boolean
    AS 'charlt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_le(isms.cert_status, isms.cert_status) RETURNS boolean
    AS 'charle' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_gt(isms.cert_status, isms.cert_status) RETURNS boolean
    AS 'chargt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_ge(isms.cert_status, isms.cert_status) RETURNS boolean
    AS 'charge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_cmp(isms.cert_status, isms.cert_status) RETURNS integer
    AS 'btcharcmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_hash(isms.cert_status) RETURNS integer
    AS 'hashchar' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.cert_status_hash_extended(isms.cert_status, bigint) RETURNS bigint
    AS 'hashcharextended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

-- The operators live in pg_catalog, like those of the built-in types, so
-- that status comparisons resolve whatever the search_path of the reader
-- (a BI tool, another service); they cannot clash with anything there,
-- since no other operator takes isms.cert_status.
CREATE OPERATOR pg_catalog.= (
    LEFTARG = isms.cert_status, RIGHTARG = isms.cert_status,
    FUNCTION = isms.cert_status_eq, COMMUTATOR = OPERATOR(pg_catalog.=),
    NEGATOR = OPERATOR(pg_catalog.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
CREATE OPERATOR pg_catalog.<> (
    LEFTARG = isms.cert_status, RIGHTARG = isms.cert_status,
    FUNCTION = isms.cert_status_ne, COMMUTATOR = OPERATOR(pg_catalog.<>),
    NEGATOR = OPERATOR(pg_catalog.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR pg_catalog.< (
    LEFTARG = isms.cert_status, RIGHTARG = isms.cert_status,
    FUNCTION = isms.cert_status_lt, COMMUTATOR = OPERATOR(pg_catalog.>),
    NEGATOR = OPERATOR(pg_catalog.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR pg_catalog.<= (
    LEFTARG = isms.cert_status, RIGHTARG = isms.cert_status,
    FUNCTION = isms.cert_status_le, COMMUTATOR = OPERATOR(pg_catalog.>=),
    NEGATOR = OPERATOR(pg_catalog.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR pg_catalog.> (
    LEFTARG = isms.cert_status, RIGHTARG = isms.cert_status,
    FUNCTION = isms.cert_status_gt, COMMUTATOR = OPERATOR(pg_catalog.<),
    NEGATOR = OPERATOR(pg_catalog.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR pg_catalog.>= (
    LEFTARG = isms.cert_status, RIGHTARG = isms.cert_status,
    FUNCTION = isms.cert_status_ge, COMMUTATOR = OPERATOR(pg_catalog.<=),
    NEGATOR = OPERATOR(pg_catalog.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS isms.cert_status_ops
    DEFAULT FOR TYPE isms.cert_status USING btree AS
        OPERATOR 1 pg_catalog.<,
        OPERATOR 2 pg_catalog.<=,
        OPERATOR 3 pg_catalog.=,
        OPERATOR 4 pg_catalog.>=,
        OPERATOR 5 pg_catalog.>,
        FUNCTION 1 isms.cert_status_cmp(isms.cert_status, isms.cert_status);

CREATE OPERATOR CLASS isms.cert_status_hash_ops
    DEFAULT FOR TYPE isms.cert_status USING hash AS
        OPERATOR 1 pg_catalog.=,
        FUNCTION 1 isms.cert_status_hash(isms.cert_status),
        FUNCTION 2 isms.cert_status_hash_extended(isms.cert_status, bigint);

COMMENT ON TYPE isms.cert_status IS
    'Certificate status: draft, active, suspended, withdrawn, cancelled or expired; input also takes the IAF CertSearch and Japanese labels; sorts in that order';
COMMENT ON FUNCTION isms.cert_status_in(cstring) IS 'input function of isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_out(isms.cert_status) IS 'output function of isms.cert_status (canonical lower-case name)';
COMMENT ON FUNCTION isms.cert_status_recv(internal) IS 'binary input of isms.cert_status (one byte, 1 = draft ... 6 = expired)';
COMMENT ON FUNCTION isms.cert_status_send(isms.cert_status) IS 'binary output of isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_eq(isms.cert_status, isms.cert_status) IS 'implementation of = for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_ne(isms.cert_status, isms.cert_status) IS 'implementation of <> for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_lt(isms.cert_status, isms.cert_status) IS 'implementation of < for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_le(isms.cert_status, isms.cert_status) IS 'implementation of <= for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_gt(isms.cert_status, isms.cert_status) IS 'implementation of > for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_ge(isms.cert_status, isms.cert_status) IS 'implementation of >= for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_cmp(isms.cert_status, isms.cert_status) IS 'btree comparison support for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_hash(isms.cert_status) IS 'hash support for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_hash_extended(isms.cert_status, bigint) IS 'extended (seeded) hash support for isms.cert_status';
COMMENT ON OPERATOR pg_catalog.= (isms.cert_status, isms.cert_status) IS 'equal';
COMMENT ON OPERATOR pg_catalog.<> (isms.cert_status, isms.cert_status) IS 'not equal';
COMMENT ON OPERATOR pg_catalog.< (isms.cert_status, isms.cert_status) IS 'earlier in the status order';
COMMENT ON OPERATOR pg_catalog.<= (isms.cert_status, isms.cert_status) IS 'earlier in the status order or equal';
COMMENT ON OPERATOR pg_catalog.> (isms.cert_status, isms.cert_status) IS 'later in the status order';
COMMENT ON OPERATOR pg_catalog.>= (isms.cert_status, isms.cert_status) IS 'later in the status order or equal';
COMMENT ON OPERATOR CLASS isms.cert_status_ops USING btree IS 'default btree operator class for isms.cert_status';
COMMENT ON OPERATOR CLASS isms.cert_status_hash_ops USING hash IS 'default hash operator class for isms.cert_status';

-- A status is stored into text columns as its name.  (Not implicit: a
-- comparison with text would silently compare names, not statuses.)
CREATE CAST (isms.cert_status AS text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (isms.cert_status AS text) IS
    'the canonical name of the status; an assignment cast, so comparisons use the status type''s operators';

CREATE FUNCTION isms.status_label(status isms.cert_status, language text DEFAULT 'en')
    RETURNS text
    AS 'MODULE_PATHNAME', 'isms_status_label'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.status_label(isms.cert_status, text) IS
    'Display label of a status: ''en'' gives the IAF CertSearch spelling (Active), ''ja'' the Japanese register label';

