/* extract.h — private interface of the extractor family: the registry list and the helpers
 * that extract*.c share (text decoding, field building, zip parts, HTML and XMP walkers).
 *
 * The list below is the registry: one line per type that has an extractor. It declares each
 * rs_extract_<fn> here and extract.c turns it into the lookup table, so a new format is one
 * extract_<fn>.c file plus one line in this list. Types not listed have no extractor.
 */
#ifndef RS_EXTRACT_H
#define RS_EXTRACT_H

#include "internal.h"

/* X(type suffix, extractor suffix) */
#define RS_EXTRACTORS(X)                                                                           \
    X(EMPTY, text)                                                                                 \
    X(TEXT, text)                                                                                  \
    X(MARKDOWN, text)                                                                              \
    X(HTML, html)                                                                                  \
    X(XML, xml)                                                                                    \
    X(JSON, json)                                                                                  \
    X(DOCX, docx)                                                                                  \
    X(ODT, odt)                                                                                    \
    X(EPUB, epub)                                                                                  \
    X(ODS, odt)                                                                                    \
    X(ODP, odt)                                                                                    \
    X(XLSX, ooxml)                                                                                 \
    X(PPTX, ooxml)                                                                                 \
    X(RTF, rtf)                                                                                    \
    X(PDF, pdf)                                                                                    \
    X(JPEG, jpeg)                                                                                  \
    X(PNG, png)                                                                                    \
    X(GIF, gif)                                                                                    \
    X(TIFF, tiff)                                                                                  \
    X(WEBP, webp)                                                                                  \
    X(HEIF, heif)                                                                                  \
    X(MP3, mp3)                                                                                    \
    X(FLAC, flac)                                                                                  \
    X(OGG, ogg)                                                                                    \
    X(MP4, mp4)                                                                                    \
    X(UNKNOWN, strings)

#define RS_X(type, fn) rs_err rs_extract_##fn(rs_extract_ctx *cx);
RS_EXTRACTORS(RS_X)
#undef RS_X

/* ---- extract.c: field helpers ---- */

/* Fills cx->reason for a bare error code from a helper (limit, out of memory) unless a
 * reason is already set; returns e. RS_OK passes through. */
rs_err rs_extract_err(rs_extract_ctx *cx, rs_err e);

/* Finds the owned field called name, or adds it; when it exists and has text, a "\n" mapped
 * to src is appended first, so repeated values become lines. *idx gets its index (field
 * pointers move when fields are added; indexes do not). */
rs_err rs_fields_line(rs_fields *fs, const char *name, bool metadata, bool positional, size_t src,
                      size_t *idx);

/* Appends "\n" mapped to src unless the field is empty or already ends a line. */
rs_err rs_field_newline(rs_field *f, size_t src);

/* ---- extract_text.c: decoding bytes to valid UTF-8 with a map ---- */

/* A single-byte charset decoded to code points by a table built once through iconv. */
typedef struct rs_charset {
    uint32_t cp[256];
} rs_charset;

/* Builds the table for the iconv charset name (NULL: "WINDOWS-1252"). Bytes the charset
 * does not define decode to U+FFFD. RS_ERR_UNSUPPORTED when iconv does not know the name. */
rs_err rs_charset_load(rs_charset *cs, const char *name);

/* Appends p[0..n) (unit offset src) decoded as UTF-8 (cs NULL) or through cs. Invalid
 * UTF-8 bytes and NUL become U+FFFD. Valid runs are copied with one map checkpoint. */
rs_err rs_put_text(rs_field *f, const unsigned char *p, size_t n, size_t src, const rs_charset *cs);

/* Finds "charset=NAME" / "encoding=NAME" (key, case-insensitive) in s[0..n) and copies
 * NAME into out. False when absent. Used by HTML and XML to pick a legacy charset. */
bool rs_charset_sniff(const unsigned char *s, size_t n, const char *key, char *out, size_t outlen);

/* Decides the charset of a markup document: UTF-8 (returns false) when it is valid UTF-8
 * or declares UTF-8; otherwise loads the declared charset, else the legacy option, into cs
 * and returns true (the caller then sets cx->enc = RS_ENC_8BIT). */
bool rs_markup_charset(const rs_extract_ctx *cx, const char *key, rs_charset *cs);

/* Where markup text starts and how to decode it: past a UTF-8 BOM, or through the charset
 * the document declares (key "charset" for HTML, "encoding" for XML; then cx->enc is 8-bit
 * and *csp points at cs). Returns the bytes; *skip gets their offset in the unit. */
const unsigned char *rs_markup_input(rs_extract_ctx *cx, const char *key, rs_charset *cs,
                                     const rs_charset **csp, size_t *skip);

