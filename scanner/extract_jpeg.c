/* extract_jpeg.c — rights metadata of JPEG images: EXIF, XMP and IPTC IIM.
 *
 * The file is a run of segments, FF xx LEN(2, big-endian, counting itself) DATA, from SOI
 * (FF D8) to SOS (FF DA), after which comes entropy-coded image data we never read. The
 * metadata lives in three segments, each read by the shared readers of media.c:
 *
 *   APP1  "Exif\0\0" + a TIFF structure: IFD 0x8298 Copyright (photographer and editor
 *         parts separated by NUL) → exif:Copyright, 0x013B Artist → exif:Artist;
 *   APP1  "http://ns.adobe.com/xap/1.0/\0" + an XMP packet (extract_xmp.c);
 *   APP13 "Photoshop 3.0\0" + image resource blocks: 0x0404 IPTC IIM (iptc:2:116, ...;
 *         1:90 ESC % G declares UTF-8, else valid UTF-8 is UTF-8 and anything else is in
 *         the legacy charset option), 0x0424 XMP.
 *
 * APP2 (the ICC profile, whose "Copyright (c) 1998 Hewlett-Packard Company" is noise) is
 * never read. Values keep the file offset of their bytes (positional false). A broken
 * segment structure ends the walk; the unit is corrupt only when nothing was found, and a
 * broken EXIF block inside a sound JPEG is read as far as it goes.
 */
#include "media.h"

#include <stdio.h>
#include <string.h>

/* ---- segments ---- */

#define XMP_SIG "http://ns.adobe.com/xap/1.0/"

static rs_err segment(rs_media *m, unsigned marker, size_t off, size_t n)
{
    rs_span u = rs_span_unit(m->cx), s;
    const unsigned char *p = u.p + off;
    if (marker == 0xE1 && n >= 6 && memcmp(p, "Exif\0", 5) == 0) {
        s = rs_span_sub(&u, off + 6, n - 6);
        rs_err e = rs_media_tiff(m, &s, false);
        return e == RS_ERR_CORRUPT ? RS_OK : e;
    }
    if (marker == 0xE1 && n >= sizeof XMP_SIG && memcmp(p, XMP_SIG, sizeof XMP_SIG) == 0) {
        s = rs_span_sub(&u, off + sizeof XMP_SIG, n - sizeof XMP_SIG);
        return rs_media_xmp(m, &s);
    }
    if (marker == 0xED && n >= 14 && memcmp(p, "Photoshop 3.0\0", 14) == 0) {
        s = rs_span_sub(&u, off + 14, n - 14);
        return rs_media_irb(m, &s);
    }
    return RS_OK;
}

/* Walks the segments up to SOS. Returns an error from a segment; when the structure breaks,
 * writes why into why[0..wn) (else leaves it empty). */
static rs_err walk(rs_media *m, size_t n, char *why, size_t wn)
{
    const unsigned char *d = m->cx->data;
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
        unsigned mk = d[i++];
        if (mk == 0xD9 || mk == 0xDA) break; /* EOI, SOS: the metadata is behind us */
        if (mk == 0x01 || mk == 0xD8 || (mk >= 0xD0 && mk <= 0xD7)) continue; /* no length */
        size_t len = n - i >= 2 ? rs_be16(d + i) : 0, body = i + 2;
        if (len < 2) {
            snprintf(why, wn, "corrupt: JPEG segment header at offset %zu %s", i - 2,
                     n - i >= 2 ? "has a length below 2" : "cut off by the end of file");
            break;
        }
        bool past = len - 2 > n - body;
        e = segment(m, mk, body, past ? n - body : len - 2);
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
    if (!cx->data || cx->len < 2 || cx->data[0] != 0xFF || cx->data[1] != 0xD8)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: not a JPEG file (no SOI marker)");
    rs_media m;
    rs_media_init(&m, cx);
    size_t before = cx->out->n;
    char why[128] = "";
    rs_err e = walk(&m, cx->len, why, sizeof why);
    if (e) return rs_extract_err(cx, e);
    if (m.limited) return rs_extract_fail(cx, RS_ERR_LIMIT, "%s", m.why);
    if (why[0] && cx->out->n == before) return rs_extract_fail(cx, RS_ERR_CORRUPT, "%s", why);
    return RS_OK;
}
