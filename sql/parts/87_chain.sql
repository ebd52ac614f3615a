/* ====================================================================
 * Tamper evidence: the hash chain of each certificate's decisions
 * ==================================================================== */

/*
 * A decision's chain_hash is computed by isms when the decision is recorded
 * (chain.c, from the BEFORE INSERT trigger, under the certificate's lock)
 * over the canonical encoding below and the chain_hash of the certificate's
 * previous decision (by chain_seq; 32 zero bytes before the first).  The same
 * encoding in SQL verifies it.  A NULL is the byte 0x00; a value is 0x01
 * followed by its binary form (doc/proof.md).  The authority of an
 * extension (REC-6) follows the other columns only where it is given, so
 * that the hashes of decisions recorded before the column existed hold.
 */
CREATE FUNCTION isms.chain_field(value bytea) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce('\x01'::bytea OPERATOR(pg_catalog.||) value, '\x00'::bytea);
COMMENT ON FUNCTION isms.chain_field(bytea) IS
    'Hash chain encoding of one column: 0x00 for NULL, else 0x01 and the value''s bytes';

CREATE FUNCTION isms.chain_text(value text) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN isms.chain_field(pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(value, 'UTF8')))
                            OPERATOR(pg_catalog.||) pg_catalog.convert_to(value, 'UTF8'));
COMMENT ON FUNCTION isms.chain_text(text) IS
    'Hash chain encoding of a text form: 0x00 for NULL, else 0x01, the length in bytes of its UTF-8 form (4 bytes, big-endian) and that form';

CREATE FUNCTION isms.decision_hash(d isms.decision, prev bytea) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN pg_catalog.sha256(
        pg_catalog.convert_to('isms.decision.v1', 'UTF8')
        OPERATOR(pg_catalog.||) CASE WHEN pg_catalog.octet_length(prev) OPERATOR(pg_catalog.=) 32 THEN prev
                                     ELSE '\xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'::bytea END
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int8send(d.id))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int8send(d.certificate_id))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int4send(d.chain_seq))
        OPERATOR(pg_catalog.||) isms.chain_text(d.kind::pg_catalog.text)
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.decision_date))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.effective_date))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.new_expiry))
        OPERATOR(pg_catalog.||) isms.chain_text(d.new_scope_statement)
        OPERATOR(pg_catalog.||) isms.chain_text(d.new_scope::pg_catalog.text)
        OPERATOR(pg_catalog.||) isms.chain_text(d.new_standard::pg_catalog.text)
        OPERATOR(pg_catalog.||) isms.chain_text(d.reason)
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int8send(d.corrects))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.timestamptz_send(d.recorded_at))
        -- an opening's facts (EVD-2), only where one is set: every other
        -- decision keeps the encoding it had before these columns existed
        OPERATOR(pg_catalog.||) CASE WHEN d.original_date IS NULL AND d.cycle_start IS NULL
                                          AND d.opening_status IS NULL AND d.suspended_since IS NULL
                                     THEN ''::bytea
                                     ELSE isms.chain_field(pg_catalog.date_send(d.original_date))
                                          OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.cycle_start))
                                          OPERATOR(pg_catalog.||) isms.chain_text(d.opening_status::pg_catalog.text)
                                          OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.suspended_since)) END
        -- an extension's authority (REC-6), only where it is given
        OPERATOR(pg_catalog.||) CASE WHEN d.authority IS NULL THEN '\x'::bytea
                                     ELSE isms.chain_text(d.authority) END
        -- a transfer (TRF-1): the cycle it takes over; nothing for other decisions
        OPERATOR(pg_catalog.||) CASE WHEN d.transfer_expiry IS NULL THEN '\x'::bytea
            ELSE isms.chain_field(pg_catalog.date_send(d.transfer_cycle_start))
                 OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.transfer_expiry))
                 OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.transfer_original_date)) END);
COMMENT ON FUNCTION isms.decision_hash(isms.decision, bytea) IS
    'Tamper evidence: the chain hash of a decision row chained onto prev, the previous decision''s chain_hash (32 zero bytes for a certificate''s first decision; anything but 32 bytes counts as 32 0xff bytes); an opening''s four columns are encoded only where one of them is set, an extension''s authority only where it is given, a transfer''s cycle only for a transfer';

/*
 * Verification recomputes each decision's hash from its columns and the
 * stored hash of the previous decision: the first decision (in id order)
 * whose stored hash differs is the first that was changed, inserted or
 * whose predecessor was deleted behind the triggers' back.
 */
