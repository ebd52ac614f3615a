/*-------------------------------------------------------------------------
 *
 * stdref.h
 *	  Standard references (ISO/IEC 27001:2022/Amd 1:2024, JIS Q 27001:2023,
 *	  IEC 62443-2-1:2010): the parsed form, the parser and the formatter.
 *
 * Plain C without PostgreSQL dependencies, so that the parser can be unit
 * tested and fuzzed outside the server (fuzz/).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_STDREF_H
#define ISMS_STDREF_H

#include <stddef.h>
#include <stdint.h>

/* Publishing bodies; the order is part of the sort order. */
typedef enum StdBody
{
	STD_BODY_ISO = 1,
	STD_BODY_IEC,
	STD_BODY_ISO_IEC,
	STD_BODY_JIS				/* with a division letter: JIS Q, JIS X */
} StdBody;

/* Document types. */
typedef enum StdDocType
{
	STD_DOC_IS = 0,				/* International Standard (no marker) */
	STD_DOC_TS,					/* Technical Specification */
	STD_DOC_TR,					/* Technical Report */
	STD_DOC_PAS					/* Publicly Available Specification */
} StdDocType;

typedef enum StdAmdKind
{
	STD_AMD = 1,				/* Amendment */
	STD_COR						/* Technical Corrigendum */
} StdAmdKind;

#define STDREF_MAX_PARTS 3
#define STDREF_MAX_AMDS 4

typedef struct StdAmd
{
	uint8_t		kind;			/* StdAmdKind */
	uint8_t		pad;
	uint16_t	number;
	uint16_t	year;			/* 0 = not given */
} StdAmd;

/*
 * The stored form: 44 bytes, fixed length, no pointers, every unused byte
 * zero (so equality and hashing can look at the bytes).
 */
typedef struct StdRef
{
	uint8_t		body;			/* StdBody */
	uint8_t		division;		/* JIS division letter 'A'..'Z', else 0 */
	uint8_t		doctype;		/* StdDocType */
	uint8_t		nparts;
	uint32_t	number;			/* 1 .. 999999 */
	uint16_t	parts[STDREF_MAX_PARTS];
	uint16_t	edition;		/* year, 0 = not given */
	uint8_t		namds;
	uint8_t		pad[3];
	StdAmd		amds[STDREF_MAX_AMDS];
} StdRef;

/* Parse; returns 0 on success, else -1 with a message in err (>= 128 bytes). */
extern int	stdref_parse(const char *input, size_t len, StdRef *out,
						 char *err, size_t errlen);

/* Canonical text; returns the length written (buf >= STDREF_TEXT_MAX). */
#define STDREF_TEXT_MAX 96
extern int	stdref_format(const StdRef *ref, char *buf, size_t buflen);

/* Total order: standard (number, parts, body), document type, edition, amendments. */
extern int	stdref_cmp(const StdRef *a, const StdRef *b);

/* Same standard (body, division, document type, number, parts), any edition. */
extern int	stdref_same_standard(const StdRef *a, const StdRef *b);

#endif							/* ISMS_STDREF_H */
