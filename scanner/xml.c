/* xml.c — the markup tokenizer and entity decoder shared by the markup extractors.
 *
 * Why every input takes linear time. A tokenizer for hostile markup can go quadratic
 * in one place: finding where a tag ends. A naive scanner that, for each '<', looks ahead
 * for a '>' outside quotes may scan to the end of input for every '<' of "<a '<a '<a '...".
 * This one bounds every look-ahead by the next '<':
 *
 *   - outside quotes, a '<' ends the tag (it was missing its '>'): `<p class=x <b>` is the
 *     tag p followed by the tag b;
 *   - inside a quoted value, a '<' (never legal in XML attributes, rare in HTML) means the
 *     quote was never closed: the tag then ends at the first '>' after the quote, or before
 *     that '<' when there is none: `<a title="x>text<b>` is the tag a, then "text", then b.
 *
 * So each scan stops at the next '<', after which scanning starts afresh: every byte is
 * looked at a bounded number of times. Quoted values only open after '=' (HTML allows stray
 * quotes in attribute names). The same discipline holds for comments, CDATA and
 * declarations, which either end at their terminator or run to the end of input at once.
 *
 * Depth (XML mode) is a pair of counters, not a stack: `depth` for reported elements and
 * `hidden` for those past RS_XML_MAX_DEPTH, whose tags are swallowed while their text is
 * still reported. An end tag closes the innermost element whatever its name, which is what
 * a tolerant reader wants from `<a><b></a>`.
 */
#include "xml.h"

#include <stdlib.h>
#include <string.h>

void rs_xml_init(rs_xml *x, const unsigned char *s, size_t len, unsigned flags)
{
    memset(x, 0, sizeof *x);
    x->s = s;
    x->len = s ? len : 0;
    x->flags = flags;
}

