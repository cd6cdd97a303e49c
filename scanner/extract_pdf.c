/* extract_pdf.c — PDF: the text of every page as "body", the Info dictionary as metadata
 * fields "pdf:info:<Key>" and the XMP metadata stream as "xmp:..." fields.
 *
 * Why poppler (poppler-glib): PDF text is hard to get right — xref and object streams,
 * filters, broken files that need their xref rebuilt, fonts whose glyphs reach text only
 * through ToUnicode maps or encodings — and poppler is a well-kept, Debian-packaged PDF
 * library with a C API (GObject) that does all of it and reads from memory. MuPDF is the
 * other candidate; poppler's glib API was already a dependency and needs no C++ from us.
 *
 * Offsets: page content has no byte positions that map to text, so "body" is not positional
 * and its offsets are offsets in the extracted text itself (pages are separated by a line
 * holding "\f", so page k starts after the k-th form feed). Metadata offsets are offsets in
 * the value (Info keys poppler reads), in the file (Info keys read below) or in the XMP
 * packet.
 *
 * Limits: pages are read up to limits.max_members (the member cap, read as a page cap) and
 * text up to the field cap; either ends the text with RS_ERR_LIMIT and a reason naming the
 * page, and the metadata is still read. poppler parses from the unit's bytes in memory,
 * which the engine has already capped.
 *
 * Custom Info keys: poppler-glib gives only the standard ones (Title, Author, Subject,
 * Keywords, Creator, Producer). Rights often sit in others (/Copyright, /Rights, /Source),
 * so a small bounded reader finds the last "/Info N G R" in the raw bytes, the last
 * "N G obj" that defines it, and reads the strings of that dictionary. It reads only a
 * plainly written object (not one packed in an object stream) of an unencrypted file; when
 * it cannot, the standard keys from poppler are still there.
 *
 * Embedded files (attachments) are not read: poppler_document_get_attachments follows a
 * null pointer when a file specification in the EmbeddedFiles name tree is a plain string
 * (FileSpec::getEmbeddedFile returns NULL for it and poppler-glib does not check), so one
 * hostile PDF would end the whole scan. Reading them needs poppler fixed or our own reader.
 *
 * poppler reports syntax problems through g_log in the "Poppler" domain; a scan's stderr
 * must stay clean, so a no-op handler is installed for that domain once per process (the one
 * piece of process-wide state here, set once and never changed).
 */
#include "extract.h"

#include <poppler.h>
#include <stdio.h>
#include <string.h>

#define INFO_DICT_MAX 65536 /* bytes of an Info dictionary the raw reader looks at */
#define DEFAULT_PAGES 100000u

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain, (void)level, (void)msg, (void)data;
}

static void silence_poppler(void)
{
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                          quiet, NULL);
        g_once_init_leave(&done, 1);
    }
}

/* Appends a UTF-8 value from poppler (not trusted: invalid bytes become U+FFFD). */
static rs_err put_value(rs_fields *fs, const char *name, bool meta, const char *v)
{
    if (!v || !*v) return RS_OK;
    size_t idx;
    rs_err e = rs_fields_line(fs, name, meta, false, 0, &idx);
    if (e) return e;
    rs_field *f = &fs->v[idx];
    e = rs_put_text(f, (const unsigned char *)v, strlen(v), 0, NULL);
    rs_field_finish(f);
    return e;
}

/* The standard keys. Title, Subject and Keywords describe the content (a Keywords list
 * naming agencies is not a credit), so they are text fields where notices match but a bare
 * holder name does not; Author, Creator and Producer name who made it: metadata. */
static rs_err standard_info(rs_extract_ctx *cx, PopplerDocument *doc)
{
    static const struct {
        const char *field;
        bool meta;
        gchar *(*get)(PopplerDocument *);
    } KEYS[] = {
        {"pdf:info:Title", false, poppler_document_get_title},
        {"pdf:info:Author", true, poppler_document_get_author},
        {"pdf:info:Subject", false, poppler_document_get_subject},
        {"pdf:info:Keywords", false, poppler_document_get_keywords},
        {"pdf:info:Creator", true, poppler_document_get_creator},
        {"pdf:info:Producer", true, poppler_document_get_producer},
    };
    rs_err e = RS_OK;
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0] && !e; i++) {
        gchar *v = KEYS[i].get(doc);
        e = put_value(cx->out, KEYS[i].field, KEYS[i].meta, v);
        g_free(v);
    }
    return e;
}

