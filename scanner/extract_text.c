/* extract_text.c — plain text and Markdown, and the byte decoding every extractor shares.
 *
 * Which decoding a text unit gets, in order:
 *   1. a UTF-32 or UTF-16 byte order mark: transcoded, one map checkpoint per character
 *      (a character is 2 or 4 source bytes but 1 to 4 text bytes, so runs never last);
 *   2. UTF-16 without a BOM, recognised by NUL bytes on one parity only (in the first
 *      4 KiB; ASCII in UTF-16 is also valid UTF-8, so this comes before 3);
 *   3. valid UTF-8 (after an optional UTF-8 BOM): the field borrows the unit's bytes,
 *      zero copy, the map shifted by the BOM's 3 bytes;
 *   4. mostly UTF-8 (more valid multi-byte sequences than invalid bytes): a stray invalid
 *      byte in UTF-8 text becomes U+FFFD rather than turning every "ş" into "ÅŸ";
 *   5. anything else is legacy text in a charset nothing declares: uchardet guesses it
 *      (below), else the legacy_charset option (--charset, WINDOWS-1252 by default) is
 *      used. A single-byte charset is decoded by a 256-entry table built through iconv
 *      once per unit; a double-byte one (Shift_JIS, GB18030, Big5, EUC-KR) through iconv a
 *      character at a time; positions then count bytes (RS_ENC_8BIT).
 * The markup extractors share the table decoder (rs_put_text, rs_markup_charset) and the
 * UTF-16/32 transcoder (rs_extract_wide, at the end of this file).
 *
 * Guessing. uchardet (Mozilla's universal charset detector, packaged by Debian) scores
 * the bytes against the language models of each charset. It has no confidence value in the
 * packaged version, so its answer is taken only when it has something to go on: at least
 * DETECT_MIN_HIGH non-ASCII bytes, a named charset (not "", ASCII or a UTF), and every
 * non-ASCII byte that occurs decoding to a printable character (no U+FFFD, no C1 control).
 * Otherwise the option decides — "İstanbul" alone (one byte) is as much windows-1252's
 * "Ýstanbul" as windows-1254's, and the user knows their archive. Two of its names are read
 * as their Windows supersets, as browsers do (WHATWG Encoding): ISO-8859-1 as windows-1252
 * and ISO-8859-9 as windows-1254, so “quotes” and € in bytes 0x80..0x9F survive:
 *
 *   "\xA9 2025 \xDDlke Haber Ajans\xFD. T\xFCm haklar\xFD sakl\xFDd\xFDr."
 *     uchardet: ISO-8859-9 (7 non-ASCII bytes, all clean) → windows-1254
 *     → "© 2025 İlke Haber Ajansı. Tüm hakları saklıdır."
 */
#include "extract.h"
#include "news.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

#define DETECT_MAX (64u << 10) /* bytes uchardet looks at */
#define DETECT_MIN_HIGH 4      /* fewer non-ASCII bytes: too little to go on */

rs_err rs_charset_load(rs_charset *cs, const char *name)
{
    iconv_t cd = iconv_open("UTF-32LE", name ? name : "WINDOWS-1252");
    if (cd == (iconv_t)-1) return RS_ERR_UNSUPPORTED;
    rs_err e = RS_OK;
    for (unsigned b = 0; b < 256 && !e; b++) {
        char in = (char)b, out[16];
        char *ip = &in, *op = out;
        size_t il = 1, ol = sizeof out;
        iconv(cd, NULL, NULL, NULL, NULL);
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        if (r == (size_t)-1 && errno == EINVAL) e = RS_ERR_UNSUPPORTED; /* multi-byte */
        unsigned char *o = (unsigned char *)out;
        if (r == (size_t)-1 || sizeof out - ol != 4)
            cs->cp[b] = 0xFFFD;
        else
            cs->cp[b] = o[0] | (uint32_t)o[1] << 8 | (uint32_t)o[2] << 16 | (uint32_t)o[3] << 24;
        if (b < 0x80 && cs->cp[b] != b) e = RS_ERR_UNSUPPORTED; /* markup needs ASCII */
    }
    iconv_close(cd);
    return e;
}