CREATE FUNCTION isms.verify_chains()
    RETURNS TABLE (decision_id bigint, certificate_id bigint, expected bytea, stored bytea)
    LANGUAGE sql STABLE PARALLEL SAFE
    BEGIN ATOMIC
        SELECT DISTINCT ON (s.certificate_id) s.id, s.certificate_id, s.expected, s.stored
          FROM (SELECT d.id, d.certificate_id, d.chain_seq, d.chain_hash AS stored,
                       isms.decision_hash(d, pg_catalog.lag(d.chain_hash, 1, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
                                               OVER (PARTITION BY d.certificate_id ORDER BY d.chain_seq, d.id)) AS expected
                  FROM isms.decision d) s
         WHERE NOT coalesce(s.expected OPERATOR(pg_catalog.=) s.stored, false)
         ORDER BY s.certificate_id, s.chain_seq, s.id;
    END;
COMMENT ON FUNCTION isms.verify_chains() IS
    'Tamper evidence: for every certificate whose hash chain is broken, the first decision whose stored chain_hash differs from the one its columns and the previous decision give';

CREATE FUNCTION isms.verify_chain(certificate_id bigint)
    RETURNS TABLE (decision_id bigint, certificate_id bigint, expected bytea, stored bytea)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    ROWS 1
    BEGIN ATOMIC
        SELECT s.id, s.certificate_id, s.expected, s.stored
          FROM (SELECT d.id, d.certificate_id, d.chain_seq, d.chain_hash AS stored,
                       isms.decision_hash(d, pg_catalog.lag(d.chain_hash, 1, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
                                               OVER (ORDER BY d.chain_seq, d.id)) AS expected
                  FROM isms.decision d
                 WHERE d.certificate_id OPERATOR(pg_catalog.=) verify_chain.certificate_id) s
         WHERE NOT coalesce(s.expected OPERATOR(pg_catalog.=) s.stored, false)
         ORDER BY s.chain_seq, s.id
         LIMIT 1;
    END;
COMMENT ON FUNCTION isms.verify_chain(bigint) IS
    'Tamper evidence: the first decision of the certificate whose stored chain_hash differs from the one its columns and the previous decision give; no row if the chain is intact';

/*
 * Sealing: the decisions of a registry restored from a dump made before
 * decisions were chained (or recorded before the chain existed) get their
 * chain positions and hashes, numbered in id order per certificate, as if
 * each had been stamped when it was recorded.  Only certificates none of
 * whose decisions is chained are sealed: a certificate with chained and
 * unchained decisions is left for a person to look at (isms.verify_chain).
 * Until it is sealed, a certificate with unchained decisions takes no new
 * decision (chain.c).  The history is append-only (LOG-1): the UPDATEs run
 * with session_replication_role = replica, so only a superuser can seal.
 */
CREATE FUNCTION isms.seal_chains()
    RETURNS TABLE (certificates bigint, decisions bigint, not_sealed bigint[])
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $seal$
DECLARE
    role_before text := pg_catalog.current_setting('session_replication_role');
    unchained bigint[];
    mixed bigint[];
    sealed bigint;
BEGIN
    IF pg_catalog.current_setting('is_superuser') OPERATOR(pg_catalog.<>) 'on' THEN
        RAISE EXCEPTION 'permission denied to seal the hash chains'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Sealing writes the chain columns of recorded decisions, which only a superuser may do.',
                  HINT = 'Run isms.seal_chains() as a superuser, once, after restoring a dump made before decisions were chained.';
    END IF;
    -- no decision is recorded meanwhile
    LOCK TABLE isms.decision IN EXCLUSIVE MODE;
    SELECT pg_catalog.array_agg(c.certificate_id ORDER BY c.certificate_id) FILTER (WHERE c.none),
           pg_catalog.array_agg(c.certificate_id ORDER BY c.certificate_id) FILTER (WHERE NOT c.none)
      INTO unchained, mixed
      FROM (SELECT d.certificate_id, pg_catalog.bool_and(d.chain_seq IS NULL) AS none
              FROM isms.decision d
             GROUP BY d.certificate_id
            HAVING pg_catalog.bool_or(d.chain_seq IS NULL)) c;
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    UPDATE isms.decision d SET chain_seq = n.k
      FROM (SELECT x.id, pg_catalog.row_number() OVER (PARTITION BY x.certificate_id ORDER BY x.id) AS k
              FROM isms.decision x
             WHERE x.certificate_id OPERATOR(pg_catalog.=) ANY (unchained)) n
     WHERE d.id OPERATOR(pg_catalog.=) n.id;
    WITH RECURSIVE n AS MATERIALIZED (
        SELECT d AS r, d.id, d.certificate_id, d.chain_seq AS k
          FROM isms.decision d
         WHERE d.certificate_id OPERATOR(pg_catalog.=) ANY (unchained)
    ), chain (id, certificate_id, k, hash) AS (
        SELECT n.id, n.certificate_id, n.k,
               isms.decision_hash(n.r, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
          FROM n WHERE n.k OPERATOR(pg_catalog.=) 1
        UNION ALL
        SELECT n.id, n.certificate_id, n.k, isms.decision_hash(n.r, chain.hash)
          FROM chain JOIN n ON n.certificate_id OPERATOR(pg_catalog.=) chain.certificate_id
                           AND n.k OPERATOR(pg_catalog.=) (chain.k OPERATOR(pg_catalog.+) 1)
    )
    UPDATE isms.decision d SET chain_hash = chain.hash
      FROM chain WHERE d.id OPERATOR(pg_catalog.=) chain.id;
    GET DIAGNOSTICS sealed = ROW_COUNT;
    PERFORM pg_catalog.set_config('session_replication_role', role_before, true);
    IF mixed IS NOT NULL THEN
        RAISE WARNING '% certificates have decisions both inside and outside their hash chain and were not sealed', pg_catalog.cardinality(mixed)
            USING DETAIL = pg_catalog.format('Certificates %s: a decision without a chain position was recorded behind the triggers'' back, or after decisions were chained.', mixed),
                  HINT = 'Look at them with isms.verify_chain(certificate_id).';
    END IF;
    certificates := coalesce(pg_catalog.cardinality(unchained), 0);
    decisions := sealed;
    not_sealed := mixed;
    RETURN NEXT;
END
$seal$;
COMMENT ON FUNCTION isms.seal_chains() IS
    'Tamper evidence: gives the decisions of every certificate none of whose decisions is chained (a registry restored from a dump made before the hash chain) their chain positions and hashes, in id order; returns how many certificates and decisions it sealed and the certificates with both chained and unchained decisions, which it leaves alone; superuser only';
REVOKE EXECUTE ON FUNCTION isms.seal_chains() FROM PUBLIC;

/*
 * Receipts: the head of a certificate's chain (the chain_hash of its latest
 * decision) stands for its whole history so far.  Whoever keeps it can later
 * ask whether the register still holds that history unchanged.
 */
CREATE FUNCTION isms_public.chain_receipt(cb_code text, certificate_number text)
    RETURNS TABLE (cb_code text, certificate_number text, decisions bigint, chain_head text)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    ROWS 1
    BEGIN ATOMIC
        SELECT b.code, c.certificate_number,
               (SELECT pg_catalog.count(*) FROM isms.decision d
                 WHERE d.certificate_id OPERATOR(pg_catalog.=) c.id),
               (SELECT pg_catalog.encode(d.chain_hash, 'hex') FROM isms.decision d
                 WHERE d.certificate_id OPERATOR(pg_catalog.=) c.id ORDER BY d.chain_seq DESC, d.id DESC LIMIT 1)
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id OPERATOR(pg_catalog.=) c.cb_id
         WHERE pg_catalog.upper(isms.fold_text(b.code) COLLATE "C")
               OPERATOR(pg_catalog.=) pg_catalog.upper(isms.fold_text(chain_receipt.cb_code) COLLATE "C")
           AND c.certificate_number OPERATOR(pg_catalog.=) chain_receipt.certificate_number
           AND c.original_certification_date IS NOT NULL;
    END;
COMMENT ON FUNCTION isms_public.chain_receipt(text, text) IS
    'Tamper evidence: a receipt for a granted certificate''s history as the register holds it now, its number of decisions and chain head (hex); check it later with isms_public.check_receipt';

CREATE FUNCTION isms_public.check_receipt(cb_code text, certificate_number text, chain_head text)
    RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        WITH c AS (
            SELECT c.id FROM isms.certificate c
              JOIN isms.certification_body b ON b.id OPERATOR(pg_catalog.=) c.cb_id
             WHERE pg_catalog.upper(isms.fold_text(b.code) COLLATE "C")
                   OPERATOR(pg_catalog.=) pg_catalog.upper(isms.fold_text(check_receipt.cb_code) COLLATE "C")
               AND c.certificate_number OPERATOR(pg_catalog.=) check_receipt.certificate_number
               AND c.original_certification_date IS NOT NULL
        ), h AS (
            SELECT d.id, pg_catalog.row_number() OVER (ORDER BY d.chain_seq, d.id) AS n, d.chain_hash AS stored,
                   isms.decision_hash(d, pg_catalog.lag(d.chain_hash, 1, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
                                           OVER (ORDER BY d.chain_seq, d.id)) AS expected
              FROM isms.decision d JOIN c ON d.certificate_id OPERATOR(pg_catalog.=) c.id
        ), head AS (
            SELECT pg_catalog.min(h.n) AS n FROM h
             WHERE h.stored OPERATOR(pg_catalog.=)
                   pg_catalog.decode(pg_catalog.lower(pg_catalog.btrim(check_receipt.chain_head)), 'hex')
        )
        SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM c) THEN NULL
                    ELSE coalesce((SELECT pg_catalog.bool_and(coalesce(h.expected OPERATOR(pg_catalog.=) h.stored, false))
                                     FROM h, head WHERE h.n OPERATOR(pg_catalog.<=) head.n), false) END;
    END;
COMMENT ON FUNCTION isms_public.check_receipt(text, text, text) IS
    'Tamper evidence: true if the certificate''s history still holds, unchanged, the decisions a receipt of isms_public.chain_receipt stood for; false if not; NULL if no granted certificate has that number';
