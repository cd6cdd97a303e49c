/* htmldata.c — schema.org structured data in HTML: JSON-LD blocks and microdata rights props.
 *
 * extract_html.c hands every token of the page to rs_htmldata_token (xml.h's tokenizer in
 * HTML mode); this file keeps what it needs between tokens.
 *
 * JSON-LD: the contents of <script type="application/ld+json"> are read by extract_json.c
 * (rs_jsonld_fields) into "jsonld:<property>".
 *
 * Microdata: an element with itemprop="copyrightHolder" (or copyrightNotice, creditText,
 * license, acquireLicensePage, isAccessibleForFree; itemprop is a list of words) gives
 * "microdata:<prop>" from, in order: its value attribute (meta content, link/a href,
 * img/source src, object data, data/meter value, time datetime); else, when it starts an
 * item (itemscope, <div itemprop="copyrightHolder" itemscope itemtype=".../Organization">),
 * the item's own "name" or "legalName" property; else its text up to its end tag.
 *
 * HTML leaves elements unclosed, so the end tag is found by counting elements of the same
 * name opened inside, and a text value stops at MAX_TEXT bytes whatever happens: a page
 * that never closes the element costs a bounded read, not the rest of the page.
 */
#include "htmldata.h"

#include <string.h>

#define MAX_TEXT 2048

static const char *const PROPS[] = {"copyrightHolder", "copyrightNotice",    "creditText",
                                    "license",         "acquireLicensePage", "isAccessibleForFree"};
#define NPROPS (sizeof PROPS / sizeof PROPS[0])

/* Elements that never have contents (sorted). */
static const char *const VOID[] = {"area",  "base", "br",   "col",   "embed",  "hr",    "img",
                                   "input", "link", "meta", "param", "source", "track", "wbr"};
/* Elements whose boundaries separate words in a text value (sorted). */
static const char *const BREAK[] = {"article", "blockquote", "br",      "dd", "div", "dt", "footer",
                                    "h1",      "h2",         "h3",      "h4", "h5",  "h6", "header",
                                    "li",      "p",          "section", "td", "th",  "tr"};

void rs_htmldata_init(rs_htmldata *h, rs_fields *fs, const unsigned char *s, size_t base,
                      const rs_charset *cs)
{
    memset(h, 0, sizeof *h);
    h->fs = fs;
    h->s = s;
    h->base = base;
    h->cs = cs;
    h->prop = h->scope = -1;
}

static void lower(const unsigned char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (; k < n && k + 1 < cap; k++)
        out[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
    out[k] = '\0';
}

/* The PROPS index of a word of the itemprop list s[0..n) (or, with name, the index of the
 * word "name"/"legalName" as NPROPS), or -1. */
static int prop_in(const unsigned char *s, size_t n, bool name)
{
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
            i++;
        size_t j = i;
        while (j < n && !(s[j] == ' ' || (s[j] >= '\t' && s[j] <= '\r')))
            j++;
        if (name && (rs_xml_eq(s + i, j - i, "name") || rs_xml_eq(s + i, j - i, "legalName")))
            return (int)NPROPS;
        for (size_t k = 0; !name && k < NPROPS; k++)
            if (rs_xml_eq(s + i, j - i, PROPS[k])) return (int)k;
        i = j;
    }
    return -1;
}

