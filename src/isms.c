/*-------------------------------------------------------------------------
 *
 * isms.c
 *	  Module entry point of the isms extension.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "access/xact.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "isms",.version = ISMS_VERSION);
#else
PG_MODULE_MAGIC;
#endif

#if PG_VERSION_NUM < 160000
void		_PG_init(void);		/* fmgr.h declares it from PostgreSQL 16 on */
#endif


/*
 * isms_internal_write is set only around isms's own UPDATE of derived
 * certificate columns; if that UPDATE fails, the (sub)transaction aborts
 * and the flag must not survive it.
 */
static void
reset_on_abort(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		isms_internal_write = false;
	/* the deferred add-on checks live in the transaction's memory */
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PREPARE)
	{
		isms_addon_forget(false);
		isms_transfer_forget();	/* transfer.c */
	}
}

static void
reset_on_subabort(SubXactEvent event, SubTransactionId mySubid,
				  SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		isms_internal_write = false;
		isms_addon_forget(true);
	}
	/* the bases transferred, checked at commit (transfer.c) */
	if (event == SUBXACT_EVENT_ABORT_SUB || event == SUBXACT_EVENT_COMMIT_SUB)
		isms_transfer_subxact(event == SUBXACT_EVENT_COMMIT_SUB, mySubid, parentSubid);
}

void
_PG_init(void)
{
	RegisterXactCallback(reset_on_abort, NULL);
	RegisterSubXactCallback(reset_on_subabort, NULL);
	isms_feed_init();			/* feed.c: positions and notification at commit */
	isms_guard_init();			/* guard.c: no silent DROP of the registry */
	isms_clock_init();			/* clock.c: isms.today, isms.time_zone */
}
