/*-------------------------------------------------------------------------
 *
 * chain.c
 *	  The hash chain of a certificate's decisions: tamper evidence for the
 *	  append-only history (rules_status.c).
 *
 * Every decision a writer records carries chain_hash, the SHA-256 of a
 * canonical encoding of its columns and of the chain_hash of the previous
 * decision of the same certificate (the one with the previous chain_seq,
 * its number in the certificate's chain; 32 zero bytes before the first).
 * The BEFORE INSERT row trigger (trg_decision.c) stamps it, after it has
 * filled the row's defaults and recorded_at, and after locking the
 * certificate as every writer of its history does (load.c), so that two
 * writers of one certificate take turns and the later one chains onto the
 * earlier one's decision.  A value the writer gives is overwritten.
 *
 * The bulk path: the previous decision is read straight from the index of
 * the constraint decision_chain_position, UNIQUE (certificate_id,
 * chain_seq), one B-tree descent per row with no SPI and no planning, and
 * each certificate is locked once per transaction.  The head of a chain is
 * not kept between rows: a row the trigger stamped may yet not be stored
 * (INSERT ... ON CONFLICT DO NOTHING, a later trigger that skips it), and
 * the next row must then chain onto what is stored, not onto it.
 *
 * The encoding (doc/proof.md; isms.decision_hash() computes the same in
 * SQL, and verification uses that):
 *		"isms.decision.v1" (16 bytes) || previous hash (32 bytes)
 *		|| id || certificate_id || chain_seq || kind || decision_date || effective_date
 *		|| new_expiry || new_scope_statement || new_scope || new_standard
 *		|| reason || corrects || recorded_at
 *		[ || original_date || cycle_start || opening_status || suspended_since ]
 *		[ || authority ]
 *		[ || transfer_cycle_start || transfer_expiry || transfer_original_date ]
 * where a NULL is the byte 0x00 and a value is 0x01 followed by its binary
 * form: bigint 8 bytes, integer 4 bytes and date (days since 2000-01-01) 4 bytes, both
 * big-endian as int8send/date_send give them, timestamptz as
 * timestamptz_send (microseconds since 2000-01-01 UTC, 8 bytes); kind,
 * the text columns, new_scope, new_standard and opening_status as their text form in
 * UTF-8, preceded by its length in bytes (4 bytes, big-endian).  The
 * groups in brackets are encoded only where they apply: an opening's four
 * facts where one is set (rules_opening.c), an extension's authority where
 * it is given (rules_extension.c, encoded as a text column), a transfer's
 * cycle where transfer_expiry is set (rules_transfer.c, dates); so every
 * other decision (every decision recorded before the columns existed)
 * hashes as before.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_am.h"
#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "mb/pg_wchar.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#define CHAIN_TAG "isms.decision.v1"
#define NCHAIN_V1 13			/* always encoded */
#define NCHAIN 17				/* and the opening's, where one is set */

typedef enum ChainEnc
{
	ENC_INT8,
	ENC_INT4,
	ENC_DATE,
	ENC_TSTZ,
	ENC_TEXT					/* the type's output function, in UTF-8 */
} ChainEnc;

static const struct
{
	const char *name;
	ChainEnc	enc;
}			chain_cols[NCHAIN] =
{
	{"id", ENC_INT8},
	{"certificate_id", ENC_INT8},
	{"chain_seq", ENC_INT4},
	{"kind", ENC_TEXT},
	{"decision_date", ENC_DATE},
	{"effective_date", ENC_DATE},
	{"new_expiry", ENC_DATE},
	{"new_scope_statement", ENC_TEXT},
	{"new_scope", ENC_TEXT},
	{"new_standard", ENC_TEXT},
	{"reason", ENC_TEXT},
	{"corrects", ENC_INT8},
	{"recorded_at", ENC_TSTZ},
	{"original_date", ENC_DATE},
	{"cycle_start", ENC_DATE},
	{"opening_status", ENC_TEXT},
	{"suspended_since", ENC_DATE},
};

/* The columns of a transfer, encoded only when transfer_expiry is set. */
#define NTRANSFER 3
static const char *const transfer_cols[NTRANSFER] = {
	"transfer_cycle_start", "transfer_expiry", "transfer_original_date"
};

