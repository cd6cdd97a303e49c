/* unit.c — copying a borrowed rs_unit into one block the caller owns (rs_unit_dup). */
#include "rightscan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A bump allocator over one block sized by a first, measuring pass. */
typedef struct {
    char *p;     /* NULL while measuring */
    size_t used; /* bytes used (or needed) */
} arena;

static void *take(arena *a, size_t n, size_t align)
{
    a->used = (a->used + align - 1) & ~(align - 1);
    void *r = a->p ? a->p + a->used : NULL;
    a->used += n;
    return r;
}

static const char *str(arena *a, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = take(a, n, 1);
    if (d) memcpy(d, s, n);
    return d;
}

static rs_finding *findings(arena *a, const rs_unit *u)
{
    rs_finding *f = take(a, u->nfindings * sizeof *f, _Alignof(rs_finding));
    for (size_t i = 0; i < u->nfindings; i++) {
        const rs_finding *s = &u->findings[i];
        rs_finding d = *s;
        d.signature = str(a, s->signature);
        d.holder = str(a, s->holder);
        d.holder_name = str(a, s->holder_name);
        d.field = str(a, s->field);
        d.excerpt = str(a, s->excerpt);
        if (f) f[i] = d;
    }
    return f;
}

static rs_unit *layout(arena *a, const rs_unit *u)
{
    rs_unit *d = take(a, sizeof *d, _Alignof(rs_unit));
    rs_unit c = *u;
    c.path = str(a, u->path);
    c.reason = str(a, u->reason);
    c.type = str(a, u->type);
    c.holder = str(a, u->holder);
    c.holder_name = str(a, u->holder_name);
    c.sidecar_of = str(a, u->sidecar_of);
    c.policy = str(a, u->policy);
    c.policy_reason = str(a, u->policy_reason);
    rs_finding *f = findings(a, u);
    c.findings = f;
    rs_property *p = take(a, u->nproperties * sizeof *p, _Alignof(rs_property));
    for (size_t i = 0; i < u->nproperties; i++) {
        rs_property q = u->properties[i];
        q.value = str(a, q.value);
        q.field = str(a, q.field);
        q.raw = str(a, q.raw);
        if (p) p[i] = q;
    }
    c.properties = p;
    rs_conflict *k = take(a, u->nconflicts * sizeof *k, _Alignof(rs_conflict));
    for (size_t i = 0; i < u->nconflicts && k; i++) { /* re-point into the copied findings */
        k[i].a = f + (u->conflicts[i].a - u->findings);
        k[i].b = f + (u->conflicts[i].b - u->findings);
        k[i].why = str(a, u->conflicts[i].why);
    }
    for (size_t i = 0; i < u->nconflicts && !k; i++)
        str(a, u->conflicts[i].why);
    c.conflicts = k;
    if (d) *d = c;
    return d;
}

rs_unit *rs_unit_dup(const rs_unit *u)
{
    arena a = {NULL, 0};
    layout(&a, u); /* measure */
    a.p = malloc(a.used ? a.used : 1);
    if (!a.p) return NULL;
    a.used = 0;
    return layout(&a, u);
}

void rs_unit_free(rs_unit *u)
{
    free(u); /* one block: the unit sits at its start */
}
