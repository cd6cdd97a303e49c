/* extract_news.c — the rights fields of news formats: NewsML-G2, NewsML 1.x, NITF, RSS and
 * Atom (XML, called by extract_xml.c after the running text), and ANPA-1312 / IPTC 7901
 * wire text (SOH ... STX text ETX ...).
 *
 * The XML vocabularies are told apart by the root element (rs_news_kind): newsItem,
 * packageItem, newsMessage, conceptItem, knowledgeItem, planningItem → NewsML-G2; NewsML →
 * NewsML 1.x; nitf → NITF; rss, or rdf:RDF holding RSS 1.0 → RSS; feed or entry → Atom;
 * x:xmpmeta, x:xapmeta or another rdf:RDF → an XMP sidecar (extract_xmp.c). Each kind has a
 * table of rules: an element (by local name, its parent's local name, and for the feed
 * modules its namespace), the field it feeds, and how its value is read:
 *
 *   TEXT   the element's text (child elements become line breaks); if it has none, the
 *          first non-empty attribute of the rule's list (usageTerms @href);
 *   NAME   the text of its <name> children, else an attribute (copyrightHolder: name,
 *          @literal, @qcode, @uri);
 *   ATTR   the first non-empty attribute of the list, else the text (date.release @norm,
 *          pubStatus @qcode);
 *   SPLIT  each attribute of the list its own field: the first under the rule's field,
 *          the others under field/attribute (doc.copyright @holder → nitf:doc.copyright,
 *          @year → nitf:doc.copyright/year).
 *
 * Values are positional (they are text of the unit) and decoded with the document's
 * charset. Namespaces are collected flat, like XMP's (news documents do not rebind
 * prefixes); an undeclared prefix falls back to the usual one.
 */
#include "news.h"
#include "xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { G2 = 1, ML1 = 2, NITF = 4, RSS = 8, ATOM = 16, FEED = RSS | ATOM };
enum { TEXT, NAME, ATTR, SPLIT };

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_MRSS "http://search.yahoo.com/mrss/"
#define NS_CCRSS "http://backend.userland.com/creativeCommonsRssModule"
#define NS_ATOM "http://www.w3.org/2005/Atom"

typedef struct rule {
    unsigned kinds;
    const char *parent; /* the parent's local name, or NULL for any */
    const char *ns;     /* NULL: any namespace; "": no prefix; else a URI */
    const char *prefix; /* the usual prefix of ns */
    const char *local;
    unsigned mode;
    const char *attrs; /* space-separated, in order of preference */
    const char *field;
} rule;

