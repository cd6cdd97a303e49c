/* extract_html.c — HTML: running text with block boundaries as lines, <meta> rights and
 * AI-reservation fields, and licence links.
 *
 * Bylines are matched at the start of a line, so the block structure must survive: block
 * elements (p, div, h1, li, br, td, title, ...) become "\n", inline ones (a, b, span, ...)
 * become nothing, so "<p>ANKARA (AA) ..." starts a line and "Ajan<b>s</b>ı" stays one
 * word. Leading whitespace of a line is dropped (indentation between blocks); all other
 * whitespace is kept for the normaliser. script and style contents are not text, but
 * JSON-LD scripts and microdata itemprops give "jsonld:<prop>" and "microdata:<prop>"
 * fields (htmldata.c).
 *
 * Besides the rights <meta> names, the W3C TDMRep ones (tdm-reservation, tdm-policy) and
 * robots (whose "noai"/"noimageai" reserve AI use) become "html:meta:<name>" fields, and the
 * href of <link rel="license"> and <a rel="license"> (rel is a list of words) becomes
 * "html:link:license".
 */
#include "htmldata.h"
#include "xml.h"

#include <string.h>

/* Sorted (strcmp order): looked up by binary search. */
static const char *const BLOCK[] = {
    "address",    "article", "aside",  "blockquote", "body",   "br",      "caption", "center",
    "dd",         "details", "dialog", "dir",        "div",    "dl",      "dt",      "fieldset",
    "figcaption", "figure",  "footer", "form",       "frame",  "h1",      "h2",      "h3",
    "h4",         "h5",      "h6",     "head",       "header", "hgroup",  "hr",      "html",
    "iframe",     "legend",  "li",     "listing",    "main",   "menu",    "nav",     "noscript",
    "ol",         "option",  "p",      "plaintext",  "pre",    "section", "select",  "summary",
    "table",      "tbody",   "td",     "textarea",   "tfoot",  "th",      "thead",   "title",
    "tr",         "ul",      "xmp",
};

/* <meta name="..."> values that become metadata fields "html:meta:<name>" (sorted). */
static const char *const META[] = {
    "author",          "copyright",       "dc.creator",     "dc.rights",
    "dc.rightsholder", "dcterms.creator", "dcterms.rights", "dcterms.rightsholder",
    "rights",          "robots",          "tdm-policy",     "tdm-reservation",
};

typedef struct walk {
    rs_fields *fs;
    size_t body;
    const unsigned char *s;
    size_t base;
    const rs_charset *cs;
} walk;

static bool block(const unsigned char *s, size_t off, size_t n)
{
    rs_xml_local(s, &off, &n);
    return rs_xml_in(s + off, n, BLOCK, sizeof BLOCK / sizeof BLOCK[0], true);
}

/* Text at s[off..off+n): at the start of a line, leading whitespace is dropped. */
static rs_err put(walk *w, size_t off, size_t n, bool literal)
{
    rs_field *f = &w->fs->v[w->body];
    if (!f->own.len || f->own.data[f->own.len - 1] == '\n') {
        while (n && (w->s[off] == ' ' || (w->s[off] >= '\t' && w->s[off] <= '\r')))
            off++, n--;
    }
    if (literal) return rs_put_text(f, w->s + off, n, w->base + off, w->cs);
    return rs_xml_put(f, w->s + off, n, w->base + off, RS_XML_HTML, w->cs);
}

