/* isms--0.1.sql: ISMS certification registry, enforced in the database. */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION isms CASCADE" to load this file. \quit

COMMENT ON SCHEMA isms IS 'isms: ISMS certification registry (certificates, audits, decisions) with the scheme''s rules enforced';

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

/* ====================================================================
 * The certification-scope type (doc/scope.md)
 * ==================================================================== */

CREATE TYPE isms.scope;

CREATE FUNCTION isms.scope_in(cstring) RETURNS isms.scope
    AS 'MODULE_PATHNAME', 'isms_scope_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_out(isms.scope) RETURNS cstring
    AS 'MODULE_PATHNAME', 'isms_scope_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_recv(internal) RETURNS isms.scope
    AS 'MODULE_PATHNAME', 'isms_scope_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_send(isms.scope) RETURNS bytea
    AS 'MODULE_PATHNAME', 'isms_scope_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE isms.scope (
    INPUT = isms.scope_in,
    OUTPUT = isms.scope_out,
    RECEIVE = isms.scope_recv,
    SEND = isms.scope_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended,
    CATEGORY = 'U'
);

-- Comparison and hashing: canonical values compare element by element and
-- hash by their bytes; they raise no error on any value (LEAKPROOF).
CREATE FUNCTION isms.scope_eq(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_eq'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_ne(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_ne'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_lt(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_lt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_le(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_le'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_gt(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_gt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_ge(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_ge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_cmp(isms.scope, isms.scope) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_scope_cmp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_hash(isms.scope) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_scope_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_hash_extended(isms.scope, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'isms_scope_hash_extended'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

-- Set relations and operations.
CREATE FUNCTION isms.scope_contains(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_contains'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_contained(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_contained'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_overlaps(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_overlaps'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_union(isms.scope, isms.scope) RETURNS isms.scope
    AS 'MODULE_PATHNAME', 'isms_scope_union'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_intersect(isms.scope, isms.scope) RETURNS isms.scope
    AS 'MODULE_PATHNAME', 'isms_scope_intersect'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_minus(isms.scope, isms.scope) RETURNS isms.scope
    AS 'MODULE_PATHNAME', 'isms_scope_minus'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Elements.
CREATE FUNCTION isms.scope_count(isms.scope) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_scope_count'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_kinds(isms.scope) RETURNS text[]
    AS 'MODULE_PATHNAME', 'isms_scope_kinds'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_elements(isms.scope, OUT kind text, OUT path text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'isms_scope_elements'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;

-- GIN support.
CREATE FUNCTION isms.scope_gin_cmp(text, text) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_scope_gin_cmp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_gin_extract_value(isms.scope, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'isms_scope_gin_extract_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_gin_extract_query(isms.scope, internal, smallint, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'isms_scope_gin_extract_query'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_gin_consistent(internal, smallint, isms.scope, integer, internal, internal, internal, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_gin_consistent'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.scope_gin_compare_partial(text, text, smallint, internal) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_scope_gin_compare_partial'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Text values (an application's parameters, a text column) are stored into
-- scope columns by parsing them; scopes are stored into text as their text.
CREATE CAST (text AS isms.scope) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS isms.scope) IS
    'parses a scope; an assignment cast, so text values can be stored into isms.scope columns';
CREATE CAST (isms.scope AS text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (isms.scope AS text) IS
    'the canonical text of the scope; an assignment cast';

-- Operators in pg_catalog, like those of isms.cert_status (see there).
CREATE OPERATOR pg_catalog.= (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_eq, COMMUTATOR = OPERATOR(pg_catalog.=),
    NEGATOR = OPERATOR(pg_catalog.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
CREATE OPERATOR pg_catalog.<> (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_ne, COMMUTATOR = OPERATOR(pg_catalog.<>),
    NEGATOR = OPERATOR(pg_catalog.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR pg_catalog.< (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_lt, COMMUTATOR = OPERATOR(pg_catalog.>),
    NEGATOR = OPERATOR(pg_catalog.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR pg_catalog.<= (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_le, COMMUTATOR = OPERATOR(pg_catalog.>=),
    NEGATOR = OPERATOR(pg_catalog.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR pg_catalog.> (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_gt, COMMUTATOR = OPERATOR(pg_catalog.<),
    NEGATOR = OPERATOR(pg_catalog.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR pg_catalog.>= (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_ge, COMMUTATOR = OPERATOR(pg_catalog.<=),
    NEGATOR = OPERATOR(pg_catalog.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR pg_catalog.@> (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_contains, COMMUTATOR = OPERATOR(pg_catalog.<@),
    RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR pg_catalog.<@ (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_contained, COMMUTATOR = OPERATOR(pg_catalog.@>),
    RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR pg_catalog.&& (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_overlaps, COMMUTATOR = OPERATOR(pg_catalog.&&),
    RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR pg_catalog.+ (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_union, COMMUTATOR = OPERATOR(pg_catalog.+));
CREATE OPERATOR pg_catalog.* (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_intersect, COMMUTATOR = OPERATOR(pg_catalog.*));
CREATE OPERATOR pg_catalog.- (
    LEFTARG = isms.scope, RIGHTARG = isms.scope,
    FUNCTION = isms.scope_minus);

CREATE OPERATOR CLASS isms.scope_ops
    DEFAULT FOR TYPE isms.scope USING btree AS
        OPERATOR 1 pg_catalog.< (isms.scope, isms.scope),
        OPERATOR 2 pg_catalog.<= (isms.scope, isms.scope),
        OPERATOR 3 pg_catalog.= (isms.scope, isms.scope),
        OPERATOR 4 pg_catalog.>= (isms.scope, isms.scope),
        OPERATOR 5 pg_catalog.> (isms.scope, isms.scope),
        FUNCTION 1 isms.scope_cmp(isms.scope, isms.scope);

CREATE OPERATOR CLASS isms.scope_hash_ops
    DEFAULT FOR TYPE isms.scope USING hash AS
        OPERATOR 1 pg_catalog.= (isms.scope, isms.scope),
        FUNCTION 1 isms.scope_hash(isms.scope),
        FUNCTION 2 isms.scope_hash_extended(isms.scope, bigint);

CREATE OPERATOR CLASS isms.scope_gin_ops
    DEFAULT FOR TYPE isms.scope USING gin AS
        OPERATOR 1 pg_catalog.&& (isms.scope, isms.scope),
        OPERATOR 2 pg_catalog.@> (isms.scope, isms.scope),
        OPERATOR 3 pg_catalog.<@ (isms.scope, isms.scope),
        OPERATOR 4 pg_catalog.= (isms.scope, isms.scope),
        FUNCTION 1 isms.scope_gin_cmp(text, text),
        FUNCTION 2 isms.scope_gin_extract_value(isms.scope, internal, internal),
        FUNCTION 3 isms.scope_gin_extract_query(isms.scope, internal, smallint, internal, internal, internal, internal),
        FUNCTION 4 isms.scope_gin_consistent(internal, smallint, isms.scope, integer, internal, internal, internal, internal),
        FUNCTION 5 isms.scope_gin_compare_partial(text, text, smallint, internal),
        STORAGE text;

COMMENT ON TYPE isms.scope IS
    'Certification scope: a set of elements kind:path (site:Tokyo/HQ, service:cloud/IaaS, ...), each covering its descendants; canonical form sorted, without duplicates or covered elements';
COMMENT ON FUNCTION isms.scope_in(cstring) IS 'input function of isms.scope ({kind:seg/seg, ...}; braces optional)';
COMMENT ON FUNCTION isms.scope_out(isms.scope) IS 'output function of isms.scope (canonical text)';
COMMENT ON FUNCTION isms.scope_recv(internal) IS 'binary input of isms.scope (format byte 1, then the text, parsed and checked)';
COMMENT ON FUNCTION isms.scope_send(isms.scope) IS 'binary output of isms.scope (format byte 1, then the canonical text)';
COMMENT ON FUNCTION isms.scope_eq(isms.scope, isms.scope) IS 'implementation of = for isms.scope';
COMMENT ON FUNCTION isms.scope_ne(isms.scope, isms.scope) IS 'implementation of <> for isms.scope';
COMMENT ON FUNCTION isms.scope_lt(isms.scope, isms.scope) IS 'implementation of < for isms.scope';
COMMENT ON FUNCTION isms.scope_le(isms.scope, isms.scope) IS 'implementation of <= for isms.scope';
COMMENT ON FUNCTION isms.scope_gt(isms.scope, isms.scope) IS 'implementation of > for isms.scope';
COMMENT ON FUNCTION isms.scope_ge(isms.scope, isms.scope) IS 'implementation of >= for isms.scope';
COMMENT ON FUNCTION isms.scope_cmp(isms.scope, isms.scope) IS 'btree comparison support for isms.scope';
COMMENT ON FUNCTION isms.scope_hash(isms.scope) IS 'hash support for isms.scope';
COMMENT ON FUNCTION isms.scope_hash_extended(isms.scope, bigint) IS 'extended (seeded) hash support for isms.scope';
COMMENT ON FUNCTION isms.scope_contains(isms.scope, isms.scope) IS 'implementation of @> for isms.scope: every element of the second is covered by an element of the first';
COMMENT ON FUNCTION isms.scope_contained(isms.scope, isms.scope) IS 'implementation of <@ for isms.scope: every element of the first is covered by an element of the second';
COMMENT ON FUNCTION isms.scope_overlaps(isms.scope, isms.scope) IS 'implementation of && for isms.scope: some element of one covers some element of the other';
COMMENT ON FUNCTION isms.scope_union(isms.scope, isms.scope) IS 'implementation of + for isms.scope: union, canonicalized';
COMMENT ON FUNCTION isms.scope_intersect(isms.scope, isms.scope) IS 'implementation of * for isms.scope: for each pair of elements of which one covers the other, the more specific one';
COMMENT ON FUNCTION isms.scope_minus(isms.scope, isms.scope) IS 'implementation of - for isms.scope: the elements of the first not covered by the second (a partly covered element is kept whole)';
COMMENT ON FUNCTION isms.scope_count(isms.scope) IS 'number of elements of a scope (canonical form)';
COMMENT ON FUNCTION isms.scope_kinds(isms.scope) IS 'the distinct kinds of the elements of a scope, sorted';
COMMENT ON FUNCTION isms.scope_elements(isms.scope) IS 'the elements of a scope as rows (kind, path), in canonical order';
COMMENT ON FUNCTION isms.scope_gin_cmp(text, text) IS 'GIN support for isms.scope: byte-wise order of element keys';
COMMENT ON FUNCTION isms.scope_gin_extract_value(isms.scope, internal, internal) IS 'GIN support for isms.scope: the keys of a value (its elements)';
COMMENT ON FUNCTION isms.scope_gin_extract_query(isms.scope, internal, smallint, internal, internal, internal, internal) IS 'GIN support for isms.scope: the keys of a query (elements, their ancestors, partial keys for descendants)';
COMMENT ON FUNCTION isms.scope_gin_consistent(internal, smallint, isms.scope, integer, internal, internal, internal, internal) IS 'GIN support for isms.scope: does an indexed value match the query';
COMMENT ON FUNCTION isms.scope_gin_compare_partial(text, text, smallint, internal) IS 'GIN support for isms.scope: partial match of an element and its descendants';
COMMENT ON OPERATOR pg_catalog.= (isms.scope, isms.scope) IS 'equal (same canonical elements)';
COMMENT ON OPERATOR pg_catalog.<> (isms.scope, isms.scope) IS 'not equal';
COMMENT ON OPERATOR pg_catalog.< (isms.scope, isms.scope) IS 'less than, in the total order of canonical element lists';
COMMENT ON OPERATOR pg_catalog.<= (isms.scope, isms.scope) IS 'less than or equal, in the total order of canonical element lists';
COMMENT ON OPERATOR pg_catalog.> (isms.scope, isms.scope) IS 'greater than, in the total order of canonical element lists';
COMMENT ON OPERATOR pg_catalog.>= (isms.scope, isms.scope) IS 'greater than or equal, in the total order of canonical element lists';
COMMENT ON OPERATOR pg_catalog.@> (isms.scope, isms.scope) IS 'contains: covers every element of the right scope';
COMMENT ON OPERATOR pg_catalog.<@ (isms.scope, isms.scope) IS 'is contained by: every element is covered by the right scope';
COMMENT ON OPERATOR pg_catalog.&& (isms.scope, isms.scope) IS 'overlaps: the scopes share a descendant';
COMMENT ON OPERATOR pg_catalog.+ (isms.scope, isms.scope) IS 'union';
COMMENT ON OPERATOR pg_catalog.* (isms.scope, isms.scope) IS 'intersection';
COMMENT ON OPERATOR pg_catalog.- (isms.scope, isms.scope) IS 'difference: elements of the left not covered by the right (a partly covered element is kept whole)';
COMMENT ON OPERATOR CLASS isms.scope_ops USING btree IS 'default btree operator class for isms.scope';
COMMENT ON OPERATOR CLASS isms.scope_hash_ops USING hash IS 'default hash operator class for isms.scope';
COMMENT ON OPERATOR CLASS isms.scope_gin_ops USING gin IS 'default GIN operator class for isms.scope: @>, &&, <@ and =';
COMMENT ON OPERATOR FAMILY isms.scope_ops USING btree IS 'btree operator family of isms.scope';
COMMENT ON OPERATOR FAMILY isms.scope_hash_ops USING hash IS 'hash operator family of isms.scope';
COMMENT ON OPERATOR FAMILY isms.scope_gin_ops USING gin IS 'GIN operator family of isms.scope';

/* ====================================================================
 * The standard-reference type isms.stdref (doc/stdref.md)
 * ==================================================================== */

CREATE TYPE isms.stdref;

CREATE FUNCTION isms.stdref_in(cstring) RETURNS isms.stdref
    AS 'MODULE_PATHNAME', 'isms_stdref_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.stdref_out(isms.stdref) RETURNS cstring
    AS 'MODULE_PATHNAME', 'isms_stdref_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.stdref_recv(internal) RETURNS isms.stdref
    AS 'MODULE_PATHNAME', 'isms_stdref_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.stdref_send(isms.stdref) RETURNS bytea
    AS 'MODULE_PATHNAME', 'isms_stdref_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- 44 bytes (struct StdRef in src/stdref.h), every unused byte zero.
CREATE TYPE isms.stdref (
    INPUT = isms.stdref_in,
    OUTPUT = isms.stdref_out,
    RECEIVE = isms.stdref_recv,
    SEND = isms.stdref_send,
    INTERNALLENGTH = 44,
    ALIGNMENT = int4,
    STORAGE = plain
);

-- Comparison and hashing cannot fail: LEAKPROOF.
CREATE FUNCTION isms.stdref_eq(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_eq'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_ne(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_ne'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_lt(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_lt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_le(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_le'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_gt(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_gt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_ge(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_ge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_cmp(isms.stdref, isms.stdref) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_stdref_cmp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'isms_stdref_sortsupport'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.stdref_hash(isms.stdref) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_stdref_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_hash_extended(isms.stdref, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'isms_stdref_hash_extended'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

-- Operators in pg_catalog, like those of isms.cert_status (see there): they
-- resolve whatever the search_path, and no other operator takes isms.stdref.
CREATE OPERATOR pg_catalog.= (
    LEFTARG = isms.stdref, RIGHTARG = isms.stdref,
    FUNCTION = isms.stdref_eq, COMMUTATOR = OPERATOR(pg_catalog.=),
    NEGATOR = OPERATOR(pg_catalog.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
CREATE OPERATOR pg_catalog.<> (
    LEFTARG = isms.stdref, RIGHTARG = isms.stdref,
    FUNCTION = isms.stdref_ne, COMMUTATOR = OPERATOR(pg_catalog.<>),
    NEGATOR = OPERATOR(pg_catalog.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR pg_catalog.< (
    LEFTARG = isms.stdref, RIGHTARG = isms.stdref,
    FUNCTION = isms.stdref_lt, COMMUTATOR = OPERATOR(pg_catalog.>),
    NEGATOR = OPERATOR(pg_catalog.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR pg_catalog.<= (
    LEFTARG = isms.stdref, RIGHTARG = isms.stdref,
    FUNCTION = isms.stdref_le, COMMUTATOR = OPERATOR(pg_catalog.>=),
    NEGATOR = OPERATOR(pg_catalog.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR pg_catalog.> (
    LEFTARG = isms.stdref, RIGHTARG = isms.stdref,
    FUNCTION = isms.stdref_gt, COMMUTATOR = OPERATOR(pg_catalog.<),
    NEGATOR = OPERATOR(pg_catalog.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR pg_catalog.>= (
    LEFTARG = isms.stdref, RIGHTARG = isms.stdref,
    FUNCTION = isms.stdref_ge, COMMUTATOR = OPERATOR(pg_catalog.<=),
    NEGATOR = OPERATOR(pg_catalog.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS isms.stdref_ops
    DEFAULT FOR TYPE isms.stdref USING btree AS
        OPERATOR 1 pg_catalog.<,
        OPERATOR 2 pg_catalog.<=,
        OPERATOR 3 pg_catalog.=,
        OPERATOR 4 pg_catalog.>=,
        OPERATOR 5 pg_catalog.>,
        FUNCTION 1 isms.stdref_cmp(isms.stdref, isms.stdref),
        FUNCTION 2 isms.stdref_sortsupport(internal);

CREATE OPERATOR CLASS isms.stdref_hash_ops
    DEFAULT FOR TYPE isms.stdref USING hash AS
        OPERATOR 1 pg_catalog.=,
        FUNCTION 1 isms.stdref_hash(isms.stdref),
        FUNCTION 2 isms.stdref_hash_extended(isms.stdref, bigint);

-- Accessors and the same-standard test.
CREATE FUNCTION isms.std_number(isms.stdref) RETURNS text
    AS 'MODULE_PATHNAME', 'isms_std_number'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.std_part(isms.stdref) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'isms_std_part'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.std_edition(isms.stdref) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_std_edition'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.std_amendments(isms.stdref) RETURNS text[]
    AS 'MODULE_PATHNAME', 'isms_std_amendments'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.std_without_edition(isms.stdref) RETURNS isms.stdref
    AS 'MODULE_PATHNAME', 'isms_std_without_edition'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.std_same_standard(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_std_same_standard'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR pg_catalog.~= (
    LEFTARG = isms.stdref, RIGHTARG = isms.stdref,
    FUNCTION = isms.std_same_standard, COMMUTATOR = OPERATOR(pg_catalog.~=),
    RESTRICT = eqsel, JOIN = eqjoinsel);

-- max() and min(): PostgreSQL's own have no variant for a new type.  In
-- pg_catalog, like the operators, so that max(standard) resolves whatever
-- the search_path.
CREATE FUNCTION isms.stdref_larger(isms.stdref, isms.stdref) RETURNS isms.stdref
    AS 'MODULE_PATHNAME', 'isms_stdref_larger'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.stdref_smaller(isms.stdref, isms.stdref) RETURNS isms.stdref
    AS 'MODULE_PATHNAME', 'isms_stdref_smaller'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE pg_catalog.max(isms.stdref) (
    SFUNC = isms.stdref_larger,
    STYPE = isms.stdref,
    COMBINEFUNC = isms.stdref_larger,
    SORTOP = OPERATOR(pg_catalog.>),
    PARALLEL = SAFE
);
CREATE AGGREGATE pg_catalog.min(isms.stdref) (
    SFUNC = isms.stdref_smaller,
    STYPE = isms.stdref,
    COMBINEFUNC = isms.stdref_smaller,
    SORTOP = OPERATOR(pg_catalog.<),
    PARALLEL = SAFE
);

COMMENT ON TYPE isms.stdref IS
    'Standard reference (ISO/IEC 27001:2022, IEC 62443-2-1:2010, JIS Q 27001:2023, ISO/IEC 27001:2022/Amd 1:2024); input tolerates case, spacing and full-width forms, output is canonical; sorts by standard, then edition, then amendments (doc/stdref.md)';
COMMENT ON FUNCTION isms.stdref_in(cstring) IS 'input function of isms.stdref (22P02 with a DETAIL on malformed input; soft errors on PostgreSQL 16+)';
COMMENT ON FUNCTION isms.stdref_out(isms.stdref) IS 'output function of isms.stdref (canonical form)';
COMMENT ON FUNCTION isms.stdref_recv(internal) IS 'binary input of isms.stdref (the canonical text, exactly; 22P03 otherwise)';
COMMENT ON FUNCTION isms.stdref_send(isms.stdref) IS 'binary output of isms.stdref (the canonical text)';
COMMENT ON FUNCTION isms.stdref_eq(isms.stdref, isms.stdref) IS 'implementation of = for isms.stdref';
COMMENT ON FUNCTION isms.stdref_ne(isms.stdref, isms.stdref) IS 'implementation of <> for isms.stdref';
COMMENT ON FUNCTION isms.stdref_lt(isms.stdref, isms.stdref) IS 'implementation of < for isms.stdref';
COMMENT ON FUNCTION isms.stdref_le(isms.stdref, isms.stdref) IS 'implementation of <= for isms.stdref';
COMMENT ON FUNCTION isms.stdref_gt(isms.stdref, isms.stdref) IS 'implementation of > for isms.stdref';
COMMENT ON FUNCTION isms.stdref_ge(isms.stdref, isms.stdref) IS 'implementation of >= for isms.stdref';
COMMENT ON FUNCTION isms.stdref_cmp(isms.stdref, isms.stdref) IS 'btree comparison support for isms.stdref';
COMMENT ON FUNCTION isms.stdref_sortsupport(internal) IS 'btree sort support for isms.stdref';
COMMENT ON FUNCTION isms.stdref_hash(isms.stdref) IS 'hash support for isms.stdref';
COMMENT ON FUNCTION isms.stdref_hash_extended(isms.stdref, bigint) IS 'extended (seeded) hash support for isms.stdref';
COMMENT ON FUNCTION isms.std_number(isms.stdref) IS 'the standard without edition and amendments, as text: ''ISO/IEC 27001'', ''IEC 62443-2-1''';
COMMENT ON FUNCTION isms.std_part(isms.stdref) IS 'the part numbers: {2,1} for IEC 62443-2-1; {} when there are none';
COMMENT ON FUNCTION isms.std_edition(isms.stdref) IS 'the edition year; NULL for an undated reference';
COMMENT ON FUNCTION isms.std_amendments(isms.stdref) IS 'the amendments and corrigenda, oldest first: {"Amd 1:2024"}; {} when there are none';
COMMENT ON FUNCTION isms.std_without_edition(isms.stdref) IS 'the undated reference of the same standard: ISO/IEC 27001:2022/Amd 1:2024 gives ISO/IEC 27001';
COMMENT ON FUNCTION isms.std_same_standard(isms.stdref, isms.stdref) IS 'same standard (body, number, parts, document type), whatever the edition and amendments; also the operator ~=';
COMMENT ON FUNCTION isms.stdref_larger(isms.stdref, isms.stdref) IS 'the greater of two standard references (transition function of max)';
COMMENT ON FUNCTION isms.stdref_smaller(isms.stdref, isms.stdref) IS 'the lesser of two standard references (transition function of min)';
COMMENT ON AGGREGATE pg_catalog.max(isms.stdref) IS 'greatest standard reference: per standard, the newest edition with its newest amendment';
COMMENT ON AGGREGATE pg_catalog.min(isms.stdref) IS 'least standard reference: per standard, the oldest (or undated) edition';
COMMENT ON OPERATOR pg_catalog.= (isms.stdref, isms.stdref) IS 'equal (same standard, edition and amendments)';
COMMENT ON OPERATOR pg_catalog.<> (isms.stdref, isms.stdref) IS 'not equal';
COMMENT ON OPERATOR pg_catalog.< (isms.stdref, isms.stdref) IS 'before, in the order standard, edition, amendments';
COMMENT ON OPERATOR pg_catalog.<= (isms.stdref, isms.stdref) IS 'before or equal, in the order standard, edition, amendments';
COMMENT ON OPERATOR pg_catalog.> (isms.stdref, isms.stdref) IS 'after, in the order standard, edition, amendments';
COMMENT ON OPERATOR pg_catalog.>= (isms.stdref, isms.stdref) IS 'after or equal, in the order standard, edition, amendments';
COMMENT ON OPERATOR pg_catalog.~= (isms.stdref, isms.stdref) IS 'same standard, any edition and amendments (isms.std_same_standard)';
COMMENT ON OPERATOR CLASS isms.stdref_ops USING btree IS 'default btree operator class for isms.stdref';
COMMENT ON OPERATOR CLASS isms.stdref_hash_ops USING hash IS 'default hash operator class for isms.stdref';

-- A reference is stored into text columns as its canonical text.  (Not
-- implicit: a comparison with text would silently compare texts.)
CREATE CAST (isms.stdref AS text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (isms.stdref AS text) IS
    'the canonical text of the reference; an assignment cast, so comparisons use the type''s operators';
-- Text (from an application's parameters, or a text column) is stored into
-- stdref columns by parsing it.
CREATE CAST (text AS isms.stdref) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS isms.stdref) IS
    'parses a standard reference; an assignment cast, so text values can be stored into isms.stdref columns';

/* ====================================================================
 * Decision and audit kinds
 * ==================================================================== */

-- The order of the labels is the order of the C codes in src/isms.h.
CREATE TYPE isms.decision_kind AS ENUM (
    'grant', 'suspend', 'reinstate', 'withdraw', 'cancel', 'recertify',
    'restore', 'reduce_scope', 'extend_scope', 'transition', 'annul');
COMMENT ON TYPE isms.decision_kind IS
    'Kind of a certification decision: the transitions of the scheme, and annul, which voids the decision it corrects (LOG-1)';

CREATE TYPE isms.audit_kind AS ENUM (
    'stage1', 'stage2', 'surveillance', 'recertification', 'special', 'transition');
COMMENT ON TYPE isms.audit_kind IS
    'Kind of an audit: stage 1 and stage 2 (initial), surveillance, recertification, special (e.g. scope extension), transition';

CREATE TYPE isms.accreditation_status AS ENUM ('active', 'suspended', 'withdrawn');
COMMENT ON TYPE isms.accreditation_status IS
    'Status of an accreditation period or an auditor registration; only active periods cover decisions (ACC-1) and audits (ACC-4)';

CREATE FUNCTION isms.is_legal_transition(from_status isms.cert_status, to_status isms.cert_status)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_is_legal_transition'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.is_legal_transition(isms.cert_status, isms.cert_status) IS
    'True if some decision, or the passing of the expiry date, can move a certificate from the first status to the second';

CREATE FUNCTION isms.decision_outcome(from_status isms.cert_status, kind isms.decision_kind)
    RETURNS isms.cert_status
    AS 'MODULE_PATHNAME', 'isms_decision_outcome_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.decision_outcome(isms.cert_status, isms.decision_kind) IS
    'Status that a decision of this kind leads to from this status, or NULL where the legal-transition table forbids it';

/* ====================================================================
 * Reference data: schemes, their parameters, standards
 * ==================================================================== */

CREATE TABLE isms.scheme (
    code text PRIMARY KEY,
    name text NOT NULL,
    accreditation_standard text,
    cycle_years integer NOT NULL DEFAULT 3 CHECK (cycle_years BETWEEN 1 AND 10),
    expiry_offset_days integer NOT NULL DEFAULT 1 CHECK (expiry_offset_days BETWEEN 0 AND 366),
    first_surveillance_months integer NOT NULL DEFAULT 12 CHECK (first_surveillance_months BETWEEN 1 AND 120),
    restoration_months integer NOT NULL DEFAULT 6 CHECK (restoration_months BETWEEN 0 AND 120),
    stage2_decision_months integer NOT NULL DEFAULT 6 CHECK (stage2_decision_months BETWEEN 1 AND 120),
    max_stage_gap_days integer CHECK (max_stage_gap_days >= 0),
    suspension_warning_months integer NOT NULL DEFAULT 6 CHECK (suspension_warning_months BETWEEN 1 AND 120),
    auto_suspend_overdue boolean NOT NULL DEFAULT false,
    withdrawn_listing_months integer NOT NULL DEFAULT 3 CHECK (withdrawn_listing_months BETWEEN 0 AND 120),
    shipped boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE isms.scheme IS
    'Certification schemes on the ISO/IEC 17021-1 cycle and their default parameters; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.scheme.code IS 'Scheme code, e.g. ISMS';
COMMENT ON COLUMN isms.scheme.name IS 'Scheme name';
COMMENT ON COLUMN isms.scheme.accreditation_standard IS 'Standard against which certification bodies are accredited for the scheme (ACC-1)';
COMMENT ON COLUMN isms.scheme.cycle_years IS 'CYC-3: length of a certification cycle in years';
COMMENT ON COLUMN isms.scheme.expiry_offset_days IS 'CYC-3: days subtracted from decision date + cycle for an initial expiry (certification bodies may override)';
COMMENT ON COLUMN isms.scheme.first_surveillance_months IS 'SUR-1: months after an initial grant by which the first surveillance audit ends';
COMMENT ON COLUMN isms.scheme.restoration_months IS 'REC-3: months after expiry within which a certificate may be restored';
COMMENT ON COLUMN isms.scheme.stage2_decision_months IS 'CYC-5: months after the end of stage 2 within which the grant is decided';
COMMENT ON COLUMN isms.scheme.max_stage_gap_days IS 'CYC-6: most days between the end of stage 1 and the start of stage 2; NULL for no limit';
COMMENT ON COLUMN isms.scheme.suspension_warning_months IS 'SUS-2: a reinstatement after a longer suspension raises a warning';
COMMENT ON COLUMN isms.scheme.auto_suspend_overdue IS 'SUR-3: true if isms.sweep() suspends certificates with an overdue surveillance audit; false to report only';
COMMENT ON COLUMN isms.scheme.withdrawn_listing_months IS 'ACC-3: months after the end of a withdrawn accreditation (its last active or suspended period) during which the body''s certificates stay listed';
COMMENT ON COLUMN isms.scheme.shipped IS 'True for rows shipped with the extension (read-only, recreated by CREATE EXTENSION, not dumped)';

CREATE TABLE isms.scheme_setting (
    scheme text PRIMARY KEY REFERENCES isms.scheme ON DELETE CASCADE,
    cycle_years integer CHECK (cycle_years BETWEEN 1 AND 10),
    expiry_offset_days integer CHECK (expiry_offset_days BETWEEN 0 AND 366),
    first_surveillance_months integer CHECK (first_surveillance_months BETWEEN 1 AND 120),
    restoration_months integer CHECK (restoration_months BETWEEN 0 AND 120),
    stage2_decision_months integer CHECK (stage2_decision_months BETWEEN 1 AND 120),
    max_stage_gap_days integer CHECK (max_stage_gap_days >= 0),
    suspension_warning_months integer CHECK (suspension_warning_months BETWEEN 1 AND 120),
    auto_suspend_overdue boolean,
    withdrawn_listing_months integer CHECK (withdrawn_listing_months BETWEEN 0 AND 120)
);
COMMENT ON TABLE isms.scheme_setting IS
    'Local overrides of a scheme''s parameters; a NULL column keeps the scheme default. Kept by pg_dump.';
COMMENT ON COLUMN isms.scheme_setting.scheme IS 'Scheme whose parameters are overridden';
COMMENT ON COLUMN isms.scheme_setting.cycle_years IS 'CYC-3 override';
COMMENT ON COLUMN isms.scheme_setting.expiry_offset_days IS 'CYC-3 override';
COMMENT ON COLUMN isms.scheme_setting.first_surveillance_months IS 'SUR-1 override';
COMMENT ON COLUMN isms.scheme_setting.restoration_months IS 'REC-3 override';
COMMENT ON COLUMN isms.scheme_setting.stage2_decision_months IS 'CYC-5 override';
COMMENT ON COLUMN isms.scheme_setting.max_stage_gap_days IS 'CYC-6 override';
COMMENT ON COLUMN isms.scheme_setting.suspension_warning_months IS 'SUS-2 override';
COMMENT ON COLUMN isms.scheme_setting.auto_suspend_overdue IS 'SUR-3 override';
COMMENT ON COLUMN isms.scheme_setting.withdrawn_listing_months IS 'ACC-3 override';

CREATE TABLE isms.standard (
    ref isms.stdref PRIMARY KEY,
    number text NOT NULL,
    edition integer NOT NULL CHECK (edition BETWEEN 1900 AND 2999),
    scheme text NOT NULL REFERENCES isms.scheme,
    title text,
    idt_of isms.stdref REFERENCES isms.standard,
    needs_base boolean NOT NULL DEFAULT false,
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT standard_idt CHECK (idt_of <> ref)
);
COMMENT ON TABLE isms.standard IS
    'Standards and editions that certificates are issued against, each in a scheme; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.standard.ref IS 'Reference with edition, e.g. ISO/IEC 27001:2022';
COMMENT ON COLUMN isms.standard.number IS 'Reference without edition, e.g. ISO/IEC 27001';
COMMENT ON COLUMN isms.standard.edition IS 'Year of the edition';
COMMENT ON COLUMN isms.standard.scheme IS 'Scheme under which certificates against this standard are issued and accredited';
COMMENT ON COLUMN isms.standard.title IS 'Short title';
COMMENT ON COLUMN isms.standard.idt_of IS 'STD-1: the standard this one is an identical (IDT) adoption of, e.g. JIS Q 27001:2023 of ISO/IEC 27001:2022; every rule treats the two alike';
COMMENT ON COLUMN isms.standard.needs_base IS 'ADD-1: a certificate against this standard and edition is an add-on that needs a base ISO/IEC 27001 certificate';
COMMENT ON COLUMN isms.standard.shipped IS 'True for rows shipped with the extension';
COMMENT ON CONSTRAINT standard_idt ON isms.standard IS 'a standard is not an adoption of itself';

INSERT INTO isms.scheme (code, name, accreditation_standard, shipped) VALUES
    ('ISMS', 'Information security management systems', 'ISO/IEC 27006-1', true),
    ('ISMS-CLOUD', 'ISMS cloud security certification (add-on)', 'JIP-ISAC101-1.0', true),
    ('ISMS-PIMS', 'Privacy information management systems', 'ISO/IEC TS 27006-2', true),
    ('ITSMS', 'IT service management systems', 'ISO/IEC 20000-6', true),
    ('BCMS', 'Business continuity management systems', 'ISO/IEC TS 17021-6', true),
    ('CSMS', 'Cyber security management systems for industrial automation', NULL, true);

INSERT INTO isms.standard (ref, number, edition, scheme, title, needs_base, shipped) VALUES
    ('ISO/IEC 27001:2013', 'ISO/IEC 27001', 2013, 'ISMS', 'Information security management systems - Requirements', false, true),
    ('ISO/IEC 27001:2022', 'ISO/IEC 27001', 2022, 'ISMS', 'Information security, cybersecurity and privacy protection - Information security management systems - Requirements', false, true),
    ('ISO/IEC 27001:2022/Amd 1:2024', 'ISO/IEC 27001', 2022, 'ISMS', 'ISO/IEC 27001:2022 with Amendment 1: climate action changes (clauses 4.1, 4.2)', false, true),
    ('ISO/IEC 27017:2015', 'ISO/IEC 27017', 2015, 'ISMS-CLOUD', 'Code of practice for information security controls based on ISO/IEC 27002 for cloud services', true, true),
    ('ISO/IEC 27701:2019', 'ISO/IEC 27701', 2019, 'ISMS-PIMS', 'Extension to ISO/IEC 27001 and ISO/IEC 27002 for privacy information management', true, true),
    ('ISO/IEC 27701:2025', 'ISO/IEC 27701', 2025, 'ISMS-PIMS', 'Privacy information management systems - Requirements and guidance', false, true),
    ('ISO/IEC 20000-1:2018', 'ISO/IEC 20000-1', 2018, 'ITSMS', 'Service management system requirements', false, true),
    ('ISO 22301:2019', 'ISO 22301', 2019, 'BCMS', 'Business continuity management systems - Requirements', false, true),
    ('IEC 62443-2-1:2010', 'IEC 62443-2-1', 2010, 'CSMS', 'Establishing an industrial automation and control system security program', false, true);
-- STD-1: the Japanese Industrial Standards adopting them identically
INSERT INTO isms.standard (ref, number, edition, scheme, title, idt_of, needs_base, shipped) VALUES
    ('JIS Q 27001:2014', 'JIS Q 27001', 2014, 'ISMS', 'IDT ISO/IEC 27001:2013', 'ISO/IEC 27001:2013', false, true),
    ('JIS Q 27001:2023', 'JIS Q 27001', 2023, 'ISMS', 'IDT ISO/IEC 27001:2022', 'ISO/IEC 27001:2022', false, true),
    ('JIS Q 27017:2016', 'JIS Q 27017', 2016, 'ISMS-CLOUD', 'IDT ISO/IEC 27017:2015', 'ISO/IEC 27017:2015', true, true);

CREATE FUNCTION isms.std_canonical(ref isms.stdref) RETURNS isms.stdref
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT coalesce(s.idt_of, s.ref) FROM isms.standard s WHERE s.ref OPERATOR(pg_catalog.=) std_canonical.ref;
    END;
COMMENT ON FUNCTION isms.std_canonical(isms.stdref) IS
    'STD-1: the international standard a reference stands for (JIS Q 27001:2023 gives ISO/IEC 27001:2022); NULL for a reference not in isms.standard';

/*
 * TRN-1..5: edition transitions as data.  A certificate against the old
 * edition (or an IDT adoption of it) moves to the new one by a "transition"
 * decision after a transition audit, keeping its cycle; no initial or
 * recertification audit against the old edition starts after
 * last_old_audit_start (TRN-2); no certificate against it is valid after
 * old_valid_until (TRN-3).
 */
CREATE TABLE isms.edition_transition (
    from_standard isms.stdref PRIMARY KEY REFERENCES isms.standard,
    to_standard isms.stdref NOT NULL REFERENCES isms.standard,
    published date NOT NULL,
    last_old_audit_start date,
    old_valid_until date,
    surveillance_extra_days numeric(4,2) NOT NULL DEFAULT 0 CHECK (surveillance_extra_days >= 0),
    recertification_extra_days numeric(4,2) NOT NULL DEFAULT 0 CHECK (recertification_extra_days >= 0),
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT edition_transition_dates CHECK (last_old_audit_start >= published
        AND old_valid_until >= last_old_audit_start),
    CONSTRAINT edition_transition_other CHECK (from_standard OPERATOR(pg_catalog.~=) to_standard
        AND isms.std_edition(to_standard) > isms.std_edition(from_standard))
);
COMMENT ON TABLE isms.edition_transition IS
    'TRN-1..5: edition transitions, one row per old edition; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.edition_transition.from_standard IS 'The old edition (its amended versions and its IDT adoptions follow it; give the international edition)';
COMMENT ON COLUMN isms.edition_transition.to_standard IS 'The new edition (its IDT adoptions are accepted too)';
COMMENT ON COLUMN isms.edition_transition.published IS 'TRN-1: publication of the new edition';
COMMENT ON COLUMN isms.edition_transition.last_old_audit_start IS 'TRN-2: last day on which an initial (stage 2) or recertification audit against the old edition may start';
COMMENT ON COLUMN isms.edition_transition.old_valid_until IS 'TRN-3: last day on which a certificate against the old edition is valid';
COMMENT ON COLUMN isms.edition_transition.surveillance_extra_days IS 'TRN-4: auditor-days a transition audit adds to a surveillance audit';
COMMENT ON COLUMN isms.edition_transition.recertification_extra_days IS 'TRN-4: auditor-days a transition audit adds to a recertification audit';
COMMENT ON COLUMN isms.edition_transition.shipped IS 'True for rows shipped with the extension';
COMMENT ON CONSTRAINT edition_transition_dates ON isms.edition_transition IS 'publication, last old-edition audit and end of validity come in that order';
COMMENT ON CONSTRAINT edition_transition_other ON isms.edition_transition IS 'a transition goes to a newer edition of the same standard';

-- IAF MD 26: ISO/IEC 27001:2013 -> 2022 (TRN-1..4)
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start,
    old_valid_until, surveillance_extra_days, recertification_extra_days, shipped)
VALUES ('ISO/IEC 27001:2013', 'ISO/IEC 27001:2022', '2022-10-25', '2024-04-30', '2025-10-31', 1, 0.5, true);

/*
 * TIME-1: audit time as data.  Each row is a band of persons doing work
 * under the organisation's control: from the previous row's persons_max + 1
 * (the first from 1) to its own persons_max.  A scheme's own rows
 * (shipped = false) replace its shipped rows as a whole as soon as it has
 * one.  Above the last band the table goes on by its progression (see
 * isms.audit_days).
 */
CREATE TABLE isms.audit_time (
    scheme text NOT NULL REFERENCES isms.scheme,
    persons_max integer NOT NULL CHECK (persons_max >= 1),
    initial_days numeric(6,2) NOT NULL CHECK (initial_days > 0),
    surveillance_days numeric(6,2) NOT NULL CHECK (surveillance_days > 0),
    recertification_days numeric(6,2) NOT NULL CHECK (recertification_days > 0),
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scheme, shipped, persons_max)
);
COMMENT ON TABLE isms.audit_time IS
    'TIME-1: auditor-days by persons in scope, one row per band; no figure decreases from one band to the next; a scheme''s own rows replace its shipped rows; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.audit_time.scheme IS 'Scheme the figures apply to';
COMMENT ON COLUMN isms.audit_time.persons_max IS 'Upper bound of the band (persons, inclusive); the band starts after the previous row''s bound';
COMMENT ON COLUMN isms.audit_time.initial_days IS 'Initial audit (stage 1 and stage 2 together), auditor-days';
COMMENT ON COLUMN isms.audit_time.surveillance_days IS 'Surveillance audit, auditor-days';
COMMENT ON COLUMN isms.audit_time.recertification_days IS 'Recertification audit, auditor-days';
COMMENT ON COLUMN isms.audit_time.shipped IS 'True for rows shipped with the extension';

-- ISO/IEC 27006:2015 Table B.1 (initial audit).  Surveillance is a third and
-- recertification two thirds of the initial figure, each rounded UP to the
-- half day.
INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days,
                             recertification_days, shipped) VALUES
    ('ISMS',    10,  5,    2,   3.5, true),
    ('ISMS',    15,  6,    2,   4,   true),
    ('ISMS',    25,  7,    2.5, 5,   true),
    ('ISMS',    45,  8.5,  3,   6,   true),
    ('ISMS',    65, 10,    3.5, 7,   true),
    ('ISMS',    85, 11,    4,   7.5, true),
    ('ISMS',   125, 12,    4,   8,   true),
    ('ISMS',   175, 13,    4.5, 9,   true),
    ('ISMS',   275, 14,    5,   9.5, true),
    ('ISMS',   425, 15,    5,  10,   true),
    ('ISMS',   625, 16.5,  5.5, 11,   true),
    ('ISMS',   875, 17.5,  6,  12,   true),
    ('ISMS',  1175, 18.5,  6.5, 12.5, true),
    ('ISMS',  1550, 19.5,  6.5, 13,   true),
    ('ISMS',  2025, 21,    7,  14,   true),
    ('ISMS',  2675, 22,    7.5, 15,   true),
    ('ISMS',  3450, 23,    8,  15.5, true),
    ('ISMS',  4350, 24,    8,  16,   true),
    ('ISMS',  5450, 25,    8.5, 17,   true),
    ('ISMS',  6800, 26,    9,  17.5, true),
    ('ISMS',  8500, 27,    9,  18,   true),
    ('ISMS', 10700, 28,    9.5, 19,   true);

/* ====================================================================
 * Bodies, accreditations, organisations
 * ==================================================================== */

CREATE TABLE isms.accreditation_body (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    country text CHECK (country ~ '^[A-Z]{2}$'),
    iaf_mla boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE isms.accreditation_body IS 'Accreditation bodies (e.g. ISMS-AC), which accredit certification bodies';
COMMENT ON COLUMN isms.accreditation_body.id IS 'Surrogate key';
COMMENT ON COLUMN isms.accreditation_body.code IS 'Short unique code';
COMMENT ON COLUMN isms.accreditation_body.name IS 'Name';
COMMENT ON COLUMN isms.accreditation_body.country IS 'ISO 3166-1 alpha-2 country code';
COMMENT ON COLUMN isms.accreditation_body.iaf_mla IS 'True if the body is an IAF MLA signatory';

CREATE TABLE isms.certification_body (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    name_local text,
    country text CHECK (country ~ '^[A-Z]{2}$'),
    expiry_offset_days integer CHECK (expiry_offset_days BETWEEN 0 AND 366),
    max_stage_gap_days integer CHECK (max_stage_gap_days >= 0)
);
COMMENT ON TABLE isms.certification_body IS 'Certification bodies, which audit organisations and decide certification';
COMMENT ON COLUMN isms.certification_body.id IS 'Surrogate key';
COMMENT ON COLUMN isms.certification_body.code IS 'Short unique code';
COMMENT ON COLUMN isms.certification_body.name IS 'Name';
COMMENT ON COLUMN isms.certification_body.name_local IS 'Name in the local language';
COMMENT ON COLUMN isms.certification_body.country IS 'ISO 3166-1 alpha-2 country code';
COMMENT ON COLUMN isms.certification_body.expiry_offset_days IS 'CYC-3: this body''s expiry offset; NULL for the scheme''s';
COMMENT ON COLUMN isms.certification_body.max_stage_gap_days IS 'CYC-6: this body''s maximum stage 1 to stage 2 gap; NULL for the scheme''s';

CREATE TABLE isms.accreditation (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    ab_id bigint NOT NULL REFERENCES isms.accreditation_body,
    cb_id bigint NOT NULL REFERENCES isms.certification_body,
    scheme text NOT NULL REFERENCES isms.scheme,
    accreditation_number text,
    valid_from date NOT NULL,
    valid_until date,
    status isms.accreditation_status NOT NULL DEFAULT 'active',
    CONSTRAINT accreditation_period CHECK (valid_until >= valid_from
        AND valid_from > '-infinity' AND valid_until < 'infinity'),
    -- ACC-2: a CB's accreditation periods for one scheme and AB do not overlap
    CONSTRAINT "ACC-2" EXCLUDE USING gist (
        ab_id WITH =, cb_id WITH =, scheme WITH =,
        daterange(valid_from, valid_until, '[]') WITH &&)
);
CREATE INDEX accreditation_cb_scheme ON isms.accreditation (cb_id, scheme);
COMMENT ON INDEX isms.accreditation_cb_scheme IS 'accreditations of a body, for the ACC-1 checks';
COMMENT ON TABLE isms.accreditation IS
    'Accreditation periods of certification bodies per accreditation body and scheme (ACC-1, ACC-2)';
COMMENT ON COLUMN isms.accreditation.id IS 'Surrogate key';
COMMENT ON COLUMN isms.accreditation.ab_id IS 'Accreditation body';
COMMENT ON COLUMN isms.accreditation.cb_id IS 'Accredited certification body';
COMMENT ON COLUMN isms.accreditation.scheme IS 'Scheme the accreditation covers';
COMMENT ON COLUMN isms.accreditation.accreditation_number IS 'Number given by the accreditation body';
COMMENT ON COLUMN isms.accreditation.valid_from IS 'First day of the period';
COMMENT ON COLUMN isms.accreditation.valid_until IS 'Last day of the period; NULL while open';
COMMENT ON COLUMN isms.accreditation.status IS 'Status of the period; only active periods cover decisions';
COMMENT ON CONSTRAINT accreditation_period ON isms.accreditation IS
    'an accreditation period ends on or after its first day; its days are finite (an open period has valid_until NULL)';
COMMENT ON CONSTRAINT "ACC-2" ON isms.accreditation IS
    'ACC-2: accreditation periods of one certification body for one scheme and accreditation body do not overlap';

CREATE TABLE isms.organisation (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    name_local text,
    country text CHECK (country ~ '^[A-Z]{2}$'),
    city text,
    address text,
    confidential boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE isms.organisation IS 'Certified (or applying) organisations';
COMMENT ON COLUMN isms.organisation.id IS 'Surrogate key';
COMMENT ON COLUMN isms.organisation.name IS 'Name';
COMMENT ON COLUMN isms.organisation.name_local IS 'Name in the local language';
COMMENT ON COLUMN isms.organisation.country IS 'ISO 3166-1 alpha-2 country code';
COMMENT ON COLUMN isms.organisation.city IS 'City';
COMMENT ON COLUMN isms.organisation.address IS 'Street address';
COMMENT ON COLUMN isms.organisation.confidential IS 'PUB-1: name and address are not published';

/*
 * ACC-4: auditors and their registrations (personnel certification) by
 * personnel certification bodies.
 */
CREATE TABLE isms.personnel_body (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    country text CHECK (country ~ '^[A-Z]{2}$')
);
COMMENT ON TABLE isms.personnel_body IS 'Personnel certification bodies, which register auditors (ACC-4)';
COMMENT ON COLUMN isms.personnel_body.id IS 'Surrogate key';
COMMENT ON COLUMN isms.personnel_body.code IS 'Short unique code';
COMMENT ON COLUMN isms.personnel_body.name IS 'Name';
COMMENT ON COLUMN isms.personnel_body.country IS 'ISO 3166-1 alpha-2 country code';

CREATE TABLE isms.auditor (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    name_local text,
    country text CHECK (country ~ '^[A-Z]{2}$')
);
COMMENT ON TABLE isms.auditor IS 'Auditors, who lead audits (ACC-4)';
COMMENT ON COLUMN isms.auditor.id IS 'Surrogate key';
COMMENT ON COLUMN isms.auditor.name IS 'Name';
COMMENT ON COLUMN isms.auditor.name_local IS 'Name in the local language';
COMMENT ON COLUMN isms.auditor.country IS 'ISO 3166-1 alpha-2 country code';

CREATE TABLE isms.auditor_registration (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    auditor_id bigint NOT NULL REFERENCES isms.auditor,
    body_id bigint NOT NULL REFERENCES isms.personnel_body,
    registration_number text,
    grade text NOT NULL CHECK (grade ~ '^\S(.*\S)?$'),
    valid_from date NOT NULL,
    valid_until date,
    status isms.accreditation_status NOT NULL DEFAULT 'active',
    CONSTRAINT auditor_registration_period CHECK (valid_until >= valid_from
        AND valid_from > '-infinity' AND valid_until < 'infinity'),
    -- an auditor's registration periods with one body do not overlap
    CONSTRAINT auditor_registration_no_overlap EXCLUDE USING gist (
        auditor_id WITH =, body_id WITH =,
        daterange(valid_from, valid_until, '[]') WITH &&)
);
COMMENT ON TABLE isms.auditor_registration IS
    'Registration periods of auditors with personnel certification bodies; an active period covers the audits the auditor leads (ACC-4)';
COMMENT ON COLUMN isms.auditor_registration.id IS 'Surrogate key';
COMMENT ON COLUMN isms.auditor_registration.auditor_id IS 'Registered auditor';
COMMENT ON COLUMN isms.auditor_registration.body_id IS 'Personnel certification body';
COMMENT ON COLUMN isms.auditor_registration.registration_number IS 'Number given by the body';
COMMENT ON COLUMN isms.auditor_registration.grade IS 'Grade of the registration, e.g. ''lead auditor'', ''auditor''';
COMMENT ON COLUMN isms.auditor_registration.valid_from IS 'First day of the period';
COMMENT ON COLUMN isms.auditor_registration.valid_until IS 'Last day of the period; NULL while open';
COMMENT ON COLUMN isms.auditor_registration.status IS 'Status of the period; only active periods cover audits';
COMMENT ON CONSTRAINT auditor_registration_period ON isms.auditor_registration IS
    'a registration period ends on or after its first day; its days are finite (an open period has valid_until NULL)';
COMMENT ON CONSTRAINT auditor_registration_no_overlap ON isms.auditor_registration IS
    'an auditor''s registration periods with one personnel certification body do not overlap';

/* ====================================================================
 * Certificates, audits, decisions
 * ==================================================================== */

CREATE TABLE isms.certificate (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    cb_id bigint NOT NULL REFERENCES isms.certification_body,
    certificate_number text NOT NULL CHECK (certificate_number ~ '^\S(.*\S)?$'),
    organisation_id bigint NOT NULL REFERENCES isms.organisation,
    standard isms.stdref NOT NULL REFERENCES isms.standard,
    scope_statement text NOT NULL,
    soa_version text,
    status isms.cert_status NOT NULL DEFAULT 'draft',
    original_certification_date date,
    cycle_start date,
    expiry_date date,
    revision integer NOT NULL DEFAULT 0,
    initial_scope_statement text,
    initial_standard isms.stdref REFERENCES isms.standard,
    scope isms.scope,
    initial_scope isms.scope,
    -- ADD-1: an add-on (ISO/IEC 27017, 27701) names its ISO/IEC 27001 base
    base_certificate_id bigint REFERENCES isms.certificate,
    persons_in_scope integer CHECK (persons_in_scope >= 1),
    sites integer CHECK (sites >= 1),
    sampling_allowed boolean NOT NULL DEFAULT true,
    -- STD-3: certificate numbers are unique per certification body only
    CONSTRAINT "STD-3" UNIQUE (cb_id, certificate_number),
    CONSTRAINT certificate_base_other CHECK (base_certificate_id <> id)
) WITH (fillfactor = 50);     -- room for HOT updates of the derived columns
CREATE INDEX certificate_organisation ON isms.certificate (organisation_id);
CREATE INDEX certificate_base ON isms.certificate (base_certificate_id);
CREATE INDEX certificate_scope ON isms.certificate USING gin (scope isms.scope_gin_ops);
COMMENT ON INDEX isms.certificate_scope IS 'which certificates cover a site, unit or service: scope @> ..., scope && ...';
COMMENT ON INDEX isms.certificate_organisation IS 'certificates of an organisation';
COMMENT ON TABLE isms.certificate IS
    'Certificates; status, dates and revision are derived from isms.decision and kept by triggers and isms.sweep()';
COMMENT ON COLUMN isms.certificate.id IS 'Surrogate key (the stable certification identity)';
COMMENT ON COLUMN isms.certificate.cb_id IS 'Issuing certification body';
COMMENT ON COLUMN isms.certificate.certificate_number IS 'Number chosen by the certification body, unique per body (STD-3)';
COMMENT ON COLUMN isms.certificate.organisation_id IS 'Certified organisation';
COMMENT ON COLUMN isms.certificate.standard IS 'Standard and edition (isms.standard) in force; set by the application, then by transition decisions';
COMMENT ON COLUMN isms.certificate.scope_statement IS 'Scope of certification in force, as worded on the certificate; set by the application, then by scope decisions (SCO-1)';
COMMENT ON COLUMN isms.certificate.soa_version IS 'Version of the Statement of Applicability the certificate refers to';
COMMENT ON COLUMN isms.certificate.status IS 'Derived: status on the day of the last write or sweep (equals isms.status_at(id, that day))';
COMMENT ON COLUMN isms.certificate.original_certification_date IS 'Derived (REC-5): effective date of the first grant';
COMMENT ON COLUMN isms.certificate.cycle_start IS 'Derived (CYC-2): decision date of the grant, recertification or restoration that opened the current cycle';
COMMENT ON COLUMN isms.certificate.expiry_date IS 'Derived (CYC-3): last day of validity of the current cycle';
COMMENT ON COLUMN isms.certificate.initial_scope_statement IS 'Kept by isms: the scope statement applied for, from which the scope decisions start';
COMMENT ON COLUMN isms.certificate.initial_standard IS 'Kept by isms: the standard applied for, from which transition decisions start';
COMMENT ON COLUMN isms.certificate.scope IS 'Scope in force as a set of elements (isms.scope), beside the wording; set by the application, then by scope decisions (SCO-1)';
COMMENT ON COLUMN isms.certificate.initial_scope IS 'Kept by isms: the scope elements applied for, from which the scope decisions start';
COMMENT ON COLUMN isms.certificate.base_certificate_id IS 'Add-ons (ADD-1): the ISO/IEC 27001 certificate of the same organisation and body this certificate is an add-on to; its status follows the base''s (ADD-5); NULL for a standalone certificate';
COMMENT ON COLUMN isms.certificate.persons_in_scope IS 'Persons doing work under the organisation''s control within the scope, for audit time (TIME-1)';
COMMENT ON COLUMN isms.certificate.sites IS 'Number of sites of a multi-site certificate, not counting the central function (SMP-1); NULL or 1 for a single site';
COMMENT ON COLUMN isms.certificate.sampling_allowed IS 'Whether the sites may be sampled (SMP-1); if not, all sites are audited at initial and recertification audits and 30% per surveillance';
COMMENT ON CONSTRAINT certificate_base_other ON isms.certificate IS 'a certificate is not its own base (ADD-1)';
COMMENT ON COLUMN isms.certificate.revision IS 'Derived (SCO-1): revision marker, counts grants, recertifications, restorations, scope changes and transitions';
COMMENT ON CONSTRAINT "STD-3" ON isms.certificate IS 'STD-3: certificate numbers are unique per certification body';

CREATE TABLE isms.audit (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    certificate_id bigint NOT NULL REFERENCES isms.certificate,
    kind isms.audit_kind NOT NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    auditor_days numeric(6,2) CHECK (auditor_days > 0),
    persons_in_scope integer CHECK (persons_in_scope >= 1),
    -- ADD-6: an add-on's first audit held together with one of its base
    combined_with bigint REFERENCES isms.audit,
    notes text,
    lead_auditor_id bigint REFERENCES isms.auditor,
    time_justification text,
    CONSTRAINT audit_period CHECK (end_date >= start_date
        AND start_date > '-infinity' AND end_date < 'infinity')
);
CREATE INDEX audit_certificate ON isms.audit (certificate_id, end_date);
CREATE INDEX audit_combined_with ON isms.audit (combined_with);
COMMENT ON INDEX isms.audit_certificate IS 'audits of a certificate in date order, for the history replay';
COMMENT ON CONSTRAINT audit_period ON isms.audit IS
    'an audit ends on or after its first day, and both days are finite';
COMMENT ON TABLE isms.audit IS 'Audits of certificates: the evidence that decisions need (CYC-1, REC-1, REC-3, SCO-1, SUR-1, SUR-2)';
COMMENT ON COLUMN isms.audit.id IS 'Surrogate key';
COMMENT ON COLUMN isms.audit.certificate_id IS 'Audited certificate';
COMMENT ON COLUMN isms.audit.kind IS 'Kind of audit';
COMMENT ON COLUMN isms.audit.start_date IS 'First day of the audit';
COMMENT ON COLUMN isms.audit.end_date IS 'Last day of the audit';
COMMENT ON COLUMN isms.audit.auditor_days IS 'Audit time spent, in auditor-days';
COMMENT ON COLUMN isms.audit.persons_in_scope IS 'Persons doing work under the organisation''s control within the scope, at least 1; NULL: the certificate''s persons_in_scope counts (TIME-2)';
COMMENT ON COLUMN isms.audit.notes IS 'Free text';
COMMENT ON COLUMN isms.audit.combined_with IS 'ADD-6: the surveillance or recertification audit of the base certificate this add-on audit was held together with; such an audit can be the initial audit of the add-on''s first grant';
COMMENT ON COLUMN isms.audit.lead_auditor_id IS 'ACC-4: the auditor who led the audit, registered on its start date; NULL if not recorded';
COMMENT ON COLUMN isms.audit.time_justification IS 'TIME-2, TRN-4: why the audit time is below the figure of the scheme''s table; needed when it is';
CREATE INDEX audit_lead_auditor ON isms.audit (lead_auditor_id) WHERE lead_auditor_id IS NOT NULL;
COMMENT ON INDEX isms.audit_lead_auditor IS 'audits led by an auditor, for the ACC-4 recheck';

CREATE TABLE isms.decision (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    certificate_id bigint NOT NULL REFERENCES isms.certificate,
    kind isms.decision_kind NOT NULL,
    decision_date date NOT NULL,
    effective_date date NOT NULL,
    new_expiry date,
    new_scope_statement text,
    new_scope isms.scope,
    new_standard isms.stdref REFERENCES isms.standard,
    reason text,
    corrects bigint UNIQUE REFERENCES isms.decision,
    recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT "CYC-4" CHECK (effective_date >= decision_date),
    CONSTRAINT decision_new_expiry CHECK (
        new_expiry IS NULL OR kind IN ('grant', 'recertify', 'restore')),
    CONSTRAINT decision_expiry_after_effective CHECK (new_expiry >= effective_date),
    CONSTRAINT decision_new_standard CHECK ((kind = 'transition') = (new_standard IS NOT NULL)),
    CONSTRAINT decision_new_scope CHECK (
        (new_scope_statement IS NULL AND new_scope IS NULL) OR kind IN ('reduce_scope', 'extend_scope')),
    CONSTRAINT decision_annul CHECK (kind <> 'annul' OR corrects IS NOT NULL),
    CONSTRAINT decision_corrects_other CHECK (corrects <> id)
);
CREATE INDEX decision_history ON isms.decision (certificate_id, effective_date, id);
COMMENT ON INDEX isms.decision_history IS 'decisions of a certificate in replay order';
COMMENT ON TABLE isms.decision IS
    'Certification decisions: the append-only history (LOG-1) that drives every certificate''s status';
COMMENT ON COLUMN isms.decision.id IS 'Surrogate key; orders decisions with the same effective date';
COMMENT ON COLUMN isms.decision.certificate_id IS 'Certificate decided on';
COMMENT ON COLUMN isms.decision.kind IS 'Kind of decision (legal-transition table)';
COMMENT ON COLUMN isms.decision.decision_date IS 'Day the decision was taken';
COMMENT ON COLUMN isms.decision.effective_date IS 'Day the decision takes effect, on or after the decision date (CYC-4); defaults to the decision date';
COMMENT ON COLUMN isms.decision.new_expiry IS 'New expiry date for grant, recertify and restore (CYC-3); when left NULL, the latest date CYC-3 allows; forbidden for other kinds';
COMMENT ON COLUMN isms.decision.new_scope_statement IS 'New scope wording, for reduce_scope and extend_scope decisions (SCO-1)';
COMMENT ON COLUMN isms.decision.new_scope IS 'New scope elements, for reduce_scope (contained in the old scope) and extend_scope (containing it) decisions (SCO-1)';
COMMENT ON COLUMN isms.decision.new_standard IS 'New standard edition, required for transition decisions';
COMMENT ON COLUMN isms.decision.reason IS 'Reason (e.g. for a suspension: missed surveillance, serious failure, client request)';
COMMENT ON COLUMN isms.decision.corrects IS 'LOG-1: earlier decision of the same certificate that this one replaces (or, for annul, voids); the corrected decision is ignored from then on';
COMMENT ON COLUMN isms.decision.recorded_at IS 'When the row was written (set by isms: the transaction''s start time)';
COMMENT ON CONSTRAINT "CYC-4" ON isms.decision IS 'CYC-4: a decision takes effect on or after its decision date';
COMMENT ON CONSTRAINT decision_new_expiry ON isms.decision IS 'only grant, recertify and restore decisions set a new expiry date';
COMMENT ON CONSTRAINT decision_expiry_after_effective ON isms.decision IS 'the new expiry date is not before the effective date';
COMMENT ON CONSTRAINT decision_new_standard ON isms.decision IS 'transition decisions name the new standard edition; others do not';
COMMENT ON CONSTRAINT decision_new_scope ON isms.decision IS 'only scope decisions carry a new scope statement or scope';
COMMENT ON CONSTRAINT decision_annul ON isms.decision IS 'an annul decision names the decision it voids';
COMMENT ON CONSTRAINT decision_corrects_other ON isms.decision IS 'a decision cannot correct itself';

/* ====================================================================
 * Triggers (C)
 * ==================================================================== */

CREATE FUNCTION isms.decision_before_insert() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_decision_before_insert' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.decision_after_insert() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_decision_after_insert' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.decision_immutable() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_decision_immutable' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.audit_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_audit_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.certificate_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_certificate_guard' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.accreditation_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_accreditation_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.reference_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_reference_guard' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.no_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_no_truncate' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.reference_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_reference_changed' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.addon_check() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_addon_check' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.audit_combined() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_audit_combined' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.audit_rules_check() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_audit_rules_check' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.auditor_registration_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_auditor_registration_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.audit_time_check() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_audit_time_check' LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION isms.decision_before_insert() IS
    'Trigger: fills effective_date from decision_date and checks CYC-4 on each new decision';
COMMENT ON FUNCTION isms.decision_after_insert() IS
    'Trigger: checks a statement''s new decisions against the scheme (legal transitions, CYC, SUR, REC, SUS, SCO, ACC-1, LOG-1) and updates the certificates';
COMMENT ON FUNCTION isms.decision_immutable() IS
    'Trigger: LOG-1, decisions are never updated, deleted or truncated';
COMMENT ON FUNCTION isms.audit_after_change() IS
    'Trigger: after audits change, every decision of their certificates still has its evidence';
COMMENT ON FUNCTION isms.certificate_guard() IS
    'Trigger: derived certificate columns are written by isms only; body, organisation, standard and scope change by decisions once there are any';
COMMENT ON FUNCTION isms.accreditation_after_change() IS
    'Trigger: ACC-1, accreditation changes never leave a recorded decision uncovered';
COMMENT ON FUNCTION isms.reference_changed() IS
    'Trigger: sessions drop their cached copy of the standards and edition transitions when these change';
COMMENT ON FUNCTION isms.no_truncate() IS
    'Trigger: audits, accreditations and auditor registrations are not truncated; DELETE checks that recorded decisions and audits keep their evidence and cover';
COMMENT ON FUNCTION isms.audit_rules_check() IS
    'Trigger: ACC-4 (registered lead auditor), TIME-2 (audit time below the table needs a justification) and TRN-4 (time of a transition audit) on a statement''s new or changed audits, and on the stage 2 and transition audits that depend on its new, changed or deleted stage 1 and recertification audits; locks their certificates first';
COMMENT ON FUNCTION isms.auditor_registration_after_change() IS
    'Trigger: ACC-4, registration changes never leave a recorded audit''s lead auditor unregistered';
COMMENT ON FUNCTION isms.audit_time_check() IS
    'Trigger: TIME-1, a registry''s own audit-time table gives no fewer auditor-days to more persons, figure by figure';
COMMENT ON FUNCTION isms.addon_check() IS
    'Trigger: ADD-7, at commit the add-ons of a changed base certificate are consistent with it (ADD-2..4)';
COMMENT ON FUNCTION isms.audit_combined() IS
    'Trigger: ADD-6, an add-on audit is combined only with an overlapping surveillance or recertification audit of its base';
COMMENT ON FUNCTION isms.reference_guard() IS
    'Trigger: reference rows shipped with the extension are read-only, and only the extension ships rows';

CREATE TRIGGER decision_10_fill BEFORE INSERT ON isms.decision
    FOR EACH ROW EXECUTE FUNCTION isms.decision_before_insert();
CREATE TRIGGER decision_20_check AFTER INSERT ON isms.decision
    REFERENCING NEW TABLE AS new_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION isms.decision_after_insert();
CREATE TRIGGER decision_log_1 BEFORE UPDATE OR DELETE OR TRUNCATE ON isms.decision
    FOR EACH STATEMENT EXECUTE FUNCTION isms.decision_immutable();

CREATE TRIGGER audit_update AFTER UPDATE ON isms.audit
    REFERENCING OLD TABLE AS old_audits NEW TABLE AS new_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_after_change();
CREATE TRIGGER audit_delete AFTER DELETE ON isms.audit
    REFERENCING OLD TABLE AS old_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_after_change();

CREATE TRIGGER audit_truncate BEFORE TRUNCATE ON isms.audit
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();

-- ACC-4, TIME-2, TRN-4 (audit time): one check per statement, after
-- locking the certificates of its old and new rows
CREATE TRIGGER audit_rules_insert AFTER INSERT ON isms.audit
    REFERENCING NEW TABLE AS new_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_rules_check();
CREATE TRIGGER audit_rules_update AFTER UPDATE ON isms.audit
    REFERENCING OLD TABLE AS old_audits NEW TABLE AS new_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_rules_check();
CREATE TRIGGER audit_rules_delete AFTER DELETE ON isms.audit
    REFERENCING OLD TABLE AS old_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_rules_check();

-- ACC-4 at commit, like ACC-1 (accreditation_cover)
CREATE CONSTRAINT TRIGGER auditor_registration_cover AFTER UPDATE OR DELETE ON isms.auditor_registration
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.auditor_registration_after_change();
CREATE TRIGGER auditor_registration_truncate BEFORE TRUNCATE ON isms.auditor_registration
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();

CREATE TRIGGER certificate_guard BEFORE INSERT OR UPDATE ON isms.certificate
    FOR EACH ROW EXECUTE FUNCTION isms.certificate_guard();

-- ADD-7: queued for base certificates that got decisions (and for relinked
-- drafts); checked when the transaction commits, so that a base and its
-- add-ons can be brought into line in several statements.
CREATE CONSTRAINT TRIGGER "ADD-7" AFTER UPDATE OF base_certificate_id ON isms.certificate
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.addon_check();

CREATE TRIGGER audit_combined BEFORE INSERT OR UPDATE ON isms.audit
    FOR EACH ROW WHEN (NEW.combined_with IS NOT NULL)
    EXECUTE FUNCTION isms.audit_combined();

-- Checked when the transaction commits, so that a period can be ended and
-- the next one inserted in two statements.
CREATE CONSTRAINT TRIGGER accreditation_cover AFTER UPDATE OR DELETE ON isms.accreditation
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.accreditation_after_change();

CREATE TRIGGER accreditation_truncate BEFORE TRUNCATE ON isms.accreditation
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();

CREATE TRIGGER scheme_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.scheme
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
CREATE TRIGGER standard_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.standard
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
CREATE TRIGGER edition_transition_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.edition_transition
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
CREATE TRIGGER audit_time_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.audit_time
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
-- TIME-1: the figures of a table do not fall as persons grow
CREATE TRIGGER audit_time_rising AFTER INSERT OR UPDATE ON isms.audit_time
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_time_check();
CREATE TRIGGER standard_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON isms.standard
    FOR EACH STATEMENT EXECUTE FUNCTION isms.reference_changed();
CREATE TRIGGER edition_transition_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON isms.edition_transition
    FOR EACH STATEMENT EXECUTE FUNCTION isms.reference_changed();

-- Trigger functions are not for calling or attaching elsewhere.
REVOKE EXECUTE ON FUNCTION isms.decision_before_insert(), isms.decision_after_insert(),
    isms.decision_immutable(), isms.audit_after_change(), isms.certificate_guard(),
    isms.accreditation_after_change(), isms.reference_guard(), isms.no_truncate(),
    isms.reference_changed(), isms.addon_check(), isms.audit_combined(),
    isms.audit_rules_check(), isms.auditor_registration_after_change(),
    isms.audit_time_check()
    FROM PUBLIC;

COMMENT ON TRIGGER decision_10_fill ON isms.decision IS 'fills effective_date and recorded_at, defaults new_expiry (CYC-3), checks CYC-4 and annulments (LOG-1)';
COMMENT ON TRIGGER decision_20_check ON isms.decision IS 'checks each statement''s new decisions against the scheme and updates their certificates';
COMMENT ON TRIGGER decision_log_1 ON isms.decision IS 'LOG-1: decisions are never updated, deleted or truncated';
COMMENT ON TRIGGER audit_update ON isms.audit IS 'recorded decisions keep their evidence when audits change';
COMMENT ON TRIGGER audit_delete ON isms.audit IS 'recorded decisions keep their evidence when audits are deleted';
COMMENT ON TRIGGER audit_truncate ON isms.audit IS 'audits are deleted, not truncated';
COMMENT ON CONSTRAINT "ADD-7" ON isms.certificate IS 'ADD-7: add-ons stay consistent with their base certificate (deferred constraint trigger)';
COMMENT ON TRIGGER "ADD-7" ON isms.certificate IS 'ADD-7: at commit, the add-ons of a base certificate that changed are still consistent with it (ADD-2..4)';
COMMENT ON TRIGGER audit_combined ON isms.audit IS 'ADD-6: a combined add-on audit names an overlapping surveillance or recertification audit of the base';
COMMENT ON TRIGGER certificate_guard ON isms.certificate IS 'derived columns are written by isms only; body, organisation, number, scope and standard change by decisions once there are any';
COMMENT ON TRIGGER accreditation_cover ON isms.accreditation IS 'ACC-1: at commit, recorded decisions keep their accreditation when accreditations change or go';
COMMENT ON CONSTRAINT accreditation_cover ON isms.accreditation IS 'ACC-1: at commit, recorded decisions keep their accreditation (constraint trigger)';
COMMENT ON TRIGGER accreditation_truncate ON isms.accreditation IS 'accreditations are deleted, not truncated';
COMMENT ON TRIGGER scheme_shipped ON isms.scheme IS 'shipped schemes are read-only';
COMMENT ON TRIGGER standard_shipped ON isms.standard IS 'shipped standards are read-only';
COMMENT ON TRIGGER edition_transition_shipped ON isms.edition_transition IS 'shipped edition transitions are read-only';
COMMENT ON TRIGGER standard_changed ON isms.standard IS 'sessions drop their cached copy of the standards';
COMMENT ON TRIGGER edition_transition_changed ON isms.edition_transition IS 'sessions drop their cached copy of the edition transitions';
COMMENT ON TRIGGER audit_time_shipped ON isms.audit_time IS 'shipped audit-time rows are read-only';
COMMENT ON TRIGGER audit_time_rising ON isms.audit_time IS 'TIME-1: after each statement, no figure of a registry''s own table decreases from one band to the next';
COMMENT ON TRIGGER audit_rules_insert ON isms.audit IS 'ACC-4, TIME-2 and TRN-4 (audit time) on each statement''s new audits';
COMMENT ON TRIGGER audit_rules_update ON isms.audit IS 'ACC-4, TIME-2 and TRN-4 (audit time) on each statement''s changed audits, and the stage 2 and transition audits that depend on them';
COMMENT ON TRIGGER audit_rules_delete ON isms.audit IS 'TIME-2 and TRN-4 (audit time): the stage 2 and transition audits that depended on each statement''s deleted audits';
COMMENT ON TRIGGER auditor_registration_cover ON isms.auditor_registration IS 'ACC-4: at commit, recorded audits keep a registered lead auditor when registrations change or go';
COMMENT ON CONSTRAINT auditor_registration_cover ON isms.auditor_registration IS 'ACC-4: at commit, recorded audits keep a registered lead auditor (constraint trigger)';
COMMENT ON TRIGGER auditor_registration_truncate ON isms.auditor_registration IS 'auditor registrations are deleted, not truncated';

/* ====================================================================
 * Validity-window functions (C)
 * ==================================================================== */

CREATE FUNCTION isms.latest_expiry(kind isms.decision_kind, decision_date date,
                                   previous_expiry date DEFAULT NULL,
                                   cycle_years integer DEFAULT 3,
                                   offset_days integer DEFAULT 1)
    RETURNS date
    AS 'MODULE_PATHNAME', 'isms_latest_expiry'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION isms.latest_expiry(isms.decision_kind, date, date, integer, integer) IS
    'CYC-3: latest expiry date a decision may set; grant: decision_date + cycle_years - offset_days; recertify and restore: previous_expiry + cycle_years; NULL for other kinds';

CREATE FUNCTION isms.cert_latest_expiry(certificate bigint, kind isms.decision_kind, decision_date date)
    RETURNS date
    AS 'MODULE_PATHNAME', 'isms_latest_expiry_cert'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.cert_latest_expiry(bigint, isms.decision_kind, date) IS
    'CYC-3: latest expiry date a decision on this certificate may set, with its scheme''s and body''s parameters and its expiry on the decision date; NULL if the kind sets no expiry or the certificate is withdrawn or cancelled';

CREATE FUNCTION isms.cycle_programme(cycle_start date, expiry date,
                                     initial boolean DEFAULT true,
                                     recertification_audit date DEFAULT NULL,
                                     first_surveillance_months integer DEFAULT 12)
    RETURNS TABLE (rule text, audit_kind text, due_from date, due_by date)
    AS 'MODULE_PATHNAME', 'isms_cycle_programme_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION isms.cycle_programme(date, date, boolean, date, integer) IS
    'Audit programme of a cycle from its dates: SUR-1 first surveillance, SUR-2 one surveillance per calendar year, REC-1 recertification audit; recertification_audit is the end date of the recertification audit, if held';

CREATE FUNCTION isms.audit_programme(certificate bigint, as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (cycle_start date, rule text, audit_kind text, due_from date,
                   due_by date, done_on date, state text,
                   certificate_id bigint, certificate_number text, combined boolean,
                   audit_days numeric, sample_sites integer)
    AS 'MODULE_PATHNAME', 'isms_audit_programme'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 5;
COMMENT ON FUNCTION isms.audit_programme(bigint, date) IS
    'Audit programme of the certificate''s cycle on as_of, each obligation done, late, overdue, due or upcoming (SUR-1, SUR-2, SUR-3, REC-1); for a base certificate also its add-ons'' (combined: held or to be held with the base''s audit, ADD-6); auditor-days due (TIME-1, TRN-4) and sites to sample (SMP-1)';

CREATE FUNCTION isms.restoration_window(expiry date, months integer DEFAULT 6)
    RETURNS daterange
    AS 'MODULE_PATHNAME', 'isms_restoration_window'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.restoration_window(date, integer) IS
    'REC-3: days on which a certificate that expired after this date may be restored: expiry + 1 day to expiry + months';

CREATE FUNCTION isms.cert_restoration_window(certificate bigint)
    RETURNS daterange
    AS 'MODULE_PATHNAME', 'isms_restoration_window_cert'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.cert_restoration_window(bigint) IS
    'REC-3: restoration window after the certificate''s current expiry date, with its scheme''s parameter; NULL if never granted, withdrawn or cancelled';

CREATE FUNCTION isms.status_at(certificate bigint, on_date date)
    RETURNS isms.cert_status
    AS 'MODULE_PATHNAME', 'isms_status_at'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.status_at(bigint, date) IS
    'Status of the certificate on that day, from its decisions and expiry dates; NULL if there is no such certificate';

CREATE FUNCTION isms.valid_periods(certificate bigint)
    RETURNS datemultirange
    AS 'MODULE_PATHNAME', 'isms_valid_periods'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.valid_periods(bigint) IS
    'Days on which the certificate is active by its recorded decisions; suspensions and lapses are holes';

CREATE FUNCTION isms.timeline(certificate bigint)
    RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, decision_id bigint)
    AS 'MODULE_PATHNAME', 'isms_timeline'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION isms.timeline(bigint) IS
    'Status history of the certificate: each status from valid_from to valid_until (inclusive, NULL = open), with the decision that set it (NULL where the expiry date did)';

CREATE FUNCTION isms.sweep(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (certificate_id bigint, certificate_number text,
                   old_status isms.cert_status, new_status isms.cert_status,
                   old_expiry date, new_expiry date, rule text)
    AS 'MODULE_PATHNAME', 'isms_sweep'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION isms.sweep(date) IS
    'Applies date-driven changes (REC-2 expiry, decisions coming into effect, SUR-3 auto-suspension where the scheme asks for it) so that every stored status equals isms.status_at(id, as_of); idempotent; returns what it changed';

-- ADD-3: an add-on without a scope of its own has exactly its base's scope.
CREATE FUNCTION isms.effective_scope(certificate bigint) RETURNS isms.scope
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT CASE WHEN c.base_certificate_id IS NULL THEN c.scope
                    WHEN c.scope IS NULL THEN b.scope
                    -- only roles (role:provider): the base's whole scope in that role
                    WHEN isms.scope_kinds(c.scope) OPERATOR(pg_catalog.=) '{role}'::text[]
                    THEN b.scope OPERATOR(pg_catalog.+) c.scope
                    ELSE c.scope END
        FROM isms.certificate c
        LEFT JOIN isms.certificate b ON b.id OPERATOR(pg_catalog.=) c.base_certificate_id
        WHERE c.id OPERATOR(pg_catalog.=) effective_scope.certificate;
    END;
COMMENT ON FUNCTION isms.effective_scope(bigint) IS
    'Scope elements in force of a certificate: its own, or for an add-on without a scope of its own its base''s, or for an add-on whose scope names only roles the base''s with those roles (ADD-3)';

/* ====================================================================
 * Audit time, sampling, CertSearch listing
 * ==================================================================== */

CREATE FUNCTION isms.audit_days(persons integer, kind text,
                                transition_from isms.stdref DEFAULT NULL,
                                scheme text DEFAULT 'ISMS')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'isms_audit_days'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION isms.audit_days(integer, text, isms.stdref, text) IS
    'TIME-1: auditor-days for persons in scope from isms.audit_time (kind initial = stage 1 + stage 2, surveillance or recertification; progression above the last band); with transition_from, plus the TRN-4 addition of the transition leaving that edition (of the same scheme); NULL for NULL kind, persons or scheme, or a scheme without a table; an unknown scheme is an error';

CREATE FUNCTION isms.sample_size(sites integer, kind text, sampling_allowed boolean DEFAULT true)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_sample_size'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION isms.sample_size(integer, text, boolean) IS
    'SMP-1 (IAF MD 1): sites to visit, the central function not counted (it is visited in addition): initial ceil(sqrt(n)), surveillance ceil(0.6 sqrt(n)), recertification ceil(0.8 sqrt(n)); without sampling all sites, and ceil(0.3 n) per surveillance';

/*
 * ACC-3: IAF CertSearch practice.  The periods of the certificate's body
 * for the scheme of its standard that started on or before on_date decide:
 * an active one covering the day: accredited, listed; else a suspended one
 * covering it: suspended, listed while the certificate is valid, until the
 * last day of its validity in force (the valid_periods range containing
 * on_date, or the last one before it: expiry, TRN-3 end, suspension); else,
 * if there are any: withdrawn, listed until withdrawn_listing_months after
 * the end of the last active or suspended period (for a body that never had
 * one, after the first day of its first withdrawn period); else none, not
 * listed.  listed is on_date <= listed_until for suspended and withdrawn.
 */
CREATE FUNCTION isms.cert_accreditation(certificate bigint, on_date date DEFAULT CURRENT_DATE)
    RETURNS TABLE (accreditation_status text, listed boolean, listed_until date)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 1
    BEGIN ATOMIC
        WITH c AS (
            SELECT c.id, c.cb_id, st.scheme,
                   coalesce(ss.withdrawn_listing_months, s.withdrawn_listing_months) AS months
              FROM isms.certificate c
              JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) c.standard
              JOIN isms.scheme s ON s.code OPERATOR(pg_catalog.=) st.scheme
              LEFT JOIN isms.scheme_setting ss ON ss.scheme OPERATOR(pg_catalog.=) st.scheme
             WHERE c.id OPERATOR(pg_catalog.=) cert_accreditation.certificate
        ), p AS (
            SELECT c.id,
                   bool_or(a.status OPERATOR(pg_catalog.=) 'active'::isms.accreditation_status
                           AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) cert_accreditation.on_date)) AS accredited,
                   bool_or(a.status OPERATOR(pg_catalog.=) 'suspended'::isms.accreditation_status
                           AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) cert_accreditation.on_date)) AS suspended,
                   -- the end of accreditation: the last day of the last
                   -- active or suspended period, else the first withdrawn day
                   coalesce(max(a.valid_until) FILTER (WHERE a.status OPERATOR(pg_catalog.<>) 'withdrawn'::isms.accreditation_status),
                            min(a.valid_from)) AS last_end
              FROM c JOIN isms.accreditation a
                ON a.cb_id OPERATOR(pg_catalog.=) c.cb_id AND a.scheme OPERATOR(pg_catalog.=) c.scheme
               AND a.valid_from OPERATOR(pg_catalog.<=) cert_accreditation.on_date
             GROUP BY c.id
        )
        SELECT CASE WHEN p.accredited THEN 'accredited' WHEN p.suspended THEN 'suspended'
                    WHEN p.id IS NOT NULL THEN 'withdrawn' ELSE 'none' END,
               CASE WHEN p.accredited THEN true
                    WHEN p.suspended THEN coalesce(v.open OR cert_accreditation.on_date OPERATOR(pg_catalog.<=) v.until, false)
                    WHEN p.id IS NOT NULL THEN cert_accreditation.on_date OPERATOR(pg_catalog.<=)
                         (p.last_end OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => c.months))::date
                    ELSE false END,
               CASE WHEN p.accredited THEN NULL
                    WHEN p.suspended THEN v.until
                    WHEN p.id IS NOT NULL THEN (p.last_end OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => c.months))::date
                    END
          FROM c LEFT JOIN p ON p.id OPERATOR(pg_catalog.=) c.id
          -- the certificate's validity in force on on_date (or the last before it)
          LEFT JOIN LATERAL (
              SELECT pg_catalog.upper(r) OPERATOR(pg_catalog.-) 1 AS until, pg_catalog.upper_inf(r) AS open
                FROM pg_catalog.unnest(isms.valid_periods(c.id)) AS r
               WHERE pg_catalog.lower(r) OPERATOR(pg_catalog.<=) cert_accreditation.on_date
               ORDER BY pg_catalog.lower(r) DESC LIMIT 1) v ON p.suspended;
    END;
COMMENT ON FUNCTION isms.cert_accreditation(bigint, date) IS
    'ACC-3: accreditation status (accredited, suspended, withdrawn, none) of the certificate''s body for its scheme on on_date, and whether IAF CertSearch practice keeps the certificate listed: withdrawn, until withdrawn_listing_months [P] after the end of the last active or suspended period (else after the first withdrawn day); suspended, while the certificate is valid, until the last day of its validity in force on on_date';

/* ====================================================================
 * pg_dump: user rows of the registry tables are data
 * ==================================================================== */

SELECT pg_catalog.pg_extension_config_dump('isms.scheme', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.standard', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.edition_transition', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.audit_time', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('isms.scheme_setting', '');
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation_body', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certification_body', '');
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation', '');
SELECT pg_catalog.pg_extension_config_dump('isms.organisation', '');
SELECT pg_catalog.pg_extension_config_dump('isms.personnel_body', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor_registration', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certificate', '');
SELECT pg_catalog.pg_extension_config_dump('isms.audit', '');
SELECT pg_catalog.pg_extension_config_dump('isms.decision', '');
-- ... and so are the positions of their identity sequences
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation_body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certification_body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.accreditation_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.organisation_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.personnel_body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.auditor_registration_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certificate_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.audit_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.decision_id_seq', '');
