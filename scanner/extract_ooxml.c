/* extract_ooxml.c — Excel (XLSX) and PowerPoint (PPTX) documents: their text as "body", the
 * docProps as "xlsx:..." / "pptx:..." metadata fields, and embedded media as embedded units.
 *
 * XLSX keeps the text of its cells once, in xl/sharedStrings.xml (one <si> per string, its
 * text in <t>, split in rich-text runs <r><t>; <rPh> is a phonetic reading, not text); a
 * sheet (xl/worksheets/sheetN.xml) holds inline strings (<c t="inlineStr"><is><t>), formula
 * results (<c t="str"><v>) and the printed page header and footer (<oddFooter>, ...), where
 * a copyright line often sits, written with codes: "&L&8Page &P&R&\"Arial,Bold\"© 2025 AA"
 * prints "Page 1" left and "© 2025 AA" right; the codes are dropped. Cell comments
 * (xl/comments*.xml) and drawings' text boxes are text too.
 *
 * PPTX text is DrawingML (ppt/slides/slideN.xml, the speaker notes in ppt/notesSlides/, the
 * footers of ppt/slideMasters/): <a:p> paragraphs of <a:r> runs with <a:t> text, <a:br/>
 * a line break; comments (ppt/comments/) hold theirs in <p:text> or DrawingML.
 * Offsets refer to the XML part they came from (positional false).
 */
#include "xml.h"

#include <stdio.h>
#include <string.h>

typedef struct ooxml {
    rs_extract_ctx *cx;
    const char *what;   /* "XLSX", "PPTX" */
    const char *format; /* "xlsx", "pptx": field prefix */
    const char *dir;    /* "xl/", "ppt/" */
    const char *main;   /* the part every such document has */
    size_t body;
    bool seen; /* main was read */
    rs_embeds em;
} ooxml;

static bool under(const char *name, const char *dir)
{
    return !strncmp(name, dir, strlen(dir));
}

static bool xml_under(const char *name, const char *dir)
{
    size_t n = strlen(name);
    return under(name, dir) && n > 4 && !strcmp(name + n - 4, ".xml") &&
           !strchr(name + strlen(dir), '/');
}

static bool is_xlsx_text(const char *name)
{
    return !strcmp(name, "xl/sharedStrings.xml") || xml_under(name, "xl/worksheets/") ||
           (under(name, "xl/comments") && strchr(name + 3, '/') == NULL) ||
           xml_under(name, "xl/threadedComments/") || xml_under(name, "xl/drawings/");
}

static bool is_pptx_text(const char *name)
{
    return xml_under(name, "ppt/slides/") || xml_under(name, "ppt/notesSlides/") ||
           xml_under(name, "ppt/slideMasters/") || xml_under(name, "ppt/comments/");
}

static bool media(const ooxml *o, const char *name)
{
    char m[32], e[32];
    snprintf(m, sizeof m, "%smedia/", o->dir);
    snprintf(e, sizeof e, "%sembeddings/", o->dir);
    return (under(name, m) || under(name, e)) && rs_embed_wanted(name);
}

static bool want(void *ctx, const char *name)
{
    ooxml *o = ctx;
    return !strcmp(name, o->main) || rs_ooxml_props_wanted(name) || media(o, name) ||
           (o->cx->type == RS_TYPE_XLSX ? is_xlsx_text(name) : is_pptx_text(name));
}

/* ---- the text walker ---- */

typedef struct walk {
    rs_field *f;
    const unsigned char *s;
    int skip; /* depth of an element whose contents are not text (rPh), or -1 */
    int text; /* depth of the element whose text is taken, or -1 */
    bool hf;  /* that element is a sheet header/footer (codes to drop) */
    bool str; /* inside <c t="str">: <v> is text */
} walk;

static bool local_is(const unsigned char *s, const rs_xml_tok *t, const char *name)
{
    size_t off = t->name_off, n = t->name_len;
    rs_xml_local(s, &off, &n);
    return rs_xml_eq(s + off, n, name);
}