/* Markup in UTF-16 or UTF-32 (by BOM, or by NULs on one byte parity): runs fn on a UTF-8
 * copy of the unit, maps the fields fn adds back to unit offsets, sets cx->enc, writes fn's
 * result to *e and returns true. Returns false, doing nothing, for any other unit. */
bool rs_extract_wide(rs_extract_ctx *cx, rs_extract_fn fn, rs_err *e);

/* ---- extract_parts.c: parts of a zip-based document, read from memory ---- */

/* want: true to read the member called name. got: the member's bytes, borrowed for the call.
 * Returning an error from got stops the walk with that error. */
typedef bool (*rs_part_want)(void *ctx, const char *name);
typedef rs_err (*rs_part_got)(void *ctx, const char *name, const unsigned char *data, size_t len);

/* Walks the zip in cx->data once, reading each wanted member (each capped at
 * limits.max_member_bytes, all together at limits.max_total_bytes). what names the format
 * in reasons ("DOCX"). Errors: RS_ERR_CORRUPT (not a zip, truncated), RS_ERR_ENCRYPTED,
 * RS_ERR_LIMIT, with cx->reason set; members handed over before the error stay handed. */
rs_err rs_parts_walk(rs_extract_ctx *cx, const char *what, rs_part_want want, rs_part_got got,
                     void *ctx);

/* Embedded units of a document (images in word/media/, ...), with what the cap left out. */
typedef struct rs_embeds {
    unsigned skipped; /* units left out by the embedded-bytes cap */
    char first[128];  /* the first of them */
} rs_embeds;

/* True when a member's extension names media or a document worth scanning on its own. */
bool rs_embed_wanted(const char *name);
/* rs_extract_add_subunit, except that a unit over the cap is noted in em, not an error. */
rs_err rs_embed_add(rs_extract_ctx *cx, rs_embeds *em, const char *name, const void *data,
                    size_t len);
/* The extractor's result e, or RS_ERR_LIMIT with a reason naming what the cap left out. */
rs_err rs_embed_done(rs_extract_ctx *cx, const rs_embeds *em, const char *what, rs_err e);

/* docProps/core.xml, app.xml, custom.xml of an Office document: the fields
 * "<format>:dc:creator" (core), "<format>:app:Company" (app) and, for custom properties
 * named for rights, "<format>:custom:<Name>". */
bool rs_ooxml_props_wanted(const char *name);
rs_err rs_ooxml_props(rs_extract_ctx *cx, const char *format, const char *name,
                      const unsigned char *s, size_t n);

/* Each element elem (qualified name) of s[0..n) whose attribute attr names a property about
 * rights, credit or authorship ("Copyright", "Credit", "Rights holder") adds its text to the
 * metadata field prefix + name. Offsets s-relative. */
rs_err rs_named_props(rs_fields *fs, const unsigned char *s, size_t n, const char *elem,
                      const char *attr, const char *prefix);

/* ---- extract_html.c: HTML running text, reused by EPUB ---- */

/* Appends the running text of the HTML (or XHTML) document s[0..n) to field fs->v[body]
 * (block elements become "\n"). With meta, <meta name=copyright|author|...> values become
 * positional metadata fields "html:meta:<name>". Offsets are s-relative plus base. */
rs_err rs_html_text(rs_fields *fs, size_t body, const unsigned char *s, size_t n, size_t base,
                    const rs_charset *cs, bool meta);

/* ---- extract_xml.c: selected elements of an XML part as metadata fields ---- */

/* For each element of s[0..n) whose qualified name is in names (NULL-terminated), adds its
 * text to the metadata field prefix + name (repeats become lines). Offsets s-relative. */
rs_err rs_xml_elements(rs_fields *fs, const unsigned char *s, size_t n, const char *prefix,
                       const char *const *names, bool positional);

/* ---- extract_xmp.c: XMP packets (images, audio/video, PDF, sidecar .xmp files) ---- */

/* Adds the rights fields of the XMP packet s[0..n) as metadata fields "xmp:<prefix>:<name>":
 * dc:rights, dc:creator, xmpRights:Marked|Owner|UsageTerms|WebStatement,
 * photoshop:Credit|Source|Instructions, plus:CopyrightOwner|Licensor (the names in the
 * structs), plus:DataMining, Iptc4xmpExt:EmbdEncRightsExpr|LinkedEncRightsExpr, cc:license,
 * tdm:reservation|policy, ... (the table in extract_xmp.c); offsets are s-relative plus
 * base. media.h's rs_media_xmp reads a packet that was inflated or copied together. */
rs_err rs_xmp_fields(rs_fields *fs, const unsigned char *s, size_t n, size_t base, bool positional);

#endif