/* ---- custom Info keys, read from the raw bytes ---- */

static bool delim(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0' ||
           strchr("()<>[]{}/%", c);
}

static bool digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static size_t skip_ws(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\f' ||
                     s[i] == '\0'))
        i++;
    return i;
}

/* Reads an unsigned integer at s[*i]; false when there is none. */
static bool number(const unsigned char *s, size_t n, size_t *i, unsigned long *v)
{
    size_t j = *i;
    unsigned long x = 0;
    while (j < n && digit(s[j]) && x < 100000000ul)
        x = x * 10 + (unsigned long)(s[j++] - '0');
    if (j == *i || (j < n && !delim(s[j]))) return false;
    *i = j;
    *v = x;
    return true;
}

/* The last occurrence of lit in s[0..n) that stands as a token; SIZE_MAX when none. */
static size_t last_token(const unsigned char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (!memcmp(s + i, lit, k) && (i + k == n || delim(s[i + k]))) return i;
    return SIZE_MAX;
}

/* Finds the object the last "/Info N G R" names: *start is just past its "obj". */
static bool info_object(const unsigned char *s, size_t n, size_t *start)
{
    size_t at = last_token(s, n, "/Info");
    if (at == SIZE_MAX) return false;
    size_t i = skip_ws(s, n, at + 5);
    unsigned long num, gen;
    if (!number(s, n, &i, &num)) return false;
    i = skip_ws(s, n, i);
    if (!number(s, n, &i, &gen)) return false;
    i = skip_ws(s, n, i);
    if (i >= n || s[i] != 'R') return false;
    char def[48];
    int k = snprintf(def, sizeof def, "%lu %lu obj", num, gen);
    for (size_t j = n >= (size_t)k ? n - (size_t)k + 1 : 0; j-- > 0;) {
        if (memcmp(s + j, def, (size_t)k) != 0 || (j && digit(s[j - 1]))) continue;
        *start = j + (size_t)k;
        return true;
    }
    return false;
}

/* PDFDocEncoding bytes 0x80..0xA0 that differ from Latin-1 (0 = undefined). */
static const uint16_t PDFDOC_80[33] = {
    0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
    0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
    0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0,      0x20AC,
};

/* Appends the decoded PDF string v[0..n) (bytes after escapes) to f, all mapped to src. */
static rs_err put_pdfstring(rs_field *f, const unsigned char *v, size_t n, size_t src)
{
    rs_err e = RS_OK;
    if (n >= 2 && v[0] == 0xFE && v[1] == 0xFF) { /* UTF-16BE */
        for (size_t i = 2; i + 1 < n && !e; i += 2) {
            uint32_t cp = (uint32_t)v[i] << 8 | v[i + 1];
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
                uint32_t lo = (uint32_t)v[i + 2] << 8 | v[i + 3];
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
            }
            e = rs_field_put_cp(f, cp ? cp : 0xFFFD, src);
        }
        return e;
    }
    if (n >= 3 && !memcmp(v, "\xEF\xBB\xBF", 3)) /* UTF-8 (PDF 2.0) */
        return rs_put_text(f, v + 3, n - 3, src, NULL);
    for (size_t i = 0; i < n && !e; i++) {
        uint32_t cp = v[i];
        if (cp >= 0x80 && cp <= 0xA0) cp = PDFDOC_80[cp - 0x80] ? PDFDOC_80[cp - 0x80] : 0xFFFD;
        if (!cp) cp = 0xFFFD;
        e = rs_field_put_cp(f, cp, src);
    }
    return e;
}

static int hexval(unsigned c)
{
    if (digit((unsigned char)c)) return (int)(c - '0');
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (int)((c | 0x20) - 'a' + 10);
    return -1;
}