static const rule RULES[] = {
    {G2, "rightsInfo", NULL, NULL, "copyrightHolder", NAME, "literal qcode uri",
     "newsml:rightsInfo/copyrightHolder"},
    {G2, "rightsInfo", NULL, NULL, "copyrightNotice", TEXT, "href",
     "newsml:rightsInfo/copyrightNotice"},
    {G2, "rightsInfo", NULL, NULL, "usageTerms", TEXT, "href", "newsml:rightsInfo/usageTerms"},
    {G2, "rightsInfo", NULL, NULL, "dataMining", TEXT, "qcode uri literal",
     "newsml:rightsInfo/dataMining"},
    {G2, "itemMeta", NULL, NULL, "embargoed", TEXT, "", "newsml:embargoed"},
    {G2, "itemMeta", NULL, NULL, "pubStatus", ATTR, "qcode uri literal", "newsml:pubStatus"},
    {G2, "itemMeta", NULL, NULL, "provider", NAME, "literal qcode uri", "newsml:provider"},
    {G2, "contentMeta", NULL, NULL, "creditline", TEXT, "", "newsml:creditline"},
    {G2, "contentMeta", NULL, NULL, "by", TEXT, "", "newsml:by"},
    {G2, "contentMeta", NULL, NULL, "creator", NAME, "literal qcode uri", "newsml:creator"},
    {ML1, "Copyright", NULL, NULL, "CopyrightHolder", TEXT, "",
     "newsml1:Copyright/CopyrightHolder"},
    {ML1, "Copyright", NULL, NULL, "CopyrightDate", TEXT, "", "newsml1:Copyright/CopyrightDate"},
    {ML1, "UsageRights", NULL, NULL, "UsageType", TEXT, "", "newsml1:UsageRights/UsageType"},
    {ML1, "UsageRights", NULL, NULL, "Geography", TEXT, "", "newsml1:UsageRights/Geography"},
    {ML1, "UsageRights", NULL, NULL, "RightsHolder", TEXT, "", "newsml1:UsageRights/RightsHolder"},
    {ML1, "UsageRights", NULL, NULL, "Limitations", TEXT, "", "newsml1:UsageRights/Limitations"},
    {ML1, "UsageRights", NULL, NULL, "StartDate", TEXT, "", "newsml1:UsageRights/StartDate"},
    {ML1, "UsageRights", NULL, NULL, "EndDate", TEXT, "", "newsml1:UsageRights/EndDate"},
    {ML1, "NewsLines", NULL, NULL, "CopyrightLine", TEXT, "", "newsml1:CopyrightLine"},
    {ML1, "NewsLines", NULL, NULL, "CreditLine", TEXT, "", "newsml1:CreditLine"},
    {ML1, "NewsLines", NULL, NULL, "ByLine", TEXT, "", "newsml1:ByLine"},
    {ML1, "NewsManagement", NULL, NULL, "Status", ATTR, "FormalName", "newsml1:Status"},
    {ML1, "StatusWillChange", NULL, NULL, "DateAndTime", TEXT, "",
     "newsml1:StatusWillChange/DateAndTime"},
    {ML1, "Provider", NULL, NULL, "Party", ATTR, "FormalName", "newsml1:Provider"},
    {ML1, "Creator", NULL, NULL, "Party", ATTR, "FormalName", "newsml1:Creator"},
    {ML1, "Source", NULL, NULL, "Party", ATTR, "FormalName", "newsml1:Source"},
    {NITF, NULL, NULL, NULL, "doc.copyright", SPLIT, "holder year", "nitf:doc.copyright"},
    {NITF, NULL, NULL, NULL, "doc.rights", SPLIT,
     "owner agent startdate enddate geography location-code type limitations", "nitf:doc.rights"},
    {NITF, NULL, NULL, NULL, "date.release", ATTR, "norm", "nitf:date.release"},
    {NITF, NULL, NULL, NULL, "date.expire", ATTR, "norm", "nitf:date.expire"},
    {NITF, NULL, NULL, NULL, "rights.owner", TEXT, "", "nitf:rights.owner"},
    {NITF, NULL, NULL, NULL, "rights.agent", TEXT, "", "nitf:rights.agent"},
    {NITF, NULL, NULL, NULL, "rights.startdate", TEXT, "", "nitf:rights.startdate"},
    {NITF, NULL, NULL, NULL, "rights.enddate", TEXT, "", "nitf:rights.enddate"},
    {NITF, NULL, NULL, NULL, "rights.geography", TEXT, "", "nitf:rights.geography"},
    {NITF, NULL, NULL, NULL, "rights.type", TEXT, "", "nitf:rights.type"},
    {NITF, NULL, NULL, NULL, "rights.limitations", TEXT, "", "nitf:rights.limitations"},
    {NITF, NULL, NULL, NULL, "copyrite.holder", TEXT, "", "nitf:copyrite.holder"},
    {NITF, NULL, NULL, NULL, "byline", TEXT, "", "nitf:byline"},
    {NITF, NULL, NULL, NULL, "distributor", TEXT, "", "nitf:distributor"},
    {RSS, NULL, "", NULL, "copyright", TEXT, "", "rss:copyright"},
    {FEED, NULL, NS_DC, "dc", "rights", TEXT, "", "rss:dc:rights"},
    {FEED, NULL, NS_DCT, "dcterms", "rights", TEXT, "", "rss:dc:rights"},
    {FEED, NULL, NS_DC, "dc", "creator", TEXT, "", "rss:dc:creator"},
    {FEED, NULL, NS_MRSS, "media", "copyright", TEXT, "url", "rss:media:copyright"},
    {FEED, NULL, NS_MRSS, "media", "credit", TEXT, "", "rss:media:credit"},
    {FEED, NULL, NS_MRSS, "media", "license", TEXT, "href", "rss:media:license"},
    {FEED, NULL, NS_CCRSS, "creativeCommons", "license", TEXT, "", "rss:creativeCommons:license"},
    {ATOM, NULL, NS_ATOM, "atom", "rights", TEXT, "", "atom:rights"},
    {ATOM, "author", NS_ATOM, "atom", "name", TEXT, "", "atom:author"},
};
#define NRULES (sizeof RULES / sizeof RULES[0])
#define MAX_NS 48
#define MAX_ATTRS 8

