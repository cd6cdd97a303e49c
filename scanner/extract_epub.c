/* extract_epub.c — EPUB books: dc:rights and dc:creator of the package document as metadata,
 * its TDMRep declarations (<meta property="tdm:reservation">1</meta>, or the name/content
 * form) as "epub:meta:tdm-reservation" / "epub:meta:tdm-policy", the text of every (X)HTML
 * content document as "body" (through the HTML extractor), and its images as embedded units
 * ("book.epub!/OEBPS/Images/cover.jpg").
 *
 * Three passes over the zip, each cheap (libarchive skips unwanted members unread):
 *   1. META-INF/container.xml names the package document (OPF) by its rootfile full-path;
 *   2. the OPF's metadata gives the fields, its manifest the content documents
 *      (media-type application/xhtml+xml or text/html), whose hrefs are relative to the
 *      OPF and percent-encoded: "Text/ch%201.xhtml" in "OEBPS/content.opf" is the member
 *      "OEBPS/Text/ch 1.xhtml";
 *   3. the content documents, in archive order (not spine order), each a run of lines, and
 *      the images (any member with an image extension, listed or not).
 * Without a usable container or manifest every .xhtml/.html/.htm member is read instead.
 * Offsets refer to the content document they came from (positional false).
 */
#include "xml.h"

#include <stdlib.h>
#include <string.h>

typedef struct epub {
    rs_extract_ctx *cx;
    size_t body;
    char opf[1024];     /* the package document's member name */
    rs_buf pool;        /* manifest content documents, NUL-terminated, one after another */
    const char **items; /* sorted, pointing into pool */
    size_t nitems;
    bool container, package, any; /* what was found */
    rs_embeds em;
} epub;

/* ---- pass 1: container.xml ---- */

static bool want_container(void *ctx, const char *name)
{
    (void)ctx;
    return !strcmp(name, "META-INF/container.xml");
}

static rs_err got_container(void *ctx, const char *name, const unsigned char *s, size_t n)
{
    epub *p = ctx;
    rs_xml x;
    rs_xml_tok t;
    (void)name;
    p->container = true;
    rs_xml_init(&x, s, n, 0);
    while (!p->opf[0] && rs_xml_next(&x, &t)) {
        size_t off = t.name_off, len = t.name_len;
        rs_xml_local(s, &off, &len);
        if (t.kind != RS_XML_OPEN || !rs_xml_eq(s + off, len, "rootfile")) continue;
        rs_xml_attrs it;
        rs_xml_attr a;
        rs_xml_attrs_init(&it, &x, &t);
        while (rs_xml_attr_next(&it, &a))
            if (rs_xml_eq(s + a.name_off, a.name_len, "full-path") && a.val_len < sizeof p->opf) {
                memcpy(p->opf, s + a.val_off, a.val_len);
                p->opf[a.val_len] = '\0';
            }
    }
    return RS_OK;
}

/* ---- pass 2: the package document ---- */

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (int)((c | 0x20) - 'a' + 10);
    return -1;
}

/* Appends segment s[0..n) to out[*len] as a path step ("." skipped, ".." pops). */
static bool step(char *out, size_t *len, size_t cap, const char *s, size_t n)
{
    if (!n || (n == 1 && s[0] == '.')) return true;
    if (n == 2 && s[0] == '.' && s[1] == '.') {
        while (*len && out[*len - 1] != '/')
            (*len)--;
        if (*len) (*len)--;
        return true;
    }
    if (*len + (*len ? 1 : 0) + n >= cap) return false;
    if (*len) out[(*len)++] = '/';
    memcpy(out + *len, s, n);
    *len += n;
    return true;
}