/* The legacy_charset option's table; Latin-1 when even that cannot be loaded. */
static void option_table(const rs_extract_ctx *cx, rs_charset *cs)
{
    const char *name = cx->opt ? cx->opt->legacy_charset : NULL;
    if (rs_charset_load(cs, name) == RS_OK) return;
    if (name && rs_charset_load(cs, NULL) == RS_OK) return;
    for (unsigned b = 0; b < 256; b++)
        cs->cp[b] = b;
}

/* uchardet's names that are read as another charset (see the top of the file). */
static const char *decoder_name(const char *det)
{
    if (!strcasecmp(det, "ISO-8859-1")) return "WINDOWS-1252";
    if (!strcasecmp(det, "ISO-8859-9")) return "WINDOWS-1254";
    if (!strcasecmp(det, "TIS-620") || !strcasecmp(det, "ISO-8859-11")) return "CP874";
    return det;
}

/* uchardet's guess for d[0..n) as an iconv name; false when there is nothing to go on. */
static bool guess(const unsigned char *d, size_t n, char *out, size_t len)
{
    size_t high = 0, m = n < DETECT_MAX ? n : DETECT_MAX;
    for (size_t i = 0; i < m; i++)
        high += d[i] >= 0x80;
    if (high < DETECT_MIN_HIGH) return false;
    uchardet_t ud = uchardet_new();
    if (!ud) return false;
    bool ok = false;
    if (uchardet_handle_data(ud, (const char *)d, m) == 0) {
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        if (cs && *cs && strcasecmp(cs, "ASCII") != 0 && strncasecmp(cs, "UTF-", 4) != 0) {
            snprintf(out, len, "%s", decoder_name(cs));
            ok = true;
        }
    }
    uchardet_delete(ud);
    return ok;
}

/* True when every non-ASCII byte in d[0..n) decodes through cs to a printable character. */
static bool clean(const rs_charset *cs, const unsigned char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = d[i] >= 0x80 ? cs->cp[d[i]] : 0x20;
        if (cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0)) return false;
    }
    return true;
}

/* The charset of undeclared legacy bytes d[0..n): a table in *cs (returns true), or, when
 * mb is not NULL and uchardet names a double-byte charset iconv knows, its name in mb
 * (returns false). See "Guessing" at the top. */
static bool legacy_table(const rs_extract_ctx *cx, const unsigned char *d, size_t n, rs_charset *cs,
                         char *mb, size_t mblen)
{
    char name[48];
    if (guess(d, n, name, sizeof name)) {
        rs_err e = rs_charset_load(cs, name);
        if (e == RS_OK && clean(cs, d, n < DETECT_MAX ? n : DETECT_MAX)) return true;
        iconv_t cd = e == RS_OK || !mb ? (iconv_t)-1 : iconv_open("UTF-32LE", name);
        if (cd != (iconv_t)-1) {
            iconv_close(cd);
            snprintf(mb, mblen, "%s", name);
            return false;
        }
    }
    option_table(cx, cs);
    return true;
}