typedef struct news {
    rs_fields *fs;
    const unsigned char *s;
    size_t base;
    const rs_charset *cs;
    unsigned kind;
    struct {
        size_t off, len, uri, ulen;
    } ns[MAX_NS];
    size_t nns;
    struct {
        size_t off, len;
    } stack[RS_XML_MAX_DEPTH]; /* local names of the open elements */
    /* the rule being read */
    int rule;
    unsigned depth; /* its element's depth */
    size_t idx;     /* its field, SIZE_MAX until it has text */
    bool in_name;   /* NAME: inside one of its <name> children */
    bool brk;       /* a child element began or ended: a line break before more text */
    unsigned name_depth;
    size_t pend_off, pend_len; /* trailing blanks held back until more text comes */
    rs_xml_attr fallback[MAX_ATTRS];
    size_t nfallback;
} news;

/* ---- names and namespaces ---- */

static void declare(news *w, const rs_xml *x, const rs_xml_tok *t)
{
    rs_xml_attrs it;
    rs_xml_attr a;
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        size_t skip;
        if (rs_xml_eq(w->s + a.name_off, a.name_len, "xmlns"))
            skip = 5;
        else if (a.name_len > 6 && memcmp(w->s + a.name_off, "xmlns:", 6) == 0)
            skip = 6;
        else
            continue;
        if (w->nns == MAX_NS) memmove(w->ns, w->ns + 1, --w->nns * sizeof w->ns[0]);
        w->ns[w->nns].off = a.name_off + skip;
        w->ns[w->nns].len = a.name_len - skip;
        w->ns[w->nns].uri = a.val_off;
        w->ns[w->nns].ulen = a.val_len;
        w->nns++;
    }
}

/* Does the qualified name s[off..off+n) belong to rule r's namespace? */
static bool in_ns(const news *w, const rule *r, size_t off, size_t n)
{
    if (!r->ns) return true;
    const unsigned char *colon = memchr(w->s + off, ':', n);
    size_t plen = colon ? (size_t)(colon - (w->s + off)) : 0;
    if (!r->ns[0]) return plen == 0;
    for (size_t i = w->nns; i-- > 0;) {
        if (w->ns[i].len != plen || memcmp(w->s + w->ns[i].off, w->s + off, plen) != 0) continue;
        size_t ul = w->ns[i].ulen, rl = strlen(r->ns);
        const unsigned char *u = w->s + w->ns[i].uri;
        if (ul && u[ul - 1] == '/' && (!rl || r->ns[rl - 1] != '/')) ul--; /* trailing '/' */
        if (rl && r->ns[rl - 1] == '/' && (!ul || u[ul - 1] != '/')) rl--;
        return ul == rl && memcmp(u, r->ns, rl) == 0;
    }
    return plen && r->prefix && rs_xml_eq(w->s + off, plen, r->prefix);
}

static int find_rule(const news *w, const rs_xml_tok *t)
{
    size_t off = t->name_off, n = t->name_len;
    rs_xml_local(w->s, &off, &n);
    for (size_t k = 0; k < NRULES; k++) {
        const rule *r = &RULES[k];
        if (!(r->kinds & w->kind) || !rs_xml_eq(w->s + off, n, r->local)) continue;
        if (r->parent &&
            (t->depth == 0 || t->depth > RS_XML_MAX_DEPTH ||
             !rs_xml_eq(w->s + w->stack[t->depth - 1].off, w->stack[t->depth - 1].len, r->parent)))
            continue;
        if (in_ns(w, r, t->name_off, t->name_len)) return (int)k;
    }
    return -1;
}

/* The n-th word of a space-separated list into out; false past the last. */
static bool word(const char *list, size_t nth, char *out, size_t cap)
{
    for (;;) {
        while (*list == ' ')
            list++;
        if (!*list) return false;
        size_t k = strcspn(list, " ");
        if (!nth--) {
            snprintf(out, cap, "%.*s", (int)k, list);
            return true;
        }
        list += k;
    }
}

/* ---- values ---- */

