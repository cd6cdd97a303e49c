/* extract_xmp.c — the rights properties of an XMP packet as metadata fields.
 *
 * XMP writes one property in two ways, and both occur in the wild:
 *
 *   <rdf:Description photoshop:Credit="AA">                      an attribute, or
 *   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© AA</rdf:li></rdf:Alt></dc:rights>
 *
 * an element whose value is its text, or the texts of the rdf:li items of the rdf:Alt,
 * rdf:Seq or rdf:Bag inside it (joined as lines). Properties are known by namespace URI,
 * not by prefix: xmlns declarations are collected as the packet is read (flat, not scoped:
 * packets do not rebind prefixes), and an undeclared prefix falls back to the usual one.
 */
#include "xml.h"

#include <string.h>

static const struct {
    const char *ns, *prefix, *local, *field;
} PROPS[] = {
    {"http://purl.org/dc/elements/1.1/", "dc", "rights", "xmp:dc:rights"},
    {"http://purl.org/dc/elements/1.1/", "dc", "creator", "xmp:dc:creator"},
    {"http://ns.adobe.com/photoshop/1.0/", "photoshop", "Credit", "xmp:photoshop:Credit"},
    {"http://ns.adobe.com/photoshop/1.0/", "photoshop", "Source", "xmp:photoshop:Source"},
    {"http://ns.adobe.com/xap/1.0/rights/", "xmpRights", "UsageTerms", "xmp:xmpRights:UsageTerms"},
};
#define NPROPS (sizeof PROPS / sizeof PROPS[0])
#define MAX_NS 32

typedef struct xmp {
    rs_fields *fs;
    const unsigned char *s;
    size_t base;
    bool positional;
    struct {
        size_t off, len, uri, ulen; /* prefix and URI, as offsets into s */
    } ns[MAX_NS];
    size_t nns;
    int prop;       /* the property element being read, or -1 */
    unsigned depth; /* its depth */
    size_t idx;     /* its field, SIZE_MAX until it has text */
    bool item;      /* an rdf:li began since the last text: start a new line */
} xmp;

/* The namespace URI bound to prefix s[off..off+n), or NULL. */
static const unsigned char *resolve(const xmp *m, size_t off, size_t n, size_t *ulen)
{
    for (size_t i = m->nns; i-- > 0;) {
        if (m->ns[i].len == n && memcmp(m->s + m->ns[i].off, m->s + off, n) == 0) {
            *ulen = m->ns[i].ulen;
            return m->s + m->ns[i].uri;
        }
    }
    return NULL;
}

/* The property named by the qualified name s[off..off+n), or -1. */
static int property(const xmp *m, size_t off, size_t n)
{
    const unsigned char *colon = memchr(m->s + off, ':', n);
    if (!colon) return -1;
    size_t plen = (size_t)(colon - (m->s + off)), ulen;
    const unsigned char *local = colon + 1, *uri = resolve(m, off, plen, &ulen);
    for (size_t k = 0; k < NPROPS; k++) {
        if (!rs_xml_eq(local, n - plen - 1, PROPS[k].local)) continue;
        if (uri ? rs_xml_eq(uri, ulen, PROPS[k].ns) : rs_xml_eq(m->s + off, plen, PROPS[k].prefix))
            return (int)k;
    }
    return -1;
}

static void declare(xmp *m, const rs_xml *x, const rs_xml_tok *t)
{
    rs_xml_attrs it;
    rs_xml_attr a;
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        if (a.name_len <= 6 || memcmp(m->s + a.name_off, "xmlns:", 6) != 0) continue;
        if (m->nns == MAX_NS) memmove(m->ns, m->ns + 1, --m->nns * sizeof m->ns[0]);
        m->ns[m->nns].off = a.name_off + 6;
        m->ns[m->nns].len = a.name_len - 6;
        m->ns[m->nns].uri = a.val_off;
        m->ns[m->nns].ulen = a.val_len;
        m->nns++;
    }
}

/* Properties written as attributes: <rdf:Description photoshop:Credit="AA">. */
static rs_err attributes(xmp *m, const rs_xml *x, const rs_xml_tok *t)
{
    rs_xml_attrs it;
    rs_xml_attr a;
    rs_err e = RS_OK;
    rs_xml_attrs_init(&it, x, t);
    while (!e && rs_xml_attr_next(&it, &a)) {
        int k = property(m, a.name_off, a.name_len);
        if (k < 0 || !a.val_len) continue;
        size_t idx, src = m->base + a.val_off;
        e = rs_fields_line(m->fs, PROPS[k].field, true, m->positional, src, &idx);
        if (e) break;
        rs_field *f = &m->fs->v[idx];
        e = rs_xml_put(f, m->s + a.val_off, a.val_len, src, 0, NULL);
        rs_field_finish(f);
    }
    return e;
}

static bool blank(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

/* Text inside the property element being read. */
static rs_err text(xmp *m, const rs_xml_tok *t)
{
    size_t src = m->base + t->text_off;
    rs_err e;
    if (blank(m->s + t->text_off, t->text_len)) return RS_OK;
    if (m->idx == SIZE_MAX) {
        e = rs_fields_line(m->fs, PROPS[m->prop].field, true, m->positional, src, &m->idx);
        if (e) return e;
    } else if (m->item && (e = rs_field_newline(&m->fs->v[m->idx], src))) {
        return e;
    }
    m->item = false;
    rs_field *f = &m->fs->v[m->idx];
    if (t->kind == RS_XML_CDATA)
        e = rs_put_text(f, m->s + t->text_off, t->text_len, src, NULL);
    else
        e = rs_xml_put(f, m->s + t->text_off, t->text_len, src, 0, NULL);
    rs_field_finish(f);
    return e;
}

rs_err rs_xmp_fields(rs_fields *fs, const unsigned char *s, size_t n, size_t base, bool positional)
{
    xmp m = {.fs = fs, .s = s, .base = base, .positional = positional, .prop = -1};
    rs_xml x;
    rs_xml_tok t;
    rs_err e = RS_OK;
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        if (t.kind == RS_XML_OPEN) {
            declare(&m, &x, &t);
            if (m.prop >= 0) {
                m.item = m.item || rs_xml_eq(s + t.name_off, t.name_len, "rdf:li");
                continue;
            }
            e = attributes(&m, &x, &t);
            int k = t.empty ? -1 : property(&m, t.name_off, t.name_len);
            if (k >= 0) {
                m.prop = k;
                m.depth = t.depth;
                m.idx = SIZE_MAX;
                m.item = false;
            }
        } else if (t.kind == RS_XML_CLOSE) {
            if (m.prop >= 0 && t.depth == m.depth) m.prop = -1;
        } else if ((t.kind == RS_XML_TEXT || t.kind == RS_XML_CDATA) && m.prop >= 0) {
            e = text(&m, &t);
        }
    }
    return e;
}
