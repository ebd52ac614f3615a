/* isms install script, built by make from sql/parts/ (do not edit the built file). */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION isms CASCADE" to load this file. \quit

-- No caller's search_path may change what the extension runs: the SQL
-- functions are written BEGIN ATOMIC (parsed here, once) with every function
-- and type schema-qualified and every operator as OPERATOR(pg_catalog.x);
-- sql/search_path.sql checks it against hostile objects on the path.

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

-- The stored byte is the status code (1 draft ... 6 expired, src/kinds.def),
-- so the built-in "char" functions compare and hash it correctly.
-- Comparison and hashing of isms.cert_status, written out by make from
-- sql/templates/ordered_type.sql.in: the support functions (which raise no
-- error on any value: LEAKPROOF), the six comparison operators and the
-- default btree and hash operator classes.
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

COMMENT ON FUNCTION isms.cert_status_eq(isms.cert_status, isms.cert_status) IS 'implementation of = for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_ne(isms.cert_status, isms.cert_status) IS 'implementation of <> for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_lt(isms.cert_status, isms.cert_status) IS 'implementation of < for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_le(isms.cert_status, isms.cert_status) IS 'implementation of <= for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_gt(isms.cert_status, isms.cert_status) IS 'implementation of > for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_ge(isms.cert_status, isms.cert_status) IS 'implementation of >= for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_cmp(isms.cert_status, isms.cert_status) IS 'btree comparison support for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_hash(isms.cert_status) IS 'hash support for isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_hash_extended(isms.cert_status, bigint) IS 'extended (seeded) hash support for isms.cert_status';

-- The operators live in pg_catalog, like those of the built-in types, so
-- that comparisons resolve whatever the search_path of the reader (a BI
-- tool, another service); they cannot clash with anything there, since no
-- other operator takes isms.cert_status.  Their comments are the type's own.
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
        OPERATOR 1 pg_catalog.< (isms.cert_status, isms.cert_status),
        OPERATOR 2 pg_catalog.<= (isms.cert_status, isms.cert_status),
        OPERATOR 3 pg_catalog.= (isms.cert_status, isms.cert_status),
        OPERATOR 4 pg_catalog.>= (isms.cert_status, isms.cert_status),
        OPERATOR 5 pg_catalog.> (isms.cert_status, isms.cert_status),
        FUNCTION 1 isms.cert_status_cmp(isms.cert_status, isms.cert_status);

CREATE OPERATOR CLASS isms.cert_status_hash_ops
    DEFAULT FOR TYPE isms.cert_status USING hash AS
        OPERATOR 1 pg_catalog.= (isms.cert_status, isms.cert_status),
        FUNCTION 1 isms.cert_status_hash(isms.cert_status),
        FUNCTION 2 isms.cert_status_hash_extended(isms.cert_status, bigint);

COMMENT ON OPERATOR CLASS isms.cert_status_ops USING btree IS 'default btree operator class for isms.cert_status';
COMMENT ON OPERATOR CLASS isms.cert_status_hash_ops USING hash IS 'default hash operator class for isms.cert_status';

COMMENT ON TYPE isms.cert_status IS
    'Certificate status: draft, active, suspended, withdrawn, cancelled or expired; input also takes the IAF CertSearch and Japanese labels; sorts in that order';
COMMENT ON FUNCTION isms.cert_status_in(cstring) IS 'input function of isms.cert_status';
COMMENT ON FUNCTION isms.cert_status_out(isms.cert_status) IS 'output function of isms.cert_status (canonical lower-case name)';
COMMENT ON FUNCTION isms.cert_status_recv(internal) IS 'binary input of isms.cert_status (one byte, 1 = draft ... 6 = expired)';
COMMENT ON FUNCTION isms.cert_status_send(isms.cert_status) IS 'binary output of isms.cert_status';
COMMENT ON OPERATOR pg_catalog.= (isms.cert_status, isms.cert_status) IS 'equal';
COMMENT ON OPERATOR pg_catalog.<> (isms.cert_status, isms.cert_status) IS 'not equal';
COMMENT ON OPERATOR pg_catalog.< (isms.cert_status, isms.cert_status) IS 'earlier in the status order';
COMMENT ON OPERATOR pg_catalog.<= (isms.cert_status, isms.cert_status) IS 'earlier in the status order or equal';
COMMENT ON OPERATOR pg_catalog.> (isms.cert_status, isms.cert_status) IS 'later in the status order';
COMMENT ON OPERATOR pg_catalog.>= (isms.cert_status, isms.cert_status) IS 'later in the status order or equal';

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

