/* extract_parts.c — reads the named parts of a zip-based document (DOCX, XLSX, PPTX, ODF,
 * EPUB) from memory with libarchive, each part capped by the limits, for the document
 * extractors; and what those documents share: embedded media as embedded units, the Office
 * document properties (docProps/) and named custom properties.
 *
 * One call is one pass over the zip in archive order. libarchive reads the central
 * directory when it can and falls back to the local headers of a truncated zip, so a cut-off
 * document still yields the parts before the cut. Parts not wanted are skipped unread.
 *
 * Part names are read under a thread-local C.UTF-8 locale: in the process's "C" locale
 * libarchive cannot convert a name that is not ASCII (an EPUB chapter "bölüm.xhtml", an
 * image "görsel.jpg") and gives NULL, and the part would be passed over unread.
 */
#include "xml.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MEMBER (256ull << 20)
#define DEFAULT_TOTAL (1ull << 30)
#define DEFAULT_MEMBERS 100000ull

static const char *why(struct archive *a)
{
    const char *s = archive_error_string(a);
    return s ? s : "unknown error";
}

/* Reads the current member's data into b (whose max is the member cap). */
static rs_err read_member(rs_extract_ctx *cx, struct archive *a, rs_buf *b, const char *what,
                          const char *name)
{
    char chunk[16384];
    for (;;) {
        la_ssize_t r = archive_read_data(a, chunk, sizeof chunk);
        if (r == 0) return RS_OK;
        if (r < 0)
            return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s part %s: %s", what, name,
                                   why(a));
        rs_err e = rs_buf_append(b, chunk, (size_t)r);
        if (e == RS_ERR_LIMIT)
            return rs_extract_fail(cx, e, "limit: %s part %s larger than %zu bytes", what, name,
                                   b->max);
        if (e) return rs_extract_err(cx, e);
    }
}


/* The next header, and its name (UTF-8 when it converts, else its bytes; NULL: none). */
static rs_err next(rs_extract_ctx *cx, struct archive *a, struct archive_entry **ent,
                   const char **name, const char *what, uint64_t seen)
{
    locale_t old = rs_utf8_names_begin();
    int r = archive_read_next_header(a, ent);
    *name = NULL;
    if (r >= ARCHIVE_WARN && r != ARCHIVE_EOF) {
        *name = archive_entry_pathname_utf8(*ent);
        if (!*name) *name = archive_entry_pathname(*ent);
    }
    rs_utf8_names_end(old);
    if (r == ARCHIVE_EOF) return *ent = NULL, RS_OK;
    if (r >= ARCHIVE_WARN) return RS_OK;
    if (!seen)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s is not a zip archive (%s)", what,
                               why(a));
    return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s zip damaged at member %llu (%s)", what,
                           (unsigned long long)seen + 1, why(a));
}

rs_err rs_parts_walk(rs_extract_ctx *cx, const char *what, rs_part_want want, rs_part_got got,
                     void *ctx)
{
    const rs_limits *lim = cx->opt ? &cx->opt->limits : NULL;
    uint64_t cap = lim && lim->max_member_bytes ? lim->max_member_bytes : DEFAULT_MEMBER;
    uint64_t total = lim && lim->max_total_bytes ? lim->max_total_bytes : DEFAULT_TOTAL;
    uint64_t members = lim && lim->max_members ? lim->max_members : DEFAULT_MEMBERS;
    uint64_t seen = 0, bytes = 0;
    rs_buf b;
    rs_buf_init(&b, cap < SIZE_MAX ? (size_t)cap : SIZE_MAX);
    rs_err e = RS_OK;
    struct archive *a = archive_read_new();
    if (!a) return rs_extract_err(cx, RS_ERR_NOMEM);
    archive_read_support_format_zip(a);
    locale_t old = rs_utf8_names_begin();
    int orc = archive_read_open_memory(a, cx->data, cx->len);
    rs_utf8_names_end(old);
    if (orc != ARCHIVE_OK) {
        e = rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s is not a zip archive (%s)", what,
                            why(a));
        goto out;
    }
    for (;;) {
        struct archive_entry *ent;
        const char *name;
        if ((e = next(cx, a, &ent, &name, what, seen)) || !ent) goto out;
        if (++seen > members) {
            e = rs_extract_fail(cx, RS_ERR_LIMIT, "limit: %s has more than %llu members", what,
                                (unsigned long long)members);
            goto out;
        }
        if (!name || !want(ctx, name)) continue;
        if (archive_entry_is_data_encrypted(ent)) {
            e = rs_extract_fail(cx, RS_ERR_ENCRYPTED, "encrypted: %s part %s", what, name);
            goto out;
        }
        rs_buf_reset(&b);
        if ((e = read_member(cx, a, &b, what, name))) goto out;
        if ((bytes += b.len) > total) {
            e = rs_extract_fail(cx, RS_ERR_LIMIT, "limit: %s parts larger than %llu bytes", what,
                                (unsigned long long)total);
            goto out;
        }
        const unsigned char *data = b.data ? (const unsigned char *)b.data : (const void *)"";
        if ((e = got(ctx, name, data, b.len))) goto out;
    }
