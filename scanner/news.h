/* news.h — the news formats' rights fields (extract_news.c): the XML vocabularies, read by
 * extract_xml.c after a document's running text, and wire text (ANPA-1312, IPTC 7901). */
#ifndef RS_NEWS_H
#define RS_NEWS_H

#include "extract.h"

/* What an XML document is, by its root element. */
enum {
    RS_NEWS_NONE = 0,
    RS_NEWS_G2,   /* NewsML-G2: newsItem, packageItem, newsMessage, ... */
    RS_NEWS_ML1,  /* NewsML 1.x: NewsML */
    RS_NEWS_NITF, /* nitf */
    RS_NEWS_RSS,  /* rss, or rdf:RDF with RSS 1.0 */
    RS_NEWS_ATOM, /* feed, entry */
    RS_NEWS_XMP,  /* x:xmpmeta, x:xapmeta, rdf:RDF: an XMP sidecar */
};

unsigned rs_news_kind(const unsigned char *s, size_t n);

/* Adds the rights fields of the document s[0..n) of that kind as positional metadata fields
 * (newsml:..., newsml1:..., nitf:..., rss:..., atom:..., xmp:...); offsets s-relative plus
 * base; cs decodes 8-bit text (NULL: UTF-8). */
rs_err rs_news_fields(rs_fields *fs, const unsigned char *s, size_t n, size_t base,
                      const rs_charset *cs, unsigned kind);

/* Wire text: [SYN SYN] SOH header STX text ETX [trailer] [EOT], 8-bit. True when d[0..n)
 * starts that way (at most 8 SYN, then SOH, then an STX within the first 4 KiB). */
bool rs_wire_is(const unsigned char *d, size_t n);

/* Extracts wire text: "body" (between STX and ETX; other control bytes become spaces) and
 * the positional metadata fields "wire:header" (SOH..STX), "wire:trailer" (ETX..EOT) and
 * "wire:source" (IPTC 7901: the letters after SOH; ANPA-1312: the letters that open the
 * trailer, "AP" of "AP-NY-03-14-95"). Valid UTF-8 is read as UTF-8, anything else in the
 * legacy charset (cx->enc = RS_ENC_8BIT). RS_ERR_CORRUPT when it is not wire text. */
rs_err rs_extract_wire(rs_extract_ctx *cx);

#endif