-- Comparison and hashing of isms.scope, written out by make from
-- sql/templates/ordered_type.sql.in: the support functions (which raise no
-- error on any value: LEAKPROOF), the six comparison operators and the
-- default btree and hash operator classes.
CREATE FUNCTION isms.scope_eq(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_ne(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_lt(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_le(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_gt(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_ge(isms.scope, isms.scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_scope_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_cmp(isms.scope, isms.scope) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_scope_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_hash(isms.scope) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_scope_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.scope_hash_extended(isms.scope, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'isms_scope_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION isms.scope_eq(isms.scope, isms.scope) IS 'implementation of = for isms.scope';
COMMENT ON FUNCTION isms.scope_ne(isms.scope, isms.scope) IS 'implementation of <> for isms.scope';
COMMENT ON FUNCTION isms.scope_lt(isms.scope, isms.scope) IS 'implementation of < for isms.scope';
COMMENT ON FUNCTION isms.scope_le(isms.scope, isms.scope) IS 'implementation of <= for isms.scope';
COMMENT ON FUNCTION isms.scope_gt(isms.scope, isms.scope) IS 'implementation of > for isms.scope';
COMMENT ON FUNCTION isms.scope_ge(isms.scope, isms.scope) IS 'implementation of >= for isms.scope';
COMMENT ON FUNCTION isms.scope_cmp(isms.scope, isms.scope) IS 'btree comparison support for isms.scope';
COMMENT ON FUNCTION isms.scope_hash(isms.scope) IS 'hash support for isms.scope';
COMMENT ON FUNCTION isms.scope_hash_extended(isms.scope, bigint) IS 'extended (seeded) hash support for isms.scope';

-- The operators live in pg_catalog, like those of the built-in types, so
-- that comparisons resolve whatever the search_path of the reader (a BI
-- tool, another service); they cannot clash with anything there, since no
-- other operator takes isms.scope.  Their comments are the type's own.
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

COMMENT ON OPERATOR CLASS isms.scope_ops USING btree IS 'default btree operator class for isms.scope';
COMMENT ON OPERATOR CLASS isms.scope_hash_ops USING hash IS 'default hash operator class for isms.scope';

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

-- The set operators live in pg_catalog too, like the comparison operators.
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

-- Comparison and hashing of isms.stdref, written out by make from
-- sql/templates/ordered_type.sql.in: the support functions (which raise no
-- error on any value: LEAKPROOF), the six comparison operators and the
-- default btree and hash operator classes.
CREATE FUNCTION isms.stdref_eq(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_ne(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_lt(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_le(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_gt(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_ge(isms.stdref, isms.stdref) RETURNS boolean
    AS 'MODULE_PATHNAME', 'isms_stdref_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_cmp(isms.stdref, isms.stdref) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_stdref_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'isms_stdref_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION isms.stdref_hash(isms.stdref) RETURNS integer
    AS 'MODULE_PATHNAME', 'isms_stdref_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION isms.stdref_hash_extended(isms.stdref, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'isms_stdref_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

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

-- The operators live in pg_catalog, like those of the built-in types, so
-- that comparisons resolve whatever the search_path of the reader (a BI
-- tool, another service); they cannot clash with anything there, since no
-- other operator takes isms.stdref.  Their comments are the type's own.
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
        OPERATOR 1 pg_catalog.< (isms.stdref, isms.stdref),
        OPERATOR 2 pg_catalog.<= (isms.stdref, isms.stdref),
        OPERATOR 3 pg_catalog.= (isms.stdref, isms.stdref),
        OPERATOR 4 pg_catalog.>= (isms.stdref, isms.stdref),
        OPERATOR 5 pg_catalog.> (isms.stdref, isms.stdref),
        FUNCTION 2 isms.stdref_sortsupport(internal),
        FUNCTION 1 isms.stdref_cmp(isms.stdref, isms.stdref);

CREATE OPERATOR CLASS isms.stdref_hash_ops
    DEFAULT FOR TYPE isms.stdref USING hash AS
        OPERATOR 1 pg_catalog.= (isms.stdref, isms.stdref),
        FUNCTION 1 isms.stdref_hash(isms.stdref),
        FUNCTION 2 isms.stdref_hash_extended(isms.stdref, bigint);

COMMENT ON OPERATOR CLASS isms.stdref_ops USING btree IS 'default btree operator class for isms.stdref';
COMMENT ON OPERATOR CLASS isms.stdref_hash_ops USING hash IS 'default hash operator class for isms.stdref';

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

-- The labels, in the order of the C codes, come from src/kinds.def.
CREATE TYPE isms.decision_kind AS ENUM ('grant', 'suspend', 'reinstate', 'withdraw', 'cancel', 'recertify', 'restore', 'reduce_scope', 'extend_scope', 'transition', 'annul');
COMMENT ON TYPE isms.decision_kind IS
    'Kind of a certification decision: the transitions of the scheme, and annul, which voids the decision it corrects (LOG-1)';

CREATE TYPE isms.audit_kind AS ENUM ('stage1', 'stage2', 'surveillance', 'recertification', 'special', 'transition');
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

-- The bounds of the scheme parameters that SQL functions take as arguments
-- as well: written once, in these domains, whose CHECK both the tables and
-- the functions (src/windows.c) apply.
CREATE DOMAIN isms.cycle_years AS integer
    CONSTRAINT "CYC-3" CHECK (VALUE BETWEEN 1 AND 10);
COMMENT ON DOMAIN isms.cycle_years IS 'CYC-3: length of a certification cycle in years (1 to 10)';
CREATE DOMAIN isms.expiry_offset_days AS integer
    CONSTRAINT "CYC-3" CHECK (VALUE BETWEEN 0 AND 366);
COMMENT ON DOMAIN isms.expiry_offset_days IS 'CYC-3: days subtracted from decision date + cycle for an initial expiry (0 to 366)';
CREATE DOMAIN isms.first_surveillance_months AS integer
    CONSTRAINT "SUR-1" CHECK (VALUE BETWEEN 1 AND 120);
COMMENT ON DOMAIN isms.first_surveillance_months IS 'SUR-1: months after an initial grant by which the first surveillance audit ends (1 to 120)';
CREATE DOMAIN isms.restoration_months AS integer
    CONSTRAINT "REC-3" CHECK (VALUE BETWEEN 0 AND 120);
COMMENT ON DOMAIN isms.restoration_months IS 'REC-3: months after expiry within which a certificate may be restored (0 to 120)';

CREATE TABLE isms.scheme (
    code text PRIMARY KEY,
    name text NOT NULL,
    accreditation_standard text,
    cycle_years isms.cycle_years NOT NULL DEFAULT 3,
    expiry_offset_days isms.expiry_offset_days NOT NULL DEFAULT 1,
    first_surveillance_months isms.first_surveillance_months NOT NULL DEFAULT 12,
    restoration_months isms.restoration_months NOT NULL DEFAULT 6,
    stage2_decision_months integer NOT NULL DEFAULT 6 CHECK (stage2_decision_months BETWEEN 1 AND 120),
    max_stage_gap_days integer CHECK (max_stage_gap_days >= 0),
    suspension_warning_months integer NOT NULL DEFAULT 6 CHECK (suspension_warning_months BETWEEN 1 AND 120),
    auto_suspend_overdue boolean NOT NULL DEFAULT false,
    withdrawn_listing_months integer NOT NULL DEFAULT 3 CHECK (withdrawn_listing_months BETWEEN 0 AND 120),
    shipped boolean NOT NULL DEFAULT false,
    base_scheme text REFERENCES isms.scheme
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
COMMENT ON COLUMN isms.scheme.base_scheme IS 'ADD-1: for a scheme whose standards include add-on editions (needs_base), the scheme of their base certificates; NULL for other schemes';
COMMENT ON COLUMN isms.scheme.shipped IS 'True for rows shipped with the extension (read-only, recreated by CREATE EXTENSION, not dumped)';

CREATE TABLE isms.scheme_setting (
    scheme text PRIMARY KEY REFERENCES isms.scheme ON DELETE CASCADE,
    cycle_years isms.cycle_years,
    expiry_offset_days isms.expiry_offset_days,
    first_surveillance_months isms.first_surveillance_months,
    restoration_months isms.restoration_months,
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

INSERT INTO isms.scheme (code, name, accreditation_standard, base_scheme, shipped) VALUES
    ('ISMS', 'Information security management systems', 'ISO/IEC 27006-1', NULL, true),
    ('ISMS-CLOUD', 'ISMS cloud security certification (add-on)', 'JIP-ISAC101-1.0', 'ISMS', true),
    ('ISMS-PIMS', 'Privacy information management systems', 'ISO/IEC TS 27006-2', 'ISMS', true),
    ('ITSMS', 'IT service management systems', 'ISO/IEC 20000-6', NULL, true),
    ('BCMS', 'Business continuity management systems', 'ISO/IEC TS 17021-6', NULL, true),
    ('CSMS', 'Cyber security management systems for industrial automation', NULL, NULL, true);

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
    iaf_mla boolean NOT NULL DEFAULT false,
    recognised boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE isms.accreditation_body IS 'Accreditation bodies (e.g. ISMS-AC), which accredit certification bodies';
COMMENT ON COLUMN isms.accreditation_body.id IS 'Surrogate key';
COMMENT ON COLUMN isms.accreditation_body.code IS 'Short unique code';
COMMENT ON COLUMN isms.accreditation_body.name IS 'Name';
COMMENT ON COLUMN isms.accreditation_body.country IS 'ISO 3166-1 alpha-2 country code';
COMMENT ON COLUMN isms.accreditation_body.iaf_mla IS 'True if the body is an IAF MLA signatory';
COMMENT ON COLUMN isms.accreditation_body.recognised IS
    'ACC-1: true if the registry recognises the body; its accreditations count only if it is recognised or an IAF MLA signatory';

CREATE TABLE isms.certification_body (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    name_local text,
    country text CHECK (country ~ '^[A-Z]{2}$'),
    expiry_offset_days isms.expiry_offset_days,
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
CREATE FUNCTION isms.accreditation_body_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_accreditation_body_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
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
COMMENT ON FUNCTION isms.accreditation_body_after_change() IS
    'Trigger: ACC-1, an accreditation body losing its recognition never leaves a recorded decision uncovered';
COMMENT ON FUNCTION isms.reference_changed() IS
    'Trigger: sessions drop their cached copy of the standards and edition transitions when these change';
COMMENT ON FUNCTION isms.no_truncate() IS
    'Trigger: no table of isms is truncated (decisions aside, refused by LOG-1); DELETE checks what depends on each row';
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

-- Each trigger that a COPY fires stands aside for a restore (isms.restoring(),
-- 55_operations.sql).
CREATE TRIGGER decision_10_fill BEFORE INSERT ON isms.decision
    FOR EACH ROW WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.decision_before_insert();
CREATE TRIGGER decision_20_check AFTER INSERT ON isms.decision
    REFERENCING NEW TABLE AS new_decisions
    FOR EACH STATEMENT WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.decision_after_insert();
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
    FOR EACH STATEMENT WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.audit_rules_check();
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
    FOR EACH ROW WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.certificate_guard();

-- ADD-7: queued for base certificates that got decisions (and for relinked
-- drafts); checked when the transaction commits, so that a base and its
-- add-ons can be brought into line in several statements.
CREATE CONSTRAINT TRIGGER "ADD-7" AFTER UPDATE OF base_certificate_id ON isms.certificate
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.addon_check();

CREATE TRIGGER audit_combined BEFORE INSERT OR UPDATE ON isms.audit
    FOR EACH ROW WHEN (NEW.combined_with IS NOT NULL AND NOT isms.restoring())
    EXECUTE FUNCTION isms.audit_combined();

-- Checked when the transaction commits, so that a period can be ended and
-- the next one inserted in two statements.
CREATE CONSTRAINT TRIGGER accreditation_cover AFTER UPDATE OR DELETE ON isms.accreditation
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.accreditation_after_change();

-- Only accreditations by recognised bodies (or IAF MLA signatories) count
-- for ACC-1: a body that loses both is checked at commit.
CREATE CONSTRAINT TRIGGER accreditation_body_cover AFTER UPDATE OF recognised, iaf_mla ON isms.accreditation_body
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN ((OLD.recognised OR OLD.iaf_mla) AND NOT (NEW.recognised OR NEW.iaf_mla))
    EXECUTE FUNCTION isms.accreditation_body_after_change();

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
    isms.accreditation_after_change(), isms.accreditation_body_after_change(), isms.reference_guard(), isms.no_truncate(),
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
COMMENT ON TRIGGER accreditation_body_cover ON isms.accreditation_body IS 'ACC-1: at commit, recorded decisions keep their accreditation when its accreditation body loses its recognition';
COMMENT ON CONSTRAINT accreditation_body_cover ON isms.accreditation_body IS 'ACC-1: at commit, recorded decisions keep their accreditation when its accreditation body loses its recognition (constraint trigger)';
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
    'Applies date-driven changes (REC-2 expiry, decisions coming into effect, SUR-3 auto-suspension where the scheme asks for it) so that every stored status equals isms.status_at(id, as_of); idempotent; returns what it changed. Only the sweep of the register''s today stores statuses and records SUR-3 suspensions; a sweep of another day reports what it would change. Certificates locked by a writer are skipped with a group of their base and add-ons, reported with rule ''locked'' and left to the next sweep';

CREATE FUNCTION isms.refresh(ids bigint[]) RETURNS integer
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'isms_refresh';
COMMENT ON FUNCTION isms.refresh(bigint[]) IS
    'Brings the stored columns of the given certificates (with their bases and add-ons as context) up to date with isms.status_at(id, CURRENT_DATE), as the sweep does, recording no decision; ids the caller may not read are passed over; returns how many certificates it changed';

-- ADD-3: an add-on without a scope of its own has exactly its base's scope.
CREATE FUNCTION isms.effective_scope(certificate bigint) RETURNS isms.scope
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT CASE WHEN c.base_certificate_id IS NULL THEN c.scope
                    WHEN c.scope IS NULL THEN b.scope
                    -- only roles (role:provider): the base's whole scope in that role
                    WHEN isms.scope_kinds(c.scope) OPERATOR(pg_catalog.=) '{role}'::pg_catalog.text[]
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
                   pg_catalog.bool_or(a.status OPERATOR(pg_catalog.=) 'active'::isms.accreditation_status
                           AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) cert_accreditation.on_date)) AS accredited,
                   pg_catalog.bool_or(a.status OPERATOR(pg_catalog.=) 'suspended'::isms.accreditation_status
                           AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) cert_accreditation.on_date)) AS suspended,
                   -- the end of accreditation: the last day of the last
                   -- active or suspended period, else the first withdrawn day
                   coalesce(pg_catalog.max(a.valid_until) FILTER (WHERE a.status OPERATOR(pg_catalog.<>) 'withdrawn'::isms.accreditation_status),
                            pg_catalog.min(a.valid_from)) AS last_end
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
                         (p.last_end OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => c.months))::pg_catalog.date
                    ELSE false END,
               CASE WHEN p.accredited THEN NULL
                    WHEN p.suspended THEN v.until
                    WHEN p.id IS NOT NULL THEN (p.last_end OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => c.months))::pg_catalog.date
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
 * Lookups by what people know: certificate numbers as printed, names,
 * stable external ids, addresses and sites
 * ==================================================================== */

/*
 * Text folded the way registers and certificates print it: compatibility
 * forms (full-width letters and digits, half-width katakana, ideographic
 * space) become their plain forms (Unicode NFKC).  normalize() works only
 * in a UTF8 database; in any other the text is returned as it is.  The
 * database encoding is fixed for the life of a database, so the result
 * depends on the argument alone, as a generated column needs.  A C
 * function (fold.c), so that isms.number_key() below is inlined into the
 * stored key of isms.certificate.
 */
CREATE FUNCTION isms.fold_text(t text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'isms_fold_text';
COMMENT ON FUNCTION isms.fold_text(text) IS
    'Text with compatibility forms folded (NFKC: full-width letters and digits, half-width katakana, ideographic space); unchanged in a database that is not UTF8';

/*
 * The key of a certificate number: folded, ASCII letters in upper case,
 * white space, hyphens and dashes (and the characters typed for them in
 * Japanese text: minus sign, katakana prolonged sound mark) dropped.
 * "JQA-IM2002", "jqa im2002" and the same in full-width letters have one key.
 */
CREATE FUNCTION isms.number_key(certificate_number text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT pg_catalog.regexp_replace(
                   pg_catalog.upper(isms.fold_text(number_key.certificate_number) COLLATE "C"),
                   '[[:space:]\u200B\uFEFF\-\u2010-\u2015\u2212\u30FC\uFF70]+', '', 'g');
    END;
COMMENT ON FUNCTION isms.number_key(text) IS
    'Key of a certificate number as registers print it: compatibility forms folded, ASCII letters upper case, spaces, hyphens and dashes dropped (STD-3 lookups)';

-- Certificates: the key of the number, and an external id.
ALTER TABLE isms.certificate
    ADD COLUMN number_key text GENERATED ALWAYS AS (isms.number_key(certificate_number)) STORED,
    ADD COLUMN external_id uuid NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    ADD CONSTRAINT certificate_external_id_key UNIQUE (external_id);
CREATE INDEX certificate_number_key ON isms.certificate (number_key, cb_id);
COMMENT ON INDEX isms.certificate_number_key IS
    'certificates by the key of their number, in every body or in one (isms.certificate_id, isms.find_certificates)';
COMMENT ON COLUMN isms.certificate.number_key IS
    'Generated: isms.number_key(certificate_number), the number as looked up (case, spaces, hyphens and full-width forms aside)';
COMMENT ON COLUMN isms.certificate.external_id IS
    'Stable external id of the certificate (IAF CertSearch "Certification Identity Number"); generated once, kept by pg_dump';

-- Organisations: external id, postal code, a search key, the last change.
ALTER TABLE isms.organisation
    ADD COLUMN postal_code text,
    ADD COLUMN external_id uuid NOT NULL DEFAULT pg_catalog.gen_random_uuid(),
    ADD COLUMN search_name text GENERATED ALWAYS AS (
        isms.fold_text(name OPERATOR(pg_catalog.||) coalesce(' ' OPERATOR(pg_catalog.||) name_local, ''))) STORED,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    ADD CONSTRAINT organisation_external_id_key UNIQUE (external_id);
CREATE INDEX organisation_search_name ON isms.organisation USING gin (search_name gin_trgm_ops);
COMMENT ON INDEX isms.organisation_search_name IS
    'trigram index of the names in Latin and local script (isms.find_organisations)';
COMMENT ON COLUMN isms.organisation.postal_code IS 'Postal code';
COMMENT ON COLUMN isms.organisation.external_id IS
    'Stable external id of the organisation (IAF CertSearch "Certified Entity Unique ID"); generated once, kept by pg_dump';
COMMENT ON COLUMN isms.organisation.search_name IS
    'Generated: name and local name with compatibility forms folded, for trigram search';
COMMENT ON COLUMN isms.organisation.updated_at IS
    'When the row was last inserted or updated (set by isms), for the monthly delta of the publication (PUB-2)';

/* Sites of organisations, with their addresses, and the certificates covering them. */
CREATE TABLE isms.site (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES isms.organisation,
    name text NOT NULL,
    name_local text,
    street text,
    city text,
    postal_code text,
    country text CHECK (country ~ '^[A-Z]{2}$'),
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT site_organisation_key UNIQUE (id, organisation_id)
);
CREATE INDEX site_organisation ON isms.site (organisation_id);
COMMENT ON INDEX isms.site_organisation IS 'sites of an organisation';
COMMENT ON TABLE isms.site IS 'Sites (locations) of organisations, with their addresses';
COMMENT ON COLUMN isms.site.id IS 'Surrogate key';
COMMENT ON COLUMN isms.site.organisation_id IS 'Organisation the site belongs to';
COMMENT ON COLUMN isms.site.name IS 'Name of the site (e.g. "Tokyo head office")';
COMMENT ON COLUMN isms.site.name_local IS 'Name in the local language';
COMMENT ON COLUMN isms.site.street IS 'Street address';
COMMENT ON COLUMN isms.site.city IS 'City';
COMMENT ON COLUMN isms.site.postal_code IS 'Postal code';
COMMENT ON COLUMN isms.site.country IS 'ISO 3166-1 alpha-2 country code';
COMMENT ON COLUMN isms.site.updated_at IS 'When the row was last inserted or updated (set by isms)';

ALTER TABLE isms.certificate
    ADD CONSTRAINT certificate_organisation_key UNIQUE (id, organisation_id);
CREATE TABLE isms.certificate_site (
    certificate_id bigint NOT NULL,
    site_id bigint NOT NULL,
    organisation_id bigint NOT NULL,
    added_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (certificate_id, site_id),
    -- a certificate covers sites of its own organisation only
    CONSTRAINT certificate_site_certificate FOREIGN KEY (certificate_id, organisation_id)
        REFERENCES isms.certificate (id, organisation_id) ON UPDATE CASCADE,
    CONSTRAINT certificate_site_site FOREIGN KEY (site_id, organisation_id)
        REFERENCES isms.site (id, organisation_id) ON UPDATE CASCADE
);
CREATE INDEX certificate_site_site ON isms.certificate_site (site_id);
COMMENT ON INDEX isms.certificate_site_site IS 'certificates covering a site';
COMMENT ON TABLE isms.certificate_site IS 'Sites a certificate covers (sites of the certificate''s organisation)';
COMMENT ON COLUMN isms.certificate_site.certificate_id IS 'Certificate';
COMMENT ON COLUMN isms.certificate_site.site_id IS 'Site it covers';
COMMENT ON COLUMN isms.certificate_site.organisation_id IS 'Organisation of both (a certificate covers only its organisation''s sites)';
COMMENT ON COLUMN isms.certificate_site.added_at IS 'When the site was added to the certificate';
COMMENT ON CONSTRAINT certificate_site_certificate ON isms.certificate_site IS
    'the certificate, of the organisation recorded on the row';
COMMENT ON CONSTRAINT certificate_site_site ON isms.certificate_site IS
    'the site, of the same organisation as the certificate';

CREATE FUNCTION isms.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION isms.touch_updated_at() IS
    'Trigger: sets updated_at to the transaction''s start time on every insert and update';
-- A restore (isms.restoring(), 55_operations.sql) keeps the updated_at
-- of the dumped rows, as the rule triggers stand aside for its COPY.
CREATE TRIGGER organisation_updated BEFORE INSERT OR UPDATE ON isms.organisation
    FOR EACH ROW WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.touch_updated_at();
CREATE TRIGGER site_updated BEFORE INSERT OR UPDATE ON isms.site
    FOR EACH ROW WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.touch_updated_at();
COMMENT ON TRIGGER organisation_updated ON isms.organisation IS 'sets updated_at, for the monthly delta of the publication (PUB-2); a restore keeps the dumped value';
COMMENT ON TRIGGER site_updated ON isms.site IS 'sets updated_at, for the monthly delta of the publication (PUB-2); a restore keeps the dumped value';
-- Trigger functions are not for calling or attaching elsewhere.
REVOKE EXECUTE ON FUNCTION isms.touch_updated_at() FROM PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('isms.site', '');
SELECT pg_catalog.pg_extension_config_dump('isms.site_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('isms.certificate_site', '');

/* --------------------------------------------------------------------
 * Finding a certificate by (body code, number as printed)
 * -------------------------------------------------------------------- */

CREATE FUNCTION isms.certificate_id(cb_code text, certificate_number text) RETURNS bigint
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    body bigint;
    ids bigint[];
    numbers text;
BEGIN
    SELECT b.id INTO body FROM isms.certification_body b WHERE b.code = cb_code;
    IF body IS NULL THEN
        -- the code as people type it: case and full-width forms aside
        SELECT min(b.id) INTO body
          FROM isms.certification_body b
         WHERE upper(isms.fold_text(b.code) COLLATE "C") = upper(isms.fold_text(cb_code) COLLATE "C")
        HAVING count(*) = 1;
    END IF;
    IF body IS NULL THEN
        RAISE EXCEPTION 'certification body "%" does not exist', left(cb_code, 64)
            USING ERRCODE = 'undefined_object',
                  DETAIL = format('Rule STD-3: a certificate is named by the code of its certification body and its number; no certification body has the code "%s".', left(cb_code, 64)),
                  HINT = 'Certification bodies are named by their code (isms.certification_body.code).';
    END IF;

    -- the number as recorded, else its key (STD-3: unique per body)
    SELECT array_agg(c.id) INTO ids FROM isms.certificate c
     WHERE c.cb_id = body AND c.certificate_number = certificate_id.certificate_number;
    IF ids IS NULL THEN
        SELECT array_agg(c.id ORDER BY c.id) INTO ids FROM isms.certificate c
         WHERE c.number_key = isms.number_key(certificate_id.certificate_number)
           AND c.cb_id = body;
    END IF;
    IF ids IS NULL THEN
        RAISE EXCEPTION 'certificate "%" of certification body "%" does not exist',
                        left(certificate_number, 64), left(cb_code, 64)
            USING ERRCODE = 'no_data_found',
                  DETAIL = format('Rule STD-3: certificate numbers are unique per certification body; body "%s" has no certificate numbered "%s" (key "%s").',
                                  left(cb_code, 64), left(certificate_number, 64),
                                  left(isms.number_key(certificate_number), 64)),
                  HINT = 'isms.find_certificates(number) lists the certificates with this number in every certification body.';
    ELSIF cardinality(ids) > 1 THEN
        SELECT string_agg(format('"%s"', c.certificate_number), ', ' ORDER BY c.id) INTO numbers
          FROM isms.certificate c WHERE c.id = ANY (ids);
        RAISE EXCEPTION 'certificate number "%" of certification body "%" is ambiguous',
                        left(certificate_number, 64), left(cb_code, 64)
            USING ERRCODE = 'too_many_rows',
                  DETAIL = format('Rule STD-3: certificate numbers are unique per certification body as recorded; %s certificates of body "%s" print as "%s": %s.',
                                  cardinality(ids), left(cb_code, 64), left(certificate_number, 64), numbers),
                  HINT = 'Give the number exactly as recorded.';
    END IF;
    RETURN ids[1];
END
$$;
COMMENT ON FUNCTION isms.certificate_id(text, text) IS
    'Id of the certificate of a certification body (by code) with this number as recorded, or else as printed (isms.number_key); 42704 for an unknown body, P0002 for no certificate, P0003 when the printed form matches several (STD-3)';

CREATE FUNCTION isms.find_certificates(certificate_number text)
    RETURNS TABLE (certificate_id bigint, external_id uuid, cb_code text, certificate_number text,
                   exact boolean, organisation_id bigint, standard isms.stdref, status isms.cert_status)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 2
    BEGIN ATOMIC
        SELECT c.id, c.external_id, b.code, c.certificate_number,
               c.certificate_number OPERATOR(pg_catalog.=) find_certificates.certificate_number,
               c.organisation_id, c.standard, c.status
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id OPERATOR(pg_catalog.=) c.cb_id
         WHERE c.number_key OPERATOR(pg_catalog.=) isms.number_key(find_certificates.certificate_number)
         ORDER BY 5 DESC, b.code, c.id;
    END;
COMMENT ON FUNCTION isms.find_certificates(text) IS
    'Certificates of every certification body whose number prints like this one (isms.number_key), exact matches first; status is the stored status';

CREATE FUNCTION isms.find_organisations(name text, max_rows integer DEFAULT 20)
    RETURNS TABLE (organisation_id bigint, external_id uuid, name text, name_local text,
                   country text, city text, similarity real)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 20
    BEGIN ATOMIC
        WITH q AS (SELECT pg_catalog.btrim(isms.fold_text(find_organisations.name)) AS q)
        SELECT o.id, o.external_id, o.name, o.name_local, o.country, o.city,
               word_similarity(q.q, o.search_name)
          FROM isms.organisation o, q
         WHERE q.q <% o.search_name
            OR o.search_name ILIKE ('%' OPERATOR(pg_catalog.||)
                   pg_catalog.regexp_replace(q.q, '([\\%_])', '\\\1', 'g') OPERATOR(pg_catalog.||) '%')
         ORDER BY 7 DESC, o.name, o.id
         LIMIT find_organisations.max_rows;
    END;
COMMENT ON FUNCTION isms.find_organisations(text, integer) IS
    'Organisations whose name or local name (Latin or Japanese script, full-width forms folded) contains the text or is similar to it by trigrams (pg_trgm word similarity, at least pg_trgm.word_similarity_threshold), most similar first';

/* --------------------------------------------------------------------
 * The readers, by (body code, certificate number)
 * -------------------------------------------------------------------- */

CREATE FUNCTION isms.status_at(cb_code text, certificate_number text, on_date date)
    RETURNS isms.cert_status
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT isms.status_at(isms.certificate_id(status_at.cb_code, status_at.certificate_number),
                              status_at.on_date);
    END;
COMMENT ON FUNCTION isms.status_at(text, text, date) IS
    'Status on that day of the certificate of this body (code) and number (as printed, isms.certificate_id)';

CREATE FUNCTION isms.valid_periods(cb_code text, certificate_number text)
    RETURNS datemultirange
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT isms.valid_periods(isms.certificate_id(valid_periods.cb_code, valid_periods.certificate_number));
    END;
COMMENT ON FUNCTION isms.valid_periods(text, text) IS
    'Days on which the certificate of this body (code) and number (as printed) is active';

CREATE FUNCTION isms.timeline(cb_code text, certificate_number text)
    RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, decision_id bigint)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 8
    BEGIN ATOMIC
        SELECT t.valid_from, t.valid_until, t.status, t.decision_id
          FROM isms.timeline(isms.certificate_id(timeline.cb_code, timeline.certificate_number)) t;
    END;
COMMENT ON FUNCTION isms.timeline(text, text) IS
    'Status history of the certificate of this body (code) and number (as printed), as isms.timeline(bigint)';

CREATE FUNCTION isms.audit_programme(cb_code text, certificate_number text, as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (cycle_start date, rule text, audit_kind text, due_from date,
                   due_by date, done_on date, state text,
                   certificate_id bigint, certificate_number text, combined boolean,
                   audit_days numeric, sample_sites integer)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 5
    BEGIN ATOMIC
        SELECT p.cycle_start, p.rule, p.audit_kind, p.due_from, p.due_by, p.done_on, p.state,
               p.certificate_id, p.certificate_number, p.combined, p.audit_days, p.sample_sites
          FROM isms.audit_programme(isms.certificate_id(audit_programme.cb_code,
                                                        audit_programme.certificate_number),
                                    audit_programme.as_of) p;
    END;
COMMENT ON FUNCTION isms.audit_programme(text, text, date) IS
    'Audit programme on as_of of the certificate of this body (code) and number (as printed), as isms.audit_programme(bigint, date)';

CREATE FUNCTION isms.effective_scope(cb_code text, certificate_number text) RETURNS isms.scope
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT isms.effective_scope(isms.certificate_id(effective_scope.cb_code, effective_scope.certificate_number));
    END;
COMMENT ON FUNCTION isms.effective_scope(text, text) IS
    'Scope elements in force of the certificate of this body (code) and number (as printed), ADD-3';

CREATE FUNCTION isms.cert_latest_expiry(cb_code text, certificate_number text,
                                        kind isms.decision_kind, decision_date date)
    RETURNS date
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT isms.cert_latest_expiry(isms.certificate_id(cert_latest_expiry.cb_code,
                                                           cert_latest_expiry.certificate_number),
                                       cert_latest_expiry.kind, cert_latest_expiry.decision_date);
    END;
COMMENT ON FUNCTION isms.cert_latest_expiry(text, text, isms.decision_kind, date) IS
    'CYC-3: latest expiry date a decision on the certificate of this body (code) and number (as printed) may set';

CREATE FUNCTION isms.cert_restoration_window(cb_code text, certificate_number text)
    RETURNS daterange
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT isms.cert_restoration_window(isms.certificate_id(cert_restoration_window.cb_code,
                                                                cert_restoration_window.certificate_number));
    END;
COMMENT ON FUNCTION isms.cert_restoration_window(text, text) IS
    'REC-3: restoration window of the certificate of this body (code) and number (as printed)';

CREATE FUNCTION isms.cert_accreditation(cb_code text, certificate_number text, on_date date DEFAULT CURRENT_DATE)
    RETURNS TABLE (accreditation_status text, listed boolean, listed_until date)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 1
    BEGIN ATOMIC
        SELECT a.accreditation_status, a.listed, a.listed_until
          FROM isms.cert_accreditation(isms.certificate_id(cert_accreditation.cb_code,
                                                           cert_accreditation.certificate_number),
                                       cert_accreditation.on_date) a;
    END;
COMMENT ON FUNCTION isms.cert_accreditation(text, text, date) IS
    'ACC-3: listing of the certificate of this body (code) and number (as printed) on on_date, as isms.cert_accreditation(bigint, date)';
/* ====================================================================
 * Surfaces for readers: BI views (schema isms_bi), the public register
 * and verification (schema isms_public, PUB-1, PUB-3), the IAF
 * CertSearch export (PUB-2)
 *
 * Every result column is of a plain type (text, date, integer, bigint,
 * numeric, boolean, timestamptz), so BI tools and drivers see no "other"
 * types and can bind parameters to every filter column.  "Now" is
 * current_date in the reader's TimeZone.
 * ==================================================================== */

CREATE SCHEMA isms_bi;
COMMENT ON SCHEMA isms_bi IS
    'isms: views for reporting and BI tools, of plain column types, over the whole registry: each view selects from a row function that reads with the privileges of the extension''s owner (SECURITY DEFINER), so the BI reader reads no table of isms; only roles granted the schema (isms.setup_roles: the BI reader) use them';
CREATE SCHEMA isms_public;
COMMENT ON SCHEMA isms_public IS
    'isms: what anyone may learn (PUB-1): the public register, certificate verification, the list of accredited certification bodies; confidential clients'' names and addresses are never shown';

/* MD 28 monthly update: a body confirms that its register data is current. */
CREATE TABLE isms.register_confirmation (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    cb_id bigint NOT NULL REFERENCES isms.certification_body,
    confirmed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    confirmed_by text NOT NULL DEFAULT CURRENT_USER,
    note text
);
CREATE INDEX register_confirmation_cb ON isms.register_confirmation (cb_id, confirmed_at);
COMMENT ON INDEX isms.register_confirmation_cb IS 'confirmations of a body, latest last';
COMMENT ON TABLE isms.register_confirmation IS
    'Confirmations by certification bodies that their certificates in the register are current although nothing changed (PUB-2: updates at least monthly)';
COMMENT ON COLUMN isms.register_confirmation.id IS 'Surrogate key';
COMMENT ON COLUMN isms.register_confirmation.cb_id IS 'Certification body confirming';
COMMENT ON COLUMN isms.register_confirmation.confirmed_at IS 'When';
COMMENT ON COLUMN isms.register_confirmation.confirmed_by IS 'Database role that recorded it';
COMMENT ON COLUMN isms.register_confirmation.note IS 'Free text';
SELECT pg_catalog.pg_extension_config_dump('isms.register_confirmation', '');
SELECT pg_catalog.pg_extension_config_dump('isms.register_confirmation_id_seq', '');

/*
 * The status of a certificate today, from its stored status where that is
 * today's: the stored status is written as of the day of the last write or
 * sweep, and it differs from today's only where time changed something
 * since: an active or suspended certificate past its expiry date (REC-2,
 * SUS-3) or on an edition whose validity ended (TRN-3), a decision taking
 * effect after its decision date (CYC-4), and add-ons, which follow their
 * base (ADD-5).  Those are replayed with isms.status_at; the others cost no
 * replay, so the views below read a large registry quickly whether or not
 * today's sweep has run.
 */
CREATE FUNCTION isms.status_today(c isms.certificate) RETURNS isms.cert_status
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT CASE WHEN status_today.c.base_certificate_id IS NOT NULL
                      OR (status_today.c.status OPERATOR(pg_catalog.>=) 'active'::isms.cert_status
                          AND status_today.c.status OPERATOR(pg_catalog.<=) 'suspended'::isms.cert_status
                          AND (status_today.c.expiry_date OPERATOR(pg_catalog.<) CURRENT_DATE
                               OR EXISTS (
                                   SELECT 1 FROM isms.edition_transition t
                                    WHERE t.old_valid_until OPERATOR(pg_catalog.<) CURRENT_DATE
                                      AND isms.std_same_standard(t.from_standard, isms.std_canonical(status_today.c.standard))
                                      AND isms.std_edition(isms.std_canonical(status_today.c.standard))
                                          OPERATOR(pg_catalog.<=) isms.std_edition(t.from_standard))))
                      OR EXISTS (
                          SELECT 1 FROM isms.decision d
                           WHERE d.certificate_id OPERATOR(pg_catalog.=) status_today.c.id
                             AND d.effective_date OPERATOR(pg_catalog.<=) CURRENT_DATE
                             AND d.effective_date OPERATOR(pg_catalog.>) d.decision_date)
                    THEN isms.status_at(status_today.c.id, CURRENT_DATE)
                    ELSE status_today.c.status END;
    END;
COMMENT ON FUNCTION isms.status_today(isms.certificate) IS
    'Status of the certificate today, equal to isms.status_at(id, current_date): the stored status where time changed nothing since it was written (no expiry or end of edition passed, no decision taking effect after its decision date, not an add-on), else the replay';

/* --------------------------------------------------------------------
 * BI views
 * -------------------------------------------------------------------- */

CREATE FUNCTION isms_bi.certificate_rows()
    RETURNS TABLE (certificate_id bigint, external_id text, cb_code text, cb_name text,
                   certificate_number text, organisation_id bigint, organisation_name text,
                   organisation_name_local text, organisation_country text, confidential boolean,
                   standard text, standard_family text, standard_edition integer, scheme text,
                   status text, status_en text, status_ja text, valid boolean,
                   original_certification_date date, cycle_start date, expiry_date date,
                   revision integer, is_addon boolean, base_certificate_id bigint,
                   base_certificate_number text, scope_statement text)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT c.id AS certificate_id,
               c.external_id::text AS external_id,
               b.code AS cb_code,
               b.name AS cb_name,
               c.certificate_number,
               o.id AS organisation_id,
               o.name AS organisation_name,
               o.name_local AS organisation_name_local,
               o.country AS organisation_country,
               o.confidential,
               c.standard::text AS standard,
               isms.std_without_edition(c.standard)::text AS standard_family,
               isms.std_edition(c.standard) AS standard_edition,
               st.scheme,
               s.status::text AS status,
               isms.status_label(s.status, 'en') AS status_en,
               isms.status_label(s.status, 'ja') AS status_ja,
               s.status = 'active'::isms.cert_status AS valid,
               c.original_certification_date,
               c.cycle_start,
               c.expiry_date,
               c.revision,
               c.base_certificate_id IS NOT NULL AS is_addon,
               c.base_certificate_id,
               bc.certificate_number AS base_certificate_number,
               c.scope_statement
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id = c.cb_id
          JOIN isms.organisation o ON o.id = c.organisation_id
          JOIN isms.standard st ON st.ref = c.standard
          LEFT JOIN isms.certificate bc ON bc.id = c.base_certificate_id
         CROSS JOIN LATERAL (SELECT isms.status_today(c) AS status) s;
    END;
COMMENT ON FUNCTION isms_bi.certificate_rows() IS
    'Rows of isms_bi.certificates, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.certificate_rows() FROM PUBLIC;

CREATE VIEW isms_bi.certificates AS
SELECT r.certificate_id, r.external_id, r.cb_code, r.cb_name, r.certificate_number,
       r.organisation_id, r.organisation_name, r.organisation_name_local,
       r.organisation_country, r.confidential, r.standard, r.standard_family,
       r.standard_edition, r.scheme, r.status, r.status_en, r.status_ja, r.valid,
       r.original_certification_date, r.cycle_start, r.expiry_date, r.revision, r.is_addon,
       r.base_certificate_id, r.base_certificate_number, r.scope_statement
  FROM isms_bi.certificate_rows() r;
COMMENT ON VIEW isms_bi.certificates IS
    'Every certificate as it stands today: status (isms.status_today, equal to isms.status_at on current_date) with its IAF and Japanese labels, standard, body, organisation, cycle dates, base or add-on';

CREATE FUNCTION isms_bi.validity_period_rows()
    RETURNS TABLE (certificate_id bigint, cb_code text, certificate_number text, standard text,
                   period integer, valid_from date, valid_until date, days integer)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT c.id AS certificate_id,
               b.code AS cb_code,
               c.certificate_number,
               c.standard::text AS standard,
               p.n::integer AS period,
               pg_catalog.lower(p.r) AS valid_from,
               CASE WHEN pg_catalog.upper_inf(p.r) THEN NULL ELSE pg_catalog.upper(p.r) - 1 END AS valid_until,
               CASE WHEN pg_catalog.upper_inf(p.r) THEN NULL ELSE pg_catalog.upper(p.r) - pg_catalog.lower(p.r) END AS days
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id = c.cb_id
         CROSS JOIN LATERAL pg_catalog.unnest(isms.valid_periods(c.id)) WITH ORDINALITY AS p(r, n);
    END;
COMMENT ON FUNCTION isms_bi.validity_period_rows() IS
    'Rows of isms_bi.validity_periods, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.validity_period_rows() FROM PUBLIC;

CREATE VIEW isms_bi.validity_periods AS
SELECT r.certificate_id, r.cb_code, r.certificate_number, r.standard, r.period, r.valid_from,
       r.valid_until, r.days
  FROM isms_bi.validity_period_rows() r;
COMMENT ON VIEW isms_bi.validity_periods IS
    'One row per period in which a certificate was valid (isms.valid_periods): suspensions and lapses separate the periods';

CREATE FUNCTION isms_bi.obligation_rows()
    RETURNS TABLE (certificate_id bigint, certificate_number text, cb_code text,
                   organisation_name text, base_certificate_id bigint, rule text, audit_kind text,
                   cycle_start date, due_from date, due_by date, state text, days_overdue integer,
                   combined boolean, own_audit boolean, audit_days numeric, sample_sites integer)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT p.certificate_id,
               p.certificate_number,
               b.code AS cb_code,
               o.name AS organisation_name,
               CASE WHEN p.certificate_id <> c.id THEN c.id END AS base_certificate_id,
               p.rule,
               p.audit_kind,
               p.cycle_start,
               p.due_from,
               p.due_by,
               p.state,
               CASE WHEN p.state = 'overdue' THEN CURRENT_DATE - p.due_by END AS days_overdue,
               p.combined,
               NOT (p.combined AND p.certificate_id <> c.id) AS own_audit,
               p.audit_days,
               p.sample_sites
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id = c.cb_id
          JOIN isms.organisation o ON o.id = c.organisation_id
         CROSS JOIN LATERAL isms.audit_programme(c.id, CURRENT_DATE) p
         WHERE c.base_certificate_id IS NULL
           AND isms.status_today(c) IN ('active'::isms.cert_status, 'suspended'::isms.cert_status)
           AND p.state IN ('due', 'overdue');
    END;
COMMENT ON FUNCTION isms_bi.obligation_rows() IS
    'Rows of isms_bi.obligations, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.obligation_rows() FROM PUBLIC;

CREATE VIEW isms_bi.obligations AS
SELECT r.certificate_id, r.certificate_number, r.cb_code, r.organisation_name,
       r.base_certificate_id, r.rule, r.audit_kind, r.cycle_start, r.due_from, r.due_by,
       r.state, r.days_overdue, r.combined, r.own_audit, r.audit_days, r.sample_sites
  FROM isms_bi.obligation_rows() r;
COMMENT ON VIEW isms_bi.obligations IS
    'Audit obligations due or overdue today (SUR-1, SUR-2, SUR-3, REC-1) of certificates active or suspended today, one row per obligation: add-ons'' obligations are listed once, with their base''s programme (ADD-6)';

CREATE FUNCTION isms_bi.expiring_rows()
    RETURNS TABLE (certificate_id bigint, cb_code text, certificate_number text,
                   organisation_name text, standard text, status text, status_en text,
                   status_ja text, expiry_date date, days_left integer, within_days integer)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT x.certificate_id, x.cb_code, x.certificate_number, x.organisation_name, x.standard,
               x.status, x.status_en, x.status_ja, x.expiry_date,
               x.expiry_date - CURRENT_DATE AS days_left,
               CASE WHEN x.expiry_date - CURRENT_DATE <= 30 THEN 30
                    WHEN x.expiry_date - CURRENT_DATE <= 60 THEN 60 ELSE 90 END AS within_days
          FROM isms_bi.certificates x
         WHERE x.expiry_date BETWEEN CURRENT_DATE AND CURRENT_DATE + 90
           AND x.status IN ('active', 'suspended');
    END;
COMMENT ON FUNCTION isms_bi.expiring_rows() IS
    'Rows of isms_bi.expiring, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.expiring_rows() FROM PUBLIC;

CREATE VIEW isms_bi.expiring AS
SELECT r.certificate_id, r.cb_code, r.certificate_number, r.organisation_name, r.standard,
       r.status, r.status_en, r.status_ja, r.expiry_date, r.days_left, r.within_days
  FROM isms_bi.expiring_rows() r;
COMMENT ON VIEW isms_bi.expiring IS
    'Active or suspended certificates whose expiry date is within 90 days from today (REC-1: recertify before it), with the 30, 60 or 90 day band';

CREATE FUNCTION isms_bi.long_suspension_rows()
    RETURNS TABLE (certificate_id bigint, cb_code text, certificate_number text,
                   organisation_name text, standard text, suspended_since date,
                   days_suspended integer, warning_months integer, long_from date, expiry_date date)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT x.certificate_id, x.cb_code, x.certificate_number, x.organisation_name, x.standard,
               t.valid_from AS suspended_since,
               CURRENT_DATE - t.valid_from AS days_suspended,
               m.months AS warning_months,
               (t.valid_from + pg_catalog.make_interval(months => m.months))::date AS long_from,
               x.expiry_date
          FROM isms_bi.certificates x
         CROSS JOIN LATERAL isms.timeline(x.certificate_id) t
          JOIN isms.scheme s ON s.code = x.scheme
          LEFT JOIN isms.scheme_setting ss ON ss.scheme = x.scheme
         CROSS JOIN LATERAL (SELECT coalesce(ss.suspension_warning_months, s.suspension_warning_months) AS months) m
         WHERE x.status = 'suspended'
           AND t.status = 'suspended'::isms.cert_status
           AND t.valid_from <= CURRENT_DATE AND (t.valid_until IS NULL OR t.valid_until >= CURRENT_DATE)
           AND CURRENT_DATE > (t.valid_from + pg_catalog.make_interval(months => m.months))::date;
    END;
COMMENT ON FUNCTION isms_bi.long_suspension_rows() IS
    'Rows of isms_bi.long_suspensions, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.long_suspension_rows() FROM PUBLIC;

CREATE VIEW isms_bi.long_suspensions AS
SELECT r.certificate_id, r.cb_code, r.certificate_number, r.organisation_name, r.standard,
       r.suspended_since, r.days_suspended, r.warning_months, r.long_from, r.expiry_date
  FROM isms_bi.long_suspension_rows() r;
COMMENT ON VIEW isms_bi.long_suspensions IS
    'SUS-2: certificates suspended today for longer than the scheme''s suspension_warning_months [P, 6]';

CREATE FUNCTION isms_bi.monthly_status_count_rows()
    RETURNS TABLE (month date, as_of date, cb_code text, standard text, standard_family text,
                   standard_edition integer, status text, status_en text, status_ja text,
                   certificates bigint)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        WITH tl AS (
            SELECT c.id, c.cb_id, t.valid_from, t.valid_until, t.status
              FROM isms.certificate c
             CROSS JOIN LATERAL isms.timeline(c.id) t
        ), std AS (
            -- the standard in force: the one applied for, then each transition
            SELECT c.id, '-infinity'::date AS from_date, coalesce(c.initial_standard, c.standard) AS standard
              FROM isms.certificate c
            UNION ALL
            SELECT d.certificate_id, d.effective_date, d.new_standard
              FROM isms.decision d
             WHERE d.kind = 'transition'
               AND NOT EXISTS (SELECT 1 FROM isms.decision x WHERE x.corrects = d.id)
        ), sp AS (
            SELECT std.id, std.standard, std.from_date,
                   lead(std.from_date) OVER (PARTITION BY std.id ORDER BY std.from_date) AS to_date
              FROM std
        ), seg AS (
            -- each status of a certificate's timeline, cut where its standard changed
            SELECT tl.cb_id, sp.standard, tl.status,
                   greatest(tl.valid_from, sp.from_date) AS seg_from,
                   least(coalesce(tl.valid_until, 'infinity'::date),
                         coalesce(sp.to_date - 1, 'infinity'::date)) AS seg_until
              FROM tl JOIN sp ON sp.id = tl.id
               AND sp.from_date <= coalesce(tl.valid_until, 'infinity'::date)
               AND (sp.to_date IS NULL OR sp.to_date > tl.valid_from)
        ), ev AS (
            -- a segment counts in the months whose counted day (the last day, today
            -- in the current month) it covers: from its first month to the last such
            SELECT seg.cb_id, seg.standard, seg.status,
                   date_trunc('month', seg.seg_from)::date AS first_m,
                   CASE WHEN seg.seg_until >= CURRENT_DATE THEN date_trunc('month', CURRENT_DATE)::date
                        WHEN seg.seg_until = (date_trunc('month', seg.seg_until) + interval '1 month' - interval '1 day')::date
                        THEN date_trunc('month', seg.seg_until)::date
                        ELSE (date_trunc('month', seg.seg_until) - interval '1 month')::date END AS last_m
              FROM seg
             WHERE seg.seg_from <= CURRENT_DATE
        ), delta AS (
            SELECT ev.cb_id, ev.standard, ev.status, ev.first_m AS m, 1 AS d FROM ev WHERE ev.first_m <= ev.last_m
            UNION ALL
            SELECT ev.cb_id, ev.standard, ev.status, (ev.last_m + interval '1 month')::date, -1 FROM ev WHERE ev.first_m <= ev.last_m
        ), dm AS (
            SELECT delta.cb_id, delta.standard, delta.status, delta.m, sum(delta.d) AS d
              FROM delta GROUP BY delta.cb_id, delta.standard, delta.status, delta.m
        ), months AS (
            SELECT m::date AS month
              FROM pg_catalog.generate_series((SELECT min(dm.m) FROM dm)::timestamp,
                                              date_trunc('month', CURRENT_DATE::timestamp),
                                              interval '1 month') m
        ), grp AS (
            SELECT DISTINCT dm.cb_id, dm.standard, dm.status FROM dm
        ), grid AS (
            SELECT months.month, grp.cb_id, grp.standard, grp.status,
                   sum(coalesce(dm.d, 0)) OVER (PARTITION BY grp.cb_id, grp.standard, grp.status
                                                ORDER BY months.month) AS n
              FROM months CROSS JOIN grp
              LEFT JOIN dm ON dm.cb_id = grp.cb_id AND dm.standard = grp.standard
                          AND dm.status = grp.status AND dm.m = months.month
        )
        SELECT grid.month,
               least((grid.month + interval '1 month' - interval '1 day')::date, CURRENT_DATE) AS as_of,
               b.code AS cb_code,
               grid.standard::text AS standard,
               isms.std_without_edition(grid.standard)::text AS standard_family,
               isms.std_edition(grid.standard) AS standard_edition,
               grid.status::text AS status,
               isms.status_label(grid.status, 'en') AS status_en,
               isms.status_label(grid.status, 'ja') AS status_ja,
               grid.n::bigint AS certificates
          FROM grid
          JOIN isms.certification_body b ON b.id = grid.cb_id
         WHERE grid.n > 0;
    END;
COMMENT ON FUNCTION isms_bi.monthly_status_count_rows() IS
    'Rows of isms_bi.monthly_status_counts, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.monthly_status_count_rows() FROM PUBLIC;

CREATE VIEW isms_bi.monthly_status_counts AS
SELECT r.month, r.as_of, r.cb_code, r.standard, r.standard_family, r.standard_edition,
       r.status, r.status_en, r.status_ja, r.certificates
  FROM isms_bi.monthly_status_count_rows() r;
COMMENT ON VIEW isms_bi.monthly_status_counts IS
    'Time series: for each month since the first grant, the number of certificates per body, standard in force and status on the month''s last day (today for the current month); certificates never granted are not counted';

CREATE FUNCTION isms_bi.register_update_rows()
    RETURNS TABLE (cb_code text, cb_name text, last_change timestamp with time zone,
                   last_confirmed timestamp with time zone, last_update timestamp with time zone,
                   stale boolean)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT b.code AS cb_code,
               b.name AS cb_name,
               u.last_change,
               u.last_confirmed,
               greatest(u.last_change, u.last_confirmed) AS last_update,
               coalesce(greatest(u.last_change, u.last_confirmed) < now() - interval '1 month', true) AS stale
          FROM isms.certification_body b
         CROSS JOIN LATERAL (
               SELECT (SELECT max(d.recorded_at) FROM isms.decision d
                         JOIN isms.certificate c ON c.id = d.certificate_id
                        WHERE c.cb_id = b.id) AS last_change,
                      (SELECT max(r.confirmed_at) FROM isms.register_confirmation r
                        WHERE r.cb_id = b.id) AS last_confirmed) u
         WHERE EXISTS (SELECT 1 FROM isms.accreditation a
                        WHERE a.cb_id = b.id AND a.status IN ('active', 'suspended')
                          AND a.valid_from <= CURRENT_DATE
                          AND (a.valid_until IS NULL OR a.valid_until >= CURRENT_DATE));
    END;
COMMENT ON FUNCTION isms_bi.register_update_rows() IS
    'Rows of isms_bi.register_updates, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.register_update_rows() FROM PUBLIC;

CREATE VIEW isms_bi.register_updates AS
SELECT r.cb_code, r.cb_name, r.last_change, r.last_confirmed, r.last_update, r.stale
  FROM isms_bi.register_update_rows() r;
COMMENT ON VIEW isms_bi.register_updates IS
    'For the accreditation body: each accredited (or suspended) certification body with its last recorded decision and last confirmation (isms.register_confirmation); stale when neither happened within a month (PUB-2, monthly update)';

/* --------------------------------------------------------------------
 * IAF CertSearch export (PUB-2)
 * -------------------------------------------------------------------- */

CREATE FUNCTION isms_bi.certsearch_rows()
    RETURNS TABLE ("Certification Identity Number" text, "Certificate Number" text,
                   "Certification Status" text, "Accreditation Status" text,
                   "Certification Type" text, "Certification Standard" text,
                   "Certification Scope" text, "Certification Original Issue Date" text,
                   "Certification Issue Date" text, "Certification Expiry Date" text,
                   "Certified Entity Unique ID" text, "Certified Entity Name" text,
                   "Certified Entity English Name" text, "Street Address" text, "City" text,
                   "Post Code" text, "Country/Economy" text, "Accreditation Body" text,
                   "Certification Body" text, "Sites" text, "Confidential" boolean)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT c.external_id::text AS "Certification Identity Number",
               c.certificate_number AS "Certificate Number",
               isms.status_label(s.status, 'en') AS "Certification Status",
               CASE WHEN acc.listed THEN 'Accredited' ELSE 'Unaccredited' END AS "Accreditation Status",
               'Management System'::text AS "Certification Type",
               c.standard::text AS "Certification Standard",
               c.scope_statement AS "Certification Scope",
               to_char(c.original_certification_date, 'YYYYMMDD') AS "Certification Original Issue Date",
               to_char(coalesce(i.issued, c.original_certification_date), 'YYYYMMDD') AS "Certification Issue Date",
               to_char(c.expiry_date, 'YYYYMMDD') AS "Certification Expiry Date",
               o.external_id::text AS "Certified Entity Unique ID",
               CASE WHEN NOT o.confidential THEN coalesce(o.name_local, o.name) END AS "Certified Entity Name",
               CASE WHEN NOT o.confidential THEN o.name END AS "Certified Entity English Name",
               CASE WHEN NOT o.confidential THEN o.address END AS "Street Address",
               CASE WHEN NOT o.confidential THEN o.city END AS "City",
               CASE WHEN NOT o.confidential THEN o.postal_code END AS "Post Code",
               CASE WHEN NOT o.confidential THEN o.country END AS "Country/Economy",
               ab.codes AS "Accreditation Body",
               b.name AS "Certification Body",
               CASE WHEN NOT o.confidential THEN sites.list END AS "Sites",
               o.confidential AS "Confidential"
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id = c.cb_id
          JOIN isms.organisation o ON o.id = c.organisation_id
          JOIN isms.standard st ON st.ref = c.standard
         CROSS JOIN LATERAL (SELECT isms.status_today(c) AS status) s
         CROSS JOIN LATERAL (
               -- ACC-3: listed while an active accreditation covers today, else ask
               SELECT CASE WHEN EXISTS (SELECT 1 FROM isms.accreditation a
                                         WHERE a.cb_id = c.cb_id AND a.scheme = st.scheme
                                           AND a.status = 'active' AND a.valid_from <= CURRENT_DATE
                                           AND (a.valid_until IS NULL OR a.valid_until >= CURRENT_DATE))
                           THEN true
                           ELSE (SELECT x.listed FROM isms.cert_accreditation(c.id, CURRENT_DATE) x) END AS listed) acc
         CROSS JOIN LATERAL (
               -- the date of the certificate's current revision: its last grant,
               -- recertification, restoration, scope change or transition in effect
               SELECT max(d.effective_date) AS issued
                 FROM isms.decision d
                WHERE d.certificate_id = c.id
                  AND d.kind IN ('grant', 'recertify', 'restore', 'reduce_scope', 'extend_scope', 'transition')
                  AND d.effective_date <= CURRENT_DATE
                  AND NOT EXISTS (SELECT 1 FROM isms.decision x WHERE x.corrects = d.id)) i
         CROSS JOIN LATERAL (
               SELECT string_agg(DISTINCT ab.code, '; ') AS codes
                 FROM isms.accreditation a
                 JOIN isms.accreditation_body ab ON ab.id = a.ab_id
                WHERE a.cb_id = c.cb_id AND a.scheme = st.scheme AND a.valid_from <= CURRENT_DATE) ab
         CROSS JOIN LATERAL (
               SELECT string_agg(concat_ws(', ', si.name, si.street, concat_ws(' ', si.postal_code, si.city), si.country),
                                 '; ' ORDER BY si.name, si.id) AS list
                 FROM isms.certificate_site cs
                 JOIN isms.site si ON si.id = cs.site_id
                WHERE cs.certificate_id = c.id) sites
         WHERE c.original_certification_date IS NOT NULL;
    END;
COMMENT ON FUNCTION isms_bi.certsearch_rows() IS
    'Rows of isms_bi.certsearch, read with the privileges of the extension''s owner (the BI reader reads no table of isms)';
REVOKE EXECUTE ON FUNCTION isms_bi.certsearch_rows() FROM PUBLIC;

CREATE VIEW isms_bi.certsearch AS
SELECT r."Certification Identity Number", r."Certificate Number", r."Certification Status",
       r."Accreditation Status", r."Certification Type", r."Certification Standard",
       r."Certification Scope", r."Certification Original Issue Date",
       r."Certification Issue Date", r."Certification Expiry Date",
       r."Certified Entity Unique ID", r."Certified Entity Name",
       r."Certified Entity English Name", r."Street Address", r."City", r."Post Code",
       r."Country/Economy", r."Accreditation Body", r."Certification Body", r."Sites",
       r."Confidential"
  FROM isms_bi.certsearch_rows() r;
COMMENT ON VIEW isms_bi.certsearch IS
    'PUB-2: the IAF CertSearch upload (certification template) of every certificate ever granted, as it stands today; dates YYYYMMDD; a confidential client''s name and addresses left empty (PUB-1); COPY (SELECT * FROM isms_bi.certsearch) TO STDOUT (FORMAT csv, HEADER)';

CREATE FUNCTION isms_bi.certsearch_changed_since(since timestamptz)
    RETURNS SETOF isms_bi.certsearch
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT e.*
          FROM isms_bi.certsearch e
          JOIN isms.certificate c ON c.external_id::text = e."Certification Identity Number"
          JOIN isms.organisation o ON o.id = c.organisation_id
         WHERE o.updated_at > certsearch_changed_since.since
            -- a decision of the certificate or of its base (ADD-5) recorded since
            OR EXISTS (SELECT 1 FROM isms.decision d
                        WHERE d.certificate_id IN (c.id, c.base_certificate_id)
                          AND d.recorded_at > certsearch_changed_since.since)
            OR EXISTS (SELECT 1 FROM isms.certificate_site cs JOIN isms.site si ON si.id = cs.site_id
                        WHERE cs.certificate_id = c.id
                          AND (cs.added_at > certsearch_changed_since.since
                               OR si.updated_at > certsearch_changed_since.since))
            -- changes by the passing of time: expiry (REC-2, TRN-3), decisions
            -- coming into effect, the listing of the body's certificates (ACC-3)
            OR isms.status_at(c.id, certsearch_changed_since.since::date)
               IS DISTINCT FROM isms.status_at(c.id, CURRENT_DATE)
            OR (SELECT a.listed FROM isms.cert_accreditation(c.id, certsearch_changed_since.since::date) a)
               IS DISTINCT FROM (SELECT a.listed FROM isms.cert_accreditation(c.id, CURRENT_DATE) a);
    END;
COMMENT ON FUNCTION isms_bi.certsearch_changed_since(timestamptz) IS
    'PUB-2 monthly delta: the rows of isms_bi.certsearch whose certificate, base, organisation or sites changed after since, or whose status or accreditation listing differs between that day and today; read with the privileges of the extension''s owner';
REVOKE EXECUTE ON FUNCTION isms_bi.certsearch_changed_since(timestamptz) FROM PUBLIC;

/* --------------------------------------------------------------------
 * Public register, verification, accredited bodies (PUB-1, PUB-3)
 *
 * These answer anyone: they read the registry with the privileges of
 * the extension's owner (SECURITY DEFINER functions; the views select
 * from them), and never return a confidential client's name or address.
 * -------------------------------------------------------------------- */

CREATE FUNCTION isms_public.register_rows()
    RETURNS TABLE (registration_number text, certification_identity text, cb_code text, cb_name text,
                   organisation text, organisation_local text, street text, city text,
                   postal_code text, country text, confidential boolean,
                   standard text, standard_family text, standard_edition integer,
                   scope text, base_registration_number text,
                   initial_registration_date date, expiry_date date,
                   status text, status_en text, status_ja text, valid boolean)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT c.certificate_number, c.external_id::text, b.code, b.name,
               CASE WHEN NOT o.confidential THEN o.name END,
               CASE WHEN NOT o.confidential THEN o.name_local END,
               CASE WHEN NOT o.confidential THEN o.address END,
               CASE WHEN NOT o.confidential THEN o.city END,
               CASE WHEN NOT o.confidential THEN o.postal_code END,
               CASE WHEN NOT o.confidential THEN o.country END,
               o.confidential,
               c.standard::text, isms.std_without_edition(c.standard)::text, isms.std_edition(c.standard),
               c.scope_statement, bc.certificate_number,
               c.original_certification_date, c.expiry_date,
               s.status::text, isms.status_label(s.status, 'en'), isms.status_label(s.status, 'ja'),
               s.status OPERATOR(pg_catalog.=) 'active'::isms.cert_status
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id OPERATOR(pg_catalog.=) c.cb_id
          JOIN isms.organisation o ON o.id OPERATOR(pg_catalog.=) c.organisation_id
          LEFT JOIN isms.certificate bc ON bc.id OPERATOR(pg_catalog.=) c.base_certificate_id
         CROSS JOIN LATERAL (SELECT isms.status_today(c) AS status) s
         WHERE c.original_certification_date IS NOT NULL;
    END;
COMMENT ON FUNCTION isms_public.register_rows() IS
    'Rows of isms_public.register (PUB-1), read with the privileges of the extension''s owner; a confidential client''s name and address are NULL';

CREATE VIEW isms_public.register AS
SELECT r.registration_number, r.certification_identity, r.cb_code, r.cb_name,
       r.organisation, r.organisation_local, r.street, r.city, r.postal_code, r.country,
       r.confidential, r.standard, r.standard_family, r.standard_edition, r.scope,
       r.base_registration_number, r.initial_registration_date, r.expiry_date,
       r.status, r.status_en, r.status_ja, r.valid
  FROM isms_public.register_rows() r;
COMMENT ON VIEW isms_public.register IS
    'PUB-1: the public register, one row per certificate ever granted, as it stands today; a confidential client''s name and address are NULL';

CREATE FUNCTION isms_public.verify(cb_code text, certificate_number text, on_date date DEFAULT CURRENT_DATE)
    RETURNS TABLE (found boolean, cb_code text, certificate_number text, on_date date,
                   status text, status_en text, status_ja text, valid boolean,
                   valid_from date, valid_until date, expiry_date date,
                   initial_registration_date date, standard text, scope text,
                   organisation text, confidential boolean)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    ROWS 1
    BEGIN ATOMIC
        WITH body AS (
            SELECT b.id, b.code FROM isms.certification_body b
             WHERE pg_catalog.upper(isms.fold_text(b.code) COLLATE "C")
                   OPERATOR(pg_catalog.=) pg_catalog.upper(isms.fold_text(verify.cb_code) COLLATE "C")
        ), exact AS (
            SELECT c.id FROM isms.certificate c JOIN body ON body.id OPERATOR(pg_catalog.=) c.cb_id
             WHERE c.certificate_number OPERATOR(pg_catalog.=) verify.certificate_number
        ), m AS (
            SELECT exact.id FROM exact
            UNION ALL
            SELECT c.id FROM isms.certificate c JOIN body ON body.id OPERATOR(pg_catalog.=) c.cb_id
             WHERE c.number_key OPERATOR(pg_catalog.=) isms.number_key(verify.certificate_number)
               AND NOT EXISTS (SELECT 1 FROM exact)
        ), r AS (
            SELECT c.certificate_number, c.expiry_date, c.original_certification_date, c.standard,
                   c.scope_statement, body.code, o.confidential, o.name AS organisation, s.status,
                   (SELECT p FROM pg_catalog.unnest(isms.valid_periods(c.id)) p
                     WHERE p OPERATOR(pg_catalog.@>) verify.on_date) AS period
              FROM m
              JOIN isms.certificate c ON c.id OPERATOR(pg_catalog.=) m.id
              JOIN body ON body.id OPERATOR(pg_catalog.=) c.cb_id
              JOIN isms.organisation o ON o.id OPERATOR(pg_catalog.=) c.organisation_id
             CROSS JOIN LATERAL (SELECT isms.status_at(c.id, verify.on_date) AS status) s
             WHERE c.original_certification_date IS NOT NULL
        )
        SELECT true, r.code, r.certificate_number, verify.on_date,
               r.status::text, isms.status_label(r.status, 'en'), isms.status_label(r.status, 'ja'),
               r.status OPERATOR(pg_catalog.=) 'active'::isms.cert_status,
               pg_catalog.lower(r.period),
               CASE WHEN NOT pg_catalog.upper_inf(r.period) THEN pg_catalog.upper(r.period) OPERATOR(pg_catalog.-) 1 END,
               r.expiry_date, r.original_certification_date, r.standard::text, r.scope_statement,
               CASE WHEN NOT r.confidential THEN r.organisation END,
               r.confidential
          FROM r
        UNION ALL
        SELECT false, verify.cb_code, verify.certificate_number, verify.on_date,
               NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
         WHERE NOT EXISTS (SELECT 1 FROM r);
    END;
COMMENT ON FUNCTION isms_public.verify(text, text, date) IS
    'PUB-1, PUB-3: status and validity on on_date of the certificate of this body (code, any case) and number (as printed, isms.number_key), for anyone; one row per match, or one row with found false; a confidential client''s name is NULL';

CREATE FUNCTION isms_public.certification_body_rows()
    RETURNS TABLE (cb_code text, cb_name text, cb_name_local text, country text,
                   ab_code text, ab_name text, scheme text, accreditation_number text,
                   accreditation_status text, valid_from date, valid_until date,
                   valid_certificates bigint)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        WITH p AS (
            -- per body, accreditation body and scheme: the period covering
            -- today (active before suspended), else the latest one started
            SELECT DISTINCT ON (a.cb_id, a.ab_id, a.scheme)
                   a.cb_id, a.ab_id, a.scheme, a.accreditation_number, a.valid_from, a.valid_until,
                   CASE WHEN a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) CURRENT_DATE
                        THEN CASE a.status WHEN 'active'::isms.accreditation_status THEN 'accredited'
                                           WHEN 'suspended'::isms.accreditation_status THEN 'suspended'
                                           ELSE 'withdrawn' END
                        ELSE 'withdrawn' END AS status
              FROM isms.accreditation a
             WHERE a.valid_from OPERATOR(pg_catalog.<=) CURRENT_DATE
             ORDER BY a.cb_id, a.ab_id, a.scheme,
                      (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) CURRENT_DATE) DESC,
                      a.status, a.valid_from DESC
        )
        SELECT b.code, b.name, b.name_local, b.country, ab.code, ab.name, p.scheme,
               p.accreditation_number, p.status, p.valid_from, p.valid_until,
               (SELECT count(*) FROM isms.certificate c
                  JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) c.standard
                 WHERE c.cb_id OPERATOR(pg_catalog.=) b.id
                   AND st.scheme OPERATOR(pg_catalog.=) p.scheme
                   AND isms.status_today(c) OPERATOR(pg_catalog.=) 'active'::isms.cert_status)
          FROM p
          JOIN isms.certification_body b ON b.id OPERATOR(pg_catalog.=) p.cb_id
          JOIN isms.accreditation_body ab ON ab.id OPERATOR(pg_catalog.=) p.ab_id;
    END;
COMMENT ON FUNCTION isms_public.certification_body_rows() IS
    'Rows of isms_public.certification_bodies, read with the privileges of the extension''s owner';

CREATE VIEW isms_public.certification_bodies AS
SELECT r.cb_code, r.cb_name, r.cb_name_local, r.country, r.ab_code, r.ab_name, r.scheme,
       r.accreditation_number, r.accreditation_status, r.valid_from, r.valid_until,
       r.valid_certificates
  FROM isms_public.certification_body_rows() r;
COMMENT ON VIEW isms_public.certification_bodies IS
    'The public list of certification bodies (ACC-1..3): per body, accreditation body and scheme, the accreditation status today (accredited, suspended, withdrawn), its period and the number of the body''s certificates of the scheme valid today';

/*
 * Column comments of the views: shared wording for the columns several
 * views have, then each view's own.  The install fails if a column of a
 * view of isms_bi or isms_public is left without one.
 */
DO $$
DECLARE
    shared jsonb := jsonb_build_object(
        'certificate_id', 'Certificate (isms.certificate.id)',
        'external_id', 'Stable external id of the certificate (certification identity)',
        'certification_identity', 'Stable external id of the certificate (IAF CertSearch certification identity number)',
        'cb_code', 'Certification body code',
        'cb_name', 'Certification body name',
        'cb_name_local', 'Certification body name in the local language',
        'certificate_number', 'Certificate number as recorded by the certification body',
        'registration_number', 'Registration (certificate) number as recorded by the certification body',
        'organisation_id', 'Organisation (isms.organisation.id)',
        'organisation_name', 'Organisation name',
        'organisation_name_local', 'Organisation name in the local language',
        'organisation_country', 'Organisation country, ISO 3166-1 alpha-2',
        'confidential', 'PUB-1: the client asked for confidentiality; name and address are not published',
        'standard', 'Standard and edition in force, canonical text (e.g. ISO/IEC 27001:2022)',
        'standard_family', 'Standard without its edition (e.g. ISO/IEC 27001)',
        'standard_edition', 'Year of the edition',
        'scheme', 'Scheme of the standard (isms.scheme)',
        'status', 'Status today: draft, active, suspended, withdrawn, cancelled or expired',
        'status_en', 'Status label, IAF CertSearch spelling',
        'status_ja', 'Status label, Japanese register',
        'valid', 'True if the status is active (only active is valid)',
        'original_certification_date', 'REC-5: effective date of the first grant',
        'initial_registration_date', 'REC-5: effective date of the first grant (initial registration)',
        'cycle_start', 'CYC-2: decision date that opened the current cycle (as of the last write or sweep)',
        'expiry_date', 'CYC-3: last day of validity of the current cycle (as of the last write or sweep)',
        'revision', 'SCO-1: revision marker',
        'is_addon', 'True for an add-on certificate (ADD-1)',
        'base_certificate_id', 'ADD-1: the base certificate of an add-on; NULL otherwise',
        'base_certificate_number', 'ADD-1: number of the base certificate of an add-on',
        'base_registration_number', 'ADD-1: registration number of the base certificate of an add-on',
        'scope_statement', 'Scope of certification in force, as worded on the certificate',
        'scope', 'Scope of certification in force, as worded on the certificate',
        'country', 'Country, ISO 3166-1 alpha-2',
        'valid_from', 'First day of the period',
        'valid_until', 'Last day of the period (inclusive); NULL if open',
        'organisation', 'Organisation name; NULL for a confidential client',
        'organisation_local', 'Organisation name in the local language; NULL for a confidential client',
        'street', 'Street address; NULL for a confidential client',
        'city', 'City; NULL for a confidential client',
        'postal_code', 'Postal code; NULL for a confidential client');
    own jsonb := jsonb_build_object(
        'isms_bi.validity_periods', jsonb_build_object(
            'period', 'Number of the period, from 1 in date order',
            'days', 'Number of days of the period; NULL if open'),
        'isms_bi.obligations', jsonb_build_object(
            'certificate_id', 'Certificate the obligation belongs to (an add-on''s own id for its obligations)',
            'base_certificate_id', 'For an add-on''s obligation, the base whose programme lists it',
            'rule', 'Rule the obligation comes from: SUR-1, SUR-2 or REC-1',
            'audit_kind', 'Kind of audit due',
            'cycle_start', 'Start of the cycle',
            'due_from', 'First day the audit counts',
            'due_by', 'Last day for the audit',
            'state', 'due or overdue (SUR-3)',
            'days_overdue', 'Days since due_by for an overdue obligation; NULL otherwise',
            'combined', 'ADD-6: an add-on obligation held or due with the base''s audit, and that base obligation',
            'own_audit', 'False for an add-on obligation met by its base''s audit: count audits to hold WHERE own_audit',
            'audit_days', 'TIME-1 auditor-days due (with the TRN-4 addition where it applies)',
            'sample_sites', 'SMP-1 sites to visit, the central function not counted'),
        'isms_bi.expiring', jsonb_build_object(
            'days_left', 'Days from today to the expiry date',
            'within_days', '30, 60 or 90: the band the expiry falls in'),
        'isms_bi.long_suspensions', jsonb_build_object(
            'suspended_since', 'First day of the suspension in force',
            'days_suspended', 'Days since suspended_since',
            'warning_months', 'SUS-2: the scheme''s suspension_warning_months',
            'long_from', 'Day from which the suspension counts as long'),
        'isms_bi.monthly_status_counts', jsonb_build_object(
            'month', 'First day of the month (the time axis)',
            'as_of', 'Day counted: the month''s last day, today for the current month',
            'standard', 'Standard and edition in force on as_of',
            'status', 'Status on as_of',
            'certificates', 'Number of certificates'),
        'isms_bi.register_updates', jsonb_build_object(
            'last_change', 'When the last decision on a certificate of the body was recorded',
            'last_confirmed', 'When the body last confirmed its register data (isms.register_confirmation)',
            'last_update', 'The later of last_change and last_confirmed',
            'stale', 'True when last_update is more than a month ago, or there was none'),
        'isms_bi.certsearch', jsonb_build_object(
            'Certification Identity Number', 'Stable external id of the certificate (isms.certificate.external_id)',
            'Certificate Number', 'Certificate number as recorded',
            'Certification Status', 'Status today, IAF CertSearch spelling (Active, Suspended, Withdrawn, Cancelled, Expired)',
            'Accreditation Status', 'Accredited while ACC-3 keeps the certificate listed (isms.cert_accreditation), else Unaccredited',
            'Certification Type', 'Management System',
            'Certification Standard', 'Standard and edition in force',
            'Certification Scope', 'Scope statement in force',
            'Certification Original Issue Date', 'REC-5 original certification date, YYYYMMDD',
            'Certification Issue Date', 'Effective date of the current revision (last grant, recertification, restoration, scope change or transition in effect), YYYYMMDD',
            'Certification Expiry Date', 'Expiry date, YYYYMMDD',
            'Certified Entity Unique ID', 'Stable external id of the organisation (isms.organisation.external_id)',
            'Certified Entity Name', 'Legal name (local script where recorded); empty for a confidential client',
            'Certified Entity English Name', 'Name in Latin script; empty for a confidential client',
            'Street Address', 'Street address of the organisation; empty for a confidential client',
            'City', 'City; empty for a confidential client',
            'Post Code', 'Postal code; empty for a confidential client',
            'Country/Economy', 'Country, ISO 3166-1 alpha-2; empty for a confidential client',
            'Accreditation Body', 'Codes of the accreditation bodies that accredited the body for the scheme',
            'Certification Body', 'Name of the certification body',
            'Sites', 'Sites the certificate covers, "name, street, postal code city, country", separated by "; "; empty for a confidential client',
            'Confidential', 'PUB-1: the client asked for confidentiality'),
        'isms_public.register', jsonb_build_object(
            'expiry_date', 'Expiry date of the current cycle',
            'status', 'Status today',
            'valid', 'True if valid (active) today'),
        'isms_public.certification_bodies', jsonb_build_object(
            'ab_code', 'Accreditation body code',
            'ab_name', 'Accreditation body name',
            'scheme', 'Scheme of the accreditation',
            'accreditation_number', 'Number given by the accreditation body',
            'accreditation_status', 'Today: accredited (an active period covers today), suspended, or withdrawn (ACC-3)',
            'valid_from', 'First day of the accreditation period shown',
            'valid_until', 'Last day of the accreditation period shown; NULL while open',
            'valid_certificates', 'Number of the body''s certificates of the scheme valid today'));
    r record;
    txt text;
BEGIN
    FOR r IN
        SELECT c.oid::regclass AS rel, n.nspname || '.' || c.relname AS name, a.attname
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE n.nspname IN ('isms_bi', 'isms_public') AND c.relkind = 'v'
         ORDER BY 1, a.attnum
    LOOP
        txt := coalesce(own -> r.name ->> r.attname, shared ->> r.attname);
        IF txt IS NULL THEN
            RAISE EXCEPTION 'column %.% has no comment', r.name, r.attname;
        END IF;
        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', r.rel, r.attname, txt);
    END LOOP;
END
$$;
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
/* ====================================================================
 * Security: roles, row-level security, protected reference data
 *
 * Roles are cluster-wide and cannot belong to an extension, so
 * isms.setup_roles() creates them (run by a superuser, again after each
 * upgrade) and isms.registry_role maps them, by name, to what they do.
 * The policies below are part of the extension: they name no role, but ask
 * isms.registry_role whether the current user holds a role mapped to a
 * purpose (and, for writers of a certification body, to which body), so
 * they survive pg_dump and a restore into another cluster, where the same
 * role names are created by running isms.setup_roles() again.
 *
 * Roles without a mapping see no row of the registry tables; superusers
 * and the extension's owner bypass row-level security.
 * ==================================================================== */

CREATE TABLE isms.registry_role (
    role_name text PRIMARY KEY CHECK (role_name OPERATOR(pg_catalog.<>) ''),
    purpose text NOT NULL CHECK (purpose IN ('accreditation_body', 'cb_writers', 'cb_writer',
                                             'bi_reader', 'public', 'sweep')),
    cb_id bigint REFERENCES isms.certification_body,
    CONSTRAINT registry_role_cb CHECK ((purpose OPERATOR(pg_catalog.=) 'cb_writer') OPERATOR(pg_catalog.=) (cb_id IS NOT NULL))
);
COMMENT ON TABLE isms.registry_role IS
    'Roles of the registry, by name (so that the mapping survives a dump restored into another cluster): what each does, and for a certification body''s writer, which body; written by isms.setup_roles() and isms.setup_cb_writer(); each role sees its own rows';
COMMENT ON COLUMN isms.registry_role.role_name IS 'Name of the role (NOLOGIN; granted to the users who act in it)';
COMMENT ON COLUMN isms.registry_role.purpose IS 'accreditation_body, cb_writers (the group of all writers), cb_writer (the writer of one body), bi_reader, public or sweep';
COMMENT ON COLUMN isms.registry_role.cb_id IS 'For a cb_writer role: the certification body whose rows it reads and writes';
COMMENT ON CONSTRAINT registry_role_cb ON isms.registry_role IS 'exactly the cb_writer roles name a certification body';
SELECT pg_catalog.pg_extension_config_dump('isms.registry_role', '');

/*
 * The purposes of the current user: the mapped roles whose privileges it
 * has (pg_has_role USAGE: itself, or a role it inherits), by name; a name
 * of a role that does not exist (after a restore) counts for nothing.
 * Superusers bypass row-level security and act in no mapped role.
 */
CREATE FUNCTION isms.acts_as(purpose text) RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    AS $$
BEGIN
    -- PL/pgSQL, whose plan is kept per session, and without a SET clause
    -- (every name is qualified): the policies call it once per query, and
    -- the rule triggers run many small queries.  Superusers bypass the
    -- policies, so what it says for them does not matter.
    RETURN EXISTS (
        SELECT 1 FROM isms.registry_role r
         WHERE r.purpose OPERATOR(pg_catalog.=) acts_as.purpose
           AND pg_catalog.pg_has_role(pg_catalog.to_regrole(pg_catalog.quote_ident(r.role_name)), 'USAGE'));
END $$;
COMMENT ON FUNCTION isms.acts_as(text) IS
    'Whether the current user has the privileges of a role that isms.registry_role maps to this purpose';

CREATE FUNCTION isms.acting_cbs() RETURNS bigint[]
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
BEGIN
    RETURN (SELECT COALESCE(pg_catalog.array_agg(DISTINCT r.cb_id), '{}'::bigint[])
              FROM isms.registry_role r
             WHERE r.purpose OPERATOR(pg_catalog.=) 'cb_writer'
               AND pg_catalog.pg_has_role(pg_catalog.to_regrole(pg_catalog.quote_ident(r.role_name)), 'USAGE'));
END $$;
COMMENT ON FUNCTION isms.acting_cbs() IS
    'Certification bodies whose writer roles (isms.registry_role) the current user has the privileges of';

CREATE FUNCTION isms.acting_cb() RETURNS bigint
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    cbs bigint[] := isms.acting_cbs();
BEGIN
    -- a superuser (who has every role) writes for no body by default
    IF (SELECT u.rolsuper FROM pg_roles u WHERE u.rolname = CURRENT_USER) THEN
        RETURN NULL;
    END IF;
    RETURN CASE WHEN cardinality(cbs) = 1 THEN cbs[1] END;
END $$;
COMMENT ON FUNCTION isms.acting_cb() IS
    'The certification body the current user writes for, if it writes for exactly one; else NULL, and NULL for superusers (default of isms.organisation.cb_id)';

-- Which certification body keeps an organisation's record.
ALTER TABLE isms.organisation
    ADD COLUMN cb_id bigint REFERENCES isms.certification_body DEFAULT isms.acting_cb();
COMMENT ON COLUMN isms.organisation.cb_id IS
    'Certification body that keeps this record: its writers read and change it (row-level security); NULL for a record kept by the accreditation body; defaults to the writer''s own body';
CREATE INDEX organisation_cb ON isms.organisation (cb_id);
COMMENT ON INDEX isms.organisation_cb IS 'organisations kept by a certification body, for row-level security';
CREATE INDEX certificate_cb ON isms.certificate (cb_id);
COMMENT ON INDEX isms.certificate_cb IS 'certificates of a certification body, for row-level security';

/* --------------------------------------------------------------------
 * Row-level security.  Policies are permissive and apply TO PUBLIC; each
 * says which purposes see or write which rows:
 *   AB  = isms.acts_as('accreditation_body'): every row (bodies,
 *         accreditations, reference data, imports for any CB);
 *   CB  = a certification body's writer: the rows of its bodies;
 *   SW  = the sweep: reads every row, writes derived certificate columns
 *         and SUR-3 suspensions.
 * The rule checks read and lock what they need (accreditations, auditor
 * registrations, other certificates' histories) as the owner of the
 * tables (spi_util.c), whoever writes: no role needs a privilege or a
 * policy for the checks' sake, and no policy hides a row from them.
 * -------------------------------------------------------------------- */

-- Reference data and bodies: anyone granted SELECT reads them; only the
-- accreditation body writes them (shipped rows stay read-only for all).
ALTER TABLE isms.scheme ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.scheme_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.standard ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.edition_transition ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.audit_time ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.accreditation_body ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.certification_body ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.personnel_body ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.auditor ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.auditor_registration ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.accreditation ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.organisation ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.certificate ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.registry_role ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.site ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.certificate_site ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.register_confirmation ENABLE ROW LEVEL SECURITY;

CREATE POLICY scheme_read ON isms.scheme FOR SELECT USING (true);
CREATE POLICY scheme_ab ON isms.scheme USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY scheme_setting_read ON isms.scheme_setting FOR SELECT USING (true);
CREATE POLICY scheme_setting_ab ON isms.scheme_setting USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY standard_read ON isms.standard FOR SELECT USING (true);
CREATE POLICY standard_ab ON isms.standard USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY edition_transition_read ON isms.edition_transition FOR SELECT USING (true);
CREATE POLICY edition_transition_ab ON isms.edition_transition USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY audit_time_read ON isms.audit_time FOR SELECT USING (true);
CREATE POLICY audit_time_ab ON isms.audit_time USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY accreditation_body_read ON isms.accreditation_body FOR SELECT USING (true);
CREATE POLICY accreditation_body_ab ON isms.accreditation_body USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY certification_body_read ON isms.certification_body FOR SELECT USING (true);
CREATE POLICY certification_body_ab ON isms.certification_body USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY personnel_body_read ON isms.personnel_body FOR SELECT USING (true);
CREATE POLICY personnel_body_ab ON isms.personnel_body USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY auditor_read ON isms.auditor FOR SELECT USING (true);
CREATE POLICY auditor_ab ON isms.auditor USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY auditor_registration_read ON isms.auditor_registration FOR SELECT USING (true);
CREATE POLICY auditor_registration_ab ON isms.auditor_registration USING ((SELECT isms.acts_as('accreditation_body')));

-- Accreditations: the accreditation body writes them; a writer reads
-- those of its bodies; the sweep reads them all.
CREATE POLICY accreditation_read ON isms.accreditation FOR SELECT
    USING ((SELECT isms.acts_as('sweep'))
           OR cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));
CREATE POLICY accreditation_ab ON isms.accreditation USING ((SELECT isms.acts_as('accreditation_body')));

-- Organisations: those a writer's body keeps, and those it certifies.
CREATE POLICY organisation_read ON isms.organisation FOR SELECT
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
           OR EXISTS (SELECT 1 FROM isms.certificate c
                       WHERE c.organisation_id OPERATOR(pg_catalog.=) organisation.id
                         AND c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
                    OFFSET 0));
CREATE POLICY organisation_ab ON isms.organisation USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY organisation_cb ON isms.organisation
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));

-- Certificates: a writer's body's own; the sweep reads all and writes the
-- derived columns (the certificate guard lets only isms write them).
CREATE POLICY certificate_ab ON isms.certificate USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY certificate_cb ON isms.certificate
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));
CREATE POLICY certificate_sweep_read ON isms.certificate FOR SELECT USING ((SELECT isms.acts_as('sweep')));
CREATE POLICY certificate_sweep_update ON isms.certificate FOR UPDATE
    USING ((SELECT isms.acts_as('sweep'))) WITH CHECK ((SELECT isms.acts_as('sweep')));

-- Audits and decisions: those of the certificates a writer may see.  The
-- subqueries are correlated and kept so by OFFSET 0 (which stops the
-- planner from turning them into a hash of every visible certificate):
-- the rule triggers' queries for one certificate probe one row.
CREATE POLICY audit_ab ON isms.audit USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY audit_cb ON isms.audit
    USING (EXISTS (SELECT 1 FROM isms.certificate c
                    WHERE c.id OPERATOR(pg_catalog.=) audit.certificate_id
                      AND c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
                    OFFSET 0));
CREATE POLICY audit_sweep_read ON isms.audit FOR SELECT USING ((SELECT isms.acts_as('sweep')));
CREATE POLICY decision_ab ON isms.decision USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY decision_cb ON isms.decision
    USING (EXISTS (SELECT 1 FROM isms.certificate c
                    WHERE c.id OPERATOR(pg_catalog.=) decision.certificate_id
                      AND c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
                    OFFSET 0));
CREATE POLICY decision_sweep_read ON isms.decision FOR SELECT USING ((SELECT isms.acts_as('sweep')));
-- SUR-3: the sweep's suspensions are recorded by isms.sweep() itself, as
-- the tables' owner (sweep.c): the sweep role inserts no decision.

-- Sites: those of the organisations a writer's body keeps (written), and
-- of those it certifies (read), as for the organisations themselves.
CREATE POLICY site_read ON isms.site FOR SELECT
    USING (organisation_id IN (SELECT o.id FROM isms.organisation o
                                WHERE o.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]))
           OR organisation_id IN (SELECT c.organisation_id FROM isms.certificate c
                                   WHERE c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])));
