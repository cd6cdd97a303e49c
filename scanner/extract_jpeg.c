/* extract_jpeg.c — rights metadata of JPEG images: EXIF, XMP and IPTC IIM.
 *
 * The file is a run of segments, FF xx LEN(2, big-endian, counting itself) DATA, from SOI
 * (FF D8) to SOS (FF DA), after which comes entropy-coded image data we never read. The
 * metadata lives in three segments:
 *
 *   APP1  "Exif\0\0" + a TIFF structure: byte order "II" or "MM", the offset of IFD0, and
 *         IFD0's 12-byte entries (tag, type, count, value or offset): 0x8298 Copyright
 *         (photographer and editor parts separated by NUL) and 0x013B Artist;
 *   APP1  "http://ns.adobe.com/xap/1.0/\0" + an XMP packet (extract_xmp.c);
 *   APP13 "Photoshop 3.0\0" + image resource blocks ("8BIM", id, padded Pascal name, size,
 *         padded data); block 0x0404 holds IPTC IIM datasets: 1C rec ds LEN(2) DATA.
 *         1:90 CodedCharacterSet ESC % G declares UTF-8; without it values are 8-bit
 *         text in the legacy charset option (Windows-1252, a superset of Latin-1, by
 *         default). Extended-length datasets (LEN's top bit set) are skipped unread.
 *
 * Every length and offset is checked against the bytes that are there, as sizes, never by
 * adding to a pointer first. Values keep the file offset of their bytes (positional false).
 * A broken structure ends the walk; the unit is corrupt only when nothing was found.
 */
#include "extract.h"

#include <stdio.h>
#include <string.h>

typedef struct jpeg {
    rs_extract_ctx *cx;
    const unsigned char *d;
    bool have_cs;
    rs_charset cs; /* legacy charset, loaded at the first 8-bit value */
} jpeg;

static uint32_t rd16(const unsigned char *p, bool le)
{
    return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 : (uint32_t)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p, bool le)
{
    return le ? rd16(p, true) | rd16(p + 2, true) << 16 : rd16(p, false) << 16 | rd16(p + 2, false);
}

static const rs_charset *legacy(jpeg *j)
{
    if (!j->have_cs) {
        const char *name = j->cx->opt ? j->cx->opt->legacy_charset : NULL;
        if (rs_charset_load(&j->cs, name) && rs_charset_load(&j->cs, NULL))
            for (unsigned b = 0; b < 256; b++)
                j->cs.cp[b] = b;
        j->have_cs = true;
    }
    return &j->cs;
}

/* Adds d[off..off+n) as a line of the field name; utf8: decode as UTF-8 (else legacy). */
static rs_err value(jpeg *j, const char *name, size_t off, size_t n, bool utf8)
{
    while (n && (j->d[off + n - 1] == ' ' || j->d[off + n - 1] == '\0'))
        n--;
    if (!n) return RS_OK;
    size_t idx;
    rs_err e = rs_fields_line(j->cx->out, name, true, false, off, &idx);
    if (e) return e;
    rs_field *f = &j->cx->out->v[idx];
    e = rs_put_text(f, j->d + off, n, off, utf8 ? NULL : legacy(j));
    rs_field_finish(f);
    return e;
}

/* ---- EXIF ---- */

/* An ASCII value: NUL-separated parts become lines; valid UTF-8 is read as UTF-8. */
static rs_err exif_text(jpeg *j, const char *name, size_t off, size_t n)
{
    rs_err e = RS_OK;
    while (n && !e) {
        const unsigned char *z = memchr(j->d + off, '\0', n);
        size_t part = z ? (size_t)(z - (j->d + off)) : n;
        e = value(j, name, off, part, rs_utf8_valid(j->d + off, part));
        off += part + (z ? 1 : 0);
        n -= part + (z ? 1 : 0);
    }
    return e;
}

/* The TIFF structure at d[t..t+n): IFD0's Copyright and Artist. */
static rs_err exif(jpeg *j, size_t t, size_t n)
{
    const unsigned char *p = j->d + t;
    if (n < 8 || !(memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0)) return RS_OK;
    bool le = p[0] == 'I';
    size_t ifd = rd32(p + 4, le);
    if (ifd > n - 2) return RS_OK;
    size_t count = rd16(p + ifd, le);
    rs_err e = RS_OK;
    for (size_t k = 0; k < count && !e; k++) {
        size_t ent = ifd + 2 + 12 * k;
        if (n < 12 || ent > n - 12) break;
        unsigned tag = rd16(p + ent, le), type = rd16(p + ent + 2, le);
        size_t cnt = rd32(p + ent + 4, le), at = cnt <= 4 ? ent + 8 : rd32(p + ent + 8, le);
        if ((tag != 0x8298 && tag != 0x013B) || (type != 1 && type != 2 && type != 7)) continue;
        if (at > n || cnt > n - at) continue; /* points outside the segment */
        e = exif_text(j, tag == 0x8298 ? "exif:Copyright" : "exif:Artist", t + at, cnt);
    }
    return e;
}

/* ---- IPTC IIM ---- */

typedef struct iim_it {
    const unsigned char *d;
    size_t i, end;
} iim_it;

/* The next standard dataset of d[i..end): record, dataset number, value. False at the end
 * or at the first byte that does not start a dataset. */