static bool header_footer(const unsigned char *s, const rs_xml_tok *t)
{
    static const char *const HF[] = {"evenFooter",  "evenHeader", "firstFooter",
                                     "firstHeader", "oddFooter",  "oddHeader"};
    size_t off = t->name_off, n = t->name_len;
    rs_xml_local(s, &off, &n);
    return rs_xml_in(s + off, n, HF, sizeof HF / sizeof HF[0], false);
}

/* <c t="str">: a formula whose value <v> is a string. */
static bool string_cell(const rs_xml *x, const rs_xml_tok *t)
{
    rs_xml_attrs it;
    rs_xml_attr a;
    rs_xml_attrs_init(&it, x, t);
    while (rs_xml_attr_next(&it, &a))
        if (rs_xml_eq(x->s + a.name_off, a.name_len, "t"))
            return rs_xml_eq(x->s + a.val_off, a.val_len, "str");
    return false;
}

/* Paragraph-like elements: each its own line. */
static bool line_element(const unsigned char *s, const rs_xml_tok *t)
{
    static const char *const LINES[] = {"br", "c", "comment", "cm", "p", "si", "text"};
    size_t off = t->name_off, n = t->name_len;
    rs_xml_local(s, &off, &n);
    return rs_xml_in(s + off, n, LINES, sizeof LINES / sizeof LINES[0], false);
}

static void open_tag(walk *w, const rs_xml *x, const rs_xml_tok *t)
{
    const unsigned char *s = w->s;
    if (local_is(s, t, "rPh")) {
        w->skip = (int)t->depth;
    } else if (local_is(s, t, "t") || (w->str && local_is(s, t, "v")) || local_is(s, t, "text")) {
        w->text = (int)t->depth;
        w->hf = false;
    } else if (header_footer(s, t)) {
        w->text = (int)t->depth;
        w->hf = true;
    } else if (local_is(s, t, "c")) {
        w->str = string_cell(x, t);
    }
}

/* Header/footer text with its codes dropped: &L &C &R (sections: a space), &P &N &D &T &F
 * &A &Z &G (fields), &B &I &U &E &S &X &Y (styles), &K + colour, &"font", &12 (size);
 * "&&" is "&". Copied character by character so every one keeps its offset. */
static rs_err put_codes(rs_field *f, const rs_field *tmp)
{
    const char *t = tmp->text;
    size_t n = tmp->len;
    rs_err e = RS_OK;
    for (size_t i = 0; i < n && !e;) {
        if (t[i] == '&' && i + 1 < n) {
            char c = t[i + 1];
            size_t at = rs_offmap_lookup(&tmp->map, i);
            i += 2;
            if (c == '&') {
                e = rs_field_append(f, "&", 1, at);
            } else if (c == 'L' || c == 'C' || c == 'R') {
                if (f->own.len && f->own.data[f->own.len - 1] != '\n')
                    e = rs_field_append(f, " ", 1, at);
            } else if (c == 'K') {
                for (size_t k = 0; k < 6 && i < n && t[i] != '&'; k++)
                    i++;
            } else if (c == '"') {
                while (i < n && t[i] != '"')
                    i++;
                i += i < n;
            } else if (c >= '0' && c <= '9') {
                while (i < n && t[i] >= '0' && t[i] <= '9')
                    i++;
            }
            continue;
        }
        size_t k = 1;
        while (i + k < n && (t[i + k] & 0xC0) == 0x80)
            k++;
        e = rs_field_append(f, t + i, k, rs_offmap_lookup(&tmp->map, i));
        i += k;
    }
    return e;
}

