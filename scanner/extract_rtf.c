/* extract_rtf.c — RTF: a small, bounded RTF-to-text reader. Body text (with headers,
 * footers, footnotes and comments) as "body", the \info group as "rtf:info:<name>" fields,
 * user properties ({\*\userprops}) as "rtf:prop:<Name>", and JPEG/PNG pictures as
 * embedded units "pict1.jpg", "pict2.png", ...
 *
 * RTF is groups ({ }), control words (\word, \wordN, with one optional space after) and
 * control symbols (\' \{ \\ \~ ...). A group that starts with a destination word holds
 * something other than body text: the font table, the styles, a picture, document
 * properties. The reader keeps a stack of group states (bounded: deeper groups share the
 * deepest state) and in each decides where text goes:
 *
 *   {\rtf1\ansi\ansicpg1254\deff0{\fonttbl{\f0\fcharset162 Arial;}}
 *   {\info{\author Ali Veli}{\*\company \'ddLKHA}}
 *   \pard \'a9 2025 \u304?lke Haber Ajans\'fd\par}
 *
 * gives body "© 2025 İlke Haber Ajansı\n", "rtf:info:author" = "Ali Veli" and
 * "rtf:info:company" = "İLKHA". Bytes written as \'hh (and stray 8-bit bytes) are decoded
 * in the code page of the current font (\fcharset in the font table, e.g. 162 = Turkish
 * windows-1254), else \ansicpg, else windows-1252; double-byte code pages (932, 936, 949,
 * 950) pair their bytes through iconv. \uN is a UTF-16 unit (negative N is N + 65536; a
 * surrogate pair is two of them) followed by \ucN fallback characters, which are skipped.
 * Unknown destinations marked \* are skipped whole, as the specification requires; so are
 * the tables, field instructions, object data and pictures' alternate forms. \binN skips N
 * raw bytes. Text offsets are the unit's own bytes (positional; columns count bytes).
 */
#include "extract.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 128 /* group states kept; deeper groups share the deepest */
#define MAX_FONTS 512 /* font table entries remembered */
#define MAX_CODECS 6  /* code pages open at once */

typedef enum dest {
    D_BODY,    /* body text */
    D_NONE,    /* no text, but subgroups may be destinations (\info, \userprops, \object) */
    D_SKIP,    /* everything skipped */
    D_FONTTBL, /* the font table: \fN \fcharsetN \cpgN */
    D_PICT,    /* a picture: hex data */
    D_INFO,    /* an \info property: text to a field */
    D_PROPNAME,
    D_PROPVAL,
} dest;

typedef struct gstate {
    dest d;
    unsigned char uc; /* fallback characters after \uN */
    bool block;       /* header, footnote, comment: its own lines */
    int font;         /* the current font (\fN), -1 for \deff */
    unsigned serial;  /* which group a D_INFO/D_PROPVAL text belongs to */
    char info[33];    /* D_INFO: the property */
} gstate;

typedef struct codec {
    unsigned cpg;
    iconv_t cd;
} codec;

typedef struct rtf {
    rs_extract_ctx *cx;
    const unsigned char *s;
    size_t n, i;
    gstate st[MAX_DEPTH];
    unsigned depth, over; /* depth: states in use; over: groups beyond them */
    bool group_start, star;
    size_t body;
    unsigned skip;  /* fallback characters still to skip */
    uint32_t high;  /* a pending high surrogate */
    size_t high_at; /* its offset */
    unsigned ansicpg, deff, serials;
    struct {
        int num;
        unsigned cpg;
    } fonts[MAX_FONTS];
    size_t nfonts;
    int cur_font;      /* the font table entry being read */
    int memo_font;     /* the font font_cpg looked up last (-2: none) */
    unsigned memo_cpg; /* and its code page */
    unsigned char pend[4];
    size_t pend_at, npend; /* bytes of a double-byte character so far */
    codec codecs[MAX_CODECS];
    size_t ncodecs;
    size_t out_serial, out_idx; /* the field the last D_INFO text went to */
    char prop[48];              /* the last user property name */
    rs_buf pict;                /* the picture being read */
    const char *pict_ext;       /* "jpg", "png", or NULL (not kept) */
    unsigned pict_depth, npict;
    int hexhi;
    bool pict_limit;
} rtf;

