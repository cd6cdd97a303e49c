/* media.c — the readers the binary media extractors share (media.h): values into fields,
 * TIFF/EXIF IFDs, IPTC IIM, Photoshop resources, bounded inflation, ISO BMFF box headers.
 *
 * TIFF. A TIFF structure (the whole of a .tif file; the body of JPEG's APP1 "Exif", PNG's
 * eXIf, WebP's EXIF chunk and HEIF's Exif item) is: byte order "II" or "MM", 42, the offset
 * of IFD0, and a chain of IFDs, each a count, 12-byte entries (tag, type, count, value or
 * its offset when it is longer than 4 bytes) and the offset of the next IFD. The chain is
 * followed at most MAX_IFDS times and never back to an IFD already read, so a loop ends.
 *
 * IIM. Datasets are 1C rec ds LEN(2) DATA; LEN's top bit announces an extended length,
 * whose value is skipped unread. Record 1 dataset 90 (CodedCharacterSet) ESC % G says the
 * values are UTF-8.
 *
 * Every length and offset is compared with what is there as a size, never added to a
 * pointer first.
 */
#include "media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_IFDS 32

const unsigned char RS_XMP_UUID[16] = {0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8,
                                       0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC};

/* ---- spans ---- */

size_t rs_span_src(const rs_span *s, size_t k)
{
    return s->pinned ? s->src : s->src + k;
}

rs_span rs_span_sub(const rs_span *s, size_t off, size_t n)
{
    rs_span r = {s->p + off, n, rs_span_src(s, off), s->pinned};
    return r;
}

rs_span rs_span_unit(const rs_extract_ctx *cx)
{
    rs_span r = {cx->data ? cx->data : (const unsigned char *)"", cx->data ? cx->len : 0, 0, false};
    return r;
}

/* ---- the reader's state ---- */

void rs_media_init(rs_media *m, rs_extract_ctx *cx)
{
    memset(m, 0, sizeof *m);
    m->cx = cx;
}

const rs_charset *rs_media_legacy(rs_media *m)
{
    if (!m->have_cs) {
        const char *name = m->cx->opt ? m->cx->opt->legacy_charset : NULL;
        if (rs_charset_load(&m->cs, name) && rs_charset_load(&m->cs, NULL))
            for (unsigned b = 0; b < 256; b++)
                m->cs.cp[b] = b;
        m->have_cs = true;
    }
    return &m->cs;
}

void rs_media_limit(rs_media *m, const char *fmt, ...)
{
    if (m->limited) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->why, sizeof m->why, fmt, ap);
    va_end(ap);
    m->limited = true;
}

void rs_media_broken(rs_media *m, const char *fmt, ...)
{
    if (m->limited || m->broken) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->why, sizeof m->why, fmt, ap);
    va_end(ap);
    m->broken = true;
}

rs_err rs_media_done(rs_media *m, rs_err e, size_t before)
{
    rs_extract_ctx *cx = m->cx;
    if (e == RS_ERR_LIMIT && m->limited) return rs_extract_fail(cx, e, "%s", m->why);
    if (e) return rs_extract_err(cx, e);
    if (m->limited) return rs_extract_fail(cx, RS_ERR_LIMIT, "%s", m->why);
    if (m->broken && cx->out->n == before) return rs_extract_fail(cx, RS_ERR_CORRUPT, "%s", m->why);
    return RS_OK;
}

/* ---- values ---- */

rs_err rs_media_put(rs_media *m, rs_field *f, const rs_span *s, rs_mtext t)
{
    const rs_charset *cs = NULL;
    if (t == RS_MT_LEGACY || (t == RS_MT_AUTO && !rs_utf8_valid(s->p, s->n)))
        cs = rs_media_legacy(m);
    if (!s->pinned) return rs_put_text(f, s->p, s->n, s->src, cs);
    rs_err e = RS_OK;
    for (size_t i = 0; i < s->n && !e;) {
        uint32_t cp;
        size_t k = 1;
        if (cs)
            cp = cs->cp[s->p[i]];
        else
            k = rs_utf8_decode(s->p + i, s->n - i, &cp);
        if (!cp) cp = 0xFFFD;
        e = rs_field_put_cp(f, cp, s->src);
        i += k;
    }
    return e;
}

static bool blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
}

/* True when the owned field named name already has the line v[0..n). */
static bool has_line(const rs_fields *fs, const char *name, const char *v, size_t n)
{
    const rs_field *f = rs_fields_find(fs, name);
    if (!f || !f->own.data) return false;
    for (size_t i = 0; i + n <= f->len;) {
        const char *nl = memchr(f->text + i, '\n', f->len - i);
        size_t end = nl ? (size_t)(nl - f->text) : f->len;
        if (end - i == n && memcmp(f->text + i, v, n) == 0) return true;
        i = end + 1;
    }
    return false;
}

