/* extract_xmp.c — the rights properties of an XMP packet as metadata fields "xmp:<prefix>:<name>".
 *
 * XMP writes one property in three ways, and all occur in the wild:
 *
 *   <rdf:Description photoshop:Credit="AA">                      an attribute,
 *   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© AA</rdf:li></rdf:Alt></dc:rights>
 *   <xmpRights:WebStatement rdf:resource="https://aa.com.tr/terms"/>
 *
 * an element whose value is its text, or the texts of the rdf:li items of the rdf:Alt,
 * rdf:Seq or rdf:Bag inside it (joined as lines), or a URI in rdf:resource. Struct-valued
 * properties (plus:CopyrightOwner, plus:Licensor, Iptc4xmpExt:LinkedEncRightsExpr) are read
 * through the one member that carries the value (plus:CopyrightOwnerName, ...), written as
 * an element or as an attribute of the rdf:li. Properties are known by namespace URI, not
 * by prefix: xmlns declarations are collected as the packet is read (flat, not scoped:
 * packets do not rebind prefixes), and an undeclared prefix falls back to the usual one.
 * The field name always uses the usual prefix, whatever the packet calls it.
 */
#include "xml.h"

#include <string.h>

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_RIGHTS "http://ns.adobe.com/xap/1.0/rights/"
#define NS_PS "http://ns.adobe.com/photoshop/1.0/"
#define NS_PLUS "http://ns.useplus.org/ldf/xmp/1.0/"
#define NS_CORE "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
#define NS_EXT "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
#define NS_CC "http://creativecommons.org/ns#"
#define NS_DM "http://ns.adobe.com/xmp/1.0/DynamicMedia/"

static const struct {
    const char *ns, *prefix, *local, *field;
} PROPS[] = {
    {NS_DC, "dc", "rights", "xmp:dc:rights"},
    {NS_DC, "dc", "creator", "xmp:dc:creator"},
    {NS_RIGHTS, "xmpRights", "Marked", "xmp:xmpRights:Marked"},
    {NS_RIGHTS, "xmpRights", "Owner", "xmp:xmpRights:Owner"},
    {NS_RIGHTS, "xmpRights", "UsageTerms", "xmp:xmpRights:UsageTerms"},
    {NS_RIGHTS, "xmpRights", "WebStatement", "xmp:xmpRights:WebStatement"},
    {NS_PS, "photoshop", "Credit", "xmp:photoshop:Credit"},
    {NS_PS, "photoshop", "Source", "xmp:photoshop:Source"},
    {NS_PS, "photoshop", "Instructions", "xmp:photoshop:Instructions"},
    {NS_PLUS, "plus", "CopyrightOwnerName", "xmp:plus:CopyrightOwner"},
    {NS_PLUS, "plus", "LicensorName", "xmp:plus:Licensor"},
    {NS_PLUS, "plus", "DataMining", "xmp:plus:DataMining"},
    {NS_PLUS, "plus", "ImageCreatorName", "xmp:plus:ImageCreator"},
    {NS_PLUS, "plus", "ImageSupplierName", "xmp:plus:ImageSupplier"},
    {NS_PLUS, "plus", "CopyrightStatus", "xmp:plus:CopyrightStatus"},
    {NS_PLUS, "plus", "OtherConstraints", "xmp:plus:OtherConstraints"},
    {NS_CORE, "Iptc4xmpCore", "CopyrightNotice", "xmp:Iptc4xmpCore:CopyrightNotice"},
    {NS_EXT, "Iptc4xmpExt", "EncRightsExpr", "xmp:Iptc4xmpExt:EmbdEncRightsExpr"},
    {NS_EXT, "Iptc4xmpExt", "LinkedRightsExpr", "xmp:Iptc4xmpExt:LinkedEncRightsExpr"},
    {NS_EXT, "Iptc4xmpExt", "AOCopyrightNotice", "xmp:Iptc4xmpExt:AOCopyrightNotice"},
    {NS_EXT, "Iptc4xmpExt", "DigitalSourceType", "xmp:Iptc4xmpExt:DigitalSourceType"},
    {NS_CC, "cc", "license", "xmp:cc:license"},
    {NS_CC, "cc", "attributionName", "xmp:cc:attributionName"},
    {NS_CC, "cc", "morePermissions", "xmp:cc:morePermissions"},
    {NS_DM, "xmpDM", "copyright", "xmp:xmpDM:copyright"},
    {"http://www.w3.org/ns/tdmrep/", "tdm", "reservation", "xmp:tdm:reservation"},
    {"http://www.w3.org/ns/tdmrep/", "tdm", "policy", "xmp:tdm:policy"},
    {"http://www.w3.org/ns/tdmrep#", "tdm", "reservation", "xmp:tdm:reservation"},
    {"http://www.w3.org/ns/tdmrep#", "tdm", "policy", "xmp:tdm:policy"},
};
#define NPROPS (sizeof PROPS / sizeof PROPS[0])
#define MAX_NS 48

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

/* Adds the attribute value a as a line of property k's field. */
static rs_err attr_value(xmp *m, int k, const rs_xml_attr *a)
{
    size_t idx, src = m->base + a->val_off;
    rs_err e = rs_fields_line(m->fs, PROPS[k].field, true, m->positional, src, &idx);
    if (e) return e;
    rs_field *f = &m->fs->v[idx];
    e = rs_xml_put(f, m->s + a->val_off, a->val_len, src, 0, NULL);
    rs_field_finish(f);
    return e;
}

/* Attributes of an element: properties written as attributes (<rdf:Description
 * photoshop:Credit="AA">) when outside a property, and the rdf:resource URI that is the
 * value of property k (k >= 0) or of one of its items. */
static rs_err attributes(xmp *m, const rs_xml *x, const rs_xml_tok *t, int k)
{
    rs_xml_attrs it;
    rs_xml_attr a;
    rs_err e = RS_OK;
    rs_xml_attrs_init(&it, x, t);
    while (!e && rs_xml_attr_next(&it, &a)) {
        if (!a.val_len) continue;
        if (k >= 0) {
            if (rs_xml_eq(m->s + a.name_off, a.name_len, "rdf:resource")) e = attr_value(m, k, &a);
            continue;
        }
        int p = property(m, a.name_off, a.name_len);
        if (p >= 0) e = attr_value(m, p, &a);
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

static rs_err open_tag(xmp *m, const rs_xml *x, const rs_xml_tok *t)
{
    declare(m, x, t);
    if (m->prop >= 0) { /* an item or a qualifier inside the property */
        m->item = m->item || rs_xml_eq(m->s + t->name_off, t->name_len, "rdf:li");
        return attributes(m, x, t, m->prop);
    }
    int k = property(m, t->name_off, t->name_len);
    rs_err e = attributes(m, x, t, -1);
    if (!e && k >= 0) e = attributes(m, x, t, k); /* <p rdf:resource="..."/> */
    if (!e && k >= 0 && !t->empty) {
        m->prop = k;
        m->depth = t->depth;
        m->idx = SIZE_MAX;
        m->item = false;
    }
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
        if (t.kind == RS_XML_OPEN)
            e = open_tag(&m, &x, &t);
        else if (t.kind == RS_XML_CLOSE && m.prop >= 0 && t.depth == m.depth)
            m.prop = -1;
        else if ((t.kind == RS_XML_TEXT || t.kind == RS_XML_CDATA) && m.prop >= 0)
            e = text(&m, &t);
    }
    return e;
}