/* Resolves href (percent-encoded, relative to the OPF's folder) to a member name in out. */
static bool resolve(const char *opf, const unsigned char *href, size_t hn, char *out, size_t cap)
{
    char path[1024];
    size_t n = 0, len = 0;
    const char *slash = strrchr(opf, '/');
    size_t dir = href[0] == '/' || !slash ? 0 : (size_t)(slash - opf) + 1;
    if (dir >= sizeof path) return false;
    memcpy(path, opf, dir);
    n = dir;
    for (size_t i = 0; i < hn && href[i] != '#' && href[i] != '?'; i++) {
        unsigned char c = href[i];
        if (c == '%' && i + 2 < hn && hexval(href[i + 1]) >= 0 && hexval(href[i + 2]) >= 0) {
            c = (unsigned char)(hexval(href[i + 1]) * 16 + hexval(href[i + 2]));
            i += 2;
        }
        if (n + 1 >= sizeof path || !c) return false;
        path[n++] = (char)c;
    }
    for (size_t i = 0; i < n;) {
        const char *e = memchr(path + i, '/', n - i);
        size_t seg = e ? (size_t)(e - (path + i)) : n - i;
        if (!step(out, &len, cap, path + i, seg)) return false;
        i += seg + 1;
    }
    out[len] = '\0';
    return len > 0;
}

static bool want_package(void *ctx, const char *name)
{
    return !strcmp(name, ((epub *)ctx)->opf);
}

/* A manifest <item>: a content document's member name goes into the pool. */
static rs_err item(epub *p, const rs_xml *x, const rs_xml_tok *t)
{
    rs_xml_attrs it;
    rs_xml_attr a, href = {0}, type = {0};
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        if (rs_xml_eq(x->s + a.name_off, a.name_len, "href")) href = a;
        if (rs_xml_eq(x->s + a.name_off, a.name_len, "media-type")) type = a;
    }
    const unsigned char *ty = x->s + type.val_off;
    if (!href.val_len || !(rs_xml_ieq(ty, type.val_len, "application/xhtml+xml") ||
                           rs_xml_ieq(ty, type.val_len, "text/html")))
        return RS_OK;
    char name[1024];
    if (!resolve(p->opf, x->s + href.val_off, href.val_len, name, sizeof name)) return RS_OK;
    return rs_buf_append(&p->pool, name, strlen(name) + 1);
}

static const char *const DC[] = {"dc:rights", "dc:creator", NULL};

/* The TDMRep key a <meta> names ("tdm:reservation" property or "tdm-reservation" name). */
static const char *tdm_key(const unsigned char *v, size_t n)
{
    if (rs_xml_eq(v, n, "tdm:reservation") || rs_xml_eq(v, n, "tdm-reservation"))
        return "epub:meta:tdm-reservation";
    if (rs_xml_eq(v, n, "tdm:policy") || rs_xml_eq(v, n, "tdm-policy"))
        return "epub:meta:tdm-policy";
    return NULL;
}

/* <meta property="tdm:reservation">1</meta> or <meta name="tdm-reservation" content="1"/>:
 * the value goes to a metadata field. *open gets the field to fill from the element's text. */
static rs_err tdm_meta(epub *p, const rs_xml *x, const rs_xml_tok *t, const char **open)
{
    rs_xml_attrs it;
    rs_xml_attr a, content = {0};
    const char *key = NULL;
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        const unsigned char *nm = x->s + a.name_off;
        if (rs_xml_eq(nm, a.name_len, "property") || rs_xml_eq(nm, a.name_len, "name"))
            key = key ? key : tdm_key(x->s + a.val_off, a.val_len);
        if (rs_xml_eq(nm, a.name_len, "content")) content = a;
    }
    *open = NULL;
    if (!key) return RS_OK;
    if (!content.has_val) {
        *open = t->empty ? NULL : key;
        return RS_OK;
    }
    size_t idx;
    rs_err e = rs_fields_line(p->cx->out, key, true, false, content.val_off, &idx);
    if (e) return e;
    rs_field *f = &p->cx->out->v[idx];
    e = rs_xml_put(f, x->s + content.val_off, content.val_len, content.val_off, 0, NULL);
    rs_field_finish(f);
    return e;
}

