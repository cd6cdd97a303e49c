/* extract_docx.c — Word documents (DOCX): the text of the body, headers, footers, notes and
 * comments; the document properties (docProps/core.xml, app.xml, custom.xml) as "docx:..."
 * metadata fields; and the media in word/media/ and word/embeddings/ as embedded units
 * ("story.docx!/word/media/image1.jpg").
 *
 * WordprocessingML splits a paragraph (w:p) into runs (w:r) whose text sits in w:t, and
 * Word splits runs anywhere — "Ajan" + "sı" when one letter's formatting changed — so runs
 * join with nothing and only w:p ends a line. w:tab is a space, w:br and w:cr end a line.
 * Text outside w:t (field codes in w:instrText, deletions in w:delText) is not text, and
 * mc:Fallback repeats its mc:Choice (text boxes are written twice), so it is skipped.
 * Offsets in the fields refer to the XML part they came from (positional false).
 */
#include "xml.h"

#include <string.h>

typedef struct docx {
    rs_extract_ctx *cx;
    size_t body;
    bool document; /* word/document.xml was read */
    rs_embeds em;
} docx;

static bool prefixed(const char *s, const char *pre, const char *suf)
{
    size_t n = strlen(s), p = strlen(pre), k = strlen(suf);
    return n >= p + k && !strncmp(s, pre, p) && !strcmp(s + n - k, suf);
}

static bool media(const char *name)
{
    return (!strncmp(name, "word/media/", 11) || !strncmp(name, "word/embeddings/", 16)) &&
           rs_embed_wanted(name);
}

static bool want(void *ctx, const char *name)
{
    (void)ctx;
    return !strcmp(name, "word/document.xml") || rs_ooxml_props_wanted(name) ||
           !strcmp(name, "word/footnotes.xml") || !strcmp(name, "word/endnotes.xml") ||
           !strcmp(name, "word/comments.xml") || prefixed(name, "word/header", ".xml") ||
           prefixed(name, "word/footer", ".xml") || media(name);
}

typedef struct wstate {
    unsigned runs; /* open w:r elements */
    bool in_t;     /* inside w:t */
    bool skipping; /* inside mc:Fallback */
    unsigned skip_depth;
} wstate;

static rs_err open_tag(rs_field *f, wstate *w, const unsigned char *s, const rs_xml_tok *t)
{
    const unsigned char *nm = s + t->name_off;
    size_t n = t->name_len;
    if (rs_xml_eq(nm, n, "mc:Fallback") && !t->empty) {
        w->skipping = true;
        w->skip_depth = t->depth;
    } else if (rs_xml_eq(nm, n, "w:p")) {
        return rs_field_newline(f, t->off);
    } else if (rs_xml_eq(nm, n, "w:t")) {
        w->in_t = !t->empty;
    } else if (rs_xml_eq(nm, n, "w:r")) {
        w->runs += !t->empty;
    } else if (rs_xml_eq(nm, n, "w:tab") && w->runs) {
        return rs_field_append(f, " ", 1, t->off);
    } else if (rs_xml_eq(nm, n, "w:br") || rs_xml_eq(nm, n, "w:cr")) {
        return rs_field_append(f, "\n", 1, t->off);
    }
    return RS_OK;
}

static rs_err close_tag(rs_field *f, wstate *w, const unsigned char *s, const rs_xml_tok *t)
{
    const unsigned char *nm = s + t->name_off;
    size_t n = t->name_len;
    if (rs_xml_eq(nm, n, "w:t")) w->in_t = false;
    if (rs_xml_eq(nm, n, "w:r") && w->runs) w->runs--;
    if (rs_xml_eq(nm, n, "w:p")) return rs_field_newline(f, t->off);
    return RS_OK;
}

/* Appends the text of a WordprocessingML part s[0..n) to f. */
static rs_err wordml(rs_field *f, const unsigned char *s, size_t n)
{
    rs_xml x;
    rs_xml_tok t;
    wstate w = {0};
    rs_err e = RS_OK;
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        if (w.skipping) {
            w.skipping = !(t.kind == RS_XML_CLOSE && t.depth == w.skip_depth);
            continue;
        }
        if (t.kind == RS_XML_OPEN)
            e = open_tag(f, &w, s, &t);
        else if (t.kind == RS_XML_CLOSE)
            e = close_tag(f, &w, s, &t);
        else if (t.kind == RS_XML_TEXT && w.in_t)
            e = rs_xml_put(f, s + t.text_off, t.text_len, t.text_off, 0, NULL);
        else if (t.kind == RS_XML_CDATA && w.in_t)
            e = rs_put_text(f, s + t.text_off, t.text_len, t.text_off, NULL);
    }
    return e;
}

static rs_err got(void *ctx, const char *name, const unsigned char *data, size_t len)
{
    docx *d = ctx;
    rs_fields *fs = d->cx->out;
    if (rs_ooxml_props_wanted(name)) return rs_ooxml_props(d->cx, "docx", name, data, len);
    if (media(name)) return rs_embed_add(d->cx, &d->em, name, data, len);
    rs_field *f = &fs->v[d->body];
    rs_err e = rs_field_newline(f, 0);
    if (!e) e = wordml(f, data, len);
    rs_field_finish(f);
    d->document |= !strcmp(name, "word/document.xml");
    return rs_extract_err(d->cx, e);
}

rs_err rs_extract_docx(rs_extract_ctx *cx)
{
    docx d = {.cx = cx};
    rs_field *f;
    rs_err e = rs_fields_add(cx->out, "body", false, false, &f);
    if (e) return rs_extract_err(cx, e);
    d.body = cx->out->n - 1;
    e = rs_parts_walk(cx, "DOCX", want, got, &d);
    if (e == RS_ERR_CORRUPT && d.document) { /* damaged after the text: keep what was read */
        cx->reason[0] = '\0';
        e = RS_OK;
    }
    if (!e && !d.document)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: DOCX has no word/document.xml");
    return rs_embed_done(cx, &d.em, "DOCX", e);
}