/* Column numbers and output functions, looked up once per relation. */
static struct
{
	Oid			relid;
	int			natts;			/* the relation's columns may change */
	int			transfer[NTRANSFER];	/* 0: not (yet) in the table */
	int			attnum[NCHAIN];
	FmgrInfo	out[NCHAIN];
	int			hash;
	int			authority;		/* 0: no such column */
} ccols;

/*
 * The certificates this transaction has already locked for the chain, so
 * that the rows of a COPY lock each certificate once.  Allocated in
 * TopTransactionContext; forgotten at the end of the transaction and
 * whenever a subtransaction aborts (the locks it took go with it), and
 * when it holds CHAIN_LOCKS_KEPT of them (about 3 MB), so that its memory
 * does not grow with a bulk load of more certificates than that; locking
 * again a row the transaction holds locked waits for nothing.
 */
#define CHAIN_LOCKS_KEPT 65536
static HTAB *locked_certs = NULL;
static bool callbacks_registered = false;

/* The index that serves the lookup of the previous decision. */
#define CHAIN_INDEX "decision_chain_position"

/*
 * Without that index (a build whose table lacks it): planned for each row
 * (a custom plan), since a plan kept from when the table was small would
 * scan the whole table for every row of a bulk load.
 */
#define PREVIOUS_SQL \
	"SELECT d.chain_seq, d.chain_hash FROM isms.decision d" \
	" WHERE d.certificate_id" EQ "$1" \
	" ORDER BY d.chain_seq DESC NULLS FIRST, d.id DESC LIMIT 1"
static SPIPlanPtr q_previous = NULL;

static void
forget_lock_xact(XactEvent event, void *arg)
{
	/* the memory goes with TopTransactionContext */
	locked_certs = NULL;
}

static void
forget_lock_subxact(SubXactEvent event, SubTransactionId mySubid,
					SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB && locked_certs != NULL)
	{
		hash_destroy(locked_certs);
		locked_certs = NULL;
	}
}

/* Lock the certificate for the chain unless this transaction already has. */
static void
lock_certificate(int64 cert)
{
	bool		found;

	/* bounded: forgotten whole when full */
	if (locked_certs != NULL && hash_get_num_entries(locked_certs) >= CHAIN_LOCKS_KEPT)
	{
		hash_destroy(locked_certs);
		locked_certs = NULL;
	}
	if (locked_certs == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(int64);
		ctl.entrysize = sizeof(int64);
		ctl.hcxt = TopTransactionContext;
		locked_certs = hash_create("isms chain locks", 256, &ctl,
								   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	if (hash_search(locked_certs, &cert, HASH_FIND, NULL) != NULL)
		return;
	/* without SPI where the caller may lock any certificate (lock.c) */
	if (!isms_lock_certificate_direct(cert))
	{
		isms_spi_connect();
		isms_lock_certificates(&cert, 1);
		SPI_finish();
	}
	/* entered only once the lock is held: an error leaves it out */
	(void) hash_search(locked_certs, &cert, HASH_ENTER, &found);
}

/*
 * A certificate has decisions without a chain position (chain_seq NULL):
 * restored from a dump made before decisions were chained, or inserted
 * behind the triggers' back.  A new decision cannot be given a place after
 * them, so it is refused until a superuser seals the history
 * (isms.seal_chains()) or looks into it (isms.verify_chain()).
 */
static pg_noreturn void
refuse_unsealed(int64 cert)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("certificate %lld has decisions outside its hash chain",
					(long long) cert),
			 errdetail("Rule %s: every decision is chained onto the one recorded before it; a decision of certificate %lld has no chain position (chain_seq is null), as after restoring a dump made before the hash chain existed.",
					   isms_rule_log1, (long long) cert),
			 errhint("A superuser runs SELECT * FROM isms.seal_chains(); once after such a restore; isms.verify_chain(%lld) shows the decision.",
					 (long long) cert)));
	pg_unreachable();
}

