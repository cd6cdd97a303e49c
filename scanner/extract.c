/* extract.c — the extractor registry (type → extractor) and the field helpers extractors share.
 *
 * The registry is the RS_EXTRACTORS list in extract.h: one line per type. Types it does not
 * name (the archives and compressed streams, which the engine opens itself) have none.
 */
#include "extract.h"

#include <stdio.h>
#include <string.h>

static const rs_extract_fn TABLE[RS_TYPE__COUNT] = {
#define RS_X(type, fn) [RS_TYPE_##type] = rs_extract_##fn,
    RS_EXTRACTORS(RS_X)
#undef RS_X
};

rs_extract_fn rs_extractor_for(rs_type t)
{
    if ((unsigned)t >= RS_TYPE__COUNT) return NULL;
    return TABLE[t];
}

rs_err rs_extract_fail(rs_extract_ctx *cx, rs_err e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cx->reason, sizeof cx->reason, fmt, ap);
    va_end(ap);
    return e;
}

rs_err rs_extract_err(rs_extract_ctx *cx, rs_err e)
{
    if (e == RS_OK || cx->reason[0]) return e;
    if (e == RS_ERR_LIMIT)
        return rs_extract_fail(cx, e, "limit: extracted text larger than %zu bytes",
                               cx->out->max_bytes);
    if (e == RS_ERR_NOMEM) return rs_extract_fail(cx, e, "out of memory");
    return e;
}

rs_err rs_field_newline(rs_field *f, size_t src)
{
    if (!f->own.len || f->own.data[f->own.len - 1] == '\n') return RS_OK;
    return rs_field_append(f, "\n", 1, src);
}

rs_err rs_fields_line(rs_fields *fs, const char *name, bool metadata, bool positional, size_t src,
                      size_t *idx)
{
    for (size_t i = 0; i < fs->n; i++) {
        rs_field *f = &fs->v[i];
        if (strcmp(f->name, name) != 0 || (!f->own.data && f->len)) continue; /* borrowed */
        *idx = i;
        return f->own.len ? rs_field_append(f, "\n", 1, src) : RS_OK;
    }
    rs_field *f;
    rs_err e = rs_fields_add(fs, name, metadata, positional, &f);
    if (!e) *idx = fs->n - 1;
    return e;
}
