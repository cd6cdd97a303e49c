/* htmldata.h — schema.org structured data of HTML pages (htmldata.c, extract_json.c): JSON-LD
 * blocks and microdata rights properties, fed token by token by extract_html.c. */
#ifndef RS_HTMLDATA_H
#define RS_HTMLDATA_H

#include "xml.h"

/* Adds the schema.org rights properties of the JSON-LD text s[0..n) as positional metadata
 * fields "jsonld:<property>": copyrightHolder, author, creator (a string, or the name of
 * the object or objects that are the value), copyrightNotice, creditText (strings),
 * license, acquireLicensePage (a URL, or the url/@id/name of an object) and
 * isAccessibleForFree (true/false as written). Offsets s-relative plus base; cs decodes
 * 8-bit text (NULL: UTF-8). Malformed JSON is read as far as it goes. */
rs_err rs_jsonld_fields(rs_fields *fs, const unsigned char *s, size_t n, size_t base,
                        const rs_charset *cs);

/* What the structured-data reader keeps between tokens of one page. */
typedef struct rs_htmldata {
    rs_fields *fs;
    const unsigned char *s;
    size_t base;
    const rs_charset *cs;
    bool ldjson;   /* the <script> just opened is application/ld+json */
    int prop;      /* the microdata property whose text is being read, or -1 */
    char tag[16];  /* its element's name, lower case */
    unsigned nest; /* elements of that name opened inside it */
    size_t idx;    /* its field, SIZE_MAX until it has text */
    size_t taken;  /* text bytes taken (at most 2 KiB) */
    int scope;     /* an itemscope'd property waiting for its item's name, or -1 */
    char scope_tag[16];
    unsigned scope_nest;
} rs_htmldata;

/* s[0..n) is the page as the tokenizer sees it, base its offset in the unit. */
void rs_htmldata_init(rs_htmldata *h, rs_fields *fs, const unsigned char *s, size_t base,
                      const rs_charset *cs);
/* Every token of the page, in order (x in RS_XML_HTML mode over s). Adds the fields
 * "jsonld:<property>" and "microdata:<property>" (positional metadata). */
rs_err rs_htmldata_token(rs_htmldata *h, const rs_xml *x, const rs_xml_tok *t);

#endif