CREATE POLICY site_ab ON isms.site USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY site_cb ON isms.site
    USING (organisation_id IN (SELECT o.id FROM isms.organisation o
                                WHERE o.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])));

-- The sites a certificate covers: those of a writer's body's certificates.
CREATE POLICY certificate_site_ab ON isms.certificate_site USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY certificate_site_cb ON isms.certificate_site
    USING (certificate_id IN (SELECT c.id FROM isms.certificate c
                               WHERE c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])));

-- Confirmations of the register (PUB-2): a writer reads and records its
-- body's; the accreditation body reads them all.
CREATE POLICY register_confirmation_ab ON isms.register_confirmation
    USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY register_confirmation_cb ON isms.register_confirmation
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));

-- The role mapping: each role sees its own rows; only superusers write.
CREATE POLICY registry_role_own ON isms.registry_role FOR SELECT
    USING (pg_catalog.pg_has_role(pg_catalog.to_regrole(pg_catalog.quote_ident(role_name)), 'USAGE'));
GRANT SELECT ON isms.registry_role TO PUBLIC;

COMMENT ON POLICY scheme_read ON isms.scheme IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY scheme_ab ON isms.scheme IS 'reference data: written by the accreditation body';
COMMENT ON POLICY scheme_setting_read ON isms.scheme_setting IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY scheme_setting_ab ON isms.scheme_setting IS 'reference data: written by the accreditation body';
COMMENT ON POLICY standard_read ON isms.standard IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY standard_ab ON isms.standard IS 'reference data: written by the accreditation body';
COMMENT ON POLICY edition_transition_read ON isms.edition_transition IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY edition_transition_ab ON isms.edition_transition IS 'reference data: written by the accreditation body';
COMMENT ON POLICY audit_time_read ON isms.audit_time IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY audit_time_ab ON isms.audit_time IS 'reference data: written by the accreditation body';
COMMENT ON POLICY accreditation_body_read ON isms.accreditation_body IS 'bodies: readable by every role granted SELECT';
COMMENT ON POLICY accreditation_body_ab ON isms.accreditation_body IS 'bodies: written by the accreditation body';
COMMENT ON POLICY certification_body_read ON isms.certification_body IS 'bodies: readable by every role granted SELECT';
COMMENT ON POLICY certification_body_ab ON isms.certification_body IS 'bodies: written by the accreditation body';
COMMENT ON POLICY personnel_body_read ON isms.personnel_body IS 'bodies: readable by every role granted SELECT';
COMMENT ON POLICY personnel_body_ab ON isms.personnel_body IS 'bodies: written by the accreditation body';
COMMENT ON POLICY auditor_read ON isms.auditor IS 'auditors: readable by every role granted SELECT';
COMMENT ON POLICY auditor_ab ON isms.auditor IS 'auditors: written by the accreditation body';
COMMENT ON POLICY auditor_registration_read ON isms.auditor_registration IS 'registrations: readable by every role granted SELECT';
COMMENT ON POLICY auditor_registration_ab ON isms.auditor_registration IS 'registrations: written by the accreditation body';
COMMENT ON POLICY accreditation_read ON isms.accreditation IS 'a writer reads the accreditations of its bodies, the sweep all';
COMMENT ON POLICY accreditation_ab ON isms.accreditation IS 'accreditations: written by the accreditation body';
COMMENT ON POLICY organisation_read ON isms.organisation IS 'a writer reads the organisations its body keeps or certifies';
COMMENT ON POLICY organisation_ab ON isms.organisation IS 'organisations: the accreditation body reads and writes all';
COMMENT ON POLICY organisation_cb ON isms.organisation IS 'a writer writes the organisations its body keeps';
COMMENT ON POLICY certificate_ab ON isms.certificate IS 'certificates: the accreditation body reads and writes all (imports)';
COMMENT ON POLICY certificate_cb ON isms.certificate IS 'a writer reads and writes its body''s certificates';
COMMENT ON POLICY certificate_sweep_read ON isms.certificate IS 'the sweep reads every certificate';
COMMENT ON POLICY certificate_sweep_update ON isms.certificate IS 'the sweep stores derived columns of every certificate';
COMMENT ON POLICY audit_ab ON isms.audit IS 'audits: the accreditation body reads and writes all (imports)';
COMMENT ON POLICY audit_cb ON isms.audit IS 'a writer reads and writes the audits of its body''s certificates';
COMMENT ON POLICY audit_sweep_read ON isms.audit IS 'the sweep reads every audit';
COMMENT ON POLICY decision_ab ON isms.decision IS 'decisions: the accreditation body reads and records all (imports)';
COMMENT ON POLICY decision_cb ON isms.decision IS 'a writer reads and records the decisions of its body''s certificates';
COMMENT ON POLICY decision_sweep_read ON isms.decision IS 'the sweep reads every decision';
COMMENT ON POLICY registry_role_own ON isms.registry_role IS 'each role sees its own mapping';
COMMENT ON POLICY site_read ON isms.site IS 'a writer reads the sites of the organisations its body keeps or certifies';
COMMENT ON POLICY site_ab ON isms.site IS 'sites: the accreditation body reads and writes all';
COMMENT ON POLICY site_cb ON isms.site IS 'a writer writes the sites of the organisations its body keeps';
COMMENT ON POLICY certificate_site_ab ON isms.certificate_site IS 'sites of certificates: the accreditation body reads and writes all';
COMMENT ON POLICY certificate_site_cb ON isms.certificate_site IS 'a writer reads and writes the sites of its body''s certificates';
COMMENT ON POLICY register_confirmation_ab ON isms.register_confirmation IS 'confirmations: the accreditation body reads and writes all';
COMMENT ON POLICY register_confirmation_cb ON isms.register_confirmation IS 'a writer reads and records its body''s confirmations (PUB-2)';

