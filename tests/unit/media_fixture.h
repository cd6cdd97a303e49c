/* media_fixture.h — byte builders for the media and news extractor tests: integers in either
 * byte order, zlib, ISO BMFF boxes, and a hostile-input runner (every prefix, random
 * mutations). Header-only (static inline), on top of extract_fixture.h. */
#ifndef RS_MEDIA_FIXTURE_H
#define RS_MEDIA_FIXTURE_H

#include "extract_fixture.h"

#include <zlib.h>

static inline void b_put(rs_buf *b, const void *p, size_t n)
{
    assert_int_equal(rs_buf_append(b, p, n), RS_OK);
}

static inline void b_str(rs_buf *b, const char *s)
{
    b_put(b, s, strlen(s));
}

/* s with its terminating NUL */
static inline void b_strz(rs_buf *b, const char *s)
{
    b_put(b, s, strlen(s) + 1);
}

static inline void b_u8(rs_buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    b_put(b, &c, 1);
}

static inline void b_16(rs_buf *b, unsigned v, bool le)
{
    unsigned char x[2] = {(unsigned char)(le ? v : v >> 8), (unsigned char)(le ? v >> 8 : v)};
    b_put(b, x, 2);
}

static inline void b_32(rs_buf *b, uint32_t v, bool le)
{
    b_16(b, le ? v & 0xFFFF : v >> 16, le);
    b_16(b, le ? v >> 16 : v & 0xFFFF, le);
}

static inline void b_be16(rs_buf *b, unsigned v)
{
    b_16(b, v, false);
}
static inline void b_be32(rs_buf *b, uint32_t v)
{
    b_32(b, v, false);
}
static inline void b_le16(rs_buf *b, unsigned v)
{
    b_16(b, v, true);
}
static inline void b_le32(rs_buf *b, uint32_t v)
{
    b_32(b, v, true);
}

/* Overwrites 4 bytes at offset at. */
static inline void b_patch32(rs_buf *b, size_t at, uint32_t v, bool le)
{
    for (int k = 0; k < 4; k++)
        b->data[at + k] = (char)(le ? v >> (8 * k) : v >> (24 - 8 * k));
}

/* p[0..n) compressed with zlib (with its header). */
static inline void b_zlib(rs_buf *b, const void *p, size_t n)
{
    uLongf cap = compressBound((uLong)n);
    unsigned char *z = malloc(cap);
    assert_non_null(z);
    assert_int_equal(compress2(z, &cap, p, (uLong)n, 9), Z_OK);
    b_put(b, z, cap);
    free(z);
}

/* An ISO BMFF box: box_begin writes a placeholder size and the type, box_end patches it. */
static inline size_t box_begin(rs_buf *b, const char *type)
{
    size_t at = b->len;
    b_be32(b, 0);
    b_put(b, type, 4);
    return at;
}

static inline void box_end(rs_buf *b, size_t at)
{
    b_patch32(b, at, (uint32_t)(b->len - at), false);
}

/* The offset of needle in a buffer, failing when absent. */
static inline size_t b_find(const rs_buf *b, const void *needle, size_t n)
{
    return find_bytes(b->data, b->len, needle, n);
}

/* Checks what an extractor may return on hostile input: no crash (ASan watches), an
 * expected code with a reason of the right kind, valid UTF-8, offsets inside the unit. */
static inline void sane(const run *r, rs_err e, size_t len)
{
    if (!(e == RS_OK || e == RS_ERR_CORRUPT || e == RS_ERR_LIMIT))
        fail_msg("unexpected error %d (%s)", e, r->cx.reason);
    if (e == RS_ERR_CORRUPT) reason_is(r, "corrupt: ");
    if (e == RS_ERR_LIMIT) reason_is(r, "limit: ");
    for (size_t i = 0; i < r->fs.n; i++) {
        const rs_field *f = &r->fs.v[i];
        assert_true(rs_utf8_valid((const unsigned char *)f->text, f->len));
        if (!f->len) continue;
        size_t last = f->len - 1; /* the last character's first byte */
        while (last && ((unsigned char)f->text[last] & 0xC0) == 0x80)
            last--;
        assert_true(rs_offmap_lookup(&f->map, 0) <= len);
        assert_true(rs_offmap_lookup(&f->map, last) <= len);
    }
}

/* Every prefix of data, and rounds random mutations of it. */
static inline void hostile(rs_type type, const void *data, size_t len, int rounds)
{
    run r;
    run_init(&r, 1 << 20);
    for (size_t n = 0; n <= len; n++)
        sane(&r, run_on(&r, type, data, n), n);
    unsigned char *m = malloc(len ? len : 1);
    assert_non_null(m);
    uint32_t seed = (uint32_t)type * 7919u + 1;
    for (int round = 0; round < rounds && len; round++) {
        memcpy(m, data, len);
        for (int k = 0; k < 1 + round % 8; k++)
            m[prng(&seed) % len] = (unsigned char)prng(&seed);
        sane(&r, run_on(&r, type, m, len), len);
    }
    free(m);
    run_free(&r);
}

#endif
