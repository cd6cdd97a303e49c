/* extract_tiff.c — rights metadata of TIFF images (and the TIFF-based raw formats: DNG, NEF,
 * CR2, ARW): the IFD chain read by media.c.
 *
 * IFD0 (and any further IFDs of the chain) carry 0x8298 Copyright → exif:Copyright,
 * 0x013B Artist → exif:Artist, 700 XMP (extract_xmp.c), 33723 IPTC IIM (iptc:2:116, ...)
 * and 34377 Photoshop image resources (IIM again, and XMP). 34675, the ICC profile, is
 * never read: its vendor copyright is not the image's. Values keep their file offsets.
 */
#include "media.h"

rs_err rs_extract_tiff(rs_extract_ctx *cx)
{
    rs_media m;
    rs_media_init(&m, cx);
    size_t before = cx->out->n;
    rs_span u = rs_span_unit(cx);
    rs_err e = rs_media_tiff(&m, &u, true);
    return rs_media_done(&m, e == RS_ERR_CORRUPT ? RS_OK : e, before);
}
