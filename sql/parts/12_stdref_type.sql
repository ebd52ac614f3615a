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

