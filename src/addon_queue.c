/*-------------------------------------------------------------------------
 *
 * addon_queue.c
 *	  Checks of add-ons deferred to commit (rules_addon.c): which bases a statement
 *	  changed in a way that breaks an add-on for now, the deferred trigger
 *	  events queued for them, and the one batch that checks them all when
 *	  the first event fires.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "catalog/pg_type.h"
#include "utils/memutils.h"

/*
 * The bases among certs whose new decisions leave an add-on
 * inconsistent are checked again when the transaction commits, with their
 * add-ons.  A no-op update of base_certificate_id queues the
 * deferred constraint trigger of isms.certificate named after the rule for each of
 * them, and their ids are kept here: the first of those trigger events to
 * fire checks all the bases pending in one load (isms_addon_check_batch),
 * and the others find theirs done.
 *
 * pending and done live in TopTransactionContext and are forgotten at the
 * end of the transaction; done is also forgotten when a subtransaction
 * aborts, since the trigger events it fired may fire again.
 */
static int64 *addon_pending = NULL;
static int	addon_npending = 0;
static int	addon_cappending = 0;
static int64 *addon_done = NULL;
static int	addon_ndone = 0;
static int	addon_capdone = 0;

void
isms_addon_forget(bool done_only)
{
	addon_done = NULL;
	addon_ndone = addon_capdone = 0;
	if (!done_only)
	{
		addon_pending = NULL;
		addon_npending = addon_cappending = 0;
	}
}

static void
append_id(int64 **a, int *n, int *cap, int64 id)
{
	if (*n >= *cap)
	{
		int			newcap = Max(64, *cap * 2);

		*a = *a == NULL ?
			MemoryContextAlloc(TopTransactionContext, sizeof(int64) * newcap) :
			repalloc(*a, sizeof(int64) * newcap);
		*cap = newcap;
	}
	(*a)[(*n)++] = id;
}

static IsmsPlan q_queue_addon_check = {
	"UPDATE isms.certificate SET base_certificate_id = base_certificate_id"
	" WHERE id OPERATOR(pg_catalog.=) ANY ($1)",
	1, {INT8ARRAYOID}
};

void
isms_queue_addon_checks(IsmsCert *certs, int ncert)
{
	int64	   *ids = palloc(sizeof(int64) * Max(ncert, 1));
	int			n = 0,
				i,
				j;
	Datum		args[1];
	bool	   *changed = palloc0(sizeof(bool) * Max(ncert, 1));
	bool	   *broken = palloc0(sizeof(bool) * Max(ncert, 1));

	for (i = 0; i < ncert; i++)
		for (j = 0; j < certs[i].ndec && !changed[i]; j++)
			changed[i] = certs[i].dec[j].is_new && !certs[i].context_only;

	/*
	 * The bases with new decisions that leave an add-on inconsistent
	 * (checked here, in memory, on the histories just replayed): only they
	 * need a check at commit, by when the add-on may be brought into line.
	 * (A draft add-on cannot be broken.)
	 */
	for (i = 0; i < ncert; i++)
	{
		int			b;

		if (certs[i].base == NULL || certs[i].ndec == 0 || certs[i].context_only)
			continue;
		b = (int) (certs[i].base - certs);
		if (changed[b] && !broken[b] && isms_check_addon(&certs[i], false) != NULL)
			broken[b] = true;
	}
	for (i = 0; i < ncert; i++)
		if (broken[i])
			ids[n++] = certs[i].id;
	if (n == 0)
		return;
	args[0] = isms_int8_array(ids, n);
	{
		bool		save = isms_internal_write;

		isms_internal_write = true;
		isms_exec_plan(&q_queue_addon_check, args, NULL, n, false, false, 0);
		isms_internal_write = save;
	}
	for (i = 0; i < n; i++)
		append_id(&addon_pending, &addon_npending, &addon_cappending, ids[i]);
}

/*
 * The deferred add-on trigger fired for certificate id: check it, with
 * every base pending, unless a batch already did.  Inside SPI.
 */
void
isms_addon_check_batch(int64 id, Relation rel)
{
	int64	   *ids;
	int			n = 0,
				i,
				ncert;
	bool		pending = false;
	IsmsCert   *certs;
	DateADT		today = isms_register_today();

	for (i = 0; i < addon_npending && !pending; i++)
		pending = addon_pending[i] == id;
	if (!pending && addon_ndone > 0 &&
		bsearch(&id, addon_done, addon_ndone, sizeof(int64), isms_cmp_int64) != NULL)
		return;
	ids = palloc(sizeof(int64) * (addon_npending + 1));
	ids[n++] = id;
	if (pending)
	{
		memcpy(ids + n, addon_pending, sizeof(int64) * addon_npending);
		n += addon_npending;
		addon_npending = 0;
	}
	n = isms_sort_unique(ids, n);
	certs = isms_load(ids, n, ISMS_LOAD_LOCK, &ncert);
	for (i = 0; i < ncert; i++)
		if (!certs[i].replayed)
			isms_replay(&certs[i], today, ISMS_REPLAY_LENIENT, NULL);
	isms_check_addons(certs, ncert, rel);
	/* (only once they passed: after an error the events fire again) */
	for (i = 0; i < n; i++)
		append_id(&addon_done, &addon_ndone, &addon_capdone, ids[i]);
	addon_ndone = isms_sort_unique(addon_done, addon_ndone);
}