static bool is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(unsigned c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool is_alnum(unsigned c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static bool name_start(unsigned c)
{
    return is_alpha(c) || c == '_' || c == ':' || c >= 0x80;
}

static bool name_stop(unsigned c)
{
    return is_space(c) || c == '/' || c == '>' || c == '<';
}

/* Can the '<' at s[i] start markup? */
static bool markup_at(const rs_xml *x, size_t i)
{
    if (i + 1 >= x->len) return false;
    unsigned c = x->s[i + 1];
    if (name_start(c) || c == '!' || c == '?') return true;
    return c == '/' && i + 2 < x->len && name_start(x->s[i + 2]);
}

/* The first occurrence of lit in s[from..n), or n. */
static size_t find(const unsigned char *s, size_t from, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    while (from + k <= n) {
        const unsigned char *p = memchr(s + from, lit[0], n - from - k + 1);
        if (!p) break;
        if (memcmp(p, lit, k) == 0) return (size_t)(p - s);
        from = (size_t)(p - s) + 1;
    }
    return n;
}

/* Scans a tag from i (just after its name) for its end: returns the offset of its '>' with
 * *closed set, or where the tag stops without one (a '<' or the end of input). */
static size_t tag_end(const rs_xml *x, size_t i, bool *closed)
{
    const unsigned char *s = x->s;
    size_t n = x->len, qstart = 0;
    unsigned char quote = 0, prev = 0; /* prev: last non-space byte outside quotes */
    *closed = false;
    for (; i < n; i++) {
        unsigned char c = s[i];
        if (quote) {
            if (c == quote) {
                quote = 0;
                prev = c;
            } else if (c == '<') {
                break;
            }
            continue;
        }
        if (c == '>') {
            *closed = true;
            return i;
        }
        if (c == '<') return i;
        if ((c == '"' || c == '\'') && prev == '=') {
            quote = c;
            qstart = i;
        }
        if (!is_space(c)) prev = c;
    }
    if (!quote) return n;
    const unsigned char *gt = memchr(s + qstart, '>', i - qstart); /* the quote never closed */
    if (!gt) return i;
    *closed = true;
    return (size_t)(gt - s);
}

static void text(rs_xml *x, rs_xml_tok *t)
{
    size_t i = x->pos + 1; /* s[pos] is text: not '<', or a '<' that starts no markup */
    while (i < x->len) {
        const unsigned char *p = memchr(x->s + i, '<', x->len - i);
        if (!p) {
            i = x->len;
            break;
        }
        i = (size_t)(p - x->s);
        if (markup_at(x, i)) break;
        i++;
    }
    t->kind = RS_XML_TEXT;
    t->off = t->text_off = x->pos;
    t->len = t->text_len = i - x->pos;
    x->pos = i;
}

/* HTML: the contents of script/style/title/textarea up to its end tag. False when empty. */
static bool raw_text(rs_xml *x, rs_xml_tok *t)
{
    const unsigned char *s = x->s;
    size_t rl = strlen(x->raw), i = x->pos;
    while (i < x->len) {
        const unsigned char *p = memchr(s + i, '<', x->len - i);
        if (!p) {
            i = x->len;
            break;
        }
        i = (size_t)(p - s);
        if (i + 2 + rl <= x->len && s[i + 1] == '/' && rs_xml_ieq(s + i + 2, rl, x->raw) &&
            (i + 2 + rl == x->len || name_stop(s[i + 2 + rl])))
            break;
        i++;
    }
    t->kind = x->rawtext ? RS_XML_RAWTEXT : RS_XML_TEXT;
    t->off = t->text_off = x->pos;
    t->len = t->text_len = i - x->pos;
    x->pos = i;
    x->raw[0] = '\0';
    return t->len > 0;
}

/* Sets a token spanning s[start..end) with contents s[cstart..cend), and moves past it. */
static void span(rs_xml *x, rs_xml_tok *t, rs_xml_kind k, size_t start, size_t cstart, size_t cend,
                 size_t end)
{
    t->kind = k;
    t->off = start;
    t->len = end - start;
    t->text_off = cstart;
    t->text_len = cend > cstart ? cend - cstart : 0;
    x->pos = end;
}

/* <!DOCTYPE ...>: ends at a '>' outside quotes and outside the [internal subset]. */
static size_t doctype_end(const rs_xml *x, size_t i)
{
    unsigned char quote = 0;
    unsigned brackets = 0;
    for (; i < x->len; i++) {
        unsigned char c = x->s[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[') {
            brackets++;
        } else if (c == ']' && brackets) {
            brackets--;
        } else if (c == '>' && !brackets) {
            return i;
        }
    }
    return x->len;
}

static void bang(rs_xml *x, rs_xml_tok *t)
{
    const unsigned char *s = x->s;
    size_t i = x->pos, n = x->len, e;
    if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        e = find(s, i + 2, n, "-->"); /* from i + 2: HTML's "<!-->" is an empty comment */
        span(x, t, RS_XML_COMMENT, i, i + 4, e, e < n ? e + 3 : n);
    } else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
        e = find(s, i + 9, n, "]]>");
        span(x, t, RS_XML_CDATA, i, i + 9, e, e < n ? e + 3 : n);
    } else if (n - i >= 9 && rs_xml_ieq(s + i + 2, 7, "DOCTYPE")) {
        e = doctype_end(x, i + 2);
        span(x, t, RS_XML_DECL, i, i + 2, e, e < n ? e + 1 : n);
    } else {
        const unsigned char *gt = memchr(s + i, '>', n - i);
        e = gt ? (size_t)(gt - s) : n;
        span(x, t, RS_XML_DECL, i, i + 2, e, e < n ? e + 1 : n);
    }
}

static void pi(rs_xml *x, rs_xml_tok *t)
{
    const unsigned char *s = x->s;
    size_t i = x->pos, n = x->len, e = n, end = n;
    if (!(x->flags & RS_XML_HTML)) {
        e = find(s, i + 2, n, "?>");
        end = e < n ? e + 2 : n;
    }
    if (e == n) { /* HTML, or an unterminated XML PI: ends at the first '>' */
        const unsigned char *gt = memchr(s + i, '>', n - i);
        e = gt ? (size_t)(gt - s) : n;
        end = e < n ? e + 1 : n;
    }
    span(x, t, RS_XML_PI, i, i + 2, e, end);
}

/* HTML: after <script>, <style>, <title>, <textarea>, remember to read raw contents. */
static void enter_raw(rs_xml *x, const unsigned char *name, size_t n)
{
    static const char *const raw[] = {"script", "style", "title", "textarea"};
    for (size_t k = 0; k < sizeof raw / sizeof raw[0]; k++) {
        if (!rs_xml_ieq(name, n, raw[k])) continue;
        memcpy(x->raw, raw[k], strlen(raw[k]) + 1);
        x->rawtext = k < 2;
        return;
    }
}

/* A start or end tag at x->pos. False when the tag is beyond the depth cap (hidden). */
static bool tag(rs_xml *x, rs_xml_tok *t)
{
    const unsigned char *s = x->s;
    bool close = s[x->pos + 1] == '/', closed;
    size_t name = x->pos + (close ? 2 : 1), i = name;
    while (i < x->len && !name_stop(s[i]))
        i++;
    size_t end = tag_end(x, i, &closed);
    t->kind = close ? RS_XML_CLOSE : RS_XML_OPEN;
    t->off = x->pos;
    t->len = (closed ? end + 1 : end) - x->pos;
    t->name_off = name;
    t->name_len = i - name;
    t->empty = !close && closed && end > i && s[end - 1] == '/';
    t->attr_off = i;
    t->attr_len = end - i - (t->empty ? 1 : 0);
    x->pos = closed ? end + 1 : end;
    if (x->flags & RS_XML_HTML) {
        if (!close && !t->empty) enter_raw(x, s + name, t->name_len);
        return true;
    }
    if (close) {
        if (x->hidden) return x->hidden--, false;
        if (x->depth) x->depth--;
        t->depth = x->depth;
        return true;
    }
    if (x->hidden || x->depth >= RS_XML_MAX_DEPTH) {
        if (!t->empty) x->hidden++;
        return false;
    }
    t->depth = x->depth;
    if (!t->empty) x->depth++;
    return true;
}

bool rs_xml_next(rs_xml *x, rs_xml_tok *t)
{
    for (;;) {
        memset(t, 0, sizeof *t);
        if (x->pos >= x->len) return false;
        if (x->raw[0]) {
            if (raw_text(x, t)) return true;
            continue;
        }
        unsigned char c = x->pos + 1 < x->len ? x->s[x->pos + 1] : 0;
        if (x->s[x->pos] != '<' || !markup_at(x, x->pos))
            text(x, t);
        else if (c == '!')
            bang(x, t);
        else if (c == '?')
            pi(x, t);
        else if (!tag(x, t))
            continue;
        return true;
    }
}

void rs_xml_attrs_init(rs_xml_attrs *it, const rs_xml *x, const rs_xml_tok *t)
{
    it->s = x->s;
    it->pos = t->attr_off;
    it->end = t->attr_off + t->attr_len;
}

/* The value after '=' at s[j..e): quoted (a missing close quote runs to e) or bare. */
static size_t attr_value(const unsigned char *s, size_t j, size_t e, rs_xml_attr *a)
{
    a->has_val = true;
    if (j < e && (s[j] == '"' || s[j] == '\'')) {
        const unsigned char *q = memchr(s + j + 1, s[j], e - j - 1);
        a->val_off = j + 1;
        a->val_len = (q ? (size_t)(q - s) : e) - a->val_off;
        return q ? (size_t)(q - s) + 1 : e;
    }
    a->val_off = j;
    while (j < e && !is_space(s[j]))
        j++;
    a->val_len = j - a->val_off;
    return j;
}

bool rs_xml_attr_next(rs_xml_attrs *it, rs_xml_attr *a)
{
    const unsigned char *s = it->s;
    size_t i = it->pos, e = it->end;
    memset(a, 0, sizeof *a);
    while (i < e && (is_space(s[i]) || s[i] == '/'))
        i++;
    if (i >= e) {
        it->pos = e;
        return false;
    }
    a->name_off = i++; /* at least one byte, so every call moves on */
    while (i < e && !is_space(s[i]) && s[i] != '=' && s[i] != '/')
        i++;
    a->name_len = i - a->name_off;
    size_t j = i;
    while (j < e && is_space(s[j]))
        j++;
    if (j < e && s[j] == '=') {
        j++;
        while (j < e && is_space(s[j]))
            j++;
        i = attr_value(s, j, e, a);
    }
    it->pos = i;
    return true;
}

bool rs_xml_eq(const unsigned char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

bool rs_xml_ieq(const unsigned char *s, size_t n, const char *lit)
{
    if (strlen(lit) != n) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned a = s[i], b = (unsigned char)lit[i];
        if (a >= 'A' && a <= 'Z') a += 32;
        if (b >= 'A' && b <= 'Z') b += 32;
        if (a != b) return false;
    }
    return true;
}

static int by_str(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

bool rs_xml_in(const unsigned char *s, size_t n, const char *const *sorted, size_t count,
               bool icase)
{
    char key[32];
    if (!n || n >= sizeof key) return false;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)(icase && s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    key[n] = '\0';
    return bsearch(key, sorted, count, sizeof *sorted, by_str) != NULL;
}

void rs_xml_local(const unsigned char *s, size_t *off, size_t *n)
{
    const unsigned char *c = memchr(s + *off, ':', *n);
    if (!c) return;
    size_t skip = (size_t)(c - (s + *off)) + 1;
    *off += skip;
    *n -= skip;
}

/* ---- entities ---- */

static const struct {
    const char *name;
    uint16_t cp;
} ENTITIES[] = {
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},     {"copy", 0xA9},    {"reg", 0xAE},      {"trade", 0x2122}, {"shy", 0xAD},
    {"mdash", 0x2014},  {"ndash", 0x2013}, {"hellip", 0x2026}, {"laquo", 0xAB},   {"raquo", 0xBB},
    {"lsquo", 0x2018},  {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D}, {"sbquo", 0x201A},
    {"bdquo", 0x201E},  {"middot", 0xB7},  {"bull", 0x2022},   {"deg", 0xB0},     {"euro", 0x20AC},
    {"pound", 0xA3},    {"sect", 0xA7},    {"para", 0xB6},     {"ensp", 0x2002},  {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"iexcl", 0xA1},   {"iquest", 0xBF},   {"ccedil", 0xE7},  {"Ccedil", 0xC7},
    {"ouml", 0xF6},     {"Ouml", 0xD6},    {"uuml", 0xFC},     {"Uuml", 0xDC},    {"auml", 0xE4},
    {"Auml", 0xC4},     {"euml", 0xEB},    {"Euml", 0xCB},     {"iuml", 0xEF},    {"Iuml", 0xCF},
    {"yuml", 0xFF},     {"eacute", 0xE9},  {"Eacute", 0xC9},   {"egrave", 0xE8},  {"Egrave", 0xC8},
    {"agrave", 0xE0},   {"Agrave", 0xC0},  {"aacute", 0xE1},   {"Aacute", 0xC1},  {"iacute", 0xED},
    {"Iacute", 0xCD},   {"oacute", 0xF3},  {"Oacute", 0xD3},   {"uacute", 0xFA},  {"Uacute", 0xDA},
    {"yacute", 0xFD},   {"Yacute", 0xDD},  {"ugrave", 0xF9},   {"Ugrave", 0xD9},  {"ograve", 0xF2},
    {"Ograve", 0xD2},   {"igrave", 0xEC},  {"Igrave", 0xCC},   {"ntilde", 0xF1},  {"Ntilde", 0xD1},
    {"atilde", 0xE3},   {"Atilde", 0xC3},  {"otilde", 0xF5},   {"Otilde", 0xD5},  {"acirc", 0xE2},
    {"Acirc", 0xC2},    {"ecirc", 0xEA},   {"Ecirc", 0xCA},    {"ocirc", 0xF4},   {"Ocirc", 0xD4},
    {"icirc", 0xEE},    {"Icirc", 0xCE},   {"ucirc", 0xFB},    {"Ucirc", 0xDB},   {"aring", 0xE5},
    {"Aring", 0xC5},    {"aelig", 0xE6},   {"AElig", 0xC6},    {"oslash", 0xF8},  {"Oslash", 0xD8},
    {"szlig", 0xDF},    {"oelig", 0x153},  {"OElig", 0x152},   {"scaron", 0x161}, {"Scaron", 0x160},
    {"gbreve", 0x11F},  {"Gbreve", 0x11E}, {"scedil", 0x15F},  {"Scedil", 0x15E}, {"imath", 0x131},
    {"inodot", 0x131},  {"Idot", 0x130},
};

/* HTML reads &#128;..&#159; as the Windows-1252 characters at those bytes. */
static const uint16_t CP1252_C1[32] = {
    0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,  0x2030, 0x160,
    0x2039, 0x152,  0x8D,   0x17D,  0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178,
};

static size_t numeric(const unsigned char *s, size_t n, unsigned flags, uint32_t *cp)
{
    bool hex = n > 2 && (s[2] | 0x20) == 'x';
    size_t i = hex ? 3 : 2, digits = 0;
    uint32_t v = 0;
    for (; i < n; i++, digits++) {
        unsigned c = s[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            break;
        v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + d; /* stays small: no overflow */
    }
    if (!digits) return 0;
    bool semi = i < n && s[i] == ';';
    if (!semi && !(flags & RS_XML_HTML)) return 0;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    if ((flags & RS_XML_HTML) && v >= 0x80 && v <= 0x9F) v = CP1252_C1[v - 0x80];
    *cp = v;
    return i + (semi ? 1 : 0);
}

size_t rs_xml_entity(const unsigned char *s, size_t n, unsigned flags, uint32_t *cp)
{
    if (n < 3) return 0;
    if (s[1] == '#') return numeric(s, n, flags, cp);
    size_t i = 1;
    while (i < n && i <= 8 && is_alnum(s[i]))
        i++; /* the longest name has 6 letters */
    size_t len = i - 1;
    bool semi = i < n && s[i] == ';';
    if (!len || (!semi && !(flags & RS_XML_HTML))) return 0;
    if (!semi && i < n && (is_alnum(s[i]) || s[i] == '=')) return 0; /* "&copy=2" in a URL */
    for (size_t k = 0; k < sizeof ENTITIES / sizeof ENTITIES[0]; k++) {
        if (!rs_xml_eq(s + 1, len, ENTITIES[k].name)) continue;
        /* without ';' HTML only reads its legacy Latin-1 names (not &apos) */
        if (!semi && (ENTITIES[k].cp > 0xFF || ENTITIES[k].cp == '\'')) return 0;
        *cp = ENTITIES[k].cp;
        return i + (semi ? 1 : 0);
    }
    return 0;
}

rs_err rs_xml_put(rs_field *f, const unsigned char *s, size_t n, size_t src, unsigned flags,
                  const rs_charset *cs)
{
    size_t i = 0, start = 0;
    rs_err e;
    while (i < n) {
        const unsigned char *amp = memchr(s + i, '&', n - i);
        if (!amp) break;
        size_t j = (size_t)(amp - s);
        uint32_t cp;
        size_t k = rs_xml_entity(s + j, n - j, flags, &cp);
        if (!k) {
            i = j + 1;
            continue;
        }
        if ((e = rs_put_text(f, s + start, j - start, src + start, cs))) return e;
        if ((e = rs_field_put_cp(f, cp, src + j))) return e;
        i = start = j + k;
    }
    return rs_put_text(f, s + start, n - start, src + start, cs);
}