static gstate *cur(rtf *r)
{
    return &r->st[r->depth - 1];
}

/* ---- code pages ---- */

static unsigned charset_cpg(long cs)
{
    static const struct {
        int cs;
        unsigned cpg;
    } MAP[] = {{128, 932},  {129, 949},  {134, 936},  {136, 950},  {161, 1253},
               {162, 1254}, {163, 1258}, {177, 1255}, {178, 1256}, {186, 1257},
               {204, 1251}, {222, 874},  {238, 1250}, {0, 0}};
    for (size_t i = 0; MAP[i].cs; i++)
        if (MAP[i].cs == cs) return MAP[i].cpg;
    return 0;
}

/* The converter for a code page, from a small cache; one that iconv does not know is cached
 * as (iconv_t)-1 too, so a hostile \ansicpg costs one iconv_open. */
static iconv_t codec_for(rtf *r, unsigned cpg)
{
    for (size_t i = 0; i < r->ncodecs; i++)
        if (r->codecs[i].cpg == cpg) return r->codecs[i].cd;
    char name[16];
    snprintf(name, sizeof name, "CP%u", cpg);
    iconv_t cd = iconv_open("UTF-32LE", name);
    if (r->ncodecs == MAX_CODECS) {
        if (r->codecs[0].cd != (iconv_t)-1) iconv_close(r->codecs[0].cd);
        memmove(r->codecs, r->codecs + 1, (MAX_CODECS - 1) * sizeof r->codecs[0]);
        r->ncodecs--;
    }
    r->codecs[r->ncodecs].cpg = cpg;
    r->codecs[r->ncodecs++].cd = cd;
    return cd;
}

/* Decodes b[0..n) as one character: 1 = done (*cp set), 0 = needs more bytes, -1 = bad. */
static int decode(iconv_t cd, const unsigned char *b, size_t n, uint32_t *cp)
{
    char out[8], *op = out, *ip = (char *)b;
    size_t il = n, ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    size_t k = iconv(cd, &ip, &il, &op, &ol);
    if (sizeof out - ol >= 4) {
        const unsigned char *o = (const unsigned char *)out;
        *cp = o[0] | (uint32_t)o[1] << 8 | (uint32_t)o[2] << 16 | (uint32_t)o[3] << 24;
        return 1;
    }
    return k == (size_t)-1 && errno == EINVAL && n < 4 ? 0 : -1;
}

static int hexdigit(unsigned c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10) : -1;
}

static unsigned font_cpg(rtf *r, int font)
{
    if (font == r->memo_font) return r->memo_cpg;
    size_t i = 0;
    while (i < r->nfonts && r->fonts[i].num != font)
        i++;
    r->memo_font = font;
    r->memo_cpg = i < r->nfonts ? r->fonts[i].cpg : 0;
    return r->memo_cpg;
}

/* The code page \'hh bytes are in here: the font's, else \ansicpg, else windows-1252. */
static unsigned code_page(rtf *r)
{
    int font = cur(r)->font >= 0 ? cur(r)->font : (int)r->deff;
    unsigned cpg = font_cpg(r, font);
    if (!cpg) cpg = r->ansicpg;
    return cpg ? cpg : 1252;
}

/* ---- output ---- */

/* The \info properties read as "rtf:info:<name>" ({\*\copyright} is Cocoa's); those in
 * PEOPLE name a person or an organisation and are metadata (credits match there). */
static const char *const INFO[] = {"author",    "category", "comment",   "company",
                                   "copyright", "doccomm",  "hlinkbase", "keywords",
                                   "manager",   "operator", "subject",   "title"};
static const char *const PEOPLE[] = {"author", "company", "copyright", "manager", "operator"};

static bool in(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, list[i])) return true;
    return false;
}

