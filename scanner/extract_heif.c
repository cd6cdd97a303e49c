/* extract_heif.c — rights metadata of HEIF/HEIC/AVIF images: the Exif and XMP items.
 *
 * HEIF is an ISO base media file: boxes SIZE(4) TYPE(4) BODY (media.h, rs_box_at). Its
 * metadata are items of the top-level 'meta' box (a FullBox: version and flags, then
 * boxes):
 *
 *   iinf  item information: a count, then one 'infe' per item; infe version 2 or 3 gives
 *         item_ID, protection index, item_type ("Exif", or "mime" followed by the item's
 *         name and content type: "application/rdf+xml" is XMP);
 *   iloc  item locations: field widths (offset, length, base offset, index: 0, 4 or 8
 *         bytes), then per item its ID, construction method (0: file offsets, 1: inside
 *         'idat'), base offset and extents (offset, length);
 *   idat  item data for construction method 1.
 *
 * An Exif item starts with a 4-byte offset to its TIFF header (usually past "Exif\0\0").
 * A top-level 'uuid' box with the XMP UUID holds XMP too. An item in one extent is read
 * where it lies (its values keep their file offsets); an item in several extents is
 * copied together, at most RS_MEDIA_INFLATE_MAX bytes, and pinned to its first extent.
 * Items that are protected, deflated or built from other items (method 2) are not read.
 * At most MAX_ITEMS Exif/XMP items are looked at.
 */
#include "media.h"

#include <string.h>

#define MAX_ITEMS 16

typedef struct item {
    uint32_t id;
    bool xmp; /* else Exif */
} item;

typedef struct heif {
    rs_media m;
    const unsigned char *d;
    size_t n;
    item items[MAX_ITEMS];
    size_t nitems;
    rs_box iloc, idat;
    bool have_iloc, have_idat;
    rs_buf scratch;
} heif;

/* A big-endian unsigned integer of w bytes (0, 4 or 8; also 1 and 2) at d[*i..end). */
static bool uint_at(const unsigned char *d, size_t *i, size_t end, unsigned w, uint64_t *v)
{
    if (*i > end || end - *i < w) return false;
    *v = 0;
    for (unsigned k = 0; k < w; k++)
        *v = *v << 8 | d[*i + k];
    *i += w;
    return true;
}

/* A NUL-terminated string at d[*i..end): its length; *i moves past the NUL. */
static bool cstr(const unsigned char *d, size_t *i, size_t end, size_t *len)
{
    const unsigned char *z = *i < end ? memchr(d + *i, '\0', end - *i) : NULL;
    if (!z) return false;
    *len = (size_t)(z - (d + *i));
    *i += *len + 1;
    return true;
}

static void infe(heif *h, const rs_box *b)
{
    const unsigned char *d = h->d;
    size_t i = b->body;
    uint64_t ver, id, prot;
    if (!uint_at(d, &i, b->end, 1, &ver) || ver < 2) return;
    i += 3; /* flags */
    if (!uint_at(d, &i, b->end, ver == 2 ? 2 : 4, &id) || !uint_at(d, &i, b->end, 2, &prot)) return;
    if (i > b->end || b->end - i < 4 || prot != 0 || h->nitems == MAX_ITEMS) return;
    const unsigned char *type = d + i;
    i += 4;
    size_t len;
    bool xmp = false;
    if (memcmp(type, "mime", 4) == 0) {
        size_t ct;
        if (!cstr(d, &i, b->end, &len)) return; /* item name */
        size_t at = i;
        if (!cstr(d, &i, b->end, &ct)) return;
        if (ct != 19 || memcmp(d + at, "application/rdf+xml", 19) != 0) return;
        if (cstr(d, &i, b->end, &len) && len) return; /* a content encoding: not read */
        xmp = true;
    } else if (memcmp(type, "Exif", 4) != 0) {
        return;
    }
    h->items[h->nitems].id = (uint32_t)id;
    h->items[h->nitems++].xmp = xmp;
}

