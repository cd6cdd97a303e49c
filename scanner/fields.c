/* fields.c — the text fields an extractor produces for one unit. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void rs_fields_init(rs_fields *fs, size_t max_bytes)
{
    fs->v = NULL;
    fs->n = fs->cap = 0;
    fs->max_bytes = max_bytes;
}

static void field_clear(rs_field *f)
{
    rs_buf_free(&f->own);
    rs_offmap_free(&f->map);
}

void rs_fields_reset(rs_fields *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        field_clear(&fs->v[i]);
    fs->n = 0;
}

void rs_fields_free(rs_fields *fs)
{
    rs_fields_reset(fs);
    free(fs->v);
    fs->v = NULL;
    fs->cap = 0;
}

static rs_err add(rs_fields *fs, const char *name, bool metadata, bool positional, rs_field **out)
{
    if (fs->n == fs->cap) {
        size_t cap = fs->cap ? fs->cap * 2 : 8;
        rs_field *v = realloc(fs->v, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        fs->v = v;
        fs->cap = cap;
    }
    rs_field *f = &fs->v[fs->n++];
    memset(f, 0, sizeof *f);
    size_t n = strlen(name);
    if (n >= sizeof f->name) n = sizeof f->name - 1;
    memcpy(f->name, name, n);
    f->metadata = metadata;
    f->positional = positional;
    rs_buf_init(&f->own, fs->max_bytes);
    rs_offmap_init(&f->map);
    f->text = "";
    *out = f;
    return RS_OK;
}

rs_err rs_fields_add(rs_fields *fs, const char *name, bool metadata, bool positional,
                     rs_field **out)
{
    return add(fs, name, metadata, positional, out);
}

rs_err rs_fields_add_borrowed(rs_fields *fs, const char *name, bool metadata, bool positional,
                              const char *text, size_t len, size_t src_off, rs_field **out)
{
    rs_field *f;
    rs_err e = add(fs, name, metadata, positional, &f);
    if (e) return e;
    f->text = text;
    f->len = len;
    if (src_off && (e = rs_offmap_note(&f->map, 0, src_off))) return e;
    *out = f;
    return RS_OK;
}

rs_err rs_field_append(rs_field *f, const char *p, size_t n, size_t src)
{
    if (!n) return RS_OK;
    rs_err e = rs_offmap_note(&f->map, f->own.len, src);
    if (e) return e;
    e = rs_buf_append(&f->own, p, n);
    f->text = f->own.data;
    f->len = f->own.len;
    return e;
}

rs_err rs_field_put_cp(rs_field *f, uint32_t cp, size_t src)
{
    size_t at = f->own.len;
    rs_err e = rs_buf_put_utf8(&f->own, cp);
    if (e) return e;
    /* every byte of the code point maps to its start: note start, and break the run after */
    e = rs_offmap_note(&f->map, at, src);
    f->text = f->own.data;
    f->len = f->own.len;
    return e;
}

void rs_field_finish(rs_field *f)
{
    if (f->own.data) {
        f->text = f->own.data;
        f->len = f->own.len;
    }
}

const rs_field *rs_fields_find(const rs_fields *fs, const char *name)
{
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->v[i].name, name) == 0) return &fs->v[i];
    return NULL;
}

void rs_subunits_init(rs_subunits *su, size_t max_bytes)
{
    memset(su, 0, sizeof *su);
    su->max_bytes = max_bytes;
}

void rs_subunits_reset(rs_subunits *su)
{
    for (size_t i = 0; i < su->n; i++) {
        free(su->v[i].name);
        free(su->v[i].data);
    }
    su->n = 0;
    su->bytes = 0;
}

void rs_subunits_free(rs_subunits *su)
{
    rs_subunits_reset(su);
    free(su->v);
    su->v = NULL;
    su->cap = 0;
}

rs_err rs_extract_add_subunit(rs_extract_ctx *cx, const char *name, const void *data, size_t len)
{
    rs_subunits *su = cx->sub;
    if (!su) return RS_OK;
    bool over = len > su->max_bytes - su->bytes; /* recorded as a skipped unit, not copied */
    if (su->n == su->cap) {
        size_t cap = su->cap ? su->cap * 2 : 4;
        rs_subunit *v = realloc(su->v, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        su->v = v;
        su->cap = cap;
    }
    rs_subunit *u = &su->v[su->n];
    u->name = strdup(name);
    u->data = over ? NULL : malloc(len ? len : 1);
    if (!u->name || (!over && !u->data)) {
        free(u->name);
        free(u->data);
        return RS_ERR_NOMEM;
    }
    if (len && !over) memcpy(u->data, data, len);
    u->len = len;
    su->n++;
    if (!over) su->bytes += len;
    return RS_OK;
}
