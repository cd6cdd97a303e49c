/* extract_webp.c — rights metadata of WebP images: the EXIF and XMP chunks.
 *
 * A WebP file is a RIFF container: "RIFF" SIZE(4, little-endian) "WEBP", then chunks
 * FOURCC SIZE(4, little-endian) DATA, each padded to an even length. The extended format
 * (VP8X) adds "EXIF" (a TIFF structure, sometimes behind "Exif\0\0") and "XMP " (an XMP
 * packet); "ICCP" (the ICC profile, whose copyright is the vendor's) is never read. The
 * walk stops at the end of the RIFF size or of the file, whichever comes first.
 */
#include "media.h"

#include <string.h>

static rs_err chunk(rs_media *m, const unsigned char *id, const rs_span *c)
{
    if (memcmp(id, "XMP ", 4) == 0) return rs_media_xmp(m, c);
    if (memcmp(id, "EXIF", 4) != 0) return RS_OK;
    rs_span v = *c;
    if (v.n >= 6 && memcmp(v.p, "Exif\0\0", 6) == 0) v = rs_span_sub(c, 6, c->n - 6);
    rs_err e = rs_media_tiff(m, &v, false);
    return e == RS_ERR_CORRUPT ? RS_OK : e;
}

rs_err rs_extract_webp(rs_extract_ctx *cx)
{
    const unsigned char *d = cx->data;
    if (!d || cx->len < 12 || memcmp(d, "RIFF", 4) != 0 || memcmp(d + 8, "WEBP", 4) != 0)
        return rs_extract_fail(cx, RS_ERR_CORRUPT,
                               "corrupt: not a WebP file (no RIFF/WEBP header)");
    rs_media m;
    rs_media_init(&m, cx);
    size_t before = cx->out->n, riff = rs_le32(d + 4), end = cx->len, i = 12;
    if (riff >= 4 && riff < end - 8) end = riff + 8; /* a smaller RIFF: trailing junk */
    rs_span u = rs_span_unit(cx);
    rs_err e = RS_OK;
    while (!e && i < end) {
        if (end - i < 8) {
            rs_media_broken(&m, "corrupt: WebP chunk header cut off at offset %zu", i);
            break;
        }
        size_t len = rs_le32(d + i + 4), body = i + 8;
        bool past = len > end - body;
        rs_span c = rs_span_sub(&u, body, past ? end - body : len);
        e = chunk(&m, d + i, &c);
        if (past) {
            rs_media_broken(&m, "corrupt: WebP chunk at offset %zu claims %zu bytes, past the end",
                            i, len);
            break;
        }
        if (end - body - len < (len & 1)) break;
        i = body + len + (len & 1);
    }
    return rs_media_done(&m, e, before);
}