static void iinf(heif *h, const rs_box *b)
{
    uint64_t ver, count;
    size_t i = b->body;
    if (!uint_at(h->d, &i, b->end, 1, &ver)) return;
    i += 3;
    if (!uint_at(h->d, &i, b->end, ver == 0 ? 2 : 4, &count)) return;
    rs_box c;
    for (uint64_t k = 0; k < count && rs_box_at(h->d, i, b->end, &c); k++, i = c.end)
        if (memcmp(c.type, "infe", 4) == 0) infe(h, &c);
}

static const item *wanted(const heif *h, uint64_t id)
{
    for (size_t k = 0; k < h->nitems; k++)
        if (h->items[k].id == id) return &h->items[k];
    return NULL;
}

/* Reads item it from the extents: one extent in place, several copied. */
static rs_err read_item(heif *h, const item *it, const size_t *off, const size_t *len, size_t n)
{
    rs_span v = {h->d + off[0], len[0], off[0], false};
    if (n > 1) {
        rs_buf_reset(&h->scratch);
        for (size_t k = 0; k < n; k++) {
            if (len[k] > RS_MEDIA_INFLATE_MAX - h->scratch.len) {
                rs_media_limit(&h->m, "limit: HEIF item %u is larger than %u bytes", it->id,
                               RS_MEDIA_INFLATE_MAX);
                break;
            }
            rs_err e = rs_buf_append(&h->scratch, h->d + off[k], len[k]);
            if (e) return e;
        }
        v.p = (const unsigned char *)(h->scratch.data ? h->scratch.data : "");
        v.n = h->scratch.len;
        v.pinned = true;
    }
    if (it->xmp) return rs_media_xmp(&h->m, &v);
    if (v.n < 4) return RS_OK;
    size_t skip = rs_be32(v.p);
    if (skip > v.n - 4) return RS_OK;
    rs_span t = rs_span_sub(&v, 4 + skip, v.n - 4 - skip);
    if (t.n >= 6 && memcmp(t.p, "Exif\0\0", 6) == 0) t = rs_span_sub(&t, 6, t.n - 6);
    rs_err e = rs_media_tiff(&h->m, &t, false);
    return e == RS_ERR_CORRUPT ? RS_OK : e;
}

#define MAX_EXTENTS 64

/* One iloc entry at d[*i..end); reads the item when it is wanted. False when broken. */
static bool iloc_item(heif *h, size_t *i, size_t end, unsigned ver, const unsigned *w, rs_err *e)
{
    const unsigned char *d = h->d;
    uint64_t id, method = 0, dref, base, count, x;
    if (!uint_at(d, i, end, ver < 2 ? 2 : 4, &id)) return false;
    if (ver >= 1) {
        if (!uint_at(d, i, end, 2, &method)) return false;
        method &= 0xF;
    }
    if (!uint_at(d, i, end, 2, &dref) || !uint_at(d, i, end, w[2], &base) ||
        !uint_at(d, i, end, 2, &count))
        return false;
    unsigned xw = ver >= 1 ? w[3] : 0;
    if (w[0] + w[1] + xw == 0 && count > 1) count = 1; /* empty records: all alike */
    size_t off[MAX_EXTENTS], len[MAX_EXTENTS], n = 0;
    size_t lo = method == 1 && h->have_idat ? h->idat.body : 0;
    size_t hi = method == 1 && h->have_idat ? h->idat.end : h->n;
    bool usable =
        (method == 0 || (method == 1 && h->have_idat)) && dref == 0 && count <= MAX_EXTENTS;
    for (uint64_t k = 0; k < count; k++) {
        uint64_t eo, el;
        if ((xw && !uint_at(d, i, end, xw, &x)) || !uint_at(d, i, end, w[0], &eo) ||
            !uint_at(d, i, end, w[1], &el))
            return false;
        uint64_t at = base + eo;
        if (at < base || at > hi - lo)
            usable = false;
        else if (el == 0)
            el = hi - lo - at; /* to the end */
        if (usable && el > hi - lo - at) usable = false;
        if (usable) {
            off[n] = lo + (size_t)at;
            len[n++] = (size_t)el;
        }
    }
    const item *it = wanted(h, id);
    if (it && usable && n) *e = read_item(h, it, off, len, n);
    return true;
}