rs_err rs_media_value(rs_media *m, const char *name, const rs_span *s, rs_mtext t)
{
    size_t a = 0, b = s->n;
    while (a < b && blank(s->p[a]))
        a++;
    while (b > a && blank(s->p[b - 1]))
        b--;
    if (a == b) return RS_OK;
    rs_span v = rs_span_sub(s, a, b - a);
    /* a value written twice (IIM in both TIFF tag 33723 and the Photoshop resources, as
     * Photoshop does) is one line: decoded aside first, and dropped when already there */
    rs_field probe;
    memset(&probe, 0, sizeof probe);
    rs_buf_init(&probe.own, m->cx->out->max_bytes);
    rs_offmap_init(&probe.map);
    rs_err e = rs_media_put(m, &probe, &v, t);
    bool dup = !e && probe.own.data && has_line(m->cx->out, name, probe.own.data, probe.own.len);
    rs_buf_free(&probe.own);
    rs_offmap_free(&probe.map);
    if (e || dup) return e;
    size_t idx;
    if ((e = rs_fields_line(m->cx->out, name, true, false, v.src, &idx))) return e;
    rs_field *f = &m->cx->out->v[idx];
    e = rs_media_put(m, f, &v, t);
    rs_field_finish(f);
    return e;
}

rs_err rs_media_values(rs_media *m, const char *name, const rs_span *s, rs_mtext t)
{
    rs_err e = RS_OK;
    size_t i = 0;
    while (i < s->n && !e) {
        const unsigned char *z = memchr(s->p + i, '\0', s->n - i);
        size_t part = z ? (size_t)(z - (s->p + i)) : s->n - i;
        rs_span v = rs_span_sub(s, i, part);
        e = rs_media_value(m, name, &v, t);
        i += part + 1;
    }
    return e;
}

rs_err rs_media_merge(rs_media *m, const rs_fields *tmp, size_t src)
{
    rs_err e = RS_OK;
    for (size_t i = 0; i < tmp->n && !e; i++) {
        const rs_field *t = &tmp->v[i];
        if (!t->len) continue;
        size_t idx;
        if ((e = rs_fields_line(m->cx->out, t->name, t->metadata, false, src, &idx))) break;
        rs_field *f = &m->cx->out->v[idx];
        for (size_t k = 0; k < t->len && !e;) {
            uint32_t cp;
            k += rs_utf8_decode((const unsigned char *)t->text + k, t->len - k, &cp);
            e = rs_field_put_cp(f, cp, src);
        }
        rs_field_finish(f);
    }
    return e;
}

rs_err rs_media_xmp(rs_media *m, const rs_span *s)
{
    if (!s->pinned) return rs_xmp_fields(m->cx->out, s->p, s->n, s->src, false);
    rs_fields tmp;
    rs_fields_init(&tmp, m->cx->out->max_bytes);
    rs_err e = rs_xmp_fields(&tmp, s->p, s->n, 0, false);
    if (!e) e = rs_media_merge(m, &tmp, s->src);
    rs_fields_free(&tmp);
    return e;
}

/* ---- TIFF / EXIF ---- */

typedef struct tiff {
    rs_media *m;
    const rs_span *s;
    bool le, file; /* file: a .tif unit (else EXIF inside another container) */
} tiff;

static uint32_t t16(const tiff *t, size_t at)
{
    return t->le ? rs_le16(t->s->p + at) : rs_be16(t->s->p + at);
}

static uint32_t t32(const tiff *t, size_t at)
{
    return t->le ? rs_le32(t->s->p + at) : rs_be32(t->s->p + at);
}

static unsigned type_size(unsigned type)
{
    static const unsigned char size[] = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};
    return type < sizeof size ? size[type] : 0;
}

