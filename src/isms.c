/*-------------------------------------------------------------------------
 *
 * isms.c
 *	  Module entry point of the isms extension.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "isms",.version = "0.1");
#else
PG_MODULE_MAGIC;
#endif