static rs_err text(walk *w, const rs_xml_tok *t)
{
    const unsigned char *s = w->s;
    bool cdata = t->kind == RS_XML_CDATA;
    if (!w->hf)
        return cdata ? rs_put_text(w->f, s + t->text_off, t->text_len, t->text_off, NULL)
                     : rs_xml_put(w->f, s + t->text_off, t->text_len, t->text_off, 0, NULL);
    rs_fields tmp;
    rs_field *h;
    rs_fields_init(&tmp, w->f->own.max);
    rs_err e = rs_fields_add(&tmp, "hf", false, false, &h);
    if (!e)
        e = cdata ? rs_put_text(h, s + t->text_off, t->text_len, t->text_off, NULL)
                  : rs_xml_put(h, s + t->text_off, t->text_len, t->text_off, 0, NULL);
    if (!e) {
        rs_field_finish(h);
        e = rs_field_newline(w->f, t->text_off);
    }
    if (!e) e = put_codes(w->f, h);
    if (!e) e = rs_field_newline(w->f, t->text_off + t->text_len);
    rs_fields_free(&tmp);
    return e;
}

/* Appends the text of a SpreadsheetML or DrawingML part s[0..n) to f. */
static rs_err part_text(rs_field *f, const unsigned char *s, size_t n)
{
    walk w = {.f = f, .s = s, .skip = -1, .text = -1};
    rs_xml x;
    rs_xml_tok t;
    rs_err e = RS_OK;
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        if (w.skip >= 0) {
            if (t.kind == RS_XML_CLOSE && (int)t.depth == w.skip) w.skip = -1;
            continue;
        }
        if (t.kind == RS_XML_OPEN) {
            if (line_element(s, &t)) e = rs_field_newline(f, t.off);
            if (!t.empty && w.text < 0) open_tag(&w, &x, &t);
        } else if (t.kind == RS_XML_CLOSE) {
            if ((int)t.depth == w.text) w.text = -1;
            if (line_element(s, &t)) e = rs_field_newline(f, t.off);
            if (local_is(s, &t, "c")) w.str = false;
        } else if ((t.kind == RS_XML_TEXT || t.kind == RS_XML_CDATA) && w.text >= 0) {
            e = text(&w, &t);
        }
    }
    return e;
}

static rs_err got(void *ctx, const char *name, const unsigned char *data, size_t len)
{
    ooxml *o = ctx;
    rs_extract_ctx *cx = o->cx;
    if (!strcmp(name, o->main)) {
        o->seen = true;
        return RS_OK;
    }
    if (rs_ooxml_props_wanted(name)) return rs_ooxml_props(cx, o->format, name, data, len);
    if (media(o, name)) return rs_embed_add(cx, &o->em, name, data, len);
    rs_field *f = &cx->out->v[o->body];
    rs_err e = rs_field_newline(f, 0);
    if (!e) e = part_text(f, data, len);
    rs_field_finish(f);
    return rs_extract_err(cx, e);
}

rs_err rs_extract_ooxml(rs_extract_ctx *cx)
{
    bool xlsx = cx->type == RS_TYPE_XLSX;
    ooxml o = {.cx = cx,
               .what = xlsx ? "XLSX" : "PPTX",
               .format = xlsx ? "xlsx" : "pptx",
               .dir = xlsx ? "xl/" : "ppt/",
               .main = xlsx ? "xl/workbook.xml" : "ppt/presentation.xml"};
    rs_field *f;
    rs_err e = rs_fields_add(cx->out, "body", false, false, &f);
    if (e) return rs_extract_err(cx, e);
    o.body = cx->out->n - 1;
    e = rs_parts_walk(cx, o.what, want, got, &o);
    rs_field_finish(&cx->out->v[o.body]);
    if (e == RS_ERR_CORRUPT && o.seen && cx->out->v[o.body].len) { /* keep what was read */
        cx->reason[0] = '\0';
        e = RS_OK;
    }
    if (!e && !o.seen)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s has no %s", o.what, o.main);
    return rs_embed_done(cx, &o.em, o.what, e);
}
