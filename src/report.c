/*-------------------------------------------------------------------------
 *
 * report.c
 *	  The one reporter of broken rules: turns the IsmsViolation a check of
 *	  the engine returned into the ereport, with the rule ID as the
 *	  constraint name of the relation the trigger fired on (as core's
 *	  ri_ReportViolation does for foreign keys).
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "utils/rel.h"

#define A(a) (a)[0], (a)[1], (a)[2], (a)[3], (a)[4], (a)[5], (a)[6], (a)[7]

static int
sqlstate_of(IsmsSqlState s)
{
	switch (s)
	{
		case ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE:
			return ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE;
		case ISMS_SQLSTATE_WARNING:
			return ERRCODE_WARNING;
		case ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED:
			return ERRCODE_NULL_VALUE_NOT_ALLOWED;
		case ISMS_SQLSTATE_INSUFFICIENT_PRIVILEGE:
			return ERRCODE_INSUFFICIENT_PRIVILEGE;
		case ISMS_SQLSTATE_CHECK_VIOLATION:
		default:
			return ERRCODE_CHECK_VIOLATION;
	}
}

/*
 * When an existing decision fails a check because a new decision changed
 * the history before it, say so.
 */
static int
existing_context(const IsmsDecision *d)
{
	if (d == NULL || d->is_new)
		return 0;
	return errcontext("existing %s decision %lld, effective %s, checked against the new history",
					  isms_decision_name(d->kind), (long long) d->id,
					  isms_date_text(d->effective));
}

/*
 * The format strings of a violation are whole sentences whose conversions
 * are all %s; errmsg() and friends translate them.
 */
void
isms_report_violation(const IsmsViolation *v, Relation rel)
{
	ereport(ERROR,
			(errcode(sqlstate_of(v->sqlstate)),
			 errmsg(v->message, A(v->margs)),
			 errdetail(v->detail, A(v->dargs)),
			 v->hint ? errhint(v->hint, A(v->hargs)) : 0,
			 existing_context(v->existing),
			 rel ? errtableconstraint(rel, v->rule) : 0));
	pg_unreachable();
}

void
isms_report_warning(const IsmsViolation *v)
{
	ereport(WARNING,
			(errcode(sqlstate_of(v->sqlstate)),
			 errmsg(v->message, A(v->margs)),
			 errdetail(v->detail, A(v->dargs)),
			 v->hint ? errhint(v->hint, A(v->hargs)) : 0));
}
