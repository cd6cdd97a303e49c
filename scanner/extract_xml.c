/* extract_xml.c — generic XML: running text with element boundaries as lines; and the helper
 * that lifts named elements of an XML part (DOCX core.xml, ODT meta.xml, EPUB OPF) into
 * metadata fields.
 *
 * A news document (NewsML-G2, NewsML 1.x, NITF, RSS, Atom) or an XMP sidecar, known by its
 * root element, also gets its rights fields (extract_news.c, extract_xmp.c).
 *
 * Every element boundary becomes "\n" except the XHTML inline elements (b, i, span, a,
 * ...), matched by local name so an inline XHTML island in NewsML (<html:b>) keeps its
 * words whole. Text is entity-decoded (predefined, numeric, the common HTML names); CDATA
 * is literal; comments, PIs and the DOCTYPE are skipped and its entities never expanded.
 */
#include "news.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

/* Sorted (strcmp order): looked up by binary search. */
static const char *const INLINE[] = {
    "a",     "abbr", "acronym", "b",  "bdi",  "bdo",   "big",  "cite",   "code",
    "data",  "del",  "dfn",     "em", "font", "i",     "img",  "ins",    "kbd",
    "label", "mark", "q",       "s",  "samp", "small", "span", "strike", "strong",
    "sub",   "sup",  "time",    "tt", "u",    "var",   "wbr",
};

static bool inline_element(const unsigned char *s, size_t off, size_t n)
{
    rs_xml_local(s, &off, &n);
    return rs_xml_in(s + off, n, INLINE, sizeof INLINE / sizeof INLINE[0], false);
}

static bool blank(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

/* Appends text s[off..off+n); at the start of a line, leading whitespace is dropped. */
static rs_err put(rs_field *f, const unsigned char *s, size_t off, size_t n, size_t base,
                  bool literal, const rs_charset *cs)
{
    if (!f->own.len || f->own.data[f->own.len - 1] == '\n') {
        while (n && (s[off] == ' ' || s[off] == '\t' || s[off] == '\r' || s[off] == '\n'))
            off++, n--;
    }
    if (literal) return rs_put_text(f, s + off, n, base + off, cs);
    return rs_xml_put(f, s + off, n, base + off, 0, cs);
}

static rs_err body(rs_field *f, const unsigned char *s, size_t n, size_t base, const rs_charset *cs)
{
    rs_xml x;
    rs_xml_tok t;
    rs_err e = RS_OK;
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        switch (t.kind) {
        case RS_XML_TEXT:
            e = put(f, s, t.text_off, t.text_len, base, false, cs);
            break;
        case RS_XML_CDATA:
            e = put(f, s, t.text_off, t.text_len, base, true, cs);
            break;
        case RS_XML_OPEN:
        case RS_XML_CLOSE:
            if (!inline_element(s, t.name_off, t.name_len)) e = rs_field_newline(f, base + t.off);
            break;
        default:
            break;
        }
    }
    rs_field_finish(f);
    return e;
}

rs_err rs_extract_xml(rs_extract_ctx *cx)
{
    rs_err e;
    if (rs_extract_wide(cx, rs_extract_xml, &e)) return e;
    rs_charset cs;
    const rs_charset *csp;
    size_t skip;
    const unsigned char *t = rs_markup_input(cx, "encoding", &cs, &csp, &skip);
    rs_field *f;
    e = rs_fields_add(cx->out, "body", false, true, &f);
    if (!e) e = body(f, t, cx->len - skip, skip, csp);
    unsigned kind = rs_news_kind(t, cx->len - skip);
    if (!e && kind) e = rs_news_fields(cx->out, t, cx->len - skip, skip, csp, kind);
    return rs_extract_err(cx, e);
}

/* ---- named elements as metadata fields ---- */

static int lookup(const char *const *names, const unsigned char *s, size_t n)
{
    for (int i = 0; names[i]; i++)
        if (rs_xml_eq(s, n, names[i])) return i;
    return -1;
}

rs_err rs_xml_elements(rs_fields *fs, const unsigned char *s, size_t n, const char *prefix,
                       const char *const *names, bool positional)
{
    rs_xml x;
    rs_xml_tok t;
    rs_err e = RS_OK;
    int active = -1;       /* index in names of the element being read */
    unsigned depth = 0;    /* its depth */
    size_t idx = SIZE_MAX; /* its field, once it has text */
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        if (t.kind == RS_XML_OPEN && active < 0 && !t.empty) {
            active = lookup(names, s + t.name_off, t.name_len);
            depth = t.depth;
            idx = SIZE_MAX;
        } else if (t.kind == RS_XML_CLOSE && active >= 0 && t.depth == depth) {
            active = -1;
        } else if ((t.kind == RS_XML_TEXT || t.kind == RS_XML_CDATA) && active >= 0 &&
                   !blank(s + t.text_off, t.text_len)) {
            if (idx == SIZE_MAX) {
                char name[80];
                snprintf(name, sizeof name, "%s%s", prefix, names[active]);
                e = rs_fields_line(fs, name, true, positional, t.text_off, &idx);
                if (e) break;
            }
            rs_field *f = &fs->v[idx];
            e = put(f, s, t.text_off, t.text_len, 0, t.kind == RS_XML_CDATA, NULL);
            rs_field_finish(f);
        }
    }
    return e;
}