rs_err rs_put_text(rs_field *f, const unsigned char *p, size_t n, size_t src, const rs_charset *cs)
{
    size_t i = 0, run = 0;
    rs_err e;
    /* the common case, valid UTF-8 with no NUL, in one piece: both checks are vectorised,
     * the loop below goes code point by code point */
    if (!cs && n >= 64 && !memchr(p, 0, n) && rs_utf8_valid(p, n))
        return rs_field_append(f, (const char *)p, n, src);
    while (i < n) {
        /* runs of ASCII other than NUL, eight bytes at a time */
        for (uint64_t w; i + 8 <= n; i += 8) {
            memcpy(&w, p + i, 8);
            uint64_t zero = (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;
            if ((w & 0x8080808080808080ULL) || zero) break;
        }
        if (i >= n) break;
        unsigned c = p[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        size_t k = 1;
        uint32_t cp = 0xFFFD;
        if (cs) {
            if (c) cp = cs->cp[c];
        } else if (c) {
            k = rs_utf8_decode(p + i, n - i, &cp);
            if (k > 1) { /* valid: part of the run */
                i += k;
                continue;
            }
        }
        if ((e = rs_field_append(f, (const char *)p + run, i - run, src + run))) return e;
        if ((e = rs_field_put_cp(f, cp, src + i))) return e;
        i += k;
        run = i;
    }
    return rs_field_append(f, (const char *)p + run, i - run, src + run);
}

static bool keyword_at(const unsigned char *s, size_t n, size_t i, const char *key)
{
    size_t k = strlen(key);
    if (k > n - i) return false;
    for (size_t j = 0; j < k; j++)
        if ((s[i + j] | 0x20) != key[j]) return false;
    return true;
}

bool rs_charset_sniff(const unsigned char *s, size_t n, const char *key, char *out, size_t outlen)
{
    for (size_t i = 0; i < n; i++) {
        if (!keyword_at(s, n, i, key)) continue;
        size_t j = i + strlen(key);
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j >= n || s[j] != '=') continue;
        j++;
        while (j < n && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = 0;
        for (; j < n && k + 1 < outlen; j++) {
            unsigned c = s[j];
            if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9') && c != '-' &&
                c != '_' && c != '.' && c != ':')
                break;
            out[k++] = (char)c;
        }
        out[k] = '\0';
        if (k) return true;
    }
    return false;
}

/* More valid multi-byte UTF-8 sequences than invalid bytes. */
static bool mostly_utf8(const unsigned char *d, size_t n)
{
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        if (d[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = rs_utf8_decode(d + i, n - i, &cp);
        if (k > 1)
            good++;
        else
            bad++;
        i += k;
    }
    return good > bad;
}

const unsigned char *rs_markup_input(rs_extract_ctx *cx, const char *key, rs_charset *cs,
                                     const rs_charset **csp, size_t *skip)
{
    const unsigned char *d = cx->len ? cx->data : (const unsigned char *)"";
    *skip = cx->len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3) ? 3 : 0;
    *csp = NULL;
    if (rs_markup_charset(cx, key, cs)) {
        *csp = cs;
        cx->enc = RS_ENC_8BIT;
        *skip = 0;
    }
    return d + *skip;
}

bool rs_markup_charset(const rs_extract_ctx *cx, const char *key, rs_charset *cs)
{
    const unsigned char *d = cx->data;
    size_t n = cx->len;
    if (!n || rs_utf8_valid(d, n)) return false;
    char name[48];
    if (rs_charset_sniff(d, n < 1024 ? n : 1024, key, name, sizeof name) &&
        !keyword_at((const unsigned char *)name, strlen(name), 0, "utf") &&
        rs_charset_load(cs, name) == RS_OK)
        return true;
    if (mostly_utf8(d, n)) return false;
    legacy_table(cx, d, n, cs, NULL, 0);
    return true;
}

/* ---- the text extractor ---- */

static uint32_t unit_at(const unsigned char *d, size_t i, rs_textenc enc)
{
    switch (enc) {
    case RS_ENC_UTF16LE:
        return (uint32_t)d[i] | (uint32_t)d[i + 1] << 8;
    case RS_ENC_UTF16BE:
        return (uint32_t)d[i] << 8 | d[i + 1];
    case RS_ENC_UTF32LE:
        return (uint32_t)d[i] | (uint32_t)d[i + 1] << 8 | (uint32_t)d[i + 2] << 16 |
               (uint32_t)d[i + 3] << 24;
    default:
        return (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 | (uint32_t)d[i + 2] << 8 | d[i + 3];
    }
}

/* Transcodes UTF-16/32 in enc from offset start (past the BOM). */
static rs_err wide(rs_extract_ctx *cx, rs_field *f, rs_textenc enc, size_t start)
{
    const unsigned char *d = cx->data;
    size_t n = cx->len, w = enc == RS_ENC_UTF16LE || enc == RS_ENC_UTF16BE ? 2 : 4, i;
    rs_err e = RS_OK;
    cx->enc = enc;
    for (i = start; i + w <= n && !e;) {
        uint32_t cp = unit_at(d, i, enc);
        size_t at = i;
        i += w;
        if (w == 2 && cp >= 0xD800 && cp <= 0xDBFF && i + 2 <= n) {
            uint32_t lo = unit_at(d, i, enc);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (cp == 0) cp = 0xFFFD; /* rs_buf_put_utf8 makes lone surrogates U+FFFD */
        e = rs_field_put_cp(f, cp, at);
    }
    if (!e && i < n) e = rs_field_put_cp(f, 0xFFFD, i); /* a truncated last character */
    return e;
}

/* UTF-16 without a BOM: NULs on one parity only, in the first 4 KiB. */
static rs_textenc guess_utf16(const unsigned char *d, size_t n)
{
    size_t even = 0, odd = 0, m = n < 4096 ? n : 4096;
    m &= ~(size_t)1;
    for (size_t i = 0; i < m; i += 2) {
        even += d[i] == 0;
        odd += d[i + 1] == 0;
    }
    size_t pairs = m / 2;
    if (pairs < 2) return RS_ENC_UTF8;
    if (odd * 4 > pairs && even * 16 < pairs) return RS_ENC_UTF16LE;
    if (even * 4 > pairs && odd * 16 < pairs) return RS_ENC_UTF16BE;
    return RS_ENC_UTF8;
}

static rs_textenc bom(const unsigned char *d, size_t n, size_t *skip)
{
    *skip = 0;
    if (n >= 4 && !memcmp(d, "\xFF\xFE\0\0", 4)) return *skip = 4, RS_ENC_UTF32LE;
    if (n >= 4 && !memcmp(d, "\0\0\xFE\xFF", 4)) return *skip = 4, RS_ENC_UTF32BE;
    if (n >= 2 && !memcmp(d, "\xFF\xFE", 2)) return *skip = 2, RS_ENC_UTF16LE;
    if (n >= 2 && !memcmp(d, "\xFE\xFF", 2)) return *skip = 2, RS_ENC_UTF16BE;
    if (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) *skip = 3;
    return RS_ENC_UTF8;
}

/* Decodes d[0..n) in the double-byte charset name through iconv, one character per call
 * (so each keeps its offset); ASCII runs are copied whole; an invalid or cut-off sequence
 * becomes U+FFFD for its first byte. */
static rs_err put_multibyte(rs_field *f, const unsigned char *d, size_t n, const char *name)
{
    iconv_t cd = iconv_open("UTF-32LE", name);
    if (cd == (iconv_t)-1) return rs_put_text(f, d, n, 0, NULL);
    rs_err e = RS_OK;
    for (size_t i = 0; i < n && !e;) {
        size_t j = i;
        while (j < n && d[j] && d[j] < 0x80)
            j++;
        if (j > i) {
            e = rs_field_append(f, (const char *)d + i, j - i, i);
            i = j;
            continue;
        }
        char out[4], *op = out, *ip = (char *)d + i;
        size_t il = n - i < 4 ? n - i : 4, ol = sizeof out, before = il;
        iconv(cd, NULL, NULL, NULL, NULL);
        iconv(cd, &ip, &il, &op, &ol);
        if (ol == 0 && il < before && d[i]) {
            const unsigned char *o = (const unsigned char *)out;
            uint32_t cp = o[0] | (uint32_t)o[1] << 8 | (uint32_t)o[2] << 16 | (uint32_t)o[3] << 24;
            e = rs_field_put_cp(f, cp ? cp : 0xFFFD, i);
            i += before - il;
        } else {
            e = rs_field_put_cp(f, 0xFFFD, i);
            i++;
        }
    }
    iconv_close(cd);
    return e;
}

rs_err rs_extract_text(rs_extract_ctx *cx)
{
    const unsigned char *d = cx->data;
    size_t n = d ? cx->len : 0, skip, max = cx->out->max_bytes;
    rs_field *f;
    rs_err e;
    if (!n)
        return rs_extract_err(cx,
                              rs_fields_add_borrowed(cx->out, "body", false, true, "", 0, 0, &f));
    if (rs_wire_is(d, n)) return rs_extract_wire(cx); /* ANPA-1312 / IPTC 7901 wire text */
    rs_textenc enc = bom(d, n, &skip);
    if (enc == RS_ENC_UTF8 && memchr(d, 0, n < 4096 ? n : 4096)) {
        enc = guess_utf16(d, n);
        skip = enc == RS_ENC_UTF8 ? skip : 0;
    }
    if (enc == RS_ENC_UTF8 && rs_utf8_valid(d + skip, n - skip)) {
        if (max && n - skip > max) return rs_extract_err(cx, RS_ERR_LIMIT);
        e = rs_fields_add_borrowed(cx->out, "body", false, true, (const char *)d + skip, n - skip,
                                   skip, &f);
        return rs_extract_err(cx, e);
    }
    if ((e = rs_fields_add(cx->out, "body", false, true, &f))) return rs_extract_err(cx, e);
    if (enc != RS_ENC_UTF8) {
        e = wide(cx, f, enc, skip);
    } else if (mostly_utf8(d + skip, n - skip)) {
        e = rs_put_text(f, d + skip, n - skip, skip, NULL);
    } else {
        rs_charset cs;
        char mb[48];
        cx->enc = RS_ENC_8BIT;
        if (legacy_table(cx, d, n, &cs, mb, sizeof mb))
            e = rs_put_text(f, d, n, 0, &cs);
        else
            e = put_multibyte(f, d, n, mb);
    }
    rs_field_finish(f);
    return rs_extract_err(cx, e);
}

/* ---- markup in UTF-16 or UTF-32 ----
 *
 * The markup extractors read ASCII-compatible bytes, so a UTF-16 page is first transcoded to
 * a UTF-8 copy (with a map: copy offset → unit offset, one checkpoint per character), the
 * extractor runs on the copy, and each field it added is re-mapped character by character:
 * field offset → copy offset (the field's map) → unit offset (the copy's map). */

/* Replaces f's map (to copy offsets) by one to unit offsets through copy. */
static rs_err remap(rs_field *f, const rs_offmap *copy)
{
    rs_offmap m;
    rs_err e = RS_OK;
    rs_offmap_init(&m);
    for (size_t t = 0; t < f->len && !e; t++)
        if ((f->text[t] & 0xC0) != 0x80)
            e = rs_offmap_note(&m, t, rs_offmap_lookup(copy, rs_offmap_lookup(&f->map, t)));
    if (e) {
        rs_offmap_free(&m);
        return e;
    }
    rs_offmap_free(&f->map);
    f->map = m;
    return RS_OK;
}

bool rs_extract_wide(rs_extract_ctx *cx, rs_extract_fn fn, rs_err *err)
{
    size_t n = cx->data ? cx->len : 0, skip;
    if (!n) return false;
    rs_textenc enc = bom(cx->data, n, &skip);
    if (enc == RS_ENC_UTF8 && memchr(cx->data, 0, n < 4096 ? n : 4096)) {
        enc = guess_utf16(cx->data, n);
        skip = 0;
    }
    if (enc == RS_ENC_UTF8) return false;
    rs_fields tmp;
    rs_field *u8 = NULL;
    rs_fields_init(&tmp, n * 2 + 16); /* UTF-8 never takes more than twice the bytes */
    rs_err e = rs_fields_add(&tmp, "copy", false, false, &u8);
    if (!e) e = wide(cx, u8, enc, skip);
    if (!e) rs_field_finish(u8);
    size_t before = cx->out->n;
    if (!e) {
        rs_extract_ctx sub = *cx;
        sub.data = (const unsigned char *)u8->text;
        sub.len = u8->len;
        e = fn(&sub);
        memcpy(cx->reason, sub.reason, sizeof cx->reason);
        cx->enc = enc;
    }
    for (size_t i = before; i < cx->out->n && e != RS_ERR_NOMEM; i++) {
        rs_err r = remap(&cx->out->v[i], &u8->map);
        if (r) e = r;
    }
    rs_fields_free(&tmp);
    *err = rs_extract_err(cx, e);
    return true;
}