/* --------------------------------------------------------------------
 * Links a row-level security check cannot see: the foreign keys are
 * checked by PostgreSQL as the table owner, so a writer could otherwise
 * name a row it may not read (another body's organisation as its client,
 * another body's certificate as a base, audit to combine with or decision
 * to correct).  The rule checks read as the tables' owner too (spi_util.c),
 * so these triggers are named to fire first: a link to a row the writer
 * may not read is refused before a check could read that row or quote it
 * in a message.
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.rls_links() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    col text;
    val bigint;
BEGIN
    IF NOT pg_catalog.row_security_active(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'certificate' THEN
        -- The sweep writes back derived columns only: what it may not
        -- change on a certificate of another body, isms does not change
        -- there either (a certificate without decisions keeps its scope,
        -- standard and links; one with decisions is guarded by
        -- isms.certificate_guard).
        IF TG_OP = 'UPDATE' AND NOT NEW.cb_id OPERATOR(pg_catalog.=) ANY (isms.acting_cbs())
           AND NOT isms.acts_as('accreditation_body')
           AND NOT EXISTS (SELECT 1 FROM isms.decision d WHERE d.certificate_id = NEW.id) THEN
            RAISE EXCEPTION USING
                ERRCODE = 'insufficient_privilege',
                MESSAGE = pg_catalog.format('role "%s" cannot change certificate "%s"', CURRENT_USER, NEW.certificate_number),
                DETAIL = 'Row-level security: the sweep writes back the columns isms derives from decisions; the scope, standard and links of a certificate are changed by its certification body''s writers.',
                HINT = 'Write as the certification body''s writer role.',
                TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
        END IF;
        IF (TG_OP = 'INSERT' OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
           AND NOT EXISTS (SELECT 1 FROM isms.organisation o WHERE o.id = NEW.organisation_id) THEN
            col := 'organisation_id'; val := NEW.organisation_id;
        ELSIF NEW.base_certificate_id IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW.base_certificate_id IS DISTINCT FROM OLD.base_certificate_id)
           AND NOT EXISTS (SELECT 1 FROM isms.certificate b WHERE b.id = NEW.base_certificate_id) THEN
            col := 'base_certificate_id'; val := NEW.base_certificate_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'audit' THEN
        IF NEW.combined_with IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW.combined_with IS DISTINCT FROM OLD.combined_with)
           AND NOT EXISTS (SELECT 1 FROM isms.audit a WHERE a.id = NEW.combined_with) THEN
            col := 'combined_with'; val := NEW.combined_with;
        END IF;
    ELSIF TG_TABLE_NAME = 'decision' THEN
        IF NEW.corrects IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM isms.decision d WHERE d.id = NEW.corrects) THEN
            col := 'corrects'; val := NEW.corrects;
        END IF;
    END IF;
    IF col IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('column "%s" of table "%s" names row %s, which role "%s" may not read',
                                        col, TG_TABLE_NAME, val, CURRENT_USER),
            DETAIL = 'Row-level security: a certification body''s writer links only rows of its own body (its organisations, certificates, audits and decisions).',
            HINT = 'Name a row of your certification body; an organisation is your body''s when its cb_id is your body.',
            TABLE = TG_TABLE_NAME, COLUMN = col, SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION isms.rls_links() IS
    'Trigger: under row-level security, a row links only rows its writer may read (organisation and base of a certificate, combined audit, corrected decision)';

CREATE TRIGGER certificate_05_rls_links BEFORE INSERT ON isms.certificate
    FOR EACH ROW EXECUTE FUNCTION isms.rls_links();
CREATE TRIGGER certificate_05_rls_changes BEFORE UPDATE ON isms.certificate
    FOR EACH ROW WHEN (NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
                       OR NEW.base_certificate_id IS DISTINCT FROM OLD.base_certificate_id
                       OR NEW.scope_statement IS DISTINCT FROM OLD.scope_statement
                       OR NEW.standard IS DISTINCT FROM OLD.standard
                       OR NEW.scope IS DISTINCT FROM OLD.scope)
    EXECUTE FUNCTION isms.rls_links();
CREATE TRIGGER audit_05_rls_links BEFORE INSERT OR UPDATE OF combined_with ON isms.audit
    FOR EACH ROW WHEN (NEW.combined_with IS NOT NULL) EXECUTE FUNCTION isms.rls_links();
CREATE TRIGGER decision_05_rls_links BEFORE INSERT ON isms.decision
    FOR EACH ROW WHEN (NEW.corrects IS NOT NULL) EXECUTE FUNCTION isms.rls_links();
COMMENT ON TRIGGER certificate_05_rls_links ON isms.certificate IS 'under row-level security, the organisation and base certificate are rows the writer may read';
COMMENT ON TRIGGER certificate_05_rls_changes ON isms.certificate IS 'under row-level security, a changed organisation or base is a row the writer may read, and only the certificate''s body (or the accreditation body) changes the scope, standard or links of a certificate without decisions';
COMMENT ON TRIGGER audit_05_rls_links ON isms.audit IS 'under row-level security, the audit combined with is one the writer may read';
COMMENT ON TRIGGER decision_05_rls_links ON isms.decision IS 'under row-level security, the corrected decision is one the writer may read';

/* --------------------------------------------------------------------
 * TRUNCATE: every table holds rows that others rely on (shipped reference
 * rows, bodies, the registry); TRUNCATE skips the row triggers and the
 * foreign keys' checks, so it is refused on all of them by one trigger
 * function, isms.no_truncate() (trg_reference.c), with one message.
 * (isms.audit, isms.accreditation and isms.auditor_registration get theirs
 * in 60_triggers.sql; isms.decision is refused by LOG-1.)
 * -------------------------------------------------------------------- */