out:
    archive_read_free(a);
    rs_buf_free(&b);
    return e;
}

/* ---- embedded units ---- */

/* Extensions of the media and documents worth scanning as units of their own (sorted). */
static const char *const EMBED_EXT[] = {
    "avif", "docm", "docx", "epub", "flac", "gif", "heic", "heif", "jfif", "jpe",  "jpeg",
    "jpg",  "m4a",  "m4v",  "mov",  "mp3",  "mp4", "odp",  "ods",  "odt",  "oga",  "ogg",
    "pdf",  "png",  "pptm", "pptx", "rtf",  "tif", "tiff", "webp", "xlsm", "xlsx", "xmp",
};

bool rs_embed_wanted(const char *name)
{
    const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash)) return false;
    size_t n = strlen(dot + 1);
    return n < 8 && rs_xml_in((const unsigned char *)dot + 1, n, EMBED_EXT,
                              sizeof EMBED_EXT / sizeof EMBED_EXT[0], true);
}

rs_err rs_embed_add(rs_extract_ctx *cx, rs_embeds *em, const char *name, const void *data,
                    size_t len)
{
    (void)em; /* over the cap, the engine reports the unit as skipped itself */
    return rs_extract_err(cx, rs_extract_add_subunit(cx, name, data, len));
}

typedef struct {
    const char *name;
    size_t i;
} named;

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Embedded units of one name (a zip may hold an entry twice) are renamed "name;2",
 * "name;3", ... after the first, in archive order, so that each is a unit of its own path.
 * Sorting finds them in n log n; a new name that is taken too is renamed in the next round
 * (names ending ";N" are not media, so that is for odd extractors only). */
static rs_err unique_names(rs_subunits *su)
{
    if (!su || su->n < 2) return RS_OK;
    named *v = malloc(su->n * sizeof *v);
    if (!v) return RS_ERR_NOMEM;
    rs_err e = RS_OK;
    for (int round = 0, renamed = 1; renamed && round < 8 && !e; round++) {
        renamed = 0;
        for (size_t i = 0; i < su->n; i++)
            v[i] = (named){su->v[i].name, i};
        qsort(v, su->n, sizeof *v, cmp_named);
        for (size_t i = 1, k = 2; i < su->n && !e; i++) {
            if (strcmp(v[i].name, v[i - 1].name)) {
                k = 2;
                continue;
            }
            size_t len = strlen(v[i].name) + 24;
            char *nm = malloc(len);
            if (!nm) {
                e = RS_ERR_NOMEM;
                break;
            }
            snprintf(nm, len, "%s;%zu", v[i].name, k++);
            char *was = su->v[v[i].i].name;
            su->v[v[i].i].name = nm;
            v[i].name = v[i - 1].name; /* the run's first name, for the next comparison */
            free(was);
            renamed = 1;
        }
    }
    free(v);
    return e;
}

rs_err rs_embed_done(rs_extract_ctx *cx, const rs_embeds *em, const char *what, rs_err e)
{
    rs_err u = unique_names(cx->sub);
    if (u) return rs_extract_err(cx, u);
    if (e || !em->skipped) return e;
    return rs_extract_fail(
        cx, RS_ERR_LIMIT, "limit: %s embedded units larger than %zu bytes; %s%s not scanned", what,
        cx->sub ? cx->sub->max_bytes : 0, em->first, em->skipped > 1 ? " and others" : "");
}

