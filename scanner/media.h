/* media.h — what the binary media extractors (JPEG, PNG, TIFF, WebP, GIF, HEIF, MP3, FLAC,
 * Ogg, MP4) share: values into fields, TIFF/EXIF IFDs, IPTC IIM, Photoshop resources, XMP
 * from any bytes, bounded zlib inflation and ISO BMFF boxes.
 *
 * Offsets. Metadata in a binary container is not text with lines, so its fields are
 * non-positional and a value keeps the unit offset of its bytes. Some values are not in the
 * file as such (inflated from a zTXt chunk, hex-decoded, reassembled from Ogg pages, cleared
 * of ID3 unsynchronisation): they are read from a scratch copy described by a span that is
 * "pinned", and every byte of what they yield maps to one unit offset, the start of the
 * bytes they came from.
 *
 * Limits. Every reader is bounded by the bytes it is given; a value or an inflation that
 * passes a cap is cut, the walk goes on, and the first cap hit is kept (rs_media_limit) so
 * the extractor can report it (RS_ERR_LIMIT with a reason) after reading everything else.
 */
#ifndef RS_MEDIA_H
#define RS_MEDIA_H

#include "extract.h"

#define RS_MEDIA_INFLATE_MAX (4u << 20)    /* one compressed value inflates to at most this */
#define RS_MEDIA_INFLATE_TOTAL (16u << 20) /* all inflation in one unit */

/* Bytes to read: p[0..n), whose byte k is at unit offset src + k, or at src when pinned. */
typedef struct rs_span {
    const unsigned char *p;
    size_t n;
    size_t src;
    bool pinned;
} rs_span;

/* The unit offset of s->p[k]. */
size_t rs_span_src(const rs_span *s, size_t k);
/* The sub-span s[off..off+n) (the caller has checked the bounds). */
rs_span rs_span_sub(const rs_span *s, size_t off, size_t n);
/* The whole unit as a span. */
rs_span rs_span_unit(const rs_extract_ctx *cx);

typedef struct rs_media {
    rs_extract_ctx *cx;
    bool have_cs;
    rs_charset cs;   /* the legacy charset, loaded at the first 8-bit value */
    size_t inflated; /* bytes inflated so far (RS_MEDIA_INFLATE_TOTAL) */
    bool limited;    /* a cap was hit: why says which */
    bool broken;     /* a structure was broken: why says where (if not limited) */
    char why[200];
} rs_media;

void rs_media_init(rs_media *m, rs_extract_ctx *cx);
const rs_charset *rs_media_legacy(rs_media *m);

/* Records the first cap hit (printf-style reason, "limit: ..."). */
void rs_media_limit(rs_media *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records the first broken structure ("corrupt: ...") unless a reason is already kept. */
void rs_media_broken(rs_media *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* How value bytes are decoded. */
typedef enum rs_mtext {
    RS_MT_AUTO,   /* valid UTF-8 as UTF-8, anything else in the legacy charset */
    RS_MT_UTF8,   /* UTF-8; invalid bytes become U+FFFD */
    RS_MT_LEGACY, /* the legacy charset (Windows-1252 unless the options say otherwise) */
} rs_mtext;

/* Appends s's bytes to f decoded as t (NUL and invalid bytes become U+FFFD). */
rs_err rs_media_put(rs_media *m, rs_field *f, const rs_span *s, rs_mtext t);
/* Adds s (blank and NUL bytes trimmed at both ends) as a line of the metadata field name.
 * Empty values add nothing. */
rs_err rs_media_value(rs_media *m, const char *name, const rs_span *s, rs_mtext t);
/* The same with NUL-separated parts (EXIF ASCII, Vorbis-style lists) as lines. */
rs_err rs_media_values(rs_media *m, const char *name, const rs_span *s, rs_mtext t);
/* An XMP packet in s (rs_xmp_fields, non-positional). */
rs_err rs_media_xmp(rs_media *m, const rs_span *s);

/* A TIFF structure in s ("II*\0" or "MM\0*", offsets relative to s): the IFD chain's
 * 0x8298 Copyright → exif:Copyright and 0x013B Artist → exif:Artist. With file (s is a
 * whole .tif unit) also tag 700 (XMP), 33723 (IPTC IIM) and 34377 (Photoshop resources),
 * and broken structure is kept as the unit's reason; EXIF inside another container that is
 * broken is read as far as it goes, silently. Never the ICC profile (tag 34675).
 * RS_ERR_CORRUPT when s is no TIFF structure at all. */
rs_err rs_media_tiff(rs_media *m, const rs_span *s, bool file);

/* IPTC IIM datasets in s: iptc:2:040, 2:080, 2:110, 2:115, 2:116, 2:030, 2:035, 2:037,
 * 2:038, decoded as UTF-8 when 1:90 declares it, else RS_MT_AUTO. */
rs_err rs_media_iim(rs_media *m, const rs_span *s);

/* Photoshop image resource blocks ("8BIM") in s: 0x0404 IPTC IIM, 0x0424 XMP. */
rs_err rs_media_irb(rs_media *m, const rs_span *s);

/* Inflates zlib data in s into out (reset first), at most cap bytes (and what is left of
 * RS_MEDIA_INFLATE_TOTAL). Returns RS_OK with what could be inflated (a cut or a broken
 * stream is recorded with rs_media_limit / rs_media_broken, naming what), or
 * RS_ERR_NOMEM. raw: deflate data without the zlib header. */
rs_err rs_media_inflate(rs_media *m, const rs_span *s, size_t cap, bool raw, const char *what,
                        rs_buf *out);

/* Merges the fields of tmp (read from a scratch copy) into the unit's fields as lines,
 * every byte pinned to unit offset src. */
rs_err rs_media_merge(rs_media *m, const rs_fields *tmp, size_t src);

/* Ends an extractor: e if it is an error; else the kept limit (RS_ERR_LIMIT), or, when the
 * unit gave no field at all (fields before = before), the kept corrupt reason
 * (RS_ERR_CORRUPT); else RS_OK. */
rs_err rs_media_done(rs_media *m, rs_err e, size_t before);

/* ---- byte order ---- */

static inline uint32_t rs_be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}
static inline uint32_t rs_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint32_t rs_le16(const unsigned char *p)
{
    return (uint32_t)p[1] << 8 | p[0];
}
static inline uint32_t rs_le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* ---- ISO base media file format (HEIF, MP4): boxes ---- */

typedef struct rs_box {
    char type[5]; /* four characters and a NUL */
    size_t off;   /* the box's first byte */
    size_t body;  /* its contents: [body, end) */
    size_t end;
    bool clipped; /* it claimed more bytes than its parent holds: end is the parent's end */
} rs_box;

/* Reads the box header at d[i..end) (size 0: to end; size 1: 64-bit size; 'uuid' boxes keep
 * their 16-byte user type in the body). False when no whole header fits or the size is
 * smaller than the header. */
bool rs_box_at(const unsigned char *d, size_t i, size_t end, rs_box *b);

/* The XMP uuid (BE7ACFCB-97A9-42E8-9C71-999491E3AFAC) as 16 bytes. */
extern const unsigned char RS_XMP_UUID[16];

#endif