/* Reads the literal string at s[*i] == '(' into out (escapes resolved). */
static bool literal(const unsigned char *s, size_t n, size_t *i, rs_buf *out)
{
    unsigned depth = 0;
    for (size_t j = *i + 1; j < n; j++) {
        unsigned char c = s[j];
        if (c == '\\' && j + 1 < n) {
            c = s[++j];
            if (c >= '0' && c <= '7') {
                unsigned v = 0;
                for (int k = 0; k < 3 && j < n && s[j] >= '0' && s[j] <= '7'; k++, j++)
                    v = v * 8 + (unsigned)(s[j] - '0');
                j--;
                c = (unsigned char)v;
            } else if (c == '\r' || c == '\n') { /* a line continuation */
                if (c == '\r' && j + 1 < n && s[j + 1] == '\n') j++;
                continue;
            } else {
                const char *from = "nrtbf", *to = "\n\r\t\b\f";
                const char *p = strchr(from, c);
                if (p && c) c = (unsigned char)to[p - from];
            }
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && depth-- == 0) {
            *i = j + 1;
            return true;
        }
        if (rs_buf_putc(out, (char)c)) return false;
    }
    return false;
}

/* Reads the hex string at s[*i] == '<' into out. */
static bool hexstring(const unsigned char *s, size_t n, size_t *i, rs_buf *out)
{
    int hi = -1;
    for (size_t j = *i + 1; j < n; j++) {
        if (s[j] == '>') {
            if (hi >= 0 && rs_buf_putc(out, (char)(hi << 4))) return false;
            *i = j + 1;
            return true;
        }
        int v = hexval(s[j]);
        if (v < 0) continue;
        if (hi < 0) {
            hi = v;
        } else {
            if (rs_buf_putc(out, (char)(hi << 4 | v))) return false;
            hi = -1;
        }
    }
    return false;
}

/* Reads the name at s[*i] == '/' into key (#xx resolved); false when it is not a plain
 * ASCII name of at most keylen - 1 characters (it is still skipped). */
