/*-------------------------------------------------------------------------
 *
 * guard.c
 *	  No silent loss of the registry: a DROP that would drop the table
 *	  isms.certificate while it holds rows (DROP EXTENSION isms, or a DROP
 *	  ... CASCADE that reaches the extension) is refused, unless the session
 *	  has confirmed it with SET isms.allow_drop = on.
 *
 * Two parts work together.  The event trigger isms_drop_guard fires at
 * ddl_command_start of DROP EXTENSION, DROP SCHEMA and DROP OWNED (the
 * commands that can reach the extension); its function lives in this
 * library, so calling it loads the library, whose _PG_init installs the
 * object access hook below, before anything is dropped.  The hook sees
 * each object just before it is deleted; for isms.certificate it looks for
 * a row the transaction can see and raises an error, which rolls the whole
 * command back.  (A sql_drop event trigger cannot do this: it fires after
 * the tables are gone, and a trigger that is a member of the extension is
 * dropped with it.)
 *
 * Also here, the other half of the operations: isms.restoring(), the test
 * in the WHEN clauses by which the triggers stand aside for a restore.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "access/table.h"
#include "access/tableam.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/objectaccess.h"
#include "catalog/pg_class.h"
#include "commands/event_trigger.h"
#include "miscadmin.h"
#include "tcop/tcopprot.h"
#include "utils/guc.h"
#include "utils/rls.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"

static object_access_hook_type prev_object_access_hook = NULL;

/* isms.allow_drop: a placeholder setting, read as a boolean (default off). */
static bool
drop_confirmed(void)
{
	const char *value = GetConfigOption("isms.allow_drop", true, false);
	bool		result;

	return value != NULL && parse_bool(value, &result) && result;
}

/*
 * Whether the certificate table holds a row the transaction sees: the scan
 * stops at the first one, so a DROP of a large registry costs no count.
 */
static bool
has_rows(Oid relid)
{
	Relation	rel = table_open(relid, AccessShareLock);
	Snapshot	snapshot = RegisterSnapshot(ActiveSnapshotSet() ?
											GetActiveSnapshot() :
											GetTransactionSnapshot());
	TableScanDesc scan = table_beginscan(rel, snapshot, 0, NULL);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	bool		found;

	found = table_scan_getnextslot(scan, ForwardScanDirection, slot);
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	UnregisterSnapshot(snapshot);
	table_close(rel, AccessShareLock);
	return found;
}

static void
guard_object_access(ObjectAccessType access, Oid classId, Oid objectId,
					int subId, void *arg)
{
	if (prev_object_access_hook)
		prev_object_access_hook(access, classId, objectId, subId, arg);

	if (access == OAT_DROP && classId == RelationRelationId && subId == 0 &&
		get_rel_relkind(objectId) == RELKIND_RELATION)
	{
		char	   *relname = get_rel_name(objectId);
		Oid			nsp = get_namespace_oid("isms", true);

		if (relname == NULL || strcmp(relname, "certificate") != 0 ||
			!OidIsValid(nsp) || get_rel_namespace(objectId) != nsp ||
			drop_confirmed())
			return;
		if (has_rows(objectId))
			ereport(ERROR,
					(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
					 errmsg("cannot drop the registry of extension \"isms\" because it holds certificates"),
					 errdetail("This command drops table isms.certificate and, with it, every certificate, audit and decision of the registry."),
					 errhint("Take a dump first (pg_dump); then, to drop the registry with its rows, run SET isms.allow_drop = on in the same session and repeat the command.")));
	}
}

/*
 * Event trigger function (ddl_command_start): nothing to do but be called,
 * which loads this library and so installs the hook.
 */
PG_FUNCTION_INFO_V1(isms_drop_guard);
Datum
isms_drop_guard(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired by an event trigger",
						"isms.drop_guard")));
	PG_RETURN_VOID();
}

void
isms_guard_init(void)
{
	prev_object_access_hook = object_access_hook;
	object_access_hook = guard_object_access;
}

/*
 * isms.restoring() RETURNS boolean: true while a superuser session with
 * pg_dump's settings (row_security off, check_function_bodies off, an
 * empty search_path) runs a COPY, i.e. a restore.  Called for every row of
 * every write by the triggers' WHEN clauses, so the cheapest test comes
 * first and an ordinary write reads one variable.  A C function, not an
 * SQL one: the executor prepares each trigger's WHEN clause once per
 * statement, and inlining an SQL body there cost a single-row write more
 * than the rest of the test.
 */
PG_FUNCTION_INFO_V1(isms_restoring);
Datum
isms_restoring(PG_FUNCTION_ARGS)
{
	const char *v;
	const char *q = debug_query_string;	/* what current_query() shows */

	if (row_security || check_function_bodies)
		PG_RETURN_BOOL(false);
	v = GetConfigOption("search_path", false, false);
	if (v == NULL || !(v[0] == '\0' || strcmp(v, "\"\"") == 0))
		PG_RETURN_BOOL(false);
	v = GetConfigOption("is_superuser", false, false);
	if (v == NULL || strcmp(v, "on") != 0)
		PG_RETURN_BOOL(false);
	if (GetUserId() != GetSessionUserId())
		PG_RETURN_BOOL(false);
	if (q == NULL)
		PG_RETURN_BOOL(false);
	while (*q == ' ')
		q++;
	PG_RETURN_BOOL(pg_strncasecmp(q, "copy ", 5) == 0);
}
