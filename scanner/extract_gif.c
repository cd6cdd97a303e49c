/* extract_gif.c — rights metadata of GIF images: the XMP application extension and comments.
 *
 * A GIF is a 6-byte header, a logical screen descriptor (7 bytes, then the global colour
 * table when its flag is set), and blocks up to the trailer 0x3B: images (0x2C, a 9-byte
 * descriptor, a local colour table, the LZW code size, data sub-blocks) and extensions
 * (0x21 LABEL, then sub-blocks: SIZE(1) DATA, ended by a zero size).
 *
 *   0x21 0xFF "XMP DataXMP"  XMP, written raw: the packet's own bytes serve as sub-block
 *                            sizes, and a 258-byte "magic trailer" (01 FF FE ... 01 00 00)
 *                            brings any such walk to the terminator. The packet is the
 *                            bytes up to the trailer.
 *   0x21 0xFE                a comment: its sub-blocks' text is gif:Comment.
 *
 * Every sub-block walk moves forward at least one byte per step and stops at the end of
 * the file, so hostile sizes cost at most one pass.
 */
#include "media.h"

#include <string.h>

/* Skips the sub-blocks starting at d[*i]; false when the file ends first. */
static bool skip_blocks(const unsigned char *d, size_t n, size_t *i)
{
    while (*i < n) {
        size_t size = d[(*i)++];
        if (!size) return true;
        if (size > n - *i) break;
        *i += size;
    }
    *i = n;
    return false;
}

static rs_err comment(rs_media *m, const rs_span *u, size_t *i)
{
    const unsigned char *d = u->p;
    size_t n = u->n, idx = SIZE_MAX;
    rs_err e = RS_OK;
    while (!e && *i < n) {
        size_t size = d[(*i)++];
        if (!size) return RS_OK;
        if (size > n - *i) size = n - *i;
        rs_span c = rs_span_sub(u, *i, size);
        if (idx == SIZE_MAX) e = rs_fields_line(m->cx->out, "gif:Comment", true, false, *i, &idx);
        if (!e) {
            e = rs_media_put(m, &m->cx->out->v[idx], &c, RS_MT_AUTO);
            rs_field_finish(&m->cx->out->v[idx]);
        }
        *i += size;
    }
    return e;
}

/* The application extension whose 11-byte identifier is at d[*i] (after its size byte). */
static rs_err application(rs_media *m, const rs_span *u, size_t *i)
{
    const unsigned char *d = u->p;
    size_t n = u->n;
    if (n - *i < 12 || d[*i] != 11 || memcmp(d + *i + 1, "XMP DataXMP", 11) != 0) {
        skip_blocks(d, n, i);
        return RS_OK;
    }
    size_t start = *i + 12;
    *i = start;
    skip_blocks(d, n, i);
    size_t end = *i;
    for (size_t k = start; k + 4 <= end; k++) { /* the magic trailer */
        if (d[k] == 0x01 && d[k + 1] == 0xFF && d[k + 2] == 0xFE && d[k + 3] == 0xFD) {
            end = k;
            break;
        }
    }
    rs_span x = rs_span_sub(u, start, end - start);
    return rs_media_xmp(m, &x);
}

static size_t table(unsigned packed)
{
    return packed & 0x80 ? 3u << ((packed & 7) + 1) : 0;
}

static rs_err walk(rs_media *m, const rs_span *u)
{
    const unsigned char *d = u->p;
    size_t n = u->n, i = 13 + table(d[10]);
    rs_err e = RS_OK;
    while (!e && i < n) {
        size_t at = i;
        if (d[i] == 0x3B) return RS_OK;
        if (d[i] == 0x00) { /* a stray terminator (an XMP trailer walk may leave one) */
            i++;
            continue;
        }
        if (d[i] == 0x21 && n - i >= 2) {
            unsigned label = d[i + 1];
            i += 2;
            if (label == 0xFE)
                e = comment(m, u, &i);
            else if (label == 0xFF)
                e = application(m, u, &i);
            else
                skip_blocks(d, n, &i);
        } else if (d[i] == 0x2C && n - i >= 11) {
            i += 10 + table(d[i + 9]) + 1; /* descriptor, colour table, LZW code size */
            if (i > n) i = n;
            skip_blocks(d, n, &i);
        } else {
            rs_media_broken(m, "corrupt: GIF block expected at offset %zu", at);
            break;
        }
    }
    if (i >= n) rs_media_broken(m, "corrupt: GIF ends at offset %zu before its trailer", n);
    return e;
}

rs_err rs_extract_gif(rs_extract_ctx *cx)
{
    if (!cx->data || cx->len < 13 ||
        (memcmp(cx->data, "GIF87a", 6) != 0 && memcmp(cx->data, "GIF89a", 6) != 0))
        return rs_extract_fail(cx, RS_ERR_CORRUPT,
                               "corrupt: not a GIF file (no GIF87a/GIF89a header)");
    rs_media m;
    rs_media_init(&m, cx);
    size_t before = cx->out->n;
    rs_span u = rs_span_unit(cx);
    return rs_media_done(&m, walk(&m, &u), before);
}