static bool blank(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A line of the field name from attribute a. */
static rs_err attr_line(news *w, const char *name, const rs_xml_attr *a)
{
    size_t off = a->val_off, n = a->val_len;
    while (n && blank(w->s[off]))
        off++, n--;
    while (n && blank(w->s[off + n - 1]))
        n--;
    if (!n) return RS_OK;
    size_t idx, src = w->base + off;
    rs_err e = rs_fields_line(w->fs, name, true, true, src, &idx);
    if (e) return e;
    rs_field *f = &w->fs->v[idx];
    e = rs_xml_put(f, w->s + off, n, src, 0, w->cs);
    rs_field_finish(f);
    return e;
}

/* Text s[off..off+n) of the rule being read; blanks at a line's start are dropped, blanks
 * at the end are held back until more text follows. */
static rs_err text(news *w, size_t off, size_t n, bool literal)
{
    rs_err e;
    size_t end = off + n;
    while (end > off && blank(w->s[end - 1]))
        end--;
    if (end == off) {
        if (w->idx != SIZE_MAX && !w->pend_len) w->pend_off = off, w->pend_len = n;
        return RS_OK;
    }
    if (w->idx == SIZE_MAX) {
        while (blank(w->s[off]))
            off++;
        e = rs_fields_line(w->fs, RULES[w->rule].field, true, true, w->base + off, &w->idx);
        if (e) return e;
    }
    rs_field *f = &w->fs->v[w->idx];
    if (w->brk && (e = rs_field_newline(f, w->base + off))) return e;
    w->brk = false;
    if (f->own.len && f->own.data[f->own.len - 1] == '\n')
        while (blank(w->s[off]))
            off++;
    else if (w->pend_len &&
             (e = rs_put_text(f, w->s + w->pend_off, w->pend_len, w->base + w->pend_off, w->cs)))
        return e;
    w->pend_len = 0;
    e = literal ? rs_put_text(f, w->s + off, end - off, w->base + off, w->cs)
                : rs_xml_put(f, w->s + off, end - off, w->base + off, 0, w->cs);
    w->pend_off = end;
    w->pend_len = off + n - end;
    rs_field_finish(f);
    return e;
}

/* The attributes of rule r named in its list, in the list's order, into w->fallback. */
static void collect(news *w, const rs_xml *x, const rs_xml_tok *t, const rule *r)
{
    char name[32];
    w->nfallback = 0;
    for (size_t k = 0; k < MAX_ATTRS && word(r->attrs, k, name, sizeof name); k++) {
        rs_xml_attrs it;
        rs_xml_attr a;
        memset(&w->fallback[k], 0, sizeof w->fallback[k]);
        rs_xml_attrs_init(&it, x, t);
        while (rs_xml_attr_next(&it, &a))
            if (rs_xml_eq(w->s + a.name_off, a.name_len, name) && a.has_val) w->fallback[k] = a;
        w->nfallback = k + 1;
    }
}

/* The first collected attribute with a value, as a line of the rule's field. */
static rs_err first_attr(news *w, bool *done)
{
    for (size_t k = 0; k < w->nfallback; k++) {
        const rs_xml_attr *a = &w->fallback[k];
        size_t i = 0;
        while (i < a->val_len && blank(w->s[a->val_off + i]))
            i++;
        if (i == a->val_len) continue;
        *done = true;
        return attr_line(w, RULES[w->rule].field, a);
    }
    *done = false;
    return RS_OK;
}

static rs_err split(news *w, const rule *r)
{
    rs_err e = RS_OK;
    char name[32], field[80];
    for (size_t k = 0; k < w->nfallback && !e; k++) {
        if (!word(r->attrs, k, name, sizeof name)) break;
        if (k == 0)
            snprintf(field, sizeof field, "%s", r->field);
        else
            snprintf(field, sizeof field, "%s/%s", r->field, name);
        e = attr_line(w, field, &w->fallback[k]);
    }
    return e;
}

/* ---- the walk ---- */

static rs_err open_tag(news *w, const rs_xml *x, const rs_xml_tok *t)
{
    declare(w, x, t);
    if (t->depth < RS_XML_MAX_DEPTH) {
        size_t off = t->name_off, n = t->name_len;
        rs_xml_local(w->s, &off, &n);
        w->stack[t->depth].off = off;
        w->stack[t->depth].len = n;
    }
    if (w->rule >= 0) { /* a child of the element being read */
        size_t off = t->name_off, n = t->name_len;
        rs_xml_local(w->s, &off, &n);
        if (RULES[w->rule].mode == NAME && !w->in_name && !t->empty && t->depth == w->depth + 1 &&
            rs_xml_eq(w->s + off, n, "name"))
            w->in_name = true, w->name_depth = t->depth;
        w->pend_len = 0;
        w->brk = true;
        return RS_OK;
    }
    int k = find_rule(w, t);
    if (k < 0) return RS_OK;
    const rule *r = &RULES[k];
    w->rule = k;
    w->idx = SIZE_MAX;
    w->in_name = false;
    w->brk = false;
    w->pend_len = 0;
    collect(w, x, t, r);
    rs_err e = RS_OK;
    bool done = false;
    if (r->mode == SPLIT) {
        done = true;
        e = split(w, r);
    } else if (r->mode == ATTR) {
        e = first_attr(w, &done);
    }
    if (done || t->empty) { /* read from the attributes alone */
        if (!done && !e) e = first_attr(w, &done);
        w->rule = -1;
        return e;
    }
    w->depth = t->depth;
    return e;
}

static rs_err close_tag(news *w, const rs_xml_tok *t)
{
    if (w->rule < 0) return RS_OK;
    if (w->in_name && t->depth == w->name_depth) w->in_name = false;
    if (t->depth != w->depth) {
        w->pend_len = 0;
        w->brk = true;
        return RS_OK;
    }
    bool done = w->idx != SIZE_MAX;
    rs_err e = done ? RS_OK : first_attr(w, &done);
    w->rule = -1;
    return e;
}

static bool contains(const unsigned char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= n; i++) {
        const unsigned char *p = memchr(s + i, lit[0], n - k + 1 - i);
        if (!p) return false;
        i = (size_t)(p - s);
        if (memcmp(p, lit, k) == 0) return true;
    }
    return false;
}

