/* fuzz_common.c — limits, signatures and contract checks shared by the fuzz targets. */
#include "fuzz_common.h"

#include <unistd.h>

#include <fcntl.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef RS_FUZZ_SIGNATURES
#define RS_FUZZ_SIGNATURES "signatures"
#endif

void rs_fuzz_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rs-fuzz: contract broken (%s:%d): ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

bool rs_fuzz_strict(void)
{
    const char *v = getenv("RS_FUZZ_STRICT");
    return v && *v == '1';
}

void rs_fuzz_options(rs_options *o)
{
    rs_options_default(o);
    o->limits.max_depth = 4;
    o->limits.max_member_bytes = 1u << 20;
    o->limits.max_total_bytes = 4u << 20;
    o->limits.max_members = 256;
    o->limits.max_ratio = 200;
    o->as_of = 1764309600; /* fixed: reruns of an input behave alike */
}

const rs_sigdb *rs_fuzz_sigdb(void)
{
    static rs_sigdb *db; /* loaded once per process, never changed */
    if (db) return db;
    const char *dir = getenv("RIGHTSCAN_SIGNATURES");
    if (!dir || !*dir) dir = RS_FUZZ_SIGNATURES;
    char err[512];
    if (rs_sigdb_load(&dir, 1, &db, err, sizeof err) != RS_OK) {
        fprintf(stderr, "rs-fuzz: cannot load the signatures in %s: %s\n", dir, err);
        abort();
    }
    return db;
}

/* Types whose offsets need not be offsets in the unit's own bytes: the documents read as
 * parts (family 'D': DOCX, ODT, EPUB, XLSX, ... give offsets in the XML part a value came
 * from, PDF page text offsets in the extracted text), RTF excepted (its own bytes). */
static bool offsets_free(rs_type type)
{
    return rs_type_family(type) == 'D' && type != RS_TYPE_RTF;
}

static bool offsets_free_mime(const char *mime)
{
    for (int t = 0; mime && t < RS_TYPE__COUNT; t++)
        if (offsets_free((rs_type)t) && strcmp(rs_type_mime((rs_type)t), mime) == 0) return true;
    return false;
}

static void check_field(const rs_field *f, size_t unit_len, rs_type type, size_t cap)
{
    RS_FUZZ_CHECK(memchr(f->name, '\0', sizeof f->name), "field name not terminated");
    RS_FUZZ_CHECK(f->text != NULL, "field %s: NULL text", f->name);
    /* an owned field is NUL-terminated; a borrowed one (the unit's own bytes) need not be,
     * so reading text[len] is not checked here: ASan catches any reader that does */
    if (f->own.data && f->text == f->own.data)
        RS_FUZZ_CHECK(f->text[f->len] == '\0', "field %s: owned text not NUL-terminated", f->name);
    RS_FUZZ_CHECK(rs_utf8_valid((const unsigned char *)f->text, f->len),
                  "field %s: text is not valid UTF-8 (%zu bytes)", f->name, f->len);
    RS_FUZZ_CHECK(!cap || f->len <= cap, "field %s: %zu bytes, over the cap %zu", f->name, f->len,
                  cap);
    for (size_t i = 1; i < f->map.n; i++)
        RS_FUZZ_CHECK(f->map.pts[i].text >= f->map.pts[i - 1].text,
                      "field %s: map checkpoints out of order", f->name);
    if (offsets_free(type) || !f->len) return;
    /* every code point start maps into the unit (a finding's offset comes from here): at
     * most to its end; with RS_FUZZ_STRICT=1 strictly inside, but for a line break an
     * extractor adds between values */
    bool strict = rs_fuzz_strict();
    size_t step = f->len > 4096 ? f->len / 4096 : 1;
    for (size_t t = 0; t < f->len; t += step) {
        while (t < f->len && ((unsigned char)f->text[t] & 0xC0) == 0x80)
            t++;
        if (t >= f->len) break;
        size_t src = rs_offmap_lookup(&f->map, t);
        bool inside = src < unit_len || (src == unit_len && (!strict || f->text[t] == '\n'));
        RS_FUZZ_CHECK(inside, "field %s: text offset %zu maps to %zu, past the unit (%zu)", f->name,
                      t, src, unit_len);
    }
}

void rs_fuzz_check_fields(const rs_fields *fs, const rs_subunits *sub, size_t len)
{
    rs_fuzz_check_fields_of(fs, sub, len, RS_TYPE_UNKNOWN);
}

