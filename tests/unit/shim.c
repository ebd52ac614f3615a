/*
 * shim.c: palloc on an arena, and PostgreSQL's Julian-day conversions
 * (src/backend/utils/adt/datetime.c), for the engine outside the server.
 */
#include "shim.h"

typedef struct Block
{
	struct Block *prev,
			   *next;
	size_t		size;
	max_align_t align[];
} Block;

static Block arena = {&arena, &arena, 0};

static void *
attach(Block *b, size_t size)
{
	if (b == NULL)
		abort();
	b->size = size;
	b->next = arena.next;
	b->prev = &arena;
	arena.next->prev = b;
	arena.next = b;
	return b->align;
}

void *
palloc(size_t size)
{
	return attach(malloc(sizeof(Block) + Max(size, 1)), size);
}

void *
palloc0(size_t size)
{
	return attach(calloc(1, sizeof(Block) + Max(size, 1)), size);
}

void
pfree(void *p)
{
	Block	   *b = (Block *) ((char *) p - offsetof(Block, align));

	b->prev->next = b->next;
	b->next->prev = b->prev;
	free(b);
}

void *
repalloc(void *p, size_t size)
{
	Block	   *b = (Block *) ((char *) p - offsetof(Block, align));
	void	   *q = palloc(size);

	memcpy(q, p, Min(b->size, size));
	pfree(p);
	return q;
}

char *
pstrdup(const char *s)
{
	size_t		n = strlen(s) + 1;

	return memcpy(palloc(n), s, n);
}

char *
psprintf(const char *fmt,...)
{
	va_list		ap;
	int			n;
	char	   *buf;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf = palloc(n + 1);
	va_start(ap, fmt);
	vsnprintf(buf, n + 1, fmt, ap);
	va_end(ap);
	return buf;
}

void
shim_reset(void)
{
	while (arena.next != &arena)
	{
		Block	   *b = arena.next;

		arena.next = b->next;
		free(b);
	}
	arena.prev = &arena;
}

size_t
shim_strlcpy(char *dst, const char *src, size_t siz)
{
	size_t		n = strlen(src);

	if (siz > 0)
	{
		size_t		k = n < siz - 1 ? n : siz - 1;

		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}

void
shim_error(const char *file, int line)
{
	fprintf(stderr, "engine raised an error at %s:%d\n", file, line);
	abort();
}

const int	day_tab[2][13] = {
	{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
	{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0}
};

int
date2j(int year, int month, int day)
{
	int			julian;
	int			century;

	if (month > 2)
	{
		month += 1;
		year += 4800;
	}
	else
	{
		month += 13;
		year += 4799;
	}
	century = year / 100;
	julian = year * 365 - 32167;
	julian += year / 4 - century + century / 4;
	julian += 7834 * month / 256 + day;
	return julian;
}

void
j2date(int jd, int *year, int *month, int *day)
{
	unsigned int julian;
	unsigned int quad;
	unsigned int extra;
	int			y;

	julian = jd;
	julian += 32044;
	quad = julian / 146097;
	extra = (julian - quad * 146097) * 4 + 3;
	julian += 60 + quad * 3 + extra / 146097;
	quad = julian / 1461;
	julian -= quad * 1461;
	y = julian * 4 / 1461;
	julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366))
		+ 123;
	y += quad * 4;
	*year = y - 4800;
	quad = julian * 2141 / 65536;
	*day = julian - 7834 * quad / 256;
	*month = (quad + 10) % 12 + 1;
}
