/* xml.h — a small, safe XML/HTML tokenizer shared by the markup extractors.
 *
 * Pull-style: rs_xml_next() hands out one token at a time as offsets into the input, which
 * is never copied or changed. No allocation, no recursion, linear time on any input.
 *
 *   - Start tags (RS_XML_OPEN, with an attribute area walked by rs_xml_attr_next), end tags
 *     (RS_XML_CLOSE), text (RS_XML_TEXT, entities still encoded: decode with rs_xml_put),
 *     CDATA contents (RS_XML_CDATA, literal text), comments, processing instructions and
 *     declarations (<!DOCTYPE ...>, skipped by every extractor).
 *   - Entities: only the five predefined ones, numeric references and a fixed table of
 *     common HTML names are ever decoded. A DTD's entity declarations (internal subset or
 *     external) are never read, so no entity expansion attack is possible.
 *   - Nesting (XML mode): depth is counted; elements deeper than RS_XML_MAX_DEPTH are not
 *     reported (their tags vanish, their text is still reported), so a consumer that keeps
 *     a stack never needs more than RS_XML_MAX_DEPTH entries.
 *   - HTML mode (RS_XML_HTML): names compare case-insensitively at the caller's choice,
 *     script/style contents come as one RS_XML_RAWTEXT token and title/textarea contents as
 *     one RS_XML_TEXT token (tags inside are text), depth is not tracked (HTML leaves most
 *     elements unclosed), and entities may lack their ';' (&copy 2025).
 *   - Malformed input never fails: a '<' that cannot start markup is text; a tag missing
 *     its '>' ends before the next '<' (or at the end of input); a quoted attribute value
 *     missing its closing quote ends at the first '>' after it; unterminated comments,
 *     CDATA and declarations run to the end of input.
 */
#ifndef RS_XML_H
#define RS_XML_H

#include "extract.h"

#define RS_XML_MAX_DEPTH 256

enum {
    RS_XML_HTML = 1u << 0, /* HTML tokenization and entity rules */
};

typedef enum rs_xml_kind {
    RS_XML_EOF = 0, /* no more tokens */
    RS_XML_OPEN,    /* <name attrs> or <name attrs/> (empty set) */
    RS_XML_CLOSE,   /* </name> */
    RS_XML_TEXT,    /* character data, entities encoded */
    RS_XML_CDATA,   /* <![CDATA[ ... ]]> contents, literal */
    RS_XML_RAWTEXT, /* HTML script/style contents, literal */
    RS_XML_COMMENT, /* <!-- ... --> */
    RS_XML_PI,      /* <? ... ?> */
    RS_XML_DECL,    /* <!DOCTYPE ...> and any other <! ...> */
} rs_xml_kind;

typedef struct rs_xml_tok {
    rs_xml_kind kind;
    size_t off, len;           /* the whole token: input[off, off + len) */
    size_t name_off, name_len; /* OPEN, CLOSE: the tag name */
    size_t text_off, text_len; /* TEXT, CDATA, RAWTEXT, COMMENT, PI, DECL: the contents */
    size_t attr_off, attr_len; /* OPEN: the area holding the attributes */
    bool empty;                /* OPEN: self-closing <x/> */
    unsigned depth;            /* XML mode: OPEN/CLOSE element depth (root = 0) */
} rs_xml_tok;

typedef struct rs_xml {
    const unsigned char *s;
    size_t len, pos;
    unsigned flags;
    unsigned depth;  /* XML mode: open elements reported */
    unsigned hidden; /* XML mode: open elements beyond RS_XML_MAX_DEPTH, not reported */
    char raw[12];    /* HTML: inside script/style/title/textarea: the element's name */
    bool rawtext;    /* HTML: raw is script/style (RAWTEXT) rather than title (TEXT) */
} rs_xml;

void rs_xml_init(rs_xml *x, const unsigned char *s, size_t len, unsigned flags);
/* Fills *t with the next token; false (kind RS_XML_EOF) at the end of input. */
bool rs_xml_next(rs_xml *x, rs_xml_tok *t);

typedef struct rs_xml_attr {
    size_t name_off, name_len;
    size_t val_off, val_len; /* the value as written, quotes excluded, entities encoded */
    bool has_val;
} rs_xml_attr;

typedef struct rs_xml_attrs {
    const unsigned char *s;
    size_t pos, end;
} rs_xml_attrs;

/* Walks the attributes of an OPEN token. */
void rs_xml_attrs_init(rs_xml_attrs *it, const rs_xml *x, const rs_xml_tok *t);
bool rs_xml_attr_next(rs_xml_attrs *it, rs_xml_attr *a);

/* True when s[0..n) equals lit (exactly / ASCII case-insensitively). */
bool rs_xml_eq(const unsigned char *s, size_t n, const char *lit);
bool rs_xml_ieq(const unsigned char *s, size_t n, const char *lit);
/* True when s[0..n) (ASCII lower-cased first when icase) is in sorted[0..count), a list in
 * strcmp order of names shorter than 32 bytes. */
bool rs_xml_in(const unsigned char *s, size_t n, const char *const *sorted, size_t count,
               bool icase);
/* The local part of a qualified name: "w:p" -> "p". */
void rs_xml_local(const unsigned char *s, size_t *off, size_t *n);

/* Decodes one entity reference at s[0..n) (s[0] == '&'). Returns its length and writes the
 * code point, or 0 when it is not one this tokenizer decodes (then '&' is literal text). */
size_t rs_xml_entity(const unsigned char *s, size_t n, unsigned flags, uint32_t *cp);

/* Appends text s[0..n) (at unit offset src) to f with entities decoded and bytes decoded
 * by rs_put_text. */
rs_err rs_xml_put(rs_field *f, const unsigned char *s, size_t n, size_t src, unsigned flags,
                  const rs_charset *cs);

#endif
