/* docs_fixture.h — helpers the document, PDF and encoding tests share on top of
 * extract_fixture.h: run an extractor with embedded units collected, zips with binary
 * members, hand-written PDFs with a correct xref, a small JPEG with IPTC and XMP, and
 * text re-encoded through iconv. Header-only (static inline). */
#ifndef RS_DOCS_FIXTURE_H
#define RS_DOCS_FIXTURE_H

#include "extract_fixture.h"

#include <iconv.h>

/* Runs the extractor for type with embedded units collected in *su (reset first). */
static inline rs_err run_sub(run *r, rs_type type, const void *data, size_t len, rs_subunits *su)
{
    rs_fields_reset(&r->fs);
    rs_subunits_reset(su);
    memset(&r->cx, 0, sizeof r->cx);
    r->cx.data = data;
    r->cx.len = len;
    r->cx.name = "unit";
    r->cx.type = type;
    r->cx.opt = &r->opt;
    r->cx.out = &r->fs;
    r->cx.sub = su;
    rs_extract_fn fn = rs_extractor_for(type);
    assert_non_null(fn);
    return r->e = fn(&r->cx);
}

/* The embedded unit called name; fails the test when absent. */
static inline const rs_subunit *subunit(const rs_subunits *su, const char *name)
{
    for (size_t i = 0; i < su->n; i++)
        if (!strcmp(su->v[i].name, name)) return &su->v[i];
    fail_msg("no embedded unit %s (%zu units)", name, su->n);
    return NULL;
}

/* Asserts every field is valid UTF-8 (for the hostile-input loops). */
static inline void fields_valid(const run *r)
{
    for (size_t i = 0; i < r->fs.n; i++)
        assert_true(rs_utf8_valid((const unsigned char *)r->fs.v[i].text, r->fs.v[i].len));
}

/* ---- bytes ---- */

static inline void bput(rs_buf *b, const void *p, size_t n)
{
    assert_int_equal(rs_buf_append(b, p, n), RS_OK);
}

static inline void bputs(rs_buf *b, const char *s)
{
    bput(b, s, strlen(s));
}

static inline void bput16(rs_buf *b, unsigned v)
{
    unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    bput(b, x, 2);
}

/* UTF-8 text s re-encoded in charset (iconv name) into a malloc'd buffer. */
static inline unsigned char *encode(const char *charset, const char *s, size_t *len)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = strlen(s) * 4 + 16, il = strlen(s), ol = cap;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    char *ip = (char *)s, *op = (char *)out;
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
        fail_msg("%s cannot encode \"%s\"", charset, s);
    iconv_close(cd);
    *len = cap - ol;
    return out;
}

/* ---- zips with binary members ---- */

typedef struct zbin {
    const char *name;
    const void *data;
    size_t len; /* 0: data is a NUL-terminated string */
} zbin;

static inline unsigned char *zip_bin(const zbin *m, size_t n, size_t *len)
{
    size_t cap = 1 << 21, used = 0;
    unsigned char *buf = malloc(cap);
    assert_non_null(buf);
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        size_t dl = m[i].len ? m[i].len : strlen(m[i].data);
        archive_entry_set_pathname(e, m[i].name);
        archive_entry_set_size(e, (la_int64_t)dl);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, m[i].data, dl), (la_ssize_t)dl);
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    *len = used;
    return buf;
}

/* ---- a JPEG with an IPTC credit (2:110) and an XMP dc:rights ---- */

static inline void jpeg_segment(rs_buf *out, unsigned marker, const rs_buf *data)
{
    unsigned char m[2] = {0xFF, (unsigned char)marker};
    bput(out, m, 2);
    bput16(out, (unsigned)data->len + 2);
    bput(out, data->data, data->len);
}

/* A minimal JPEG (SOI, APP13 IPTC 2:110 credit, SOS, EOI) in b. */
static inline void jpeg_credit(rs_buf *b, const char *credit)
{
    rs_buf iim, d;
    rs_buf_init(&iim, 0);
    rs_buf_init(&d, 0);
    unsigned char h[3] = {0x1C, 2, 110};
    bput(&iim, h, 3);
    bput16(&iim, (unsigned)strlen(credit));
    bputs(&iim, credit);
    bput(&d, "Photoshop 3.0", 14);
    bput(&d, "8BIM\x04\x04\x00\x00", 8);
    bput16(&d, 0);
    bput16(&d, (unsigned)iim.len);
    bput(&d, iim.data, iim.len);
    if (iim.len % 2) bput(&d, "", 1);
    bput(b, "\xFF\xD8", 2);
    jpeg_segment(b, 0xED, &d);
    bput(b, "\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10);
    bput(b, "\x12\x34\xFF\x00\x56", 5);
    bput(b, "\xFF\xD9", 2);
    rs_buf_free(&iim);
    rs_buf_free(&d);
}

/* ---- PDFs written by hand ----
 *
 * pdf_build writes "%PDF-1.4", objects 1..n (obj[i] is the body of object i + 1: a
 * dictionary, or a dictionary followed by "stream\n...\nendstream"), a correct xref table
 * and a trailer naming /Root 1 0 R plus the extra trailer entries given. */

static inline unsigned char *pdf_build(const char *const *obj, size_t n, const char *trailer,
                                       size_t *len)
{
    rs_buf b;
    size_t off[64];
    assert_true(n < 64);
    rs_buf_init(&b, 0);
    bputs(&b, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    for (size_t i = 0; i < n; i++) {
        off[i] = b.len;
        char head[32];
        snprintf(head, sizeof head, "%zu 0 obj\n", i + 1);
        bputs(&b, head);
        bputs(&b, obj[i]);
        bputs(&b, "\nendobj\n");
    }
    size_t xref = b.len;
    char line[64];
    snprintf(line, sizeof line, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
    bputs(&b, line);
    for (size_t i = 0; i < n; i++) {
        snprintf(line, sizeof line, "%010zu 00000 n \n", off[i]);
        bputs(&b, line);
    }
    snprintf(line, sizeof line, "trailer\n<< /Size %zu /Root 1 0 R ", n + 1);
    bputs(&b, line);
    bputs(&b, trailer ? trailer : "");
    snprintf(line, sizeof line, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    bputs(&b, line);
    *len = b.len;
    return (unsigned char *)b.data;
}

/* "<< /Length N >>\nstream\n" + data + "\nendstream" (extra: more dictionary entries). */
static inline char *pdf_stream(const char *extra, const char *data)
{
    size_t n = strlen(data), cap = n + strlen(extra) + 96;
    char *s = malloc(cap);
    assert_non_null(s);
    snprintf(s, cap, "<< %s /Length %zu >>\nstream\n%s\nendstream", extra, n, data);
    return s;
}

#endif
