--
-- Tamper evidence: every decision carries a hash chained over its
-- certificate's previous decision; verification names the first decision
-- changed behind the triggers' back; receipts prove what the register said.
--
-- In a database of its own, so that the sample registry's ids are fixed.
--
SET client_min_messages = warning;
DROP DATABASE IF EXISTS isms_chain_regress;
CREATE DATABASE isms_chain_regress;
\c isms_chain_regress
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
\set ECHO none
\i demo/sample_registry.sql
\i check/invariants.sql
\set ECHO all
\unset ON_ERROR_STOP
SET datestyle = ISO;

-- Every decision is stamped, and every chain is intact.
SELECT count(*) > 100 AS decisions, count(*) FILTER (WHERE octet_length(chain_hash) <> 32) AS unstamped
FROM isms.decision;
SELECT * FROM isms.verify_chains();
SELECT * FROM isms.verify_chain(1);

-- The hash is the SHA-256 of the documented encoding, chained from 32 zero
-- bytes: recomputed here by hand for certificate 1's first decision.
SELECT d.chain_hash = sha256('isms.decision.v1'::bytea || ('\x' || repeat('00', 32))::bytea
         || '\x01'::bytea || int8send(d.id) || '\x01'::bytea || int8send(d.certificate_id)
         || '\x01'::bytea || int4send(d.chain_seq)
         || '\x01'::bytea || int4send(octet_length(d.kind::text)) || convert_to(d.kind::text, 'UTF8')
         || '\x01'::bytea || date_send(d.decision_date) || '\x01'::bytea || date_send(d.effective_date)
         || '\x01'::bytea || date_send(d.new_expiry)
         || '\x00'::bytea || '\x00'::bytea || '\x00'::bytea    -- no new scope, scope elements, standard
         || CASE WHEN d.reason IS NULL THEN '\x00'::bytea
                 ELSE '\x01'::bytea || int4send(octet_length(convert_to(d.reason, 'UTF8'))) || convert_to(d.reason, 'UTF8') END
         || '\x00'::bytea                                     -- corrects nothing
         || '\x01'::bytea || timestamptz_send(d.recorded_at)) AS by_hand
FROM isms.decision d WHERE d.certificate_id = 1 ORDER BY d.id LIMIT 1;

-- A writer cannot choose the hash: isms overwrites it.
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason, chain_hash)
VALUES (1, 'suspend', '2026-11-25', 'client request', '\xdeadbeef')
RETURNING octet_length(chain_hash) AS hash_bytes, chain_hash = '\xdeadbeef' AS as_given;
SELECT * FROM isms.verify_chain(1);
ROLLBACK;

-- The chain follows the order isms recorded the decisions in (chain_seq),
-- whatever their ids: a decision given a low id of its own comes last.
BEGIN;
INSERT INTO isms.decision (id, certificate_id, kind, decision_date) VALUES (0, 1, 'suspend', '2026-11-25');
SELECT id, chain_seq FROM isms.decision WHERE certificate_id = 1 ORDER BY chain_seq;
SELECT * FROM isms.verify_chain(1);
ROLLBACK;

