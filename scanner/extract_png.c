/* extract_png.c — rights metadata of PNG images: text chunks, XMP, eXIf and raw profiles.
 *
 * A PNG is an 8-byte signature and chunks: LEN(4, big-endian) TYPE(4) DATA CRC(4). CRCs are
 * not checked (a wrong CRC does not make a copyright notice less true); every length is.
 * What is read:
 *
 *   tEXt  keyword NUL text                         (Latin-1 by the book, UTF-8 in practice)
 *   zTXt  keyword NUL method(0) zlib-data          inflated with a cap (RS_MEDIA_INFLATE_MAX)
 *   iTXt  keyword NUL flag method lang NUL translated-keyword NUL text (UTF-8, zlib if flag)
 *   eXIf  a TIFF structure (exif:Copyright, exif:Artist)
 *
 * Keywords Copyright, Author, Source, Disclaimer, Warning, Description and Comment (any
 * case) become png:<Keyword>; "XML:com.adobe.xmp" is an XMP packet; ImageMagick's
 * "Raw profile type exif|iptc|8bim|xmp|app1" holds a hex dump of an EXIF, IPTC or XMP block
 * ("\nexif\n   1234\n45786966..."), decoded with the same cap. iCCP (the ICC profile and
 * its vendor copyright) is never read. Inflated and decoded values are pinned to the offset
 * of the chunk data they came from (media.h); the rest keep the offsets of their bytes.
 */
#include "media.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const KEYS[] = {"Copyright", "Author",      "Source", "Disclaimer",
                                   "Warning",   "Description", "Comment"};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

typedef enum { K_NONE, K_TEXT, K_XMP, K_RAW } kind;

typedef struct png {
    rs_media m;
    rs_buf scratch; /* inflated text, hex-decoded profiles */
    rs_buf hex;
} png;

/* What the keyword d[0..n) names; *k gets the KEYS index for K_TEXT. */
static kind keyword(const unsigned char *d, size_t n, size_t *k)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (strlen(KEYS[i]) == n && strncasecmp((const char *)d, KEYS[i], n) == 0) {
            *k = i;
            return K_TEXT;
        }
    }
    if (n == 17 && memcmp(d, "XML:com.adobe.xmp", 17) == 0) return K_XMP;
    if (n > 17 && strncasecmp((const char *)d, "Raw profile type ", 17) == 0) return K_RAW;
    return K_NONE;
}

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10) : -1;
}

/* An ImageMagick raw profile: "\nNAME\n  LENGTH\nHEX..." decoded into p->hex and read as
 * EXIF, IPTC/8BIM or XMP by its first bytes. */
static rs_err raw_profile(png *p, const rs_span *s)
{
    const unsigned char *d = s->p;
    size_t i = 0, n = s->n, len = 0;
    while (i < n && (d[i] == '\n' || d[i] == '\r'))
        i++;
    while (i < n && d[i] != '\n') /* the profile's name */
        i++;
    while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
        i++;
    for (; i < n && d[i] >= '0' && d[i] <= '9' && len <= RS_MEDIA_INFLATE_MAX; i++)
        len = len * 10 + (d[i] - '0');
    if (len > RS_MEDIA_INFLATE_MAX) {
        rs_media_limit(&p->m, "limit: PNG raw profile of %zu bytes or more (offset %zu)", len,
                       rs_span_src(s, 0));
        len = RS_MEDIA_INFLATE_MAX;
    }
    rs_buf_reset(&p->hex);
    rs_err e = rs_buf_reserve(&p->hex, len);
    int hi = -1;
    for (; !e && i < n && p->hex.len < len; i++) {
        int v = hexval(d[i]);
        if (v < 0) continue;
        if (hi < 0) {
            hi = v;
            continue;
        }
        p->hex.data[p->hex.len++] = (char)(hi << 4 | v);
        hi = -1;
    }
    if (e) return e == RS_ERR_LIMIT ? RS_OK : e;
    p->hex.data[p->hex.len] = '\0';
    rs_span v = {(const unsigned char *)p->hex.data, p->hex.len, rs_span_src(s, 0), true};
    if (v.n >= 6 && memcmp(v.p, "Exif\0\0", 6) == 0) {
        v.p += 6, v.n -= 6;
        e = rs_media_tiff(&p->m, &v, false);
        return e == RS_ERR_CORRUPT ? RS_OK : e;
    }
    if (v.n >= 4 && (memcmp(v.p, "II*\0", 4) == 0 || memcmp(v.p, "MM\0*", 4) == 0)) {
        e = rs_media_tiff(&p->m, &v, false);
        return e == RS_ERR_CORRUPT ? RS_OK : e;
    }
    if (v.n >= 4 && memcmp(v.p, "8BIM", 4) == 0) return rs_media_irb(&p->m, &v);
    if (v.n >= 1 && v.p[0] == 0x1C) return rs_media_iim(&p->m, &v);
    if (v.n >= 29 && memcmp(v.p, "http://ns.adobe.com/xap/1.0/", 29) == 0) v.p += 29, v.n -= 29;
    return rs_media_xmp(&p->m, &v);
}

