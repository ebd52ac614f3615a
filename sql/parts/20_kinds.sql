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