CREATE TRIGGER scheme_truncate BEFORE TRUNCATE ON isms.scheme
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER scheme_setting_truncate BEFORE TRUNCATE ON isms.scheme_setting
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER standard_truncate BEFORE TRUNCATE ON isms.standard
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER edition_transition_truncate BEFORE TRUNCATE ON isms.edition_transition
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER audit_time_truncate BEFORE TRUNCATE ON isms.audit_time
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER accreditation_body_truncate BEFORE TRUNCATE ON isms.accreditation_body
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER certification_body_truncate BEFORE TRUNCATE ON isms.certification_body
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER organisation_truncate BEFORE TRUNCATE ON isms.organisation
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER personnel_body_truncate BEFORE TRUNCATE ON isms.personnel_body
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER auditor_truncate BEFORE TRUNCATE ON isms.auditor
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER certificate_truncate BEFORE TRUNCATE ON isms.certificate
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER registry_role_truncate BEFORE TRUNCATE ON isms.registry_role
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER site_truncate BEFORE TRUNCATE ON isms.site
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER certificate_site_truncate BEFORE TRUNCATE ON isms.certificate_site
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER register_confirmation_truncate BEFORE TRUNCATE ON isms.register_confirmation
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
COMMENT ON TRIGGER scheme_truncate ON isms.scheme IS 'schemes are deleted, not truncated';
COMMENT ON TRIGGER scheme_setting_truncate ON isms.scheme_setting IS 'scheme settings are deleted, not truncated';
COMMENT ON TRIGGER standard_truncate ON isms.standard IS 'standards are deleted, not truncated';
COMMENT ON TRIGGER edition_transition_truncate ON isms.edition_transition IS 'edition transitions are deleted, not truncated (TRN-2, TRN-3)';
COMMENT ON TRIGGER audit_time_truncate ON isms.audit_time IS 'audit-time rows are deleted, not truncated (TIME-2)';
COMMENT ON TRIGGER accreditation_body_truncate ON isms.accreditation_body IS 'accreditation bodies are deleted, not truncated';
COMMENT ON TRIGGER certification_body_truncate ON isms.certification_body IS 'certification bodies are deleted, not truncated';
COMMENT ON TRIGGER organisation_truncate ON isms.organisation IS 'organisations are deleted, not truncated';
COMMENT ON TRIGGER personnel_body_truncate ON isms.personnel_body IS 'personnel certification bodies are deleted, not truncated';
COMMENT ON TRIGGER auditor_truncate ON isms.auditor IS 'auditors are deleted, not truncated';
COMMENT ON TRIGGER certificate_truncate ON isms.certificate IS 'certificates are deleted, not truncated';
COMMENT ON TRIGGER registry_role_truncate ON isms.registry_role IS 'role mappings are deleted, not truncated';
COMMENT ON TRIGGER site_truncate ON isms.site IS 'sites are deleted, not truncated';
COMMENT ON TRIGGER certificate_site_truncate ON isms.certificate_site IS 'sites of certificates are deleted, not truncated';
COMMENT ON TRIGGER register_confirmation_truncate ON isms.register_confirmation IS 'confirmations of the register are deleted, not truncated (PUB-2)';