static bool iim_next(iim_it *it, unsigned *rec, unsigned *ds, size_t *off, size_t *n)
{
    const unsigned char *d = it->d;
    while (it->end - it->i >= 5 && d[it->i] == 0x1C) {
        size_t len = rd16(d + it->i + 3, false), at = it->i + 5;
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
} IPTC[] = {
    {116, "iptc:2:116"}, /* CopyrightNotice */
    {110, "iptc:2:110"}, /* Credit */
    {115, "iptc:2:115"}, /* Source */
    {80, "iptc:2:080"},  /* By-line */
};

static bool utf8_declared(const unsigned char *v, size_t n)
{
    if (n < 3 || v[0] != 0x1B || v[1] != '%') return false;
    return v[2] == 'G' || (n >= 4 && v[2] == '/' && v[3] >= 'G' && v[3] <= 'I');
}

static rs_err iim(jpeg *j, size_t p, size_t n)
{
    iim_it it = {j->d, p, p + n};
    unsigned rec, ds;
    size_t off, len;
    bool utf8 = false;
    while (iim_next(&it, &rec, &ds, &off, &len))
        if (rec == 1 && ds == 90) utf8 = utf8_declared(j->d + off, len);
    it.i = p;
    rs_err e = RS_OK;
    while (!e && iim_next(&it, &rec, &ds, &off, &len)) {
        if (rec != 2) continue;
        for (size_t k = 0; k < sizeof IPTC / sizeof IPTC[0]; k++)
            if (IPTC[k].ds == ds) e = value(j, IPTC[k].field, off, len, utf8);
    }
    return e;
}

/* Photoshop image resource blocks in d[p..p+n); IIM is resource 0x0404. */
static rs_err irb(jpeg *j, size_t p, size_t n)
{
    const unsigned char *d = j->d;
    size_t i = p, end = p + n;
    rs_err e = RS_OK;
    while (!e && end - i >= 12 && memcmp(d + i, "8BIM", 4) == 0) {
        unsigned id = rd16(d + i + 4, false);
        size_t q = i + 6 + ((d[i + 6] + 2u) & ~1u); /* the Pascal name, padded to even */
        if (q > end || end - q < 4) break;
        size_t size = rd32(d + q, false);
        q += 4;
        if (size > end - q) size = end - q;
        if (id == 0x0404) e = iim(j, q, size);
        if (end - q - size < (size & 1)) break;
        i = q + size + (size & 1);
    }
    return e;
}

/* ---- segments ---- */

#define XMP_SIG "http://ns.adobe.com/xap/1.0/"

static rs_err segment(jpeg *j, unsigned marker, size_t off, size_t n)
{
    const unsigned char *p = j->d + off;
    if (marker == 0xE1 && n >= 6 && memcmp(p, "Exif\0", 5) == 0) return exif(j, off + 6, n - 6);
    if (marker == 0xE1 && n >= sizeof XMP_SIG && memcmp(p, XMP_SIG, sizeof XMP_SIG) == 0)
        return rs_xmp_fields(j->cx->out, p + sizeof XMP_SIG, n - sizeof XMP_SIG,
                             off + sizeof XMP_SIG, false);
    if (marker == 0xED && n >= 14 && memcmp(p, "Photoshop 3.0\0", 14) == 0)
        return irb(j, off + 14, n - 14);
    return RS_OK;
}

/* Walks the segments up to SOS. Returns an error from a segment; when the structure breaks,
 * writes why into why[0..wn) (else leaves it empty). */
static rs_err walk(jpeg *j, size_t n, char *why, size_t wn)
{
    const unsigned char *d = j->d;
    size_t i = 2;
    rs_err e = RS_OK;
    while (!e) {
        if (i >= n) {
            snprintf(why, wn, "corrupt: JPEG ends at offset %zu before its image data", i);
            break;
        }
        if (d[i] != 0xFF) {
            snprintf(why, wn, "corrupt: JPEG marker expected at offset %zu", i);
            break;
        }
        while (i < n && d[i] == 0xFF)
            i++; /* fill bytes */
        if (i >= n) continue;
        unsigned m = d[i++];
        if (m == 0xD9 || m == 0xDA) break; /* EOI, SOS: the metadata is behind us */
        if (m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7)) continue; /* no length */
        size_t len = n - i >= 2 ? rd16(d + i, false) : 0, body = i + 2;
        if (len < 2) {
            snprintf(why, wn, "corrupt: JPEG segment header at offset %zu %s", i - 2,
                     n - i >= 2 ? "has a length below 2" : "cut off by the end of file");
            break;
        }
        bool past = len - 2 > n - body;
        e = segment(j, m, body, past ? n - body : len - 2);
        if (past) {
            snprintf(why, wn, "corrupt: JPEG segment length past end of file (offset %zu)", i - 2);
            break;
        }
        i = body + len - 2;
    }
    return e;
}

rs_err rs_extract_jpeg(rs_extract_ctx *cx)
{
    jpeg j = {.cx = cx, .d = cx->data};
    if (cx->len < 2 || cx->data[0] != 0xFF || cx->data[1] != 0xD8)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: not a JPEG file (no SOI marker)");
    size_t before = cx->out->n;
    char why[128] = "";
    rs_err e = walk(&j, cx->len, why, sizeof why);
    if (e) return rs_extract_err(cx, e);
    if (why[0] && cx->out->n == before) return rs_extract_fail(cx, RS_ERR_CORRUPT, "%s", why);
    return RS_OK;
}