/* The index of decision_chain_position if it has the expected shape. */
static Relation
open_chain_index(Relation rel)
{
	Oid			indexoid = get_relname_relid(CHAIN_INDEX, RelationGetNamespace(rel));
	Relation	idx;
	Form_pg_index ind;

	if (!OidIsValid(indexoid) || get_rel_relkind(indexoid) != RELKIND_INDEX)
		return NULL;
	idx = index_open(indexoid, AccessShareLock);
	ind = idx->rd_index;
	if (idx->rd_rel->relam != BTREE_AM_OID || ind->indrelid != RelationGetRelid(rel) ||
		!ind->indisvalid || ind->indnkeyatts != 2 ||
		ind->indkey.values[0] != ccols.attnum[1] ||
		ind->indkey.values[1] != ccols.attnum[2] ||
		TupleDescAttr(RelationGetDescr(rel), ccols.attnum[1] - 1)->atttypid != INT8OID)
	{
		index_close(idx, AccessShareLock);
		return NULL;
	}
	return idx;
}

/*
 * The certificate's latest decision by chain_seq, read from the index with
 * SnapshotSelf: the rows this transaction stored (this statement's earlier
 * rows included, and not those of an aborted subtransaction) and every
 * committed row, as the certificate's lock leaves them.  Sets *seq and prev
 * and returns true if there is one.
 */
