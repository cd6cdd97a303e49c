/* extract_fixture.h — helpers the extractor tests share: run an extractor on bytes, look at
 * fields, map text back to unit offsets, build zips in memory. Header-only (static inline). */
#ifndef RS_EXTRACT_FIXTURE_H
#define RS_EXTRACT_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

typedef struct run {
    rs_options opt;
    rs_fields fs;
    rs_extract_ctx cx;
    rs_err e;
} run;

static inline void run_init(run *r, size_t max_bytes)
{
    memset(r, 0, sizeof *r);
    r->opt.limits.max_depth = 8;
    r->opt.limits.max_member_bytes = 256u << 20;
    r->opt.limits.max_file_bytes = 1ull << 32;
    r->opt.limits.max_total_bytes = 1ull << 30;
    r->opt.limits.max_members = 100000;
    r->opt.limits.max_ratio = 1000;
    rs_fields_init(&r->fs, max_bytes);
}

/* Runs the registered extractor for type on data[0..len) (r set up by run_init). */
static inline rs_err run_on(run *r, rs_type type, const void *data, size_t len)
{
    rs_fields_reset(&r->fs);
    memset(&r->cx, 0, sizeof r->cx);
    r->cx.data = data;
    r->cx.len = len;
    r->cx.name = "unit";
    r->cx.type = type;
    r->cx.opt = &r->opt;
    r->cx.out = &r->fs;
    rs_extract_fn fn = rs_extractor_for(type);
    assert_non_null(fn);
    return r->e = fn(&r->cx);
}

/* Runs on a NUL-terminated string. */
static inline rs_err run_str(run *r, rs_type type, const char *s)
{
    return run_on(r, type, s, strlen(s));
}

static inline void run_free(run *r)
{
    rs_fields_free(&r->fs);
}

/* The field called name; fails the test when absent. */
static inline const rs_field *field(const run *r, const char *name)
{
    const rs_field *f = rs_fields_find(&r->fs, name);
    if (!f) fail_msg("no field %s", name);
    return f;
}

/* Asserts a field's text equals want, and that it is valid UTF-8. */
static inline void text_is(const run *r, const char *name, const char *want)
{
    const rs_field *f = field(r, name);
    if (f->len != strlen(want) || memcmp(f->text, want, f->len) != 0)
        fail_msg("field %s is \"%.*s\", want \"%s\"", name, (int)f->len, f->text, want);
    assert_true(rs_utf8_valid((const unsigned char *)f->text, f->len));
}

/* Asserts a field's text contains want. */
static inline void text_has(const run *r, const char *name, const char *want)
{
    const rs_field *f = field(r, name);
    size_t n = strlen(want);
    for (size_t i = 0; i + n <= f->len; i++)
        if (memcmp(f->text + i, want, n) == 0) return;
    fail_msg("field %s (\"%.*s\") lacks \"%s\"", name, (int)f->len, f->text, want);
}

/* The unit offset that the first occurrence of needle in field name maps to. */
static inline size_t unit_off(const run *r, const char *name, const char *needle)
{
    const rs_field *f = field(r, name);
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= f->len; i++)
        if (memcmp(f->text + i, needle, n) == 0) return rs_offmap_lookup(&f->map, i);
    fail_msg("field %s lacks \"%s\"", name, needle);
    return SIZE_MAX;
}

/* The offset of needle[0..n) in hay[0..len). */
static inline size_t find_bytes(const void *hay, size_t len, const void *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp((const char *)hay + i, needle, n) == 0) return i;
    fail_msg("bytes not found");
    return SIZE_MAX;
}

static inline size_t find_str(const void *hay, size_t len, const char *needle)
{
    return find_bytes(hay, len, needle, strlen(needle));
}

/* Asserts a reason starts with prefix. */
static inline void reason_is(const run *r, const char *prefix)
{
    if (strncmp(r->cx.reason, prefix, strlen(prefix)) != 0)
        fail_msg("reason \"%s\", want \"%s...\"", r->cx.reason, prefix);
}

/* ---- zips ---- */

typedef struct zmember {
    const char *name, *data;
} zmember;

/* Builds a zip of members (data NUL-terminated) into a malloc'd buffer. */
static inline unsigned char *zip_build(const zmember *m, size_t n, size_t *len)
{
    size_t cap = 1 << 20, used = 0;
    unsigned char *buf = malloc(cap);
    assert_non_null(buf);
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        size_t dl = strlen(m[i].data);
        archive_entry_set_pathname(e, m[i].name);
        archive_entry_set_size(e, (la_int64_t)dl);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, m[i].data, dl), (la_ssize_t)dl);
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    *len = used;
    return buf;
}

/* A deterministic pseudo-random generator for the mutation tests. */
static inline uint32_t prng(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

#endif