static bool name(const unsigned char *s, size_t n, size_t *i, char *key, size_t keylen)
{
    size_t j = *i + 1, k = 0;
    bool ok = true;
    for (; j < n && !delim(s[j]); j++) {
        unsigned c = s[j];
        if (c == '#' && j + 2 < n && hexval(s[j + 1]) >= 0 && hexval(s[j + 2]) >= 0) {
            c = (unsigned)(hexval(s[j + 1]) * 16 + hexval(s[j + 2]));
            j += 2;
        }
        if (!(c == '-' || c == '_' || c == '.' || digit((unsigned char)c) ||
              ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ||
            k + 1 >= keylen)
            ok = false;
        else
            key[k++] = (char)c;
    }
    key[k] = '\0';
    *i = j;
    return ok && k;
}

static bool standard_key(const char *k)
{
    static const char *const STD[] = {"Title",    "Author",       "Subject", "Keywords", "Creator",
                                      "Producer", "CreationDate", "ModDate", "Trapped"};
    for (size_t i = 0; i < sizeof STD / sizeof STD[0]; i++)
        if (!strcmp(k, STD[i])) return true;
    return false;
}

/* One "/Key (value)" pair at s[*i] == '/': a string value of a non-standard key becomes the
 * field "pdf:info:Key". Anything else is skipped a token at a time. */
static rs_err info_pair(rs_fields *fs, const unsigned char *s, size_t n, size_t *i, rs_buf *v)
{
    char key[48], fname[80];
    bool ok = name(s, n, i, key, sizeof key);
    size_t j = skip_ws(s, n, *i), at = j;
    rs_buf_reset(v);
    if (j < n && s[j] == '(') {
        if (!literal(s, n, &j, v)) return *i = n, RS_OK;
    } else if (j < n && s[j] == '<' && !(j + 1 < n && s[j + 1] == '<')) {
        if (!hexstring(s, n, &j, v)) return *i = n, RS_OK;
    } else {
        return RS_OK; /* not a string: the caller goes on from the next token */
    }
    *i = j;
    if (!ok || standard_key(key) || !v->len) return RS_OK;
    snprintf(fname, sizeof fname, "pdf:info:%s", key);
    size_t idx;
    rs_err e = rs_fields_line(fs, fname, true, false, at, &idx);
    if (e) return e;
    rs_field *f = &fs->v[idx];
    e = put_pdfstring(f, (const unsigned char *)v->data, v->len, at);
    rs_field_finish(f);
    return e;
}

static rs_err custom_info(rs_extract_ctx *cx)
{
    const unsigned char *s = cx->data;
    size_t n = cx->len, start;
    if (last_token(s, n, "/Encrypt") != SIZE_MAX || !info_object(s, n, &start)) return RS_OK;
    size_t i = skip_ws(s, n, start);
    if (i + 1 >= n || s[i] != '<' || s[i + 1] != '<') return RS_OK;
    size_t end = n - i > INFO_DICT_MAX ? i + INFO_DICT_MAX : n;
    rs_buf v;
    rs_buf_init(&v, cx->out->max_bytes);
    rs_err e = RS_OK;
    unsigned depth = 0;
    for (i += 2; i < end && !e;) {
        unsigned char c = s[i];
        if (c == '>' && i + 1 < end && s[i + 1] == '>') {
            if (depth-- == 0) break;
            i += 2;
        } else if (c == '<' && i + 1 < end && s[i + 1] == '<') {
            depth++;
            i += 2;
        } else if (c == '/' && depth == 0) {
            e = info_pair(cx->out, s, end, &i, &v);
        } else if (c == '(') {
            rs_buf_reset(&v);
            if (!literal(s, end, &i, &v)) break;
        } else {
            i++;
        }
    }
    rs_buf_free(&v);
    return e == RS_ERR_LIMIT ? RS_OK : e; /* an oversized custom value is dropped, not fatal */
}

/* ---- pages and XMP ---- */

static rs_err pages(rs_extract_ctx *cx, PopplerDocument *doc, rs_field *f)
{
    const rs_limits *lim = cx->opt ? &cx->opt->limits : NULL;
    unsigned long long cap = lim && lim->max_members ? lim->max_members : DEFAULT_PAGES;
    int np = poppler_document_get_n_pages(doc);
    rs_err e = RS_OK;
    for (int p = 0; p < np && !e; p++) {
        if ((unsigned long long)p >= cap)
            return rs_extract_fail(cx, RS_ERR_LIMIT, "limit: PDF has more than %llu pages (%d)",
                                   cap, np);
        PopplerPage *page = poppler_document_get_page(doc, p);
        if (!page) continue;
        char *t = poppler_page_get_text(page);
        if (p) {
            e = rs_field_newline(f, f->own.len);
            if (!e) e = rs_field_append(f, "\f\n", 2, f->own.len);
        }
        if (!e && t) e = rs_put_text(f, (const unsigned char *)t, strlen(t), f->own.len, NULL);
        g_free(t);
        g_object_unref(page);
        if (e == RS_ERR_LIMIT)
            return rs_extract_fail(cx, e, "limit: PDF text larger than %zu bytes (page %d of %d)",
                                   cx->out->max_bytes, p + 1, np);
    }
    return rs_extract_err(cx, e);
}

static rs_err xmp(rs_extract_ctx *cx, PopplerDocument *doc)
{
    gchar *m = poppler_document_get_metadata(doc);
    rs_err e = m ? rs_xmp_fields(cx->out, (const unsigned char *)m, strlen(m), 0, false) : RS_OK;
    g_free(m);
    return e;
}

static rs_err open_doc(rs_extract_ctx *cx, PopplerDocument **out)
{
    GError *err = NULL;
    GBytes *bytes = g_bytes_new_static(cx->len ? cx->data : (const void *)"", cx->len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    g_bytes_unref(bytes); /* the document holds its own reference */
    if (doc) {
        *out = doc;
        return RS_OK;
    }
    rs_err e;
    if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
        e = rs_extract_fail(cx, RS_ERR_ENCRYPTED, "encrypted: PDF needs a password");
    else
        e = rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: PDF: %s",
                            err && err->message ? err->message : "poppler could not load it");
    if (err) g_error_free(err);
    return e;
}

rs_err rs_extract_pdf(rs_extract_ctx *cx)
{
    silence_poppler();
    PopplerDocument *doc = NULL;
    rs_err e = open_doc(cx, &doc);
    if (e) return e;
    rs_field *f;
    if ((e = rs_fields_add(cx->out, "body", false, false, &f))) goto out;
    size_t body = cx->out->n - 1;
    rs_err pe = pages(cx, doc, f); /* a limit here still leaves the metadata to read */
    rs_field_finish(&cx->out->v[body]);
    if (pe == RS_ERR_NOMEM) {
        e = pe;
        goto out;
    }
    if (!(e = standard_info(cx, doc)) && !(e = custom_info(cx)) && !(e = xmp(cx, doc))) e = pe;
out:
    g_object_unref(doc);
    if (e == RS_ERR_LIMIT && !cx->reason[0])
        rs_extract_fail(cx, e, "limit: PDF metadata larger than %zu bytes", cx->out->max_bytes);
    return rs_extract_err(cx, e);
}