static bool
previous_by_index(Relation rel, Relation idx, int64 cert, int32 *seq, uint8 *prev)
{
	ScanKeyData keys[2];
	IndexScanDesc scan;
	TupleTableSlot *slot;
	bool		found = false;

	/*
	 * The certificate's entries from the last: the index keeps NULLs last, so
	 * a decision without a chain position comes first if there is one.
	 */
	ScanKeyInit(&keys[0], 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(cert));
	slot = table_slot_create(rel, NULL);
	scan = ISMS_INDEX_BEGINSCAN(rel, idx, SnapshotSelf, 1, 0);
	index_rescan(scan, keys, 1, NULL, 0);
	if (index_getnext_slot(scan, BackwardScanDirection, slot))
	{
		bool		isnull;
		Datum		h;

		*seq = DatumGetInt32(slot_getattr(slot, ccols.attnum[2], &isnull));
		if (isnull)
			refuse_unsealed(cert);
		h = slot_getattr(slot, ccols.hash, &isnull);
		if (!isnull)
		{
			bytea	   *b = DatumGetByteaPP(h);

			if (VARSIZE_ANY_EXHDR(b) == PG_SHA256_DIGEST_LENGTH)
				memcpy(prev, VARDATA_ANY(b), PG_SHA256_DIGEST_LENGTH);
			else
				memset(prev, 0xff, PG_SHA256_DIGEST_LENGTH);	/* breaks the chain visibly */
		}
		else
			memset(prev, 0xff, PG_SHA256_DIGEST_LENGTH);
		found = true;
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	return found;
}

static bool
chain_columns(Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			i;

	if (ccols.relid == RelationGetRelid(rel) && ccols.natts == desc->natts)
		return ccols.hash > 0;
	ccols.natts = desc->natts;
	/* an install not yet updated to a version with the chain: no stamp */
	ccols.hash = SPI_fnumber(desc, "chain_hash");
	if (ccols.hash <= 0)
	{
		ccols.relid = RelationGetRelid(rel);
		return false;
	}
	ccols.authority = Max(SPI_fnumber(desc, "authority"), 0);
	for (i = 0; i < NTRANSFER; i++)
		ccols.transfer[i] = Max(SPI_fnumber(desc, transfer_cols[i]), 0);
	for (i = 0; i < NCHAIN; i++)
	{
		/* the opening's columns: 0 on a table without them */
		ccols.attnum[i] = i < NCHAIN_V1 ? isms_attnum(rel, chain_cols[i].name) :
			Max(SPI_fnumber(desc, chain_cols[i].name), 0);
		if (ccols.attnum[i] == 0)
			continue;
		if (chain_cols[i].enc == ENC_TEXT)
		{
			Oid			fn;
			bool		varlena;

			getTypeOutputInfo(TupleDescAttr(desc, ccols.attnum[i] - 1)->atttypid,
							  &fn, &varlena);
			fmgr_info_cxt(fn, &ccols.out[i], TopMemoryContext);
		}
	}
	ccols.relid = RelationGetRelid(rel);
	return true;
}

static void
put_bytes(pg_cryptohash_ctx *ctx, const void *p, size_t len)
{
	if (pg_cryptohash_update(ctx, (const uint8 *) p, len) < 0)
		elog(ERROR, "could not update SHA-256 digest: %s", pg_cryptohash_error(ctx));
}

/* A text form: its length in bytes in UTF-8 (4 bytes, big-endian), then it. */
static void
put_text(pg_cryptohash_ctx *ctx, char *s)
{
	int			len = strlen(s);
	char	   *u = pg_server_to_any(s, len, PG_UTF8);
	uint32		nlen;

	if (u != s)
		len = strlen(u);
	nlen = pg_hton32((uint32) len);
	put_bytes(ctx, &nlen, 4);
	put_bytes(ctx, u, len);
	if (u != s)
		pfree(u);
}

/* The same without the index: the next chain_seq, and prev. */
static int32
previous_by_query(int64 cert, uint8 *prev)
{
	MemoryContext caller = CurrentMemoryContext;
	Datum		args[1];
	int32		seq = 1;

	isms_spi_connect();
	args[0] = Int64GetDatum(cert);
	if (q_previous == NULL)
	{
		Oid			argtypes[1] = {INT8OID};

		q_previous = isms_prepare_kept(PREVIOUS_SQL, 1, argtypes, CURSOR_OPT_CUSTOM_PLAN);
	}
	isms_execute_latest(q_previous, args, NULL, false, true, 1);
	if (SPI_processed > 0)
	{
		HeapTuple	row = SPI_tuptable->vals[0];
		bool		pnull,
					hnull;
		int32		prevseq = DatumGetInt32(SPI_getbinval(row, SPI_tuptable->tupdesc, 1, &pnull));
		Datum		h = SPI_getbinval(row, SPI_tuptable->tupdesc, 2, &hnull);

		if (pnull)
			refuse_unsealed(cert);
		seq = prevseq + 1;
		if (!hnull)
		{
			bytea	   *b = DatumGetByteaPP(h);

			if (VARSIZE_ANY_EXHDR(b) == PG_SHA256_DIGEST_LENGTH)
				memcpy(prev, VARDATA_ANY(b), PG_SHA256_DIGEST_LENGTH);
			else
				memset(prev, 0xff, PG_SHA256_DIGEST_LENGTH);	/* breaks the chain visibly */
		}
		else
			memset(prev, 0xff, PG_SHA256_DIGEST_LENGTH);
	}
	SPI_finish();
	MemoryContextSwitchTo(caller);
	return seq;
}

/*
 * The digest of one decision row chained onto prev (32 bytes), with seq as
 * its chain_seq (the row does not hold it yet).
 */
static void
chain_digest(Relation rel, HeapTuple tup, int32 seq, const uint8 *prev, uint8 *dest)
{
	TupleDesc	desc = RelationGetDescr(rel);
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	int			i,
				n = NCHAIN_V1;

	if (ctx == NULL || pg_cryptohash_init(ctx) < 0)
		elog(ERROR, "could not initialize SHA-256 digest");
	put_bytes(ctx, CHAIN_TAG, strlen(CHAIN_TAG));
	put_bytes(ctx, prev, PG_SHA256_DIGEST_LENGTH);
	/* the opening's columns, where one of them is set */
	for (i = NCHAIN_V1; i < NCHAIN; i++)
		if (ccols.attnum[i] > 0 && !heap_attisnull(tup, ccols.attnum[i], desc))
			n = NCHAIN;
	for (i = 0; i < n; i++)
	{
		bool		isnull = true;
		Datum		v = (Datum) 0;
		uint8		flag;

		if (i == 2)
		{
			v = Int32GetDatum(seq);
			isnull = false;
		}
		else if (ccols.attnum[i] > 0)
			v = heap_getattr(tup, ccols.attnum[i], desc, &isnull);
		flag = isnull ? 0 : 1;

		put_bytes(ctx, &flag, 1);
		if (isnull)
			continue;
		switch (chain_cols[i].enc)
		{
			case ENC_INT8:
				{
					uint64		x = pg_hton64((uint64) DatumGetInt64(v));

					put_bytes(ctx, &x, 8);
					break;
				}
			case ENC_INT4:
				{
					uint32		x = pg_hton32((uint32) DatumGetInt32(v));

					put_bytes(ctx, &x, 4);
					break;
				}
			case ENC_DATE:
				{
					uint32		x = pg_hton32((uint32) DatumGetDateADT(v));

					put_bytes(ctx, &x, 4);
					break;
				}
			case ENC_TSTZ:
				{
					uint64		x = pg_hton64((uint64) DatumGetTimestampTz(v));

					put_bytes(ctx, &x, 8);
					break;
				}
			case ENC_TEXT:
				{
					char	   *s = OutputFunctionCall(&ccols.out[i], v);

					put_text(ctx, s);
					pfree(s);
					break;
				}
		}
	}
	if (ccols.authority > 0)
	{
		bool		isnull;
		Datum		v = heap_getattr(tup, ccols.authority, desc, &isnull);

		if (!isnull)
		{
			uint8		flag = 1;
			char	   *s = TextDatumGetCString(v);

			put_bytes(ctx, &flag, 1);
			put_text(ctx, s);
			pfree(s);
		}
	}
	/* a transfer: the cycle it takes over (dates, as above) */
	if (ccols.transfer[1] > 0 && !heap_attisnull(tup, ccols.transfer[1], desc))
		for (i = 0; i < NTRANSFER; i++)
		{
			bool		isnull;
			Datum		v = heap_getattr(tup, ccols.transfer[i], desc, &isnull);
			uint8		flag = isnull ? 0 : 1;

			put_bytes(ctx, &flag, 1);
			if (!isnull)
			{
				uint32		x = pg_hton32((uint32) DatumGetDateADT(v));

				put_bytes(ctx, &x, 4);
			}
		}
	if (pg_cryptohash_final(ctx, dest, PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not finalize SHA-256 digest: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
}

/*
 * Stamp a new decision row with its chain hash: lock its certificate (as
 * writers do, bases first), read the previous decision's hash with a
 * snapshot taken after the lock, and return the row with chain_hash set.
 * A row without certificate_id or id is returned as it is (a NOT NULL
 * constraint refuses it).  Must not be called inside SPI.
 */
HeapTuple
isms_chain_stamp(Relation rel, HeapTuple tup)
{
	TupleDesc	desc = RelationGetDescr(rel);
	bool		cnull;
	int64		cert;
	int32		seq = 1;
	uint8		prev[PG_SHA256_DIGEST_LENGTH];
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	bytea	   *hash;
	Relation	idx;
	int			cols[2];
	Datum		vals[2];
	bool		nulls[2] = {false, false};

	if (!chain_columns(rel))
		return tup;
	cert = DatumGetInt64(heap_getattr(tup, ccols.attnum[1], desc, &cnull));
	if (cnull)
		return tup;

	if (!callbacks_registered)
	{
		RegisterXactCallback(forget_lock_xact, NULL);
		RegisterSubXactCallback(forget_lock_subxact, NULL);
		callbacks_registered = true;
	}

	memset(prev, 0, sizeof(prev));
	lock_certificate(cert);
	idx = open_chain_index(rel);
	if (idx != NULL)
	{
		int32		prevseq;

		if (previous_by_index(rel, idx, cert, &prevseq, prev))
			seq = prevseq + 1;
		index_close(idx, AccessShareLock);
	}
	else
		seq = previous_by_query(cert, prev);

	chain_digest(rel, tup, seq, prev, digest);
	hash = (bytea *) palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(hash, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	memcpy(VARDATA(hash), digest, PG_SHA256_DIGEST_LENGTH);
	cols[0] = ccols.attnum[2];
	vals[0] = Int32GetDatum(seq);
	cols[1] = ccols.hash;
	vals[1] = PointerGetDatum(hash);
	return heap_modify_tuple_by_cols(tup, desc, 2, cols, vals, nulls);
}