/* The field text goes to in the current group, or NULL when its text is not kept. */
static rs_err target(rtf *r, rs_field **f)
{
    gstate *g = cur(r);
    *f = NULL;
    if (g->d == D_BODY) {
        *f = &r->cx->out->v[r->body];
        return RS_OK;
    }
    if ((g->d != D_INFO && g->d != D_PROPVAL) || (g->d == D_PROPVAL && !r->prop[0])) return RS_OK;
    if (r->out_serial != g->serial) {
        char name[80];
        bool meta = g->d == D_PROPVAL || in(g->info, PEOPLE, sizeof PEOPLE / sizeof *PEOPLE);
        if (g->d == D_INFO)
            snprintf(name, sizeof name, "rtf:info:%s", g->info);
        else
            snprintf(name, sizeof name, "rtf:prop:%s", r->prop);
        rs_err e = rs_fields_line(r->cx->out, name, meta, true, r->i, &r->out_idx);
        if (e) return e;
        r->out_serial = g->serial;
    }
    *f = &r->cx->out->v[r->out_idx];
    return RS_OK;
}

/* User property names: {\propname Copyright} (ASCII letters, digits, '-', '_', '.'). */
static void prop_name(rtf *r, const unsigned char *p, size_t n)
{
    size_t k = strlen(r->prop);
    for (size_t i = 0; i < n && k + 1 < sizeof r->prop; i++) {
        unsigned c = p[i];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            r->prop[k++] = (char)c;
        else if ((c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
            r->prop[k++] = (char)c;
    }
    r->prop[k] = '\0';
}

static rs_err put_cp(rtf *r, uint32_t cp, size_t at)
{
    rs_field *f;
    if (!cp) return RS_OK;
    rs_err e = target(r, &f);
    if (e || !f) return e;
    return rs_field_put_cp(f, cp, at);
}

/* A pending high surrogate or partial double-byte character that nothing completed. */
static rs_err flush(rtf *r)
{
    rs_err e = RS_OK;
    if (r->high) e = put_cp(r, 0xFFFD, r->high_at);
    if (!e && r->npend) e = put_cp(r, 0xFFFD, r->pend_at);
    r->high = 0;
    r->npend = 0;
    return e;
}

/* A byte of text in the current code page (from \'hh or written raw). */
static rs_err put_byte(rtf *r, unsigned char b, size_t at)
{
    if (r->skip) {
        r->skip--;
        return RS_OK;
    }
    if (r->high) {
        rs_err e = flush(r);
        if (e) return e;
    }
    gstate *g = cur(r);
    if (g->d == D_PROPNAME) {
        prop_name(r, &b, 1);
        return RS_OK;
    }
    if (g->d != D_BODY && g->d != D_INFO && g->d != D_PROPVAL) return RS_OK;
    if (!r->npend) r->pend_at = at;
    r->pend[r->npend++] = b;
    iconv_t cd = codec_for(r, code_page(r));
    if (cd == (iconv_t)-1) cd = codec_for(r, 1252);
    uint32_t cp = 0xFFFD;
    int k = cd == (iconv_t)-1 ? -1 : decode(cd, r->pend, r->npend, &cp);
    if (k == 0 && r->npend < sizeof r->pend) return RS_OK; /* the rest of a double-byte one */
    size_t pat = r->pend_at;
    r->npend = 0;
    return put_cp(r, k > 0 ? cp : 0xFFFD, pat);
}

/* Plain ASCII text s[a..b) (no controls, no braces). */
static rs_err put_run(rtf *r, size_t a, size_t b)
{
    rs_err e = flush(r);
    while (!e && r->skip && a < b) /* fallback characters of a \uN */
        r->skip--, a++;
    if (e || a == b) return e;
    gstate *g = cur(r);
    if (g->d == D_PROPNAME) {
        prop_name(r, r->s + a, b - a);
        return RS_OK;
    }
    if (g->d == D_PICT) { /* hex digits of the picture */
        for (size_t i = a; i < b && r->pict_ext; i++) {
            int v = hexdigit(r->s[i]);
            if (v < 0) continue;
            if (r->hexhi < 0) {
                r->hexhi = v;
                continue;
            }
            if (rs_buf_putc(&r->pict, (char)(r->hexhi << 4 | v))) {
                r->pict_limit = true;
                r->pict_ext = NULL;
            }
            r->hexhi = -1;
        }
        return RS_OK;
    }
    rs_field *f;
    e = target(r, &f);
    if (e || !f) return e;
    return rs_field_append(f, (const char *)r->s + a, b - a, a);
}

static rs_err newline(rtf *r, size_t at)
{
    rs_field *f;
    rs_err e = target(r, &f);
    if (e || !f) return e;
    return f == &r->cx->out->v[r->body] ? rs_field_append(f, "\n", 1, at) : rs_field_newline(f, at);
}

/* ---- groups and destinations ---- */

static const struct {
    const char *word;
    dest d;
    bool block;
} DESTS[] = {
    {"aftnsep", D_SKIP, false},
    {"aftnsepc", D_SKIP, false},
    {"annotation", D_BODY, true},
    {"atnauthor", D_SKIP, false},
    {"atndate", D_SKIP, false},
    {"atnid", D_SKIP, false},
    {"bkmkend", D_SKIP, false},
    {"bkmkstart", D_SKIP, false},
    {"buptim", D_SKIP, false},
    {"colortbl", D_SKIP, false},
    {"creatim", D_SKIP, false},
    {"datastore", D_SKIP, false},
    {"docvar", D_SKIP, false},
    {"fldinst", D_SKIP, false},
    {"fldrslt", D_BODY, false},
    {"fonttbl", D_FONTTBL, false},
    {"footer", D_BODY, true},
    {"footerf", D_BODY, true},
    {"footerl", D_BODY, true},
    {"footerr", D_BODY, true},
    {"footnote", D_BODY, true},
    {"ftnsep", D_SKIP, false},
    {"ftnsepc", D_SKIP, false},
    {"generator", D_SKIP, false},
    {"header", D_BODY, true},
    {"headerf", D_BODY, true},
    {"headerl", D_BODY, true},
    {"headerr", D_BODY, true},
    {"info", D_NONE, false},
    {"latentstyles", D_SKIP, false},
    {"listoverridetable", D_SKIP, false},
    {"listtable", D_SKIP, false},
    {"listtext", D_SKIP, false},
    {"nonshppict", D_SKIP, false},
    {"object", D_NONE, false},
    {"objdata", D_SKIP, false},
    {"pict", D_PICT, false},
    {"pntext", D_SKIP, false},
    {"printim", D_SKIP, false},
    {"propname", D_PROPNAME, false},
    {"result", D_BODY, false},
    {"revtbl", D_SKIP, false},
    {"revtim", D_SKIP, false},
    {"rsidtbl", D_SKIP, false},
    {"shpinst", D_NONE, false},
    {"shppict", D_NONE, false},
    {"shptxt", D_BODY, true},
    {"sp", D_SKIP, false},
    {"staticval", D_PROPVAL, false},
    {"stylesheet", D_SKIP, false},
    {"tc", D_SKIP, false},
    {"themedata", D_SKIP, false},
    {"userprops", D_NONE, false},
    {"xe", D_SKIP, false},
    {"xmlnstbl", D_SKIP, false},
};

/* The first control word of a group: is it a destination? */
static rs_err destination(rtf *r, const char *w)
{
    gstate *g = cur(r);
    if (g->d == D_SKIP || r->over) return RS_OK;
    for (size_t i = 0; i < sizeof DESTS / sizeof DESTS[0]; i++) {
        if (strcmp(w, DESTS[i].word) != 0) continue;
        g->d = DESTS[i].d;
        g->block = DESTS[i].block;
        if (g->d == D_PROPNAME) r->prop[0] = '\0';
        if (g->d == D_PROPVAL) g->serial = ++r->serials;
        if (g->block) return rs_field_newline(&r->cx->out->v[r->body], r->i);
        if (g->d == D_PICT) {
            size_t room = r->cx->sub ? r->cx->sub->max_bytes - r->cx->sub->bytes : 0;
            rs_buf_reset(&r->pict);
            r->pict.max = room ? room : 1;
            r->pict_ext = NULL;
            r->pict_depth = r->depth;
            r->hexhi = -1;
            if (!room && r->cx->sub) r->pict_limit = true;
        }
        return RS_OK;
    }
    if (in(w, INFO, sizeof INFO / sizeof *INFO) && g->d == D_NONE) {
        g->d = D_INFO;
        g->serial = ++r->serials;
        snprintf(g->info, sizeof g->info, "%s", w);
        return RS_OK;
    }
    if (r->star) g->d = D_SKIP; /* an unknown destination marked \* */
    return RS_OK;
}

static void open_group(rtf *r)
{
    if (r->depth == MAX_DEPTH) {
        r->over++;
    } else {
        r->st[r->depth] = r->st[r->depth - 1];
        r->st[r->depth].block = false;
        r->depth++;
    }
    r->group_start = true;
    r->star = false;
}

/* A finished picture becomes an embedded unit "pictN.jpg". */
static rs_err end_pict(rtf *r)
{
    if (!r->pict_ext || !r->pict.len) return RS_OK;
    char name[32];
    snprintf(name, sizeof name, "pict%u.%s", ++r->npict, r->pict_ext);
    rs_err e = rs_extract_add_subunit(r->cx, name, r->pict.data, r->pict.len);
    if (e == RS_ERR_LIMIT) r->pict_limit = true;
    return e == RS_ERR_LIMIT ? RS_OK : e;
}

static rs_err close_group(rtf *r, size_t at)
{
    rs_err e = flush(r);
    r->skip = 0;
    r->group_start = false;
    if (e) return e;
    if (r->over) {
        r->over--;
        return RS_OK;
    }
    if (r->depth == 1) return RS_OK; /* an unbalanced '}' */
    gstate *g = cur(r);
    if (g->d == D_PICT && r->depth == r->pict_depth) e = end_pict(r);
    bool block = g->block;
    r->depth--;
    if (!e && block) {
        rs_field *f = &r->cx->out->v[r->body];
        e = rs_field_newline(f, at);
    }
    return e;
}

/* ---- control words ---- */

static const struct {
    const char *word;
    uint32_t cp;
} CHARS[] = {
    {"bullet", 0x2022}, {"cell", ' '},         {"emdash", 0x2014},    {"emspace", ' '},
    {"endash", 0x2013}, {"enspace", ' '},      {"ldblquote", 0x201C}, {"line", '\n'},
    {"lquote", 0x2018}, {"nestcell", ' '},     {"page", '\n'},        {"par", '\n'},
    {"qmspace", ' '},   {"rdblquote", 0x201D}, {"row", '\n'},         {"rquote", 0x2019},
    {"sect", '\n'},     {"tab", '\t'},
};

/* \binN: N raw bytes follow (picture data, or skipped). */
static rs_err binary(rtf *r, long n)
{
    size_t k = n > 0 ? (size_t)n : 0;
    if (k > r->n - r->i) k = r->n - r->i;
    if (cur(r)->d == D_PICT && r->pict_ext && rs_buf_append(&r->pict, r->s + r->i, k)) {
        r->pict_limit = true;
        r->pict_ext = NULL;
    }
    r->i += k;
    return RS_OK;
}

static rs_err unicode(rtf *r, long v, size_t at)
{
    uint32_t u = (uint32_t)(v < 0 ? v + 65536 : v) & 0xFFFF;
    rs_err e = RS_OK;
    if (r->npend) e = put_cp(r, 0xFFFD, r->pend_at), r->npend = 0;
    if (!e && u >= 0xDC00 && u <= 0xDFFF && r->high) {
        e = put_cp(r, 0x10000 + ((r->high - 0xD800) << 10) + (u - 0xDC00), r->high_at);
        r->high = 0;
    } else if (!e && u >= 0xD800 && u <= 0xDBFF) {
        e = flush(r);
        r->high = u;
        r->high_at = at;
    } else if (!e) {
        e = flush(r);
        unsigned char ascii = (unsigned char)u;
        if (!e && cur(r)->d == D_PROPNAME) {
            if (u < 0x80) prop_name(r, &ascii, 1);
        } else if (!e) {
            e = put_cp(r, u ? u : 0xFFFD, at);
        }
    }
    r->skip = cur(r)->uc;
    return e;
}

static void font_word(rtf *r, const char *w, long v)
{
    gstate *g = cur(r);
    if (g->d == D_FONTTBL) r->memo_font = -2; /* the table changes */
    if (!strcmp(w, "f") && g->d == D_FONTTBL) {
        r->cur_font = -1;
        if (r->nfonts == MAX_FONTS) return;
        r->fonts[r->nfonts].num = (int)v;
        r->fonts[r->nfonts].cpg = 0;
        r->cur_font = (int)r->nfonts++;
    } else if (!strcmp(w, "f")) {
        g->font = (int)v;
    } else if (!strcmp(w, "fcharset") && g->d == D_FONTTBL && r->cur_font >= 0) {
        r->fonts[r->cur_font].cpg = charset_cpg(v);
    } else if (!strcmp(w, "cpg") && g->d == D_FONTTBL && r->cur_font >= 0 && v > 0 && v < 100000) {
        r->fonts[r->cur_font].cpg = (unsigned)v;
    }
}

static rs_err word(rtf *r, const char *w, bool has, long v, size_t at)
{
    rs_err e;
    if (r->group_start) {
        r->group_start = false;
        if ((e = destination(r, w))) return e;
    }
    if (!strcmp(w, "u") && has) return unicode(r, v, at);
    if ((e = flush(r))) return e;
    if (!strcmp(w, "bin")) return binary(r, has ? v : 0);
    if (r->skip) { /* a control word in a \uN fallback counts as one character */
        r->skip--;
        return RS_OK;
    }
    gstate *g = cur(r);
    if (!strcmp(w, "uc") && has) {
        g->uc = (unsigned char)(v < 0 ? 0 : v > 8 ? 8 : v);
    } else if (!strcmp(w, "ansicpg") && has) {
        r->ansicpg = v > 0 && v < 100000 ? (unsigned)v : 0;
    } else if (!strcmp(w, "deff") && has) {
        r->deff = v >= 0 && v < 100000 ? (unsigned)v : 0;
    } else if (!strcmp(w, "plain")) {
        g->font = -1;
    } else if ((w[0] == 'f' || !strcmp(w, "cpg")) && has) {
        font_word(r, w, v);
    } else if (g->d == D_PICT && r->depth == r->pict_depth) {
        if (!strcmp(w, "jpegblip")) r->pict_ext = "jpg";
        if (!strcmp(w, "pngblip")) r->pict_ext = "png";
    }
    for (size_t i = 0; i < sizeof CHARS / sizeof CHARS[0]; i++)
        if (!strcmp(w, CHARS[i].word))
            return CHARS[i].cp == '\n' ? newline(r, at) : put_cp(r, CHARS[i].cp, at);
    return RS_OK;
}

/* A control symbol: \'hh, \\ \{ \}, \~ \_ \-, \*, or a backslash before a line end. */
static rs_err symbol(rtf *r, size_t at)
{
    unsigned char c = r->s[at + 1];
    r->i = at + 2;
    if (c == '*') {
        r->star = true;
        return RS_OK;
    }
    r->group_start = false;
    if (c == '\'') {
        int hi = r->i < r->n ? hexdigit(r->s[r->i]) : -1;
        int lo = r->i + 1 < r->n ? hexdigit(r->s[r->i + 1]) : -1;
        if (hi < 0 || lo < 0) return RS_OK;
        r->i += 2;
        return put_byte(r, (unsigned char)(hi << 4 | lo), at);
    }
    if (c == '\\' || c == '{' || c == '}') return put_run(r, at + 1, at + 2);
    rs_err e = flush(r);
    if (e) return e;
    if (r->skip) {
        r->skip--;
        return RS_OK;
    }
    if (c == '~') return put_cp(r, 0xA0, at);
    if (c == '_') return put_cp(r, 0x2011, at);
    if (c == '\n' || c == '\r') return newline(r, at);
    return RS_OK; /* \- optional hyphen, \| \: index marks, anything else */
}

/* Reads the control word or symbol at s[i] == '\\'. */
static rs_err control(rtf *r)
{
    const unsigned char *s = r->s;
    size_t at = r->i, j = at + 1, n = r->n;
    if (j >= n) {
        r->i = n;
        return RS_OK;
    }
    if (!((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')) return symbol(r, at);
    char w[33];
    size_t k = 0;
    for (; j < n && (s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'; j++)
        if (k + 1 < sizeof w) w[k++] = (char)s[j];
    w[k] = '\0';
    bool neg = j < n && s[j] == '-' && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9';
    j += neg;
    bool has = j < n && s[j] >= '0' && s[j] <= '9';
    long v = 0;
    for (; j < n && s[j] >= '0' && s[j] <= '9'; j++)
        if (v < 100000000) v = v * 10 + (s[j] - '0');
    if (neg) v = -v;
    if (j < n && s[j] == ' ') j++;
    r->i = j;
    return word(r, w, has, v, at);
}

static rs_err read_rtf(rtf *r)
{
    rs_err e = RS_OK;
    while (r->i < r->n && !e) {
        size_t i = r->i;
        unsigned char c = r->s[i];
        if (c == '{') {
            e = flush(r);
            open_group(r);
            r->i++;
        } else if (c == '}') {
            e = close_group(r, i);
            r->i++;
        } else if (c == '\\') {
            e = control(r);
        } else if (c == '\r' || c == '\n' || (c < 0x20 && c != '\t')) {
            r->i++;
        } else if (c >= 0x80) {
            r->group_start = false;
            e = put_byte(r, c, i);
            r->i++;
        } else {
            size_t j = i;
            while (j < r->n && (r->s[j] >= 0x20 || r->s[j] == '\t') && r->s[j] < 0x80 &&
                   r->s[j] != '\\' && r->s[j] != '{' && r->s[j] != '}')
                j++;
            r->group_start = false;
            e = put_run(r, i, j);
            r->i = j;
        }
    }
    if (!e) e = flush(r);
    return e;
}

static bool rtf_header(const unsigned char *s, size_t n, size_t *start)
{
    size_t i = n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    *start = i;
    return n - i >= 5 && !memcmp(s + i, "{\\rtf", 5);
}

rs_err rs_extract_rtf(rs_extract_ctx *cx)
{
    size_t start;
    const unsigned char *s = cx->len ? cx->data : (const unsigned char *)"";
    if (!rtf_header(s, cx->len, &start))
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: RTF does not start with {\\rtf");
    rtf *r = calloc(1, sizeof *r);
    if (!r) return rs_extract_err(cx, RS_ERR_NOMEM);
    *r = (rtf){.cx = cx,
               .s = s,
               .n = cx->len,
               .i = start,
               .depth = 1,
               .cur_font = -1,
               .memo_font = -2,
               .out_serial = SIZE_MAX,
               .hexhi = -1};
    r->st[0] = (gstate){.d = D_BODY, .uc = 1, .font = -1};
    rs_buf_init(&r->pict, 1);
    cx->enc = RS_ENC_8BIT;
    rs_field *f;
    rs_err e = rs_fields_add(cx->out, "body", false, true, &f);
    size_t first = cx->out->n - 1;
    r->body = first;
    if (!e) e = read_rtf(r);
    for (size_t i = first; i < cx->out->n; i++)
        rs_field_finish(&cx->out->v[i]);
    if (e == RS_ERR_LIMIT)
        e = rs_extract_fail(cx, e, "limit: RTF text larger than %zu bytes", cx->out->max_bytes);
    else if (!e && r->pict_limit)
        e = rs_extract_fail(cx, RS_ERR_LIMIT,
                            "limit: RTF pictures larger than %zu embedded bytes; not all scanned",
                            cx->sub ? cx->sub->max_bytes : 0);
    for (size_t i = 0; i < r->ncodecs; i++)
        if (r->codecs[i].cd != (iconv_t)-1) iconv_close(r->codecs[i].cd);
    rs_buf_free(&r->pict);
    free(r);
    return rs_extract_err(cx, e);
}
