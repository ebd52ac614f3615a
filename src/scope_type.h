/*-------------------------------------------------------------------------
 *
 * scope_type.h
 *	  The stored form of isms.scope, shared by scope.c (input, output and
 *	  element functions), scope_ops.c (comparison, hashing and set
 *	  operators) and scope_gin.c (the GIN operator class).
 *
 * Stored form (varlena, 4-byte aligned), canonical so that equal scopes
 * have equal bytes (equality and hashing look at the bytes):
 *
 *	 int32	vl_len_
 *	 uint32 nelems				at most SCOPE_MAX_ELEMS
 *	 uint32 off[nelems + 1]		start of each element in the data area;
 *								off[nelems] is the size of the data area
 *	 char	data[]				internal forms (scope.h), in canonical order,
 *								without terminators
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCOPE_TYPE_H
#define SCOPE_TYPE_H

#include "isms.h"

#include "scope.h"

typedef struct IsmsScope
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		nelems;
	uint32		off[FLEXIBLE_ARRAY_MEMBER];
} IsmsScope;

#define SCOPE_HDRSZ(n)	(offsetof(IsmsScope, off) + sizeof(uint32) * ((n) + 1))

#define DatumGetIsmsScopeP(d)		((IsmsScope *) PG_DETOAST_DATUM(d))
#define PG_GETARG_ISMS_SCOPE_P(n)	DatumGetIsmsScopeP(PG_GETARG_DATUM(n))
#define PG_RETURN_ISMS_SCOPE_P(x)	PG_RETURN_POINTER(x)

/* scope.c */
extern ScopeElem *scope_view(const IsmsScope *sc, int *n);
extern IsmsScope *scope_build(const ScopeElem *e, int n, const char *what);

#endif							/* SCOPE_TYPE_H */