-- Many decisions of one certificate in one statement (the bulk path): each
-- chains onto the one before it, numbered on from the stored head.
BEGIN;
SELECT max(chain_seq) AS head FROM isms.decision WHERE certificate_id = 1 \gset
COPY isms.decision (certificate_id, kind, decision_date, effective_date) FROM stdin (FORMAT csv);
1,suspend,2026-11-25,2026-11-25
1,reinstate,2026-11-26,2026-11-26
1,suspend,2026-11-27,2026-11-27
\.
SELECT chain_seq - :head AS after_head, kind FROM isms.decision
WHERE certificate_id = 1 AND chain_seq > :head ORDER BY chain_seq;
SELECT * FROM isms.verify_chain(1);
ROLLBACK;
-- A row stamped but not stored (ON CONFLICT DO NOTHING): the next row of the
-- statement chains onto the stored head, not onto the row left out.
BEGIN;
SELECT max(chain_seq) AS head FROM isms.decision WHERE certificate_id = 1 \gset
INSERT INTO isms.decision (id, certificate_id, kind, decision_date)
VALUES (1, 1, 'suspend', '2026-11-25'), (2000000, 1, 'suspend', '2026-11-25')
ON CONFLICT (id) DO NOTHING
RETURNING id, chain_seq - :head AS after_head;
SELECT * FROM isms.verify_chain(1);
ROLLBACK;
-- A decision rolled back with its savepoint leaves no gap in the chain.
BEGIN;
SELECT max(chain_seq) AS head FROM isms.decision WHERE certificate_id = 1 \gset
SAVEPOINT s;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (1, 'suspend', '2026-11-25');
ROLLBACK TO SAVEPOINT s;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (1, 'suspend', '2026-11-26')
RETURNING chain_seq - :head AS after_head;
SELECT * FROM isms.verify_chain(1);
ROLLBACK;
-- One decision per chain position, even behind the triggers' back.
BEGIN;
SET LOCAL session_replication_role = replica;
\set VERBOSITY sqlstate
INSERT INTO isms.decision (id, certificate_id, kind, decision_date, effective_date, chain_seq)
VALUES (1000000, 1, 'suspend', '2026-11-25', '2026-11-25', 1);
\set VERBOSITY default
ROLLBACK;
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO isms.decision (id, certificate_id, kind, decision_date, effective_date, chain_seq)
VALUES (1000000, 1, 'suspend', '2026-11-25', '2026-11-25', 1);
ROLLBACK;

-- Changes behind the triggers' back (a superuser with
-- session_replication_role = replica), each found at the first decision
-- they touch.  The sample registry's certificate 1 has decisions 1..4.
SELECT id, kind FROM isms.decision WHERE certificate_id = 1 ORDER BY id;
-- an edited decision
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET new_expiry = new_expiry + 365 WHERE id = 1;
SELECT decision_id, certificate_id, expected <> stored AS differs FROM isms.verify_chains();
ROLLBACK;
-- a deleted decision: the next one no longer follows
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM isms.decision WHERE id = 2;
SELECT decision_id, certificate_id, expected <> stored AS differs FROM isms.verify_chain(1);
ROLLBACK;
-- an inserted decision, even with a well-formed hash of its own
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO isms.decision (id, certificate_id, kind, decision_date, effective_date, chain_hash)
SELECT 1000000, 1, 'suspend', '2026-11-25', '2026-11-25', sha256('forged');
SELECT decision_id, certificate_id, expected <> stored AS differs FROM isms.verify_chains();
ROLLBACK;
-- a hash removed
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET chain_hash = NULL WHERE id = 3;
SELECT decision_id, certificate_id, stored FROM isms.verify_chains();
ROLLBACK;

-- Receipts.  A buyer keeps the chain head of a certificate:
SELECT cb_code, certificate_number, decisions, length(chain_head) AS hex_digits
FROM isms_public.chain_receipt('NSCO', 'NSC-IM0841');
SELECT chain_head AS receipt FROM isms_public.chain_receipt('NSCO', 'NSC-IM0841') \gset
-- and later checks that the register still says what it said then:
SELECT isms_public.check_receipt('NSCO', 'NSC-IM0841', :'receipt');
-- new decisions do not void it:
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (1, 'suspend', '2026-11-25');
SELECT isms_public.check_receipt('NSCO', 'NSC-IM0841', :'receipt') AS still_holds,
       (SELECT chain_head FROM isms_public.chain_receipt('NSCO', 'NSC-IM0841')) <> :'receipt' AS new_head;
