/*-------------------------------------------------------------------------
 *
 * stdref.h
 *	  Standard references (ISO/IEC 27001:2022/Amd 1:2024, JIS Q 27001:2023,
 *	  IEC 62443-2-1:2010): the parsed form, the parser and the formatter.
 *
 * Plain C without PostgreSQL dependencies, so that the parser can be unit
 * tested and fuzzed outside the server (fuzz/).  doc/stdref.md describes
 * the accepted syntax, the canonical form and the order.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_STDREF_H
#define ISMS_STDREF_H

#include <stddef.h>
#include <stdint.h>

/*
 * Publishing bodies.  The codes are stored and give the sort order, which
 * is alphabetical: IEC < ISO < ISO/IEC < JIS.  Zero is never stored.
 */
typedef enum StdBody
{
	STD_BODY_IEC = 1,
	STD_BODY_ISO,
	STD_BODY_ISO_IEC,
	STD_BODY_JIS				/* with a division letter: JIS Q, JIS X */
} StdBody;

#define STD_BODY_LAST STD_BODY_JIS

/* Document types (ISO, IEC and ISO/IEC only; stored, part of the order). */
typedef enum StdDocType
{
	STD_DOC_IS = 0,				/* International Standard (no marker) */
	STD_DOC_TS,					/* Technical Specification */
	STD_DOC_TR,					/* Technical Report */
	STD_DOC_PAS					/* Publicly Available Specification */
} StdDocType;

#define STD_DOC_LAST STD_DOC_PAS

typedef enum StdAmdKind
{
	STD_AMD = 1,				/* Amendment */
	STD_COR						/* Technical Corrigendum */
} StdAmdKind;

#define STDREF_MAX_PARTS 3
#define STDREF_MAX_AMDS 4

/* Limits of the numeric fields (also in doc/stdref.md). */
#define STDREF_NUMBER_MAX 99999
#define STDREF_PART_MAX 9999
#define STDREF_AMD_NUMBER_MAX 999
#define STDREF_YEAR_MIN 1900
#define STDREF_YEAR_MAX 2099

typedef struct StdAmd
{
	uint8_t		kind;			/* StdAmdKind */
	uint8_t		pad;			/* always 0 */
	uint16_t	number;			/* 1 .. STDREF_AMD_NUMBER_MAX */
	uint16_t	year;			/* 0 = not given */
} StdAmd;

/*
 * The stored form: 44 bytes, fixed length, no pointers.  Every unused byte
 * is zero (pad bytes, parts beyond nparts, amendments beyond namds), so a
 * value has exactly one byte image and can be hashed as bytes: two values
 * are equal (stdref_cmp() == 0) exactly when their 44 bytes are equal.
 * Amendments are sorted (stdref_cmp_amd) and unique.
 */
typedef struct StdRef
{
	uint8_t		body;			/* StdBody */
	uint8_t		division;		/* JIS division letter 'A'..'Z', else 0 */
	uint8_t		doctype;		/* StdDocType; always IS for JIS */
	uint8_t		nparts;
	uint32_t	number;			/* 1 .. STDREF_NUMBER_MAX */
	uint16_t	parts[STDREF_MAX_PARTS];	/* 1 .. STDREF_PART_MAX, not a year */
	uint16_t	edition;		/* year, 0 = not given (undated) */
	uint8_t		namds;			/* 0 when undated */
	uint8_t		pad[3];			/* always 0 */
	StdAmd		amds[STDREF_MAX_AMDS];
} StdRef;

#define STDREF_SIZE 44

/* Size of the err buffer that gets every message whole. */
#define STDREF_ERR_MAX 256

/*
 * Parse len bytes of UTF-8 (need not be NUL-terminated; any byte sequence
 * is safe).  Returns 0 on success with *out fully initialized (unused bytes
 * zero), else -1 with a one-sentence explanation in err, meant as the
 * DETAIL of an error report.
 */
extern int	stdref_parse(const char *input, size_t len, StdRef *out,
						 char *err, size_t errlen);

/*
 * Canonical text ("ISO/IEC 27001:2022/Amd 1:2024"); always NUL-terminated
 * and printable ASCII.  Returns the length written (less than buflen; a
 * buffer of STDREF_TEXT_MAX bytes always suffices).
 */
#define STDREF_TEXT_MAX 96
extern int	stdref_format(const StdRef *ref, char *buf, size_t buflen);

/* The standard alone, without edition and amendments ("IEC 62443-2-1"). */
extern int	stdref_format_standard(const StdRef *ref, char *buf, size_t buflen);

/* One amendment or corrigendum ("Amd 1:2024", "Cor 2"). */
extern int	stdref_format_amd(const StdAmd *amd, char *buf, size_t buflen);

/*
 * Total order: standard (body, division, number, parts, document type),
 * then edition (undated first), then amendments (fewer first, each by
 * year, kind, number).  Returns -1, 0 or 1.
 */
extern int	stdref_cmp(const StdRef *a, const StdRef *b);

/* Same standard (body, division, number, parts, document type), any edition. */
extern int	stdref_same_standard(const StdRef *a, const StdRef *b);

/* Drop edition and amendments: the undated reference of the same standard. */
extern void stdref_without_edition(const StdRef *in, StdRef *out);

/*
 * Whether a struct is one that stdref_parse() can produce (every field in
 * range, unused bytes zero, amendments sorted).  For assertions.
 */
extern int	stdref_is_valid(const StdRef *ref);

#endif							/* ISMS_STDREF_H */
