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