/* A text value s (already inflated when it was compressed) under keyword kind k/ki. */
static rs_err text_value(png *p, kind k, size_t ki, const rs_span *s, rs_mtext t)
{
    if (k == K_XMP) return rs_media_xmp(&p->m, s);
    if (k == K_RAW) return raw_profile(p, s);
    char name[32];
    snprintf(name, sizeof name, "png:%s", KEYS[ki]);
    return rs_media_value(&p->m, name, s, t);
}

/* Inflates s into p->scratch and returns it as a pinned span in *out. */
static rs_err inflated(png *p, const rs_span *s, const char *type, rs_span *out)
{
    char what[40];
    snprintf(what, sizeof what, "PNG %s chunk", type);
    rs_err e = rs_media_inflate(&p->m, s, RS_MEDIA_INFLATE_MAX, false, what, &p->scratch);
    out->p = (const unsigned char *)(p->scratch.data ? p->scratch.data : "");
    out->n = p->scratch.len;
    out->src = rs_span_src(s, 0);
    out->pinned = true;
    return e;
}

/* tEXt, zTXt, iTXt: keyword NUL ... */
static rs_err text_chunk(png *p, const char *type, const rs_span *c)
{
    const unsigned char *z = memchr(c->p, '\0', c->n < 80 ? c->n : 80);
    if (!z) return RS_OK; /* no keyword: not a text chunk we can read */
    size_t kl = (size_t)(z - c->p), ki = 0, i = kl + 1;
    kind k = keyword(c->p, kl, &ki);
    if (k == K_NONE) return RS_OK;
    rs_span v;
    if (type[0] == 't') {
        v = rs_span_sub(c, i, c->n - i);
        return text_value(p, k, ki, &v, RS_MT_AUTO);
    }
    if (type[0] == 'z') {
        if (c->n - i < 1 || c->p[i] != 0) return RS_OK; /* method 0 is the only one */
        rs_span data = rs_span_sub(c, i + 1, c->n - i - 1);
        rs_err e = inflated(p, &data, type, &v);
        return e ? e : text_value(p, k, ki, &v, RS_MT_AUTO);
    }
    if (c->n - i < 2) return RS_OK;
    bool compressed = c->p[i] == 1;
    i += 2;
    for (int skip = 0; skip < 2; skip++) { /* language tag, translated keyword */
        const unsigned char *nul = memchr(c->p + i, '\0', c->n - i);
        if (!nul) return RS_OK;
        i = (size_t)(nul - c->p) + 1;
    }
    v = rs_span_sub(c, i, c->n - i);
    if (compressed) {
        rs_span data = v;
        rs_err e = inflated(p, &data, type, &v);
        if (e) return e;
    }
    return text_value(p, k, ki, &v, RS_MT_UTF8);
}

static rs_err chunk(png *p, const char *type, const rs_span *c)
{
    if (!strcmp(type, "tEXt") || !strcmp(type, "zTXt") || !strcmp(type, "iTXt"))
        return text_chunk(p, type, c);
    if (!strcmp(type, "eXIf")) {
        rs_span v = *c;
        if (v.n >= 6 && memcmp(v.p, "Exif\0\0", 6) == 0) v = rs_span_sub(c, 6, c->n - 6);
        rs_err e = rs_media_tiff(&p->m, &v, false);
        return e == RS_ERR_CORRUPT ? RS_OK : e;
    }
    return RS_OK; /* iCCP and the image itself are never read */
}

static rs_err walk(png *p, const rs_span *u)
{
    const unsigned char *d = u->p;
    size_t i = 8, n = u->n;
    rs_err e = RS_OK;
    while (!e && i < n) {
        if (n - i < 8) {
            rs_media_broken(&p->m, "corrupt: PNG chunk header cut off at offset %zu", i);
            break;
        }
        size_t len = rs_be32(d + i), body = i + 8;
        char type[5];
        for (int k = 0; k < 4; k++) {
            unsigned char c = d[i + 4 + k];
            type[k] = (char)(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? c : '?');
        }
        type[4] = '\0';
        bool past = len > n - body;
        rs_span c = rs_span_sub(u, body, past ? n - body : len);
        e = chunk(p, type, &c);
        if (past) {
            rs_media_broken(&p->m,
                            "corrupt: PNG %s chunk at offset %zu claims %zu bytes, past the "
                            "end of the file",
                            type, i, len);
            break;
        }
        if (!strcmp(type, "IEND") || n - body - len < 4) break;
        i = body + len + 4;
    }
    return e;
}

rs_err rs_extract_png(rs_extract_ctx *cx)
{
    if (!cx->data || cx->len < 8 || memcmp(cx->data, "\x89PNG\r\n\x1a\n", 8) != 0)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: not a PNG file (no signature)");
    png p;
    rs_media_init(&p.m, cx);
    rs_buf_init(&p.scratch, 0);
    rs_buf_init(&p.hex, 0);
    size_t before = cx->out->n;
    rs_span u = rs_span_unit(cx);
    rs_err e = walk(&p, &u);
    rs_buf_free(&p.scratch);
    rs_buf_free(&p.hex);
    return rs_media_done(&p.m, e, before);
}