/* The attribute holding an element's value, by element (lower-case). */
static const char *value_attr(const char *tag)
{
    static const char *const map[][2] = {
        {"meta", "content"}, {"link", "href"},     {"a", "href"},      {"area", "href"},
        {"img", "src"},      {"audio", "src"},     {"video", "src"},   {"source", "src"},
        {"iframe", "src"},   {"embed", "src"},     {"object", "data"}, {"data", "value"},
        {"meter", "value"},  {"time", "datetime"},
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (!strcmp(tag, map[k][0])) return map[k][1];
    return NULL;
}

static rs_err put(rs_htmldata *h, int prop, const unsigned char *p, size_t n, size_t off, bool line)
{
    char name[48] = "microdata:";
    strncat(name, PROPS[prop], sizeof name - 11);
    rs_err e;
    if (line || h->idx == SIZE_MAX) {
        while (n && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
            p++, n--, off++;
        if (!n) return RS_OK;
        if ((e = rs_fields_line(h->fs, name, true, true, h->base + off, &h->idx))) return e;
    }
    rs_field *f = &h->fs->v[h->idx];
    e = rs_xml_put(f, p, n, h->base + off, RS_XML_HTML, h->cs);
    rs_field_finish(f);
    return e;
}

/* An element with a wanted itemprop (prop) or, inside an item, its name (prop = scope). */
static rs_err start(rs_htmldata *h, const rs_xml *x, const rs_xml_tok *t, int prop, const char *tag,
                    bool itemscope)
{
    const char *va = value_attr(tag);
    rs_xml_attrs it;
    rs_xml_attr a;
    rs_xml_attrs_init(&it, x, t);
    while (va && rs_xml_attr_next(&it, &a)) {
        if (!rs_xml_ieq(h->s + a.name_off, a.name_len, va) || !a.val_len) continue;
        h->idx = SIZE_MAX;
        return put(h, prop, h->s + a.val_off, a.val_len, a.val_off, true);
    }
    bool is_void =
        rs_xml_in(h->s + t->name_off, t->name_len, VOID, sizeof VOID / sizeof VOID[0], true);
    if (t->empty || is_void) return RS_OK;
    if (itemscope && h->scope < 0 && prop < (int)NPROPS) { /* wait for the item's name */
        h->scope = prop;
        memcpy(h->scope_tag, tag, sizeof h->scope_tag);
        h->scope_nest = 0;
        return RS_OK;
    }
    h->prop = prop;
    memcpy(h->tag, tag, sizeof h->tag);
    h->nest = 0;
    h->idx = SIZE_MAX;
    h->taken = 0;
    return RS_OK;
}

static rs_err open_tag(rs_htmldata *h, const rs_xml *x, const rs_xml_tok *t)
{
    char tag[sizeof h->tag];
    lower(h->s + t->name_off, t->name_len, tag, sizeof tag);
    h->ldjson = false;
    rs_xml_attrs it;
    rs_xml_attr a, type = {0}, prop = {0};
    bool itemscope = false;
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        const unsigned char *nm = h->s + a.name_off;
        if (rs_xml_ieq(nm, a.name_len, "type")) type = a;
        if (rs_xml_ieq(nm, a.name_len, "itemprop")) prop = a;
        if (rs_xml_ieq(nm, a.name_len, "itemscope")) itemscope = true;
    }
    if (!strcmp(tag, "script")) {
        size_t o = type.val_off, n = type.val_len;
        while (n && h->s[o + n - 1] == ' ')
            n--;
        while (n && h->s[o] == ' ')
            o++, n--;
        h->ldjson = rs_xml_ieq(h->s + o, n, "application/ld+json");
    }
    if (h->prop >= 0) { /* inside a text value */
        if (!t->empty && !strcmp(tag, h->tag)) h->nest++;
        bool brk =
            rs_xml_in(h->s + t->name_off, t->name_len, BREAK, sizeof BREAK / sizeof BREAK[0], true);
        if (brk && h->idx != SIZE_MAX)
            return put(h, h->prop, (const unsigned char *)" ", 1, t->off, false);
        return RS_OK;
    }
    if (h->scope >= 0 && !t->empty && !strcmp(tag, h->scope_tag)) h->scope_nest++;
    if (!prop.val_len) return RS_OK;
    int k = prop_in(h->s + prop.val_off, prop.val_len, false);
    if (k >= 0) return start(h, x, t, k, tag, itemscope);
    if (h->scope >= 0 && prop_in(h->s + prop.val_off, prop.val_len, true) >= 0)
        return start(h, x, t, h->scope, tag, false);
    return RS_OK;
}

static void close_tag(rs_htmldata *h, const rs_xml_tok *t)
{
    char tag[sizeof h->tag];
    lower(h->s + t->name_off, t->name_len, tag, sizeof tag);
    if (h->prop >= 0 && !strcmp(tag, h->tag)) {
        if (h->nest)
            h->nest--;
        else
            h->prop = -1;
    }
    if (h->scope >= 0 && !strcmp(tag, h->scope_tag)) {
        if (h->scope_nest)
            h->scope_nest--;
        else
            h->scope = -1;
    }
}

rs_err rs_htmldata_token(rs_htmldata *h, const rs_xml *x, const rs_xml_tok *t)
{
    switch (t->kind) {
    case RS_XML_OPEN:
        return open_tag(h, x, t);
    case RS_XML_CLOSE:
        close_tag(h, t);
        return RS_OK;
    case RS_XML_RAWTEXT:
        if (!h->ldjson) return RS_OK;
        h->ldjson = false;
        return rs_jsonld_fields(h->fs, h->s + t->text_off, t->text_len, h->base + t->text_off,
                                h->cs);
    case RS_XML_TEXT:
    case RS_XML_CDATA:
        if (h->prop < 0) return RS_OK;
        int prop = h->prop;
        size_t n = t->text_len < MAX_TEXT - h->taken ? t->text_len : MAX_TEXT - h->taken;
        h->taken += n;
        if (h->taken >= MAX_TEXT) h->prop = -1; /* never closed: stop here */
        return put(h, prop, h->s + t->text_off, n, t->text_off, false);
    default:
        return RS_OK;
    }
}