/* <meta name=N content=C> with N in META: C goes to the field "html:meta:N". */
static rs_err meta(walk *w, const rs_xml *x, const rs_xml_tok *t)
{
    rs_xml_attrs it;
    rs_xml_attr a, name = {0}, content = {0};
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        if (rs_xml_ieq(w->s + a.name_off, a.name_len, "name")) name = a;
        if (rs_xml_ieq(w->s + a.name_off, a.name_len, "content")) content = a;
    }
    if (!name.val_len || !content.val_len || name.val_len > 40 ||
        !rs_xml_in(w->s + name.val_off, name.val_len, META, sizeof META / sizeof META[0], true))
        return RS_OK;
    char fname[64] = "html:meta:";
    for (size_t i = 0; i < name.val_len; i++) {
        unsigned char c = w->s[name.val_off + i];
        fname[10 + i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    size_t idx, src = w->base + content.val_off;
    rs_err e = rs_fields_line(w->fs, fname, true, true, src, &idx);
    if (e) return e;
    rs_field *f = &w->fs->v[idx];
    e = rs_xml_put(f, w->s + content.val_off, content.val_len, src, RS_XML_HTML, w->cs);
    rs_field_finish(f);
    return e;
}

/* True when the rel value s[0..n) lists the word "license" (ASCII case-insensitive). */
static bool rel_license(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
            i++;
        size_t j = i;
        while (j < n && !(s[j] == ' ' || (s[j] >= '\t' && s[j] <= '\r')))
            j++;
        if (rs_xml_ieq(s + i, j - i, "license")) return true;
        i = j;
    }
    return false;
}

/* <link rel="license" href=U> and <a rel="license" href=U>: U goes to "html:link:license". */
static rs_err license_link(walk *w, const rs_xml *x, const rs_xml_tok *t)
{
    rs_xml_attrs it;
    rs_xml_attr a, href = {0};
    bool lic = false;
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a)) {
        if (rs_xml_ieq(w->s + a.name_off, a.name_len, "rel"))
            lic = rel_license(w->s + a.val_off, a.val_len);
        if (rs_xml_ieq(w->s + a.name_off, a.name_len, "href")) href = a;
    }
    if (!lic || !href.val_len) return RS_OK;
    size_t idx, src = w->base + href.val_off;
    rs_err e = rs_fields_line(w->fs, "html:link:license", true, true, src, &idx);
    if (e) return e;
    rs_field *f = &w->fs->v[idx];
    e = rs_xml_put(f, w->s + href.val_off, href.val_len, src, RS_XML_HTML, w->cs);
    rs_field_finish(f);
    return e;
}

rs_err rs_html_text(rs_fields *fs, size_t body, const unsigned char *s, size_t n, size_t base,
                    const rs_charset *cs, bool with_meta)
{
    walk w = {fs, body, s, base, cs};
    rs_xml x;
    rs_xml_tok t;
    rs_err e = RS_OK;
    rs_htmldata hd; /* schema.org JSON-LD and microdata (htmldata.c) */
    rs_htmldata_init(&hd, fs, s, base, cs);
    rs_xml_init(&x, s, n, RS_XML_HTML);
    while (!e && rs_xml_next(&x, &t)) {
        if (with_meta && (e = rs_htmldata_token(&hd, &x, &t))) break;
        switch (t.kind) {
        case RS_XML_TEXT:
            e = put(&w, t.text_off, t.text_len, false);
            break;
        case RS_XML_CDATA:
            e = put(&w, t.text_off, t.text_len, true);
            break;
        case RS_XML_OPEN:
        case RS_XML_CLOSE:
            if (block(s, t.name_off, t.name_len)) e = rs_field_newline(&fs->v[body], base + t.off);
            if (!e && with_meta && t.kind == RS_XML_OPEN &&
                rs_xml_ieq(s + t.name_off, t.name_len, "meta"))
                e = meta(&w, &x, &t);
            if (!e && with_meta && t.kind == RS_XML_OPEN &&
                (rs_xml_ieq(s + t.name_off, t.name_len, "link") ||
                 rs_xml_ieq(s + t.name_off, t.name_len, "a")))
                e = license_link(&w, &x, &t);
            break;
        default:
            break; /* comments, PIs, declarations, script and style */
        }
    }
    rs_field_finish(&fs->v[body]);
    return e;
}

rs_err rs_extract_html(rs_extract_ctx *cx)
{
    rs_err e;
    if (rs_extract_wide(cx, rs_extract_html, &e)) return e;
    rs_charset cs;
    const rs_charset *csp;
    size_t skip;
    const unsigned char *t = rs_markup_input(cx, "charset", &cs, &csp, &skip);
    rs_field *f;
    e = rs_fields_add(cx->out, "body", false, true, &f);
    if (!e) e = rs_html_text(cx->out, cx->out->n - 1, t, cx->len - skip, skip, csp, true);
    return rs_extract_err(cx, e);
}