/* One IFD entry at s[ent..ent+12). */
static rs_err entry(tiff *t, size_t ent)
{
    const rs_span *s = t->s;
    unsigned tag = t16(t, ent), type = type_size(t16(t, ent + 2)) ? t16(t, ent + 2) : 0;
    if (tag != 0x8298 && tag != 0x013B &&
        !(t->file && (tag == 700 || tag == 33723 || tag == 34377)))
        return RS_OK;
    if (!type) return RS_OK;
    uint64_t size = (uint64_t)t32(t, ent + 4) * type_size(type);
    size_t at = size <= 4 ? ent + 8 : t32(t, ent + 8);
    if (at > s->n || size > s->n - at) {
        if (t->file)
            rs_media_broken(t->m,
                            "corrupt: TIFF tag %u points past the end of its data (offset %zu)",
                            tag, rs_span_src(s, ent));
        return RS_OK;
    }
    rs_span v = rs_span_sub(s, at, (size_t)size);
    switch (tag) {
    case 0x8298:
        return rs_media_values(t->m, "exif:Copyright", &v, RS_MT_AUTO);
    case 0x013B:
        return rs_media_values(t->m, "exif:Artist", &v, RS_MT_AUTO);
    case 700:
        return rs_media_xmp(t->m, &v);
    case 33723:
        return rs_media_iim(t->m, &v);
    default:
        return rs_media_irb(t->m, &v);
    }
}

rs_err rs_media_tiff(rs_media *m, const rs_span *s, bool file)
{
    tiff t = {m, s, false, file};
    if (s->n < 8 || !(memcmp(s->p, "II*\0", 4) == 0 || memcmp(s->p, "MM\0*", 4) == 0)) {
        if (file) rs_media_broken(m, "corrupt: not a TIFF file (no II*/MM* header)");
        return RS_ERR_CORRUPT;
    }
    t.le = s->p[0] == 'I';
    size_t ifd = t32(&t, 4), seen[MAX_IFDS];
    if (ifd < 8 || ifd > s->n - 2) {
        if (file)
            rs_media_broken(m, "corrupt: TIFF IFD0 offset %zu is outside the file's %zu bytes", ifd,
                            s->n);
        return RS_ERR_CORRUPT;
    }
    rs_err e = RS_OK;
    for (size_t k = 0; k < MAX_IFDS && !e; k++) {
        for (size_t j = 0; j < k; j++)
            if (seen[j] == ifd) return RS_OK; /* a loop */
        seen[k] = ifd;
        size_t count = t16(&t, ifd), ent = ifd + 2;
        for (size_t i = 0; i < count && !e; i++, ent += 12) {
            if (ent > s->n || s->n - ent < 12) {
                if (file)
                    rs_media_broken(m, "corrupt: TIFF IFD at offset %zu runs past the end",
                                    rs_span_src(s, ifd));
                return RS_OK;
            }
            e = entry(&t, ent);
        }
        if (e || ent > s->n || s->n - ent < 4) break;
        ifd = t32(&t, ent);
        if (ifd == 0 || ifd < 8 || ifd > s->n - 2) break;
    }
    return e;
}

/* ---- IPTC IIM ---- */

typedef struct iim_it {
    const unsigned char *d;
    size_t i, end;
} iim_it;

/* The next standard dataset: record, dataset number, value d[*off..*off+*n). False at the
 * end or at the first byte that does not start a dataset. */
static bool iim_next(iim_it *it, unsigned *rec, unsigned *ds, size_t *off, size_t *n)
{
    const unsigned char *d = it->d;
    while (it->end - it->i >= 5 && d[it->i] == 0x1C) {
        size_t len = rs_be16(d + it->i + 3), at = it->i + 5;
        *rec = d[it->i + 1];
        *ds = d[it->i + 2];
        if (len & 0x8000) { /* extended length: skip it, never read it */
            size_t w = len & 0x7FFF, v = 0;
            if (w == 0 || w > 4 || w > it->end - at) break;
            for (size_t k = 0; k < w; k++)
                v = v << 8 | d[at + k];
            at += w;
            if (v > it->end - at) break;
            it->i = at + v;
            continue;
        }
        if (len > it->end - at) len = it->end - at; /* truncated: keep what is there */
        *off = at;
        *n = len;
        it->i = at + len;
        return true;
    }
    it->i = it->end;
    return false;
}

static const struct {
    unsigned ds;
    const char *field;
} IIM[] = {
    {116, "iptc:2:116"}, /* CopyrightNotice */
    {110, "iptc:2:110"}, /* Credit */
    {115, "iptc:2:115"}, /* Source */
    {80, "iptc:2:080"},  /* By-line */
    {40, "iptc:2:040"},  /* SpecialInstructions */
    {30, "iptc:2:030"},  /* ReleaseDate */
    {35, "iptc:2:035"},  /* ReleaseTime */
    {37, "iptc:2:037"},  /* ExpirationDate */
    {38, "iptc:2:038"},  /* ExpirationTime */
};

static bool utf8_declared(const unsigned char *v, size_t n)
{
    if (n < 3 || v[0] != 0x1B || v[1] != '%') return false;
    return v[2] == 'G' || (n >= 4 && v[2] == '/' && v[3] >= 'G' && v[3] <= 'I');
}

