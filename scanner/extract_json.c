/* extract_json.c — JSON: every string value is one line of "body"; rights keys also become
 * metadata fields "json:<key>" (ninjs documents: "ninjs:<key>"); and the schema.org rights
 * properties of JSON-LD blocks ("jsonld:<property>", for extract_html.c).
 *
 * A single forward pass over the bytes, no recursion: per level (RS_JSON_MAX_DEPTH levels)
 * one byte says whether it is an object, so a string there is a key when it follows '{' or
 * ','; and the rights key that owns the level (if any) with the number of containers
 * between that key and the level. Keys are not text. Which values count depends on the
 * key's mode:
 *
 *   ANY      the value and every string nested under it ("author": {"name": "AA"} → AA);
 *            what plain JSON does for copyright, rights, credit, license, author, ...;
 *   HOLDER   a string, a list of strings, or the "name"/"legalName" of the object (or of
 *            the objects of the list) that is the value: {"copyrightHolder": {"@type":
 *            "Organization", "name": "AA"}} → AA, never "Organization";
 *   LINK     the same with "url", "@id" and "name" (license, acquireLicensePage);
 *   TEXT     strings and lists of strings (copyrightNotice, creditText);
 *   LITERAL  also true/false/numbers (isAccessibleForFree: false).
 *
 * ninjs (IPTC's news in JSON) is known by a top-level "uri" next to one of its other
 * top-level keys (versioncreated, type, version, pubstatus, ...), or by a .ninjs name; its
 * copyrightholder, copyrightnotice, usageterms, embargoed, pubstatus and rightsinfo are
 * then named ninjs:<key>. Escapes are decoded (\uXXXX with surrogate pairs; a lone
 * surrogate becomes U+FFFD). Malformed or truncated input is read as far as it goes.
 */
#include "htmldata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RS_JSON_MAX_DEPTH 1024

typedef enum { ANY, HOLDER, LINK, TEXT, LITERAL } kmode;

typedef struct jkey {
    const char *name;
    unsigned char mode;
} jkey;

typedef struct profile {
    const jkey *keys;
    size_t n;
    const char *prefix;
    bool body; /* string values are lines of "body" */
} profile;

static const jkey JSON_KEYS[] = {
    {"copyright", ANY},  {"copyrightnotice", ANY}, {"copyrightholder", ANY}, {"rights", ANY},
    {"credit", ANY},     {"credittext", ANY},      {"creditline", ANY},      {"license", ANY},
    {"licence", ANY},    {"author", ANY},          {"creator", ANY},         {"byline", ANY},
    {"usageterms", ANY}, {"embargoed", ANY},       {"pubstatus", ANY},       {"rightsinfo", ANY},
};
static const profile JSON = {JSON_KEYS, sizeof JSON_KEYS / sizeof JSON_KEYS[0], "json:", true};

static const jkey LD_KEYS[] = {
    {"copyrightHolder", HOLDER}, {"copyrightNotice", TEXT},    {"creditText", TEXT},
    {"license", LINK},           {"acquireLicensePage", LINK}, {"isAccessibleForFree", LITERAL},
    {"author", HOLDER},          {"creator", HOLDER},
};
static const profile LD = {LD_KEYS, sizeof LD_KEYS / sizeof LD_KEYS[0], "jsonld:", false};

/* ninjs: the keys renamed, and the top-level keys that tell a ninjs document. */
static const char *const NINJS_KEYS[] = {"copyrightholder", "copyrightnotice", "usageterms",
                                         "embargoed",       "pubstatus",       "rightsinfo"};
static const char *const NINJS_TOP[] = {"versioncreated", "firstcreated", "type",
                                        "version",        "pubstatus",    "headlines",
                                        "headline",       "profile",      "representationtype"};