unsigned rs_news_kind(const unsigned char *s, size_t n)
{
    rs_xml x;
    rs_xml_tok t;
    rs_xml_init(&x, s, n, 0);
    while (rs_xml_next(&x, &t)) {
        if (t.kind != RS_XML_OPEN) continue; /* the prolog: declaration, comments, DOCTYPE */
        size_t off = t.name_off, len = t.name_len;
        rs_xml_local(s, &off, &len);
        static const char *const g2[] = {"newsItem",    "packageItem",   "newsMessage",
                                         "conceptItem", "knowledgeItem", "planningItem"};
        for (size_t k = 0; k < sizeof g2 / sizeof g2[0]; k++)
            if (rs_xml_eq(s + off, len, g2[k])) return RS_NEWS_G2;
        if (rs_xml_eq(s + off, len, "NewsML")) return RS_NEWS_ML1;
        if (rs_xml_eq(s + off, len, "nitf")) return RS_NEWS_NITF;
        if (rs_xml_eq(s + off, len, "rss")) return RS_NEWS_RSS;
        if (rs_xml_eq(s + off, len, "feed") || rs_xml_eq(s + off, len, "entry"))
            return RS_NEWS_ATOM;
        if (rs_xml_eq(s + off, len, "xmpmeta") || rs_xml_eq(s + off, len, "xapmeta"))
            return RS_NEWS_XMP;
        if (rs_xml_eq(s + t.name_off, t.name_len, "rdf:RDF"))
            return contains(s + t.off, n - t.off, "http://purl.org/rss/1.0/") ? RS_NEWS_RSS
                                                                              : RS_NEWS_XMP;
        return RS_NEWS_NONE;
    }
    return RS_NEWS_NONE;
}

rs_err rs_news_fields(rs_fields *fs, const unsigned char *s, size_t n, size_t base,
                      const rs_charset *cs, unsigned kind)
{
    static const unsigned kinds[] = {[RS_NEWS_G2] = G2 | NITF,
                                     [RS_NEWS_ML1] = ML1 | NITF,
                                     [RS_NEWS_NITF] = NITF,
                                     [RS_NEWS_RSS] = RSS,
                                     [RS_NEWS_ATOM] = ATOM}; /* NewsML often wraps NITF */
    if (kind == RS_NEWS_XMP) return rs_xmp_fields(fs, s, n, base, true);
    if (kind >= sizeof kinds / sizeof kinds[0] || !kinds[kind]) return RS_OK;
    news *w = calloc(1, sizeof *w); /* 4 KiB of element stack: kept off the caller's stack */
    if (!w) return RS_ERR_NOMEM;
    w->fs = fs;
    w->s = s;
    w->base = base;
    w->cs = cs;
    w->kind = kinds[kind];
    w->rule = -1;
    rs_xml x;
    rs_xml_tok t;
    rs_err e = RS_OK;
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        if (t.kind == RS_XML_OPEN)
            e = open_tag(w, &x, &t);
        else if (t.kind == RS_XML_CLOSE)
            e = close_tag(w, &t);
        else if ((t.kind == RS_XML_TEXT || t.kind == RS_XML_CDATA) && w->rule >= 0 &&
                 (RULES[w->rule].mode != NAME || w->in_name))
            e = text(w, t.text_off, t.text_len, t.kind == RS_XML_CDATA);
    }
    free(w);
    return e;
}