static rs_err iloc(heif *h, const rs_box *b)
{
    const unsigned char *d = h->d;
    size_t i = b->body;
    uint64_t ver, a, c, count;
    if (!uint_at(d, &i, b->end, 1, &ver) || ver > 2) return RS_OK;
    i += 3;
    if (!uint_at(d, &i, b->end, 1, &a) || !uint_at(d, &i, b->end, 1, &c) ||
        !uint_at(d, &i, b->end, ver < 2 ? 2 : 4, &count))
        return RS_OK;
    unsigned w[4] = {(unsigned)(a >> 4), (unsigned)(a & 15), (unsigned)(c >> 4),
                     (unsigned)(c & 15)}; /* offset, length, base offset, index */
    for (int k = 0; k < (ver >= 1 ? 4 : 3); k++)
        if (w[k] != 0 && w[k] != 4 && w[k] != 8) {
            rs_media_broken(&h->m, "corrupt: HEIF iloc field width %u at offset %zu", w[k], b->off);
            return RS_OK;
        }
    rs_err e = RS_OK;
    for (uint64_t k = 0; k < count && !e; k++) {
        if (!iloc_item(h, &i, b->end, (unsigned)ver, w, &e)) {
            rs_media_broken(&h->m, "corrupt: HEIF iloc box at offset %zu is cut short", b->off);
            break;
        }
    }
    return e;
}

static rs_err meta(heif *h, const rs_box *b)
{
    rs_box c;
    if (b->end - b->body < 4) return RS_OK;
    for (size_t i = b->body + 4; rs_box_at(h->d, i, b->end, &c); i = c.end) {
        if (memcmp(c.type, "iinf", 4) == 0) iinf(h, &c);
        if (memcmp(c.type, "iloc", 4) == 0) h->iloc = c, h->have_iloc = true;
        if (memcmp(c.type, "idat", 4) == 0) h->idat = c, h->have_idat = true;
    }
    return h->have_iloc ? iloc(h, &h->iloc) : RS_OK; /* iloc may come before idat */
}

rs_err rs_extract_heif(rs_extract_ctx *cx)
{
    heif h = {.d = cx->data, .n = cx->data ? cx->len : 0};
    rs_media_init(&h.m, cx);
    rs_buf_init(&h.scratch, 0);
    size_t before = cx->out->n;
    rs_box b;
    rs_err e = RS_OK;
    size_t i = 0;
    bool any = false;
    for (; !e && rs_box_at(h.d, i, h.n, &b); i = b.end) {
        any = true;
        if (memcmp(b.type, "meta", 4) == 0) e = meta(&h, &b);
        if (memcmp(b.type, "uuid", 4) == 0 && b.end - b.body >= 16 &&
            memcmp(h.d + b.body, RS_XMP_UUID, 16) == 0) {
            rs_span u = rs_span_unit(cx), x = rs_span_sub(&u, b.body + 16, b.end - b.body - 16);
            e = rs_media_xmp(&h.m, &x);
        }
        if (b.clipped)
            rs_media_broken(&h.m, "corrupt: HEIF box '%.4s' at offset %zu runs past the end",
                            b.type, b.off);
    }
    if (!any)
        rs_media_broken(&h.m, "corrupt: not an ISO media file (no box at offset 0)");
    else if (!e && i < h.n)
        rs_media_broken(&h.m, "corrupt: HEIF box header broken at offset %zu", i);
    rs_buf_free(&h.scratch);
    return rs_media_done(&h.m, e, before);
}