typedef struct json {
    rs_fields *fs;
    const profile *p;
    const unsigned char *d;
    size_t n, base, body;
    const rs_charset *cs;
    unsigned depth;
    bool expect_key;
    int key;                               /* profile index of the current key, or -1 */
    char kname[24];                        /* the current key, lower case ("" when too long) */
    bool top_uri, top_ninjs;               /* ninjs evidence among the top-level keys */
    const char *why;                       /* a limit's reason */
    unsigned char obj[RS_JSON_MAX_DEPTH];  /* per level: 1 object, 0 array */
    unsigned short own[RS_JSON_MAX_DEPTH]; /* per level: owning key index + 1, or 0 */
    unsigned char hops[RS_JSON_MAX_DEPTH]; /* per level: containers below the owning key */
} json;

static int hex4(const unsigned char *p, size_t n)
{
    if (n < 4) return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = p[k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            return -1;
        v = v * 16 + (int)d;
    }
    return v;
}

/* The escape at d[j..n) (d[j] == '\\', j + 1 < n): its code point and length. */
static size_t escape(const unsigned char *d, size_t j, size_t n, uint32_t *cp)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    unsigned c = d[j + 1];
    const char *p = c ? strchr(from, (int)c) : NULL;
    if (p) return *cp = (unsigned char)to[p - from], 2;
    if (c != 'u') return *cp = c < 0x80 ? c : 0xFFFD, 2; /* unknown: keep the letter */
    int u = hex4(d + j + 2, n - j - 2);
    if (u < 0) return *cp = 0xFFFD, 2;
    *cp = (uint32_t)u; /* rs_buf_put_utf8 turns lone surrogates and NUL-free junk into FFFD */
    if (u >= 0xD800 && u <= 0xDBFF && n - j >= 12 && d[j + 6] == '\\' && d[j + 7] == 'u') {
        int lo = hex4(d + j + 8, n - j - 8);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            *cp = 0x10000 + ((uint32_t)(u - 0xD800) << 10) + (uint32_t)(lo - 0xDC00);
            return 12;
        }
    }
    if (u == 0) *cp = 0xFFFD;
    return 6;
}

/* Decodes the string whose opening quote is at d[i] into f; returns the offset after it. */
static size_t string(const json *m, size_t i, rs_field *f, rs_err *e)
{
    const unsigned char *d = m->d;
    size_t n = m->n, j = i + 1, run = j;
    while (j < n && d[j] != '"' && !*e) {
        if (d[j] != '\\') {
            j++;
            continue;
        }
        if (j + 1 >= n) break; /* a truncated escape */
        uint32_t cp;
        size_t k = escape(d, j, n, &cp);
        if (!(*e = rs_put_text(f, d + run, j - run, m->base + run, m->cs)))
            *e = rs_field_put_cp(f, cp, m->base + j);
        j += k;
        run = j;
    }
    size_t end = j < n ? j : n;
    if (!*e) *e = rs_put_text(f, d + run, end - run, m->base + run, m->cs);
    return end < n ? end + 1 : n;
}