/* ---- wire text: ANPA-1312, IPTC 7901 ---- */

bool rs_wire_is(const unsigned char *d, size_t n)
{
    size_t i = 0;
    while (i < n && i < 8 && d[i] == 0x16)
        i++;
    if (i >= n || d[i] != 0x01) return false;
    size_t lim = n - i < 4096 ? n : i + 4096;
    return memchr(d + i, 0x02, lim - i) != NULL;
}

/* Appends d[a..b) to f; control bytes other than tab and line breaks become spaces. */
static rs_err wire_put(rs_field *f, const unsigned char *d, size_t a, size_t b,
                       const rs_charset *cs)
{
    rs_err e = RS_OK;
    size_t run = a;
    for (size_t i = a; i < b && !e; i++) {
        if (d[i] >= 0x20 || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') continue;
        if (!(e = rs_put_text(f, d + run, i - run, run, cs))) e = rs_field_put_cp(f, ' ', i);
        run = i + 1;
    }
    if (!e) e = rs_put_text(f, d + run, b - run, run, cs);
    rs_field_finish(f);
    return e;
}

static rs_err wire_field(rs_extract_ctx *cx, const char *name, bool meta, size_t a, size_t b,
                         const rs_charset *cs)
{
    const unsigned char *d = cx->data;
    while (a < b && (d[a] <= 0x20))
        a++;
    while (b > a && (d[b - 1] <= 0x20))
        b--;
    if (a == b && meta) return RS_OK;
    rs_field *f;
    rs_err e = rs_fields_add(cx->out, name, meta, true, &f);
    return e ? e : wire_put(f, d, a, b, cs);
}

rs_err rs_extract_wire(rs_extract_ctx *cx)
{
    const unsigned char *d = cx->data;
    size_t n = d ? cx->len : 0, soh = 0;
    if (!rs_wire_is(d, n))
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: not wire text (no SOH ... STX)");
    bool anpa = d[0] == 0x16;
    while (d[soh] != 0x01)
        soh++;
    size_t stx = (size_t)((const unsigned char *)memchr(d + soh, 0x02, n - soh) - d);
    const unsigned char *p = memchr(d + stx, 0x03, n - stx);
    size_t etx = p ? (size_t)(p - d) : n;
    p = etx < n ? memchr(d + etx, 0x04, n - etx) : NULL;
    size_t eot = p ? (size_t)(p - d) : n;
    rs_charset cs;
    const rs_charset *csp = NULL;
    if (!rs_utf8_valid(d, n)) {
        const char *name = cx->opt ? cx->opt->legacy_charset : NULL;
        if (rs_charset_load(&cs, name) && rs_charset_load(&cs, NULL))
            for (unsigned b = 0; b < 256; b++)
                cs.cp[b] = b;
        csp = &cs;
        cx->enc = RS_ENC_8BIT;
    }
    rs_err e = wire_field(cx, "body", false, stx + 1, etx, csp);
    if (!e) e = wire_field(cx, "wire:header", true, soh + 1, stx, csp);
    if (!e && etx < n) e = wire_field(cx, "wire:trailer", true, etx + 1, eot, csp);
    /* the source: 7901 puts it right after SOH, ANPA opens its trailer with it */
    size_t a = anpa ? etx + 1 : soh + 1, b = a;
    while (anpa && a < eot && d[a] <= 0x20)
        a++, b++;
    while (b < n && b - a < 16 && ((d[b] | 0x20) >= 'a' && (d[b] | 0x20) <= 'z'))
        b++;
    if (!e && a < n && b - a >= 2 && (!anpa || (b < n && d[b] == '-')))
        e = wire_field(cx, "wire:source", true, a, b, csp);
    return rs_extract_err(cx, e);
}