void rs_fuzz_check_fields_of(const rs_fields *fs, const rs_subunits *sub, size_t len, rs_type type)
{
    RS_FUZZ_CHECK(fs->n <= fs->cap, "fields: n %zu > cap %zu", fs->n, fs->cap);
    for (size_t i = 0; i < fs->n; i++)
        check_field(&fs->v[i], len, type, fs->max_bytes);
    if (!sub) return;
    size_t bytes = 0;
    for (size_t i = 0; i < sub->n; i++) {
        RS_FUZZ_CHECK(sub->v[i].name && *sub->v[i].name, "embedded unit %zu without a name", i);
        RS_FUZZ_CHECK(sub->v[i].data || !sub->v[i].len, "embedded unit %zu without bytes", i);
        bytes += sub->v[i].len;
    }
    RS_FUZZ_CHECK(!sub->max_bytes || bytes <= sub->max_bytes,
                  "embedded units: %zu bytes, over the cap %zu", bytes, sub->max_bytes);
}

static bool unit_interval(double v)
{
    return !isnan(v) && v >= 0.0 && v <= 1.0;
}

void rs_fuzz_check_unit(const rs_unit *u)
{
    RS_FUZZ_CHECK(u->path != NULL, "unit without a path");
    RS_FUZZ_CHECK(u->status <= RS_STATUS_FAILED, "%s: bad status %d", u->path, (int)u->status);
    if (u->status != RS_STATUS_SCANNED)
        RS_FUZZ_CHECK(u->reason && *u->reason, "%s: %s without a reason", u->path,
                      rs_status_name(u->status));
    RS_FUZZ_CHECK(u->cls <= RS_CLASS_RESTRICTED, "%s: bad class %d", u->path, (int)u->cls);
    RS_FUZZ_CHECK((u->cls == RS_CLASS_NONE) == (u->holder == NULL),
                  "%s: holder must be NULL exactly when the class is none", u->path);
    RS_FUZZ_CHECK(!u->nfindings || u->findings, "%s: findings missing", u->path);
    bool free_offsets = offsets_free_mime(u->type);
    for (size_t i = 0; i < u->nfindings; i++) {
        const rs_finding *f = &u->findings[i];
        RS_FUZZ_CHECK(f->signature && f->holder && f->field && f->excerpt,
                      "%s: finding %zu with a NULL string", u->path, i);
        RS_FUZZ_CHECK(f->kind <= RS_KIND_LICENCE && f->cls > RS_CLASS_NONE &&
                          f->cls <= RS_CLASS_RESTRICTED,
                      "%s: finding %zu with a bad kind or class", u->path, i);
        RS_FUZZ_CHECK((f->line == 0) == (f->column == 0), "%s: finding %zu: line %u column %u",
                      u->path, i, f->line, f->column);
        RS_FUZZ_CHECK(rs_utf8_valid((const unsigned char *)f->excerpt, strlen(f->excerpt)),
                      "%s: finding %zu: excerpt is not valid UTF-8", u->path, i);
        RS_FUZZ_CHECK(strlen(f->excerpt) <= 256, "%s: finding %zu: excerpt of %zu bytes", u->path,
                      i, strlen(f->excerpt));
        RS_FUZZ_CHECK(unit_interval(f->confidence) && unit_interval(f->score) &&
                          unit_interval(f->coverage),
                      "%s: finding %zu: confidence/score/coverage out of 0..1", u->path, i);
        if (!free_offsets)
            RS_FUZZ_CHECK(f->offset <= u->size,
                          "%s: finding %zu at offset %llu, past the unit (%llu)", u->path, i,
                          (unsigned long long)f->offset, (unsigned long long)u->size);
    }
    for (size_t i = 0; i < u->nproperties; i++)
        RS_FUZZ_CHECK(u->properties[i].value && u->properties[i].field,
                      "%s: property %zu with a NULL string", u->path, i);
    for (size_t i = 0; i < u->nconflicts; i++) {
        const rs_conflict *c = &u->conflicts[i];
        RS_FUZZ_CHECK(c->a >= u->findings && c->a < u->findings + u->nfindings &&
                          c->b >= u->findings && c->b < u->findings + u->nfindings && c->why,
                      "%s: conflict %zu does not point into the findings", u->path, i);
    }
}

static char tmp_dir[64], tmp_file[96];

static void drop_tmp(void)
{
    unlink(tmp_file);
    rmdir(tmp_dir);
}

const char *rs_fuzz_tmpfile(const char *prefix, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof tmp_dir, "%s/rs-fuzz-%s-XXXXXX",
             tmp && strlen(tmp) < 32 ? tmp : "/tmp", prefix);
    if (!mkdtemp(tmp_dir)) abort();
    snprintf(tmp_file, sizeof tmp_file, "%s/%s", tmp_dir, name);
    atexit(drop_tmp);
    return tmp_file;
}

void rs_fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) abort();
    for (size_t off = 0; off < size;) {
        ssize_t k = write(fd, data + off, size - off);
        if (k <= 0) abort();
        off += (size_t)k;
    }
    close(fd);
}
