/*-------------------------------------------------------------------------
 *
 * editions.c
 *	  Standards and their editions, as the engine looks them up in the
 *	  reference data (IsmsRefData, read by refdata.c): the entry of a
 *	  reference, the edition it belongs to, and the one transition that
 *	  leaves an edition.  Pure.
 *
 * An edition is the canonical (international) reference without its
 * amendments: "ISO/IEC 27001:2022/Amd 1:2024" and "JIS Q 27001:2023" (an
 * identical adoption, STD-1) both belong to "ISO/IEC 27001:2022", so that a
 * transition row of an edition covers its amended versions and adoptions.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The edition of a canonical reference; a palloc'd string. */
char *
isms_edition_of(const char *canonical)
{
	const char *colon = strchr(canonical, ':');
	char	   *key = pstrdup(canonical);
	char	   *slash;

	if (colon == NULL)
		return key;
	slash = strchr(key + (colon - canonical), '/');
	if (slash)
		*slash = '\0';
	return key;
}

static int
cmp_standard(const void *key, const void *elem)
{
	return strcmp((const char *) key, ((const IsmsStandard *) elem)->ref);
}

/* The entry of a reference (as stored), or NULL. */
const IsmsStandard *
isms_standard(const IsmsRefData *r, const char *ref)
{
	if (r == NULL || ref == NULL || r->nstd == 0)
		return NULL;
	return bsearch(ref, r->std, r->nstd, sizeof(IsmsStandard), cmp_standard);
}

/* The transition away from the edition of this reference, if there is one. */
const IsmsTransition *
isms_transition_leaving(const IsmsRefData *r, const char *ref)
{
	const IsmsStandard *s;
	char	   *edition;
	int			i;

	if (r == NULL || ref == NULL)
		return NULL;
	s = isms_standard(r, ref);
	if (s != NULL)
		return s->leaving;
	/* a reference the table does not know stands for itself */
	edition = isms_edition_of(ref);
	for (i = 0; i < r->ntrans; i++)
		if (strcmp(r->trans[i].from, edition) == 0)
			return &r->trans[i];
	return NULL;
}

/* Does transition t lead to the edition of ref (or an adoption of it)? */
bool
isms_transition_leads_to(const IsmsRefData *r, const IsmsTransition *t,
						 const char *ref)
{
	const IsmsStandard *s;

	if (t == NULL || ref == NULL)
		return false;
	s = isms_standard(r, ref);
	return strcmp(t->to, s ? s->edition : isms_edition_of(ref)) == 0;
}