ROLLBACK;
-- a history rewritten with a recomputed chain passes verification, but not
-- the receipt taken before:
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET reason = 'rewritten' WHERE id = 2;
UPDATE isms.decision d SET chain_hash = isms.decision_hash(d, (SELECT p.chain_hash FROM isms.decision p WHERE p.id = 1)) WHERE d.id = 2;
UPDATE isms.decision d SET chain_hash = isms.decision_hash(d, (SELECT p.chain_hash FROM isms.decision p WHERE p.id = 2)) WHERE d.id = 3;
UPDATE isms.decision d SET chain_hash = isms.decision_hash(d, (SELECT p.chain_hash FROM isms.decision p WHERE p.id = 3)) WHERE d.id = 4;
SELECT count(*) AS breaks FROM isms.verify_chains();
SELECT isms_public.check_receipt('NSCO', 'NSC-IM0841', :'receipt');
ROLLBACK;
-- an unknown certificate; a receipt that never was
SELECT isms_public.check_receipt('NSCO', 'NSC-NONE', :'receipt');
SELECT isms_public.check_receipt('NSCO', 'NSC-IM0841', encode(sha256('other'), 'hex'));

-- A registry restored from a dump made before decisions were chained: its
-- decisions have no chain position and no hash (here: certificate 1's,
-- emptied behind the triggers' back as such a restore leaves them).
BEGIN;
CREATE TEMP TABLE stamped AS SELECT id, chain_seq, chain_hash FROM isms.decision WHERE certificate_id = 1;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET chain_seq = NULL, chain_hash = NULL WHERE certificate_id = 1;
SET LOCAL session_replication_role = origin;
SELECT decision_id, certificate_id, stored FROM isms.verify_chain(1);
-- no new decision finds its place after them (55000) until they are sealed
SAVEPOINT s;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (1, 'suspend', '2026-11-25');
ROLLBACK TO SAVEPOINT s;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
-- only a superuser seals
CREATE ROLE chain_sealer_regress;
GRANT USAGE ON SCHEMA isms TO chain_sealer_regress;
SAVEPOINT s;
SET LOCAL ROLE chain_sealer_regress;
SELECT * FROM isms.seal_chains();
ROLLBACK TO SAVEPOINT s;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
RESET ROLE;
-- not even when granted EXECUTE
GRANT EXECUTE ON FUNCTION isms.seal_chains() TO chain_sealer_regress;
SAVEPOINT s;
SET LOCAL ROLE chain_sealer_regress;
SELECT * FROM isms.seal_chains();
ROLLBACK TO SAVEPOINT s;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
-- sealing numbers them in id order and hashes them as the trigger did
SELECT * FROM isms.seal_chains();
SELECT count(*) AS decisions, count(*) FILTER (WHERE d.chain_seq = s.chain_seq AND d.chain_hash = s.chain_hash) AS as_stamped
FROM isms.decision d JOIN stamped s USING (id);
SELECT count(*) AS breaks FROM isms.verify_chains();
-- sealed once: a second run finds nothing to do
SELECT * FROM isms.seal_chains();
-- and the certificate takes decisions again
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (1, 'suspend', '2026-11-25')
RETURNING chain_seq;
SELECT * FROM isms.verify_chain(1);
ROLLBACK;
-- A certificate with chained decisions and one without a position (added
-- behind the triggers' back) is not sealed: the sealing would hide it.
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO isms.decision (id, certificate_id, kind, decision_date, effective_date)
VALUES (1000000, 1, 'suspend', '2026-11-25', '2026-11-25');
SET LOCAL session_replication_role = origin;
SELECT * FROM isms.seal_chains();
SELECT decision_id, certificate_id, stored FROM isms.verify_chain(1);
SAVEPOINT s;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (1, 'reinstate', '2026-11-26');
ROLLBACK TO SAVEPOINT s;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
ROLLBACK;

-- The independent checker recomputes the chain too (rule LOG-1).
SELECT * FROM isms_check.violations('2026-11-25');
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET reason = 'edited' WHERE id = 3;
SELECT certificate_id, decision_id, rule, class FROM isms_check.violations('2026-11-25');
ROLLBACK;

\c contrib_regression
DROP DATABASE isms_chain_regress;