/* ---- Office document properties ---- */

bool rs_ooxml_props_wanted(const char *name)
{
    return !strcmp(name, "docProps/core.xml") || !strcmp(name, "docProps/app.xml") ||
           !strcmp(name, "docProps/custom.xml");
}

static const char *const CORE[] = {"dc:creator", "dc:rights", "cp:lastModifiedBy", NULL};
static const char *const APP[] = {"Company", "Manager", NULL};

rs_err rs_ooxml_props(rs_extract_ctx *cx, const char *format, const char *name,
                      const unsigned char *s, size_t n)
{
    char prefix[32];
    rs_err e;
    if (!strcmp(name, "docProps/core.xml")) {
        snprintf(prefix, sizeof prefix, "%s:", format);
        e = rs_xml_elements(cx->out, s, n, prefix, CORE, false);
    } else if (!strcmp(name, "docProps/app.xml")) {
        snprintf(prefix, sizeof prefix, "%s:app:", format);
        e = rs_xml_elements(cx->out, s, n, prefix, APP, false);
    } else {
        snprintf(prefix, sizeof prefix, "%s:custom:", format);
        e = rs_named_props(cx->out, s, n, "property", "name", prefix);
    }
    return rs_extract_err(cx, e);
}

/* A user-defined property whose name speaks of rights, credit or authorship. */
static bool rights_name(const char *name)
{
    static const char *const WORDS[] = {"agency", "author", "byline", "copyright", "creator",
                                        "credit", "holder", "licen",  "owner",     "rights",
                                        "source", "tdm",    "usage"};
    char low[64];
    size_t k = 0;
    for (; name[k] && k + 1 < sizeof low; k++)
        low[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32 : name[k]);
    low[k] = '\0';
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (strstr(low, WORDS[i])) return true;
    return false;
}

/* The value of attribute attr of t as a field-name-safe key; false when unusable. */
static bool prop_key(const rs_xml *x, const rs_xml_tok *t, const char *attr, char *key, size_t len)
{
    rs_xml_attrs it;
    rs_xml_attr a;
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        if (!rs_xml_eq(x->s + a.name_off, a.name_len, attr) || !a.val_len || a.val_len >= len)
            continue;
        size_t k = 0;
        for (size_t i = 0; i < a.val_len; i++) {
            unsigned c = x->s[a.val_off + i];
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                key[k++] = (char)c;
            else if ((c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
                key[k++] = (char)c;
            else if (c == ' ')
                key[k++] = '_';
        }
        key[k] = '\0';
        return k > 0 && rights_name(key);
    }
    return false;
}

static bool blank(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

rs_err rs_named_props(rs_fields *fs, const unsigned char *s, size_t n, const char *elem,
                      const char *attr, const char *prefix)
{
    rs_xml x;
    rs_xml_tok t;
    rs_err e = RS_OK;
    int depth = -1;        /* of the property being read */
    size_t idx = SIZE_MAX; /* its field, once it has text */
    char key[48], fname[80];
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        if (t.kind == RS_XML_OPEN && depth < 0 && !t.empty &&
            rs_xml_eq(s + t.name_off, t.name_len, elem) &&
            prop_key(&x, &t, attr, key, sizeof key)) {
            depth = (int)t.depth;
            idx = SIZE_MAX;
            snprintf(fname, sizeof fname, "%s%s", prefix, key);
        } else if (t.kind == RS_XML_CLOSE && (int)t.depth == depth) {
            depth = -1;
        } else if ((t.kind == RS_XML_TEXT || t.kind == RS_XML_CDATA) && depth >= 0 &&
                   !blank(s + t.text_off, t.text_len)) {
            if (idx == SIZE_MAX && (e = rs_fields_line(fs, fname, true, false, t.text_off, &idx)))
                break;
            rs_field *f = &fs->v[idx];
            if (t.kind == RS_XML_CDATA)
                e = rs_put_text(f, s + t.text_off, t.text_len, t.text_off, NULL);
            else
                e = rs_xml_put(f, s + t.text_off, t.text_len, t.text_off, 0, NULL);
            rs_field_finish(f);
        }
    }
    return e;
}
