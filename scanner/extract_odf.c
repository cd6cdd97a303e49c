/* extract_odf.c — OpenDocument text, spreadsheets and presentations (ODT, ODS, ODP): the
 * text of content.xml and of the page headers and footers in styles.xml, the meta.xml
 * properties as metadata fields ("odt:dc:rights", "ods:...", "odp:..."; user-defined
 * properties named for rights as "odt:user:<Name>"), and the images in Pictures/ and Media/
 * as embedded units ("report.odt!/Pictures/photo.jpg").
 *
 * The three share one vocabulary: a spreadsheet cell and a slide's text box hold text:p
 * paragraphs just as a text document does, and presenter notes are text:p in
 * presentation:notes. Paragraphs and headings (text:p, text:h) are lines; spans join with
 * nothing; text:s and text:tab are a space, text:line-break ends a line. Tracked deletions
 * (text:tracked-changes) are not text. Offsets refer to the XML part (positional false).
 */
#include "xml.h"

#include <stdio.h>
#include <string.h>

typedef struct odt {
    rs_extract_ctx *cx;
    const char *what;   /* "ODT", "ODS", "ODP" */
    const char *format; /* "odt", "ods", "odp": field prefix */
    size_t body;
    bool content; /* content.xml was read */
    rs_embeds em;
} odt;

static bool media(const char *name)
{
    return (!strncmp(name, "Pictures/", 9) || !strncmp(name, "Media/", 6)) && rs_embed_wanted(name);
}

static bool want(void *ctx, const char *name)
{
    (void)ctx;
    return !strcmp(name, "content.xml") || !strcmp(name, "styles.xml") ||
           !strcmp(name, "meta.xml") || media(name);
}

typedef struct ostate {
    bool styles; /* styles.xml: only headers and footers are text */
    int scope;   /* styles.xml: depth of the header/footer being read, or -1 */
    int skip;    /* depth of the element being skipped, or -1 */
} ostate;

static bool header_footer(const unsigned char *nm, size_t n)
{
    return (n >= 12 && !memcmp(nm, "style:header", 12)) ||
           (n >= 12 && !memcmp(nm, "style:footer", 12));
}

static rs_err open_tag(rs_field *f, ostate *o, const unsigned char *s, const rs_xml_tok *t)
{
    const unsigned char *nm = s + t->name_off;
    size_t n = t->name_len;
    if (t->empty) {
        if (rs_xml_eq(nm, n, "text:line-break")) return rs_field_append(f, "\n", 1, t->off);
        if (rs_xml_eq(nm, n, "text:s") || rs_xml_eq(nm, n, "text:tab"))
            return rs_field_append(f, " ", 1, t->off);
        return RS_OK;
    }
    if (rs_xml_eq(nm, n, "text:tracked-changes")) o->skip = (int)t->depth;
    if (o->styles && o->scope < 0 && header_footer(nm, n)) o->scope = (int)t->depth;
    if (rs_xml_eq(nm, n, "text:p") || rs_xml_eq(nm, n, "text:h"))
        return rs_field_newline(f, t->off);
    return RS_OK;
}

static rs_err text(rs_field *f, const unsigned char *s, size_t off, size_t n, bool literal)
{
    if (!f->own.len || f->own.data[f->own.len - 1] == '\n') {
        while (n && (s[off] == ' ' || s[off] == '\t' || s[off] == '\r' || s[off] == '\n'))
            off++, n--;
    }
    if (literal) return rs_put_text(f, s + off, n, off, NULL);
    return rs_xml_put(f, s + off, n, off, 0, NULL);
}

/* Appends the text of an ODF XML part s[0..n) to f. */
static rs_err odf_text(rs_field *f, const unsigned char *s, size_t n, bool styles)
{
    rs_xml x;
    rs_xml_tok t;
    ostate o = {styles, -1, -1};
    rs_err e = RS_OK;
    rs_xml_init(&x, s, n, 0);
    while (!e && rs_xml_next(&x, &t)) {
        if (o.skip >= 0) {
            if (t.kind == RS_XML_CLOSE && (int)t.depth == o.skip) o.skip = -1;
            continue;
        }
        bool scoped = !styles || o.scope >= 0;
        if (t.kind == RS_XML_OPEN) {
            e = open_tag(f, &o, s, &t);
        } else if (t.kind == RS_XML_CLOSE) {
            const unsigned char *nm = s + t.name_off;
            if (rs_xml_eq(nm, t.name_len, "text:p") || rs_xml_eq(nm, t.name_len, "text:h"))
                e = rs_field_newline(f, t.off);
            if (o.scope >= 0 && (int)t.depth == o.scope) o.scope = -1;
        } else if ((t.kind == RS_XML_TEXT || t.kind == RS_XML_CDATA) && scoped) {
            e = text(f, s, t.text_off, t.text_len, t.kind == RS_XML_CDATA);
        }
    }
    return e;
}

static const char *const META[] = {"dc:creator", "dc:rights", "meta:initial-creator", NULL};

static rs_err got(void *ctx, const char *name, const unsigned char *data, size_t len)
{
    odt *d = ctx;
    rs_fields *fs = d->cx->out;
    if (!strcmp(name, "meta.xml")) {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "%s:", d->format);
        rs_err e = rs_xml_elements(fs, data, len, prefix, META, false);
        snprintf(prefix, sizeof prefix, "%s:user:", d->format);
        if (!e) e = rs_named_props(fs, data, len, "meta:user-defined", "meta:name", prefix);
        return rs_extract_err(d->cx, e);
    }
    if (media(name)) return rs_embed_add(d->cx, &d->em, name, data, len);
    rs_field *f = &fs->v[d->body];
    rs_err e = rs_field_newline(f, 0);
    if (!e) e = odf_text(f, data, len, !strcmp(name, "styles.xml"));
    rs_field_finish(f);
    d->content |= !strcmp(name, "content.xml");
    return rs_extract_err(d->cx, e);
}

rs_err rs_extract_odt(rs_extract_ctx *cx)
{
    odt d = {.cx = cx, .what = "ODT", .format = "odt"};
    if (cx->type == RS_TYPE_ODS) d.what = "ODS", d.format = "ods";
    if (cx->type == RS_TYPE_ODP) d.what = "ODP", d.format = "odp";
    rs_field *f;
    rs_err e = rs_fields_add(cx->out, "body", false, false, &f);
    if (e) return rs_extract_err(cx, e);
    d.body = cx->out->n - 1;
    e = rs_parts_walk(cx, d.what, want, got, &d);
    if (e == RS_ERR_CORRUPT && d.content) { /* damaged after the text: keep what was read */
        cx->reason[0] = '\0';
        e = RS_OK;
    }
    if (!e && !d.content)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s has no content.xml", d.what);
    return rs_embed_done(cx, &d.em, d.what, e);
}