rs_err rs_media_iim(rs_media *m, const rs_span *s)
{
    iim_it it = {s->p, 0, s->n};
    unsigned rec, ds;
    size_t off, len;
    rs_mtext t = RS_MT_AUTO;
    while (iim_next(&it, &rec, &ds, &off, &len))
        if (rec == 1 && ds == 90 && utf8_declared(s->p + off, len)) t = RS_MT_UTF8;
    it.i = 0;
    rs_err e = RS_OK;
    while (!e && iim_next(&it, &rec, &ds, &off, &len)) {
        if (rec != 2) continue;
        for (size_t k = 0; k < sizeof IIM / sizeof IIM[0] && !e; k++) {
            if (IIM[k].ds != ds) continue;
            rs_span v = rs_span_sub(s, off, len);
            e = rs_media_value(m, IIM[k].field, &v, t);
        }
    }
    return e;
}

rs_err rs_media_irb(rs_media *m, const rs_span *s)
{
    const unsigned char *d = s->p;
    size_t i = 0, end = s->n;
    rs_err e = RS_OK;
    while (!e && end - i >= 12 && memcmp(d + i, "8BIM", 4) == 0) {
        unsigned id = rs_be16(d + i + 4);
        size_t q = i + 6 + ((d[i + 6] + 2u) & ~1u); /* the Pascal name, padded to even */
        if (q > end || end - q < 4) break;
        size_t size = rs_be32(d + q);
        q += 4;
        if (size > end - q) size = end - q;
        rs_span v = rs_span_sub(s, q, size);
        if (id == 0x0404) e = rs_media_iim(m, &v);
        if (id == 0x0424) e = rs_media_xmp(m, &v);
        if (end - q - size < (size & 1)) break;
        i = q + size + (size & 1);
    }
    return e;
}

/* ---- inflation ---- */

rs_err rs_media_inflate(rs_media *m, const rs_span *s, size_t cap, bool raw, const char *what,
                        rs_buf *out)
{
    rs_buf_reset(out);
    size_t left = RS_MEDIA_INFLATE_TOTAL - m->inflated;
    if (cap > left) cap = left;
    if (!cap) {
        rs_media_limit(m, "limit: compressed metadata inflates past %u bytes in all",
                       RS_MEDIA_INFLATE_TOTAL);
        return RS_OK;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, raw ? -15 : 15) != Z_OK) return RS_ERR_NOMEM;
    z.next_in = (Bytef *)s->p;
    z.avail_in = s->n > UINT32_MAX ? UINT32_MAX : (uInt)s->n;
    rs_err e = RS_OK;
    int r = Z_OK;
    while (r == Z_OK && out->len < cap) {
        size_t chunk = cap - out->len < 65536 ? cap - out->len : 65536;
        if ((e = rs_buf_reserve(out, chunk))) break;
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)chunk;
        r = inflate(&z, Z_NO_FLUSH);
        out->len += chunk - z.avail_out;
        out->data[out->len] = '\0';
        if (r == Z_BUF_ERROR && z.avail_out) break; /* input ended early */
        if (r == Z_BUF_ERROR) r = Z_OK;
    }
    inflateEnd(&z);
    m->inflated += out->len;
    if (e == RS_ERR_LIMIT) e = RS_OK; /* the buffer's own cap: treated as ours below */
    if (e) return e;
    if (r == Z_OK && out->len >= cap)
        rs_media_limit(m, "limit: %s inflates past %zu bytes (offset %zu)", what, cap,
                       rs_span_src(s, 0));
    else if (r != Z_STREAM_END)
        rs_media_broken(m, "corrupt: %s is not valid compressed data (offset %zu)", what,
                        rs_span_src(s, 0));
    return RS_OK;
}

/* ---- ISO BMFF ---- */

bool rs_box_at(const unsigned char *d, size_t i, size_t end, rs_box *b)
{
    if (i > end || end - i < 8) return false;
    uint64_t size = rs_be32(d + i);
    size_t hdr = 8;
    if (size == 1) {
        if (end - i < 16) return false;
        size = (uint64_t)rs_be32(d + i + 8) << 32 | rs_be32(d + i + 12);
        hdr = 16;
    } else if (size == 0) {
        size = end - i;
    }
    if (size < hdr) return false;
    memcpy(b->type, d + i + 4, 4);
    b->type[4] = '\0';
    b->off = i;
    b->body = i + hdr;
    b->clipped = size > end - i;
    b->end = b->clipped ? end : i + (size_t)size;
    return true;
}