/* --------------------------------------------------------------------
 * A change of the standards or edition transitions can change what
 * recorded histories mean today (TRN-3 expiry of an old edition, STD-1
 * adoptions, ADD-5 through a base): when the transaction that makes it
 * commits, the stored columns of the certificates concerned are refreshed
 * (refresh.c), as the tables' owner, so that no stored status is left
 * behind isms.status_at() on the current date.
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.reference_statuses() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_reference_statuses' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION isms.reference_statuses() IS
    'Trigger: at commit, the stored columns of the certificates of changed standards or edition transitions (and of their add-ons) are brought up to date';

CREATE CONSTRAINT TRIGGER standard_statuses AFTER INSERT OR UPDATE OR DELETE ON isms.standard
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.reference_statuses();
CREATE CONSTRAINT TRIGGER edition_transition_statuses AFTER INSERT OR UPDATE OR DELETE ON isms.edition_transition
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.reference_statuses();
COMMENT ON TRIGGER standard_statuses ON isms.standard IS 'at commit, the stored statuses the change concerns are refreshed';
COMMENT ON TRIGGER edition_transition_statuses ON isms.edition_transition IS 'at commit, the stored statuses the change concerns are refreshed';
COMMENT ON CONSTRAINT standard_statuses ON isms.standard IS 'stored statuses are refreshed at commit (constraint trigger)';
COMMENT ON CONSTRAINT edition_transition_statuses ON isms.edition_transition IS 'stored statuses are refreshed at commit (constraint trigger)';

REVOKE EXECUTE ON FUNCTION isms.rls_links(), isms.reference_statuses()
    FROM PUBLIC;

-- The sweep writes every certificate, a refresh those it is given: only
-- the sweep role and the accreditation body run them.
REVOKE EXECUTE ON FUNCTION isms.sweep(date), isms.refresh(bigint[]) FROM PUBLIC;

/* --------------------------------------------------------------------
 * TIME-1: above its last band a table goes on by the ratio of its last
 * two upper bounds (isms.audit_days).  A ratio too close to 1 would need
 * millions of further bands to reach the largest number of persons, and
 * every audit_days() call would compute them: such a table is refused when
 * written.  Each further band's bound is at least the previous one times
 * P2 / P1, so ln(2147483647 / P2) / ln(P2 / P1) bounds their number.
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.audit_time_progression() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    r record;
BEGIN
    SELECT x.scheme, x.p1, x.p2,
           pg_catalog.ceil(pg_catalog.ln(2147483647.0 / x.p2) / pg_catalog.ln(x.p2::numeric / x.p1)) AS bands
      INTO r
      FROM (SELECT t.scheme, t.persons_max AS p2,
                   pg_catalog.lag(t.persons_max) OVER (PARTITION BY t.scheme ORDER BY t.persons_max) AS p1,
                   pg_catalog.row_number() OVER (PARTITION BY t.scheme ORDER BY t.persons_max DESC) AS last
              FROM isms.audit_time t WHERE NOT t.shipped) x
     WHERE x.last = 1 AND x.p1 IS NOT NULL AND x.p2 < 2147483647
       AND pg_catalog.ln(2147483647.0 / x.p2) / pg_catalog.ln(x.p2::numeric / x.p1) > 1000
     ORDER BY x.scheme LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = pg_catalog.format('audit-time table of scheme "%s" grows too slowly above its last band', r.scheme),
            DETAIL = pg_catalog.format('Rule TIME-1: above its last band a table goes on by the ratio of its last two upper bounds (%s / %s); it would take %s further bands to reach 2147483647 persons, and at most 1000 are allowed.',
                                       r.p2, r.p1, r.bands),
            HINT = 'Make the last upper bound larger relative to the one before it, or add a last band for the largest organisations.',
            CONSTRAINT = 'TIME-1', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION isms.audit_time_progression() IS
    'Trigger: TIME-1, a registry''s own audit-time table whose progression would need more than 1000 further bands is refused';
CREATE TRIGGER audit_time_progression AFTER INSERT OR UPDATE ON isms.audit_time
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_time_progression();
COMMENT ON TRIGGER audit_time_progression ON isms.audit_time IS
    'TIME-1: after each statement, the progression of a registry''s own table reaches the largest number of persons in at most 1000 further bands';
REVOKE EXECUTE ON FUNCTION isms.audit_time_progression() FROM PUBLIC;

/* --------------------------------------------------------------------
 * Triggers on the tables of isms run in every writer's transaction (and
 * the sweep's): only superusers create them, whatever privileges a role
 * was granted (GRANT ALL includes TRIGGER).
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.ddl_guard() RETURNS event_trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    r record;
    tbl text;
BEGIN
    IF coalesce((SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname = CURRENT_USER), false) THEN
        RETURN;
    END IF;
    FOR r IN SELECT * FROM pg_catalog.pg_event_trigger_ddl_commands() LOOP
        SELECT c.relname INTO tbl
          FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
         WHERE r.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND t.oid = r.objid
           AND c.relnamespace = 'isms'::pg_catalog.regnamespace;
        IF tbl IS NOT NULL THEN
            RAISE EXCEPTION USING
                ERRCODE = 'insufficient_privilege',
                MESSAGE = pg_catalog.format('permission denied to create a trigger on table "%s"', tbl),
                DETAIL = pg_catalog.format('A trigger on a table of isms runs in every writer''s transaction and could rewrite what the rules checked; role "%s" is not a superuser.', CURRENT_USER),
                HINT = 'Revoke the TRIGGER privilege on the tables of isms (see isms.dangerous_grants()).',
                SCHEMA = 'isms', TABLE = tbl;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION isms.ddl_guard() IS
    'Event trigger: only superusers create triggers on the tables of isms';
CREATE EVENT TRIGGER isms_ddl_guard ON ddl_command_end
    WHEN TAG IN ('CREATE TRIGGER')
    EXECUTE FUNCTION isms.ddl_guard();
COMMENT ON EVENT TRIGGER isms_ddl_guard IS 'only superusers create triggers on the tables of isms';
REVOKE EXECUTE ON FUNCTION isms.ddl_guard() FROM PUBLIC;

/* --------------------------------------------------------------------
 * Setting up the roles
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.setup_roles(prefix text DEFAULT 'isms_')
    RETURNS TABLE (role_name text, purpose text)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    ab text := prefix || 'accreditation_body';
    cbw text := prefix || 'cb_writers';
    bi text := prefix || 'bi_reader';
    pub text := prefix || 'public';
    sw text := prefix || 'sweep';
    r record;
    reference_tables text := 'isms.scheme, isms.scheme_setting, isms.standard, isms.edition_transition,'
        ' isms.audit_time, isms.accreditation_body, isms.certification_body, isms.personnel_body,'
        ' isms.auditor, isms.auditor_registration, isms.accreditation';
    registry_tables text := 'isms.organisation, isms.certificate, isms.audit, isms.site, isms.certificate_site';
BEGIN
    IF NOT coalesce((SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname = CURRENT_USER), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only a superuser can set up the roles of isms',
            DETAIL = pg_catalog.format('Role "%s" is not a superuser; the setup creates roles and grants privileges on the tables of the extension.', CURRENT_USER),
            HINT = 'Run isms.setup_roles() as the superuser that created the extension.';
    END IF;
    IF prefix IS NULL OR prefix !~ '^[a-z_][a-z0-9_]{0,39}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('invalid role name prefix "%s"', pg_catalog.left(prefix, 64)),
            DETAIL = 'A prefix is a lower-case letter or "_", then up to 39 lower-case letters, digits or "_".',
            HINT = 'Use the default ''isms_'' or a prefix such as ''registry_''.';
    END IF;

    FOR r IN SELECT * FROM (VALUES (ab, 'accreditation_body'), (cbw, 'cb_writers'), (bi, 'bi_reader'),
                                   (pub, 'public'), (sw, 'sweep')) AS v(name, purpose) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = r.name) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r.name);
            EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', r.name,
                                      'isms: ' || pg_catalog.replace(r.purpose, '_', ' ') || ' (isms.setup_roles)');
        ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = r.name
                       AND (u.rolsuper OR u.rolbypassrls)) THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = pg_catalog.format('role "%s" exists and is a superuser or bypasses row-level security', r.name),
                DETAIL = 'The roles of isms are ordinary roles: row-level security must apply to them.',
                HINT = 'Choose another prefix, or remove SUPERUSER and BYPASSRLS from the role.';
        END IF;
        INSERT INTO isms.registry_role AS m (role_name, purpose, cb_id) VALUES (r.name, r.purpose, NULL)
            ON CONFLICT ON CONSTRAINT registry_role_pkey
            DO UPDATE SET purpose = EXCLUDED.purpose, cb_id = NULL;
    END LOOP;

    -- accreditation body: bodies, accreditations, reference data, imports
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA isms TO %I, %I, %I', ab, cbw, sw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s, %s TO %I',
                              reference_tables, registry_tables, ab);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT ON isms.decision TO %I', ab);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON isms.register_confirmation TO %I', ab);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION isms.sweep(date), isms.refresh(bigint[]) TO %I, %I', ab, sw);
    -- certification body writers: their body's registry rows; reference
    -- data read (the checks lock accreditations and registrations as the
    -- tables' owner: no UPDATE on them, and none left from older setups)
    EXECUTE pg_catalog.format('GRANT SELECT ON %s TO %I', reference_tables, cbw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO %I', registry_tables, cbw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT ON isms.decision TO %I', cbw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT ON isms.register_confirmation TO %I', cbw);
    EXECUTE pg_catalog.format('REVOKE UPDATE (accreditation_number) ON isms.accreditation FROM %I, %I', cbw, sw);
    EXECUTE pg_catalog.format('REVOKE UPDATE (registration_number) ON isms.auditor_registration FROM %I, %I', cbw, sw);
    -- sweep: reads everything, stores derived columns, records SUR-3 suspensions
    EXECUTE pg_catalog.format('GRANT SELECT ON %s, isms.certificate, isms.audit, isms.decision TO %I', reference_tables, sw);
    -- (the derived columns, those the store rewrites, and base_certificate_id,
    -- which queues the ADD-7 check; not the body, organisation or number)
    EXECUTE pg_catalog.format('GRANT UPDATE (status, original_certification_date, cycle_start, expiry_date,'
                              ' revision, scope_statement, standard, scope, base_certificate_id)'
                              ' ON isms.certificate TO %I', sw);
    EXECUTE pg_catalog.format('REVOKE INSERT ON isms.decision FROM %I', sw);
    -- BI reader and public: the views (and functions) of their schemas
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA isms_bi TO %I', bi);
    EXECUTE pg_catalog.format('GRANT SELECT ON ALL TABLES IN SCHEMA isms_bi TO %I', bi);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA isms_bi TO %I', bi);
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA isms_public TO %I', pub);
    EXECUTE pg_catalog.format('GRANT SELECT ON ALL TABLES IN SCHEMA isms_public TO %I', pub);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA isms_public TO %I', pub);

    RETURN QUERY SELECT m.role_name, m.purpose FROM isms.registry_role m
                  WHERE m.role_name IN (ab, cbw, bi, pub, sw) ORDER BY m.role_name;
END $$;
COMMENT ON FUNCTION isms.setup_roles(text) IS
    'Creates (if missing) the NOLOGIN roles <prefix>accreditation_body, <prefix>cb_writers, <prefix>bi_reader, <prefix>public and <prefix>sweep, grants what each needs, and maps them in isms.registry_role; idempotent; superuser only; run again after each upgrade';

CREATE FUNCTION isms.setup_cb_writer(cb_code text, role_name text DEFAULT NULL, prefix text DEFAULT 'isms_')
    RETURNS text
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    cb bigint;
    name text;
    grp text := prefix || 'cb_writers';
BEGIN
    IF NOT coalesce((SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname = CURRENT_USER), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only a superuser can set up the roles of isms',
            DETAIL = pg_catalog.format('Role "%s" is not a superuser; the setup creates roles and maps them to certification bodies.', CURRENT_USER),
            HINT = 'Run isms.setup_cb_writer() as the superuser that created the extension.';
    END IF;
    SELECT b.id INTO cb FROM isms.certification_body b WHERE b.code = cb_code;
    IF cb IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('certification body "%s" does not exist', pg_catalog.left(cb_code, 64)),
            DETAIL = 'A writer role is mapped to a row of isms.certification_body, named by its code.',
            HINT = 'Record the body in isms.certification_body first.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM isms.registry_role m WHERE m.role_name = grp AND m.purpose = 'cb_writers') THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('role "%s" is not set up', grp),
            DETAIL = 'The writers of each certification body are members of the group of all writers, which holds their privileges.',
            HINT = pg_catalog.format('Call isms.setup_roles(%L) first.', prefix);
    END IF;
    name := coalesce(role_name,
                     prefix || 'cb_' || pg_catalog.lower(pg_catalog.regexp_replace(cb_code, '[^A-Za-z0-9]+', '_', 'g')));
    IF name = '' OR pg_catalog.octet_length(name) > 63 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('invalid role name "%s"', pg_catalog.left(name, 64)),
            DETAIL = 'A role name has 1 to 63 bytes.',
            HINT = 'Give role_name.';
    END IF;
    IF EXISTS (SELECT 1 FROM isms.registry_role m WHERE m.role_name = name
                AND (m.purpose <> 'cb_writer' OR m.cb_id <> cb)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('role "%s" already has another purpose in isms', name),
            DETAIL = 'Each role of isms.registry_role has one purpose, and a writer role writes for one certification body.',
            HINT = 'Choose another role name.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = name) THEN
        EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', name);
        EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', name,
                                  'isms: writer of certification body ' || cb_code || ' (isms.setup_cb_writer)');
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = name
                   AND (u.rolsuper OR u.rolbypassrls)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('role "%s" exists and is a superuser or bypasses row-level security', name),
            DETAIL = 'The roles of isms are ordinary roles: row-level security must apply to them.',
            HINT = 'Choose another role name.';
    END IF;
    IF NOT pg_catalog.pg_has_role(name, grp, 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT %I TO %I', grp, name);
    END IF;
    INSERT INTO isms.registry_role (role_name, purpose, cb_id) VALUES (name, 'cb_writer', cb)
        ON CONFLICT ON CONSTRAINT registry_role_pkey DO NOTHING;
    RETURN name;
END $$;
COMMENT ON FUNCTION isms.setup_cb_writer(text, text, text) IS
    'Creates (if missing) the NOLOGIN writer role of a certification body (default <prefix>cb_<code>), makes it a member of <prefix>cb_writers and maps it to the body in isms.registry_role; idempotent; superuser only; returns the role name';

REVOKE EXECUTE ON FUNCTION isms.setup_roles(text), isms.setup_cb_writer(text, text, text) FROM PUBLIC;

/* --------------------------------------------------------------------
 * What an operator checks: grants and objects that would let a role
 * bypass the rules.
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.dangerous_grants()
    RETURNS TABLE (object text, grantee text, issue text)
    LANGUAGE sql STABLE PARALLEL SAFE
    BEGIN ATOMIC
        WITH ext AS (
            SELECT e.oid, e.extowner FROM pg_catalog.pg_extension e
             WHERE e.extname OPERATOR(pg_catalog.=) 'isms'
        ), rel AS (
            SELECT c.oid, c.relname, c.relkind, c.relowner, c.relacl, c.relrowsecurity
              FROM pg_catalog.pg_class c
             WHERE c.relnamespace OPERATOR(pg_catalog.=) 'isms'::pg_catalog.regnamespace
               AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m,S,f}'::"char"[])
        ), acl AS (
            SELECT r.relname, r.relkind, r.relowner, a.grantee, a.privilege_type, a.is_grantable
              FROM rel r, pg_catalog.aclexplode(r.relacl) a
        )
        -- TRUNCATE skips the row triggers; TRIGGER lets a role run code in
        -- every writer's transaction; REFERENCES lets a role block deletes
        -- and probe values
        SELECT 'isms.' OPERATOR(pg_catalog.||) a.relname,
               CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                    ELSE a.grantee::pg_catalog.regrole::pg_catalog.text END,
               a.privilege_type OPERATOR(pg_catalog.||) ' granted'
          FROM acl a
         WHERE a.grantee OPERATOR(pg_catalog.<>) a.relowner
           AND a.privilege_type OPERATOR(pg_catalog.=) ANY ('{TRUNCATE,TRIGGER,REFERENCES}'::text[])
        UNION ALL
        -- anything to PUBLIC but reading the role mapping
        SELECT 'isms.' OPERATOR(pg_catalog.||) a.relname, 'PUBLIC',
               a.privilege_type OPERATOR(pg_catalog.||) ' granted to PUBLIC'
          FROM acl a
         WHERE a.grantee OPERATOR(pg_catalog.=) 0
           AND a.privilege_type OPERATOR(pg_catalog.<>) ALL ('{TRUNCATE,TRIGGER,REFERENCES}'::text[])
           AND NOT (a.relname OPERATOR(pg_catalog.=) 'registry_role'
                    AND a.privilege_type OPERATOR(pg_catalog.=) 'SELECT')
        UNION ALL
        SELECT 'isms.' OPERATOR(pg_catalog.||) a.relname,
               a.grantee::pg_catalog.regrole::pg_catalog.text,
               a.privilege_type OPERATOR(pg_catalog.||) ' granted WITH GRANT OPTION'
          FROM acl a
         WHERE a.is_grantable AND a.grantee OPERATOR(pg_catalog.<>) a.relowner
           AND a.grantee OPERATOR(pg_catalog.<>) 0
        UNION ALL
        -- CREATE on the schema: objects that capture names, triggers' helpers
        SELECT 'schema ' OPERATOR(pg_catalog.||) n.nspname,
               CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                    ELSE a.grantee::pg_catalog.regrole::pg_catalog.text END,
               'CREATE granted'
          FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
         WHERE n.nspname OPERATOR(pg_catalog.=) ANY ('{isms,isms_bi,isms_public}'::name[])
           AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
           AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner
        UNION ALL
        -- objects of the schema owned by a role that is not a superuser
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, r.relowner::pg_catalog.regrole::pg_catalog.text,
               'owned by a role that is not a superuser'
          FROM rel r JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) r.relowner
         WHERE NOT o.rolsuper
        UNION ALL
        SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text, p.proowner::pg_catalog.regrole::pg_catalog.text,
               'owned by a role that is not a superuser'
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) p.proowner
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'isms'::pg_catalog.regnamespace AND NOT o.rolsuper
        UNION ALL
        SELECT 'schema ' OPERATOR(pg_catalog.||) n.nspname, n.nspowner::pg_catalog.regrole::pg_catalog.text,
               'owned by a role that is not a superuser'
          FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) n.nspowner
         WHERE n.nspname OPERATOR(pg_catalog.=) 'isms' AND NOT o.rolsuper
        UNION ALL
        -- SECURITY DEFINER functions without a pinned search_path
        SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text, p.proowner::pg_catalog.regrole::pg_catalog.text,
               'SECURITY DEFINER without SET search_path'
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'isms'::pg_catalog.regnamespace AND p.prosecdef
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) AS g(setting)
                            WHERE g.setting OPERATOR(pg_catalog.~~) 'search\_path=%')
        UNION ALL
        -- triggers that are not the extension's: they run in every
        -- writer's transaction, and in the sweep's
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text,
               'trigger ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t.tgname::pg_catalog.text)
               OPERATOR(pg_catalog.||) ' runs function ' OPERATOR(pg_catalog.||)
               t.tgfoid::pg_catalog.regprocedure::pg_catalog.text
               OPERATOR(pg_catalog.||) ', which is not part of the extension'
          FROM pg_catalog.pg_trigger t JOIN rel r ON r.oid OPERATOR(pg_catalog.=) t.tgrelid
         WHERE NOT t.tgisinternal
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d, ext
                            WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                              AND d.objid OPERATOR(pg_catalog.=) t.tgfoid
                              AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                              AND d.refobjid OPERATOR(pg_catalog.=) ext.oid
                              AND d.deptype OPERATOR(pg_catalog.=) 'e')
        UNION ALL
        -- the extension's triggers, disabled or set to fire only in replica mode
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text,
               'trigger ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t.tgname::pg_catalog.text)
               OPERATOR(pg_catalog.||) ' is not enabled (tgenabled '
               OPERATOR(pg_catalog.||) t.tgenabled::pg_catalog.text OPERATOR(pg_catalog.||) ')'
          FROM pg_catalog.pg_trigger t JOIN rel r ON r.oid OPERATOR(pg_catalog.=) t.tgrelid
         WHERE NOT t.tgisinternal AND t.tgenabled OPERATOR(pg_catalog.<>) 'O'
        UNION ALL
        -- tables whose row-level security was turned off
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text, 'row-level security disabled'
          FROM rel r
         WHERE r.relkind OPERATOR(pg_catalog.=) 'r' AND NOT r.relrowsecurity
        UNION ALL
        -- policies that are not the extension's widen what roles see (a
        -- policy cannot be an extension member: they are known by name)
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text,
               'policy ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(p.polname::pg_catalog.text)
               OPERATOR(pg_catalog.||) ' is not one of the extension''s'
          FROM pg_catalog.pg_policy p JOIN rel r ON r.oid OPERATOR(pg_catalog.=) p.polrelid
         WHERE (r.relname::pg_catalog.text OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) p.polname::pg_catalog.text)
               OPERATOR(pg_catalog.<>) ALL (ARRAY[
            'scheme.scheme_read', 'scheme.scheme_ab', 'scheme_setting.scheme_setting_read',
            'scheme_setting.scheme_setting_ab', 'standard.standard_read', 'standard.standard_ab',
            'edition_transition.edition_transition_read',
            'edition_transition.edition_transition_ab', 'audit_time.audit_time_read',
            'audit_time.audit_time_ab', 'accreditation_body.accreditation_body_read',
            'accreditation_body.accreditation_body_ab',
            'certification_body.certification_body_read',
            'certification_body.certification_body_ab', 'personnel_body.personnel_body_read',
            'personnel_body.personnel_body_ab', 'auditor.auditor_read', 'auditor.auditor_ab',
            'auditor_registration.auditor_registration_read',
            'auditor_registration.auditor_registration_ab',
            'accreditation.accreditation_read', 'accreditation.accreditation_ab',
            'organisation.organisation_read', 'organisation.organisation_ab',
            'organisation.organisation_cb', 'certificate.certificate_ab',
            'certificate.certificate_cb', 'certificate.certificate_sweep_read',
            'certificate.certificate_sweep_update', 'audit.audit_ab', 'audit.audit_cb',
            'audit.audit_sweep_read', 'decision.decision_ab', 'decision.decision_cb',
            'decision.decision_sweep_read',
            'registry_role.registry_role_own', 'site.site_read', 'site.site_ab', 'site.site_cb',
            'certificate_site.certificate_site_ab', 'certificate_site.certificate_site_cb',
            'register_confirmation.register_confirmation_ab',
            'register_confirmation.register_confirmation_cb'])
        UNION ALL
        -- roles that bypass row-level security (superusers aside)
        SELECT 'cluster', u.rolname::pg_catalog.text, 'role has BYPASSRLS'
          FROM pg_catalog.pg_roles u
         WHERE u.rolbypassrls AND NOT u.rolsuper
        UNION ALL
        -- the shipped roles must stay ordinary roles
        SELECT 'isms.registry_role', m.role_name, 'mapped role is a superuser or has BYPASSRLS'
          FROM isms.registry_role m JOIN pg_catalog.pg_roles u ON u.rolname OPERATOR(pg_catalog.=) m.role_name
         WHERE u.rolsuper OR u.rolbypassrls
        ORDER BY 1, 2, 3;
    END;
COMMENT ON FUNCTION isms.dangerous_grants() IS
    'Lists what would let a role bypass the rules: TRUNCATE, TRIGGER or REFERENCES on isms tables, privileges granted to PUBLIC or with grant option, CREATE on the schemas, objects owned by non-superusers, SECURITY DEFINER functions without search_path, triggers and policies that are not the extension''s, disabled triggers, row-level security turned off, BYPASSRLS roles; empty when all is well';