/* Reads the key at d[i] into m->key and m->kname; returns the offset after it. */
static size_t key(json *m, size_t i)
{
    size_t j = i + 1, len = 0;
    bool fits = true;
    while (j < m->n && m->d[j] != '"') {
        unsigned c = m->d[j];
        if (c == '\\') j++;
        if (len + 1 < sizeof m->kname)
            m->kname[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        else
            fits = false;
        j++;
    }
    m->kname[fits ? len : 0] = '\0';
    m->key = -1;
    for (size_t x = 0; x < m->p->n && fits; x++)
        if (strcasecmp(m->kname, m->p->keys[x].name) == 0) m->key = (int)x;
    if (m->depth == 1 && m->obj[0]) {
        for (size_t x = 0; x < sizeof NINJS_TOP / sizeof NINJS_TOP[0]; x++)
            m->top_ninjs = m->top_ninjs || strcmp(m->kname, NINJS_TOP[x]) == 0;
        m->top_uri = m->top_uri || strcmp(m->kname, "uri") == 0;
    }
    return j < m->n ? j + 1 : m->n;
}

/* The profile key a value at the current position belongs to, or -1. */
static int owner(const json *m)
{
    if (m->key >= 0) return m->key;
    if (!m->depth || !m->own[m->depth - 1]) return -1;
    unsigned lvl = m->depth - 1, hops = m->hops[lvl];
    int k = m->own[lvl] - 1;
    kmode mode = m->p->keys[k].mode;
    if (mode == ANY) return k;
    if (!m->obj[lvl]) return hops == 0 ? k : -1; /* "author": ["A", "B"] */
    if (mode == TEXT || mode == LITERAL) return -1;
    bool ok = !strcmp(m->kname, "name") || (mode == HOLDER && !strcmp(m->kname, "legalname")) ||
              (mode == LINK && (!strcmp(m->kname, "url") || !strcmp(m->kname, "@id")));
    if (!ok) return -1;
    return hops == 0 || (hops == 1 && lvl >= 1 && !m->obj[lvl - 1]) ? k : -1;
}

static rs_err add_line(json *m, int k, size_t src, size_t *idx)
{
    char name[48];
    snprintf(name, sizeof name, "%s%s", m->p->prefix, m->p->keys[k].name);
    return rs_fields_line(m->fs, name, true, true, src, idx);
}

/* The offset after the string whose opening quote is at d[i]. */
static size_t skip_string(const json *m, size_t i)
{
    size_t j = i + 1;
    while (j < m->n && m->d[j] != '"')
        j += m->d[j] == '\\' ? 2 : 1;
    return j < m->n ? j + 1 : m->n;
}

/* A string value at d[i]: a line of body, and of <prefix><key> under a rights key. */
static size_t value(json *m, size_t i, rs_err *e)
{
    int k = owner(m);
    if (i + 1 < m->n && m->d[i + 1] == '"') return i + 2; /* "" adds no line */
    size_t end = skip_string(m, i);
    if (m->p->body) {
        rs_field *body = &m->fs->v[m->body];
        if ((*e = rs_field_newline(body, m->base + i))) return m->n;
        string(m, i, body, e);
        rs_field_finish(body);
    }
    if (*e || k < 0) return end;
    size_t idx;
    if ((*e = add_line(m, k, m->base + i + 1, &idx))) return m->n;
    string(m, i, &m->fs->v[idx], e);
    rs_field_finish(&m->fs->v[idx]);
    return end;
}

/* A literal (true, false, a number) at d[i] under a LITERAL key. */
static size_t literal(json *m, size_t i, rs_err *e)
{
    size_t j = i;
    while (j < m->n && j - i < 32 &&
           ((m->d[j] | 0x20) >= 'a' && (m->d[j] | 0x20) <= 'z'
                ? true
                : (m->d[j] >= '0' && m->d[j] <= '9') || m->d[j] == '.' || m->d[j] == '-' ||
                      m->d[j] == '+'))
        j++;
    size_t idx;
    if (j == i) return i + 1;
    if ((*e = add_line(m, m->key, m->base + i, &idx))) return m->n;
    *e = rs_put_text(&m->fs->v[idx], m->d + i, j - i, m->base + i, NULL);
    rs_field_finish(&m->fs->v[idx]);
    return j;
}

static void open_level(json *m, unsigned c)
{
    unsigned lvl = m->depth;
    if (m->key >= 0) {
        m->own[lvl] = (unsigned short)(m->key + 1);
        m->hops[lvl] = 0;
    } else if (lvl && m->own[lvl - 1]) {
        m->own[lvl] = m->own[lvl - 1];
        m->hops[lvl] = m->hops[lvl - 1] < 255 ? m->hops[lvl - 1] + 1 : 255;
    } else {
        m->own[lvl] = 0;
        m->hops[lvl] = 0;
    }
    m->obj[m->depth++] = c == '{';
    m->expect_key = c == '{';
    m->key = -1;
    m->kname[0] = '\0';
}

static rs_err walk(json *m, size_t i)
{
    rs_err e = RS_OK;
    while (i < m->n && !e) {
        unsigned c = m->d[i];
        bool in_obj = m->depth && m->obj[m->depth - 1];
        if (c == '{' || c == '[') {
            if (m->depth == RS_JSON_MAX_DEPTH) {
                m->why = "limit: JSON nested deeper than 1024 levels";
                return RS_ERR_LIMIT;
            }
            open_level(m, c);
        } else if (c == '}' || c == ']') {
            if (m->depth) m->depth--;
            m->expect_key = false;
            m->key = -1;
            m->kname[0] = '\0';
        } else if (c == ',') {
            m->expect_key = in_obj;
            m->key = -1;
            m->kname[0] = '\0';
        } else if (c == ':') {
            m->expect_key = false;
        } else if (c == '"') {
            if (in_obj && m->expect_key) {
                i = key(m, i);
                m->expect_key = false;
            } else {
                i = value(m, i, &e);
                m->key = -1;
            }
            continue;
        } else if (m->key >= 0 && m->p->keys[m->key].mode == LITERAL && c > ' ') {
            i = literal(m, i, &e);
            m->key = -1;
            continue;
        }
        i++;
    }
    return e;
}

static json *json_new(rs_fields *fs, const profile *p, const unsigned char *s, size_t n,
                      size_t base, const rs_charset *cs)
{
    json *m = calloc(1, sizeof *m); /* ~5 KiB of stacks: kept off the caller's stack */
    if (!m) return NULL;
    m->fs = fs;
    m->p = p;
    m->d = s;
    m->n = s ? n : 0;
    m->base = base;
    m->cs = cs;
    m->key = -1;
    return m;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = s ? strlen(s) : 0, k = strlen(suf);
    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

/* Renames json:<key> to ninjs:<key> for the fields from index from on. */
static void ninjs_names(rs_fields *fs, size_t from)
{
    for (size_t i = from; i < fs->n; i++) {
        for (size_t k = 0; k < sizeof NINJS_KEYS / sizeof NINJS_KEYS[0]; k++) {
            if (strncmp(fs->v[i].name, "json:", 5) || strcmp(fs->v[i].name + 5, NINJS_KEYS[k]))
                continue;
            snprintf(fs->v[i].name, sizeof fs->v[i].name, "ninjs:%s", NINJS_KEYS[k]);
        }
    }
}

rs_err rs_extract_json(rs_extract_ctx *cx)
{
    rs_err e;
    if (rs_extract_wide(cx, rs_extract_json, &e)) return e;
    size_t n = cx->data ? cx->len : 0,
           skip = n >= 3 && !memcmp(cx->data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    json *m = json_new(cx->out, &JSON, cx->data, n, 0, NULL);
    if (!m) return rs_extract_err(cx, RS_ERR_NOMEM);
    rs_field *f;
    size_t from = cx->out->n;
    e = rs_fields_add(cx->out, "body", false, true, &f);
    if (!e) {
        m->body = cx->out->n - 1;
        e = walk(m, skip);
        rs_field_finish(&cx->out->v[m->body]);
    }
    if (!e && ((m->top_uri && m->top_ninjs) || has_suffix(cx->name, ".ninjs")))
        ninjs_names(cx->out, from);
    if (m->why) rs_extract_fail(cx, e, "%s", m->why);
    free(m);
    return rs_extract_err(cx, e);
}

rs_err rs_jsonld_fields(rs_fields *fs, const unsigned char *s, size_t n, size_t base,
                        const rs_charset *cs)
{
    json *m = json_new(fs, &LD, s, n, base, cs);
    if (!m) return RS_ERR_NOMEM;
    rs_err e = walk(m, 0);
    free(m);
    return e == RS_ERR_LIMIT ? RS_OK : e; /* deeper than the cap: what was read stays */
}