static rs_err got_package(void *ctx, const char *name, const unsigned char *s, size_t n)
{
    epub *p = ctx;
    rs_xml x;
    rs_xml_tok t;
    rs_err e = rs_xml_elements(p->cx->out, s, n, "epub:", DC, false);
    const char *tdm = NULL; /* a tdm <meta> whose text is its value */
    (void)name;
    p->package = true;
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        size_t off = t.name_off, len = t.name_len;
        rs_xml_local(s, &off, &len);
        if (t.kind == RS_XML_OPEN && rs_xml_eq(s + off, len, "item")) e = item(p, &x, &t);
        if (t.kind == RS_XML_OPEN && rs_xml_eq(s + off, len, "meta")) e = tdm_meta(p, &x, &t, &tdm);
        if (t.kind == RS_XML_CLOSE) tdm = NULL;
        if (t.kind == RS_XML_TEXT && tdm) {
            size_t idx;
            e = rs_fields_line(p->cx->out, tdm, true, false, t.text_off, &idx);
            if (!e)
                e = rs_xml_put(&p->cx->out->v[idx], s + t.text_off, t.text_len, t.text_off, 0,
                               NULL);
            if (!e) rs_field_finish(&p->cx->out->v[idx]);
            tdm = NULL;
        }
    }
    return rs_extract_err(p->cx, e);
}

/* ---- pass 3: the content documents ---- */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static rs_err index_items(epub *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->pool.len; i++)
        n += p->pool.data[i] == '\0';
    if (!n) return RS_OK;
    p->items = malloc(n * sizeof *p->items);
    if (!p->items) return RS_ERR_NOMEM;
    for (size_t i = 0; i < p->pool.len; i += strlen(p->pool.data + i) + 1)
        p->items[p->nitems++] = p->pool.data + i;
    qsort(p->items, p->nitems, sizeof *p->items, by_name);
    return RS_OK;
}

static bool html_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 6 && !strcmp(name + n - 6, ".xhtml")) ||
           (n > 5 && !strcmp(name + n - 5, ".html")) || (n > 4 && !strcmp(name + n - 4, ".htm"));
}

static bool image_name(const char *name)
{
    return rs_embed_wanted(name) && !html_name(name) && strncmp(name, "META-INF/", 9) != 0;
}

static bool want_content(void *ctx, const char *name)
{
    epub *p = ctx;
    if (image_name(name)) return true;
    if (!p->nitems) return html_name(name);
    return bsearch(&name, p->items, p->nitems, sizeof *p->items, by_name) != NULL;
}

static rs_err got_content(void *ctx, const char *name, const unsigned char *s, size_t n)
{
    epub *p = ctx;
    if (image_name(name)) return rs_embed_add(p->cx, &p->em, name, s, n);
    p->any = true;
    size_t skip = n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
    rs_err e = rs_field_newline(&p->cx->out->v[p->body], 0);
    if (!e) e = rs_html_text(p->cx->out, p->body, s + skip, n - skip, skip, NULL, false);
    return rs_extract_err(p->cx, e);
}

static rs_err passes(epub *p)
{
    rs_extract_ctx *cx = p->cx;
    rs_err e = rs_parts_walk(cx, "EPUB", want_container, got_container, p);
    if (!e && p->opf[0]) e = rs_parts_walk(cx, "EPUB", want_package, got_package, p);
    if (!e) e = rs_extract_err(cx, index_items(p));
    if (!e) e = rs_parts_walk(cx, "EPUB", want_content, got_content, p);
    if (e == RS_ERR_CORRUPT && p->any) { /* damaged after some text: keep what was read */
        cx->reason[0] = '\0';
        return RS_OK;
    }
    if (!e && !p->container && !p->any)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: EPUB has no META-INF/container.xml");
    return e;
}

rs_err rs_extract_epub(rs_extract_ctx *cx)
{
    epub *p = calloc(1, sizeof *p);
    if (!p) return rs_extract_err(cx, RS_ERR_NOMEM);
    p->cx = cx;
    rs_buf_init(&p->pool, 0);
    rs_field *f;
    rs_err e = rs_fields_add(cx->out, "body", false, false, &f);
    if (e) {
        e = rs_extract_err(cx, e);
        goto out;
    }
    p->body = cx->out->n - 1;
    e = rs_embed_done(cx, &p->em, "EPUB", passes(p));
    rs_field_finish(&cx->out->v[p->body]);
out:
    free(p->items);
    rs_buf_free(&p->pool);
    free(p);
    return e;
}
