/* extract_json.c — JSON: every string value is one line of "body"; rights keys also become
 * metadata fields "json:<key>".
 *
 * A single forward pass over the bytes, no recursion: a stack of one byte per level
 * (RS_JSON_MAX_DEPTH levels) records whether the level is an object, so a string there is
 * a key when it follows '{' or ','. Keys are not text. A value under a rights key
 * (copyright, rights, credit, license, author, creator, ...) also goes to "json:<key>",
 * and so do all the strings nested under it ("author": {"name": "AA"} → json:author "AA").
 * Escapes are decoded (\uXXXX with surrogate pairs; a lone surrogate becomes U+FFFD).
 * Malformed or truncated input is read as far as it goes: a string cut off by the end
 * of input is still a value, stray bytes are skipped.
 */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RS_JSON_MAX_DEPTH 1024

static const char *const KEYS[] = {
    "copyright",  "copyrightnotice", "copyrightholder", "rights",  "credit",
    "credittext", "creditline",      "license",         "licence", "author",
    "creator",    "byline",          "usageterms",
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

typedef struct json {
    rs_extract_ctx *cx;
    const unsigned char *d;
    size_t n, body;
    unsigned depth;
    bool expect_key;
    int key;                                /* KEYS index of the current key, or -1 */
    unsigned char obj[RS_JSON_MAX_DEPTH];   /* per level: 1 object, 0 array */
    unsigned char under[RS_JSON_MAX_DEPTH]; /* per level: KEYS index + 1 above it, or 0 */
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
static size_t string(const unsigned char *d, size_t n, size_t i, rs_field *f, rs_err *e)
{
    size_t j = i + 1, run = j;
    while (j < n && d[j] != '"' && !*e) {
        if (d[j] != '\\') {
            j++;
            continue;
        }
        if (j + 1 >= n) break; /* a truncated escape */
        uint32_t cp;
        size_t k = escape(d, j, n, &cp);
        if (!(*e = rs_put_text(f, d + run, j - run, run, NULL))) *e = rs_field_put_cp(f, cp, j);
        j += k;
        run = j;
    }
    size_t end = j < n ? j : n;
    if (!*e) *e = rs_put_text(f, d + run, end - run, run, NULL);
    return end < n ? end + 1 : n;
}

/* Reads the key at d[i] into m->key; returns the offset after it. */
static size_t key(json *m, size_t i)
{
    char k[24];
    size_t j = i + 1, len = 0;
    bool fits = true;
    while (j < m->n && m->d[j] != '"') {
        unsigned c = m->d[j];
        if (c == '\\') j++;
        if (len + 1 < sizeof k)
            k[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        else
            fits = false;
        j++;
    }
    k[len] = '\0';
    m->key = -1;
    for (size_t x = 0; x < NKEYS && fits; x++)
        if (strcmp(k, KEYS[x]) == 0) m->key = (int)x;
    return j < m->n ? j + 1 : m->n;
}

/* A string value at d[i]: a line of body, and of json:<key> under a rights key. */
static size_t value(json *m, size_t i, rs_err *e)
{
    int k = m->key >= 0 ? m->key : m->depth ? m->under[m->depth - 1] - 1 : -1;
    rs_field *body = &m->cx->out->v[m->body];
    if (i + 1 < m->n && m->d[i + 1] == '"') return i + 2; /* "" adds no line */
    if ((*e = rs_field_newline(body, i))) return m->n;
    size_t end = string(m->d, m->n, i, body, e);
    if (*e || k < 0) return end;
    char name[40];
    size_t idx;
    snprintf(name, sizeof name, "json:%s", KEYS[k]);
    if ((*e = rs_fields_line(m->cx->out, name, true, true, i + 1, &idx))) return m->n;
    string(m->d, m->n, i, &m->cx->out->v[idx], e);
    rs_field_finish(&m->cx->out->v[idx]);
    return end;
}

static rs_err walk(json *m, size_t i)
{
    rs_err e = RS_OK;
    while (i < m->n && !e) {
        unsigned c = m->d[i];
        bool in_obj = m->depth && m->obj[m->depth - 1];
        if (c == '{' || c == '[') {
            if (m->depth == RS_JSON_MAX_DEPTH)
                return rs_extract_fail(m->cx, RS_ERR_LIMIT,
                                       "limit: JSON nested deeper than %d levels",
                                       RS_JSON_MAX_DEPTH);
            int k = m->key >= 0 ? m->key + 1 : m->depth ? m->under[m->depth - 1] : 0;
            m->under[m->depth] = (unsigned char)k;
            m->obj[m->depth++] = c == '{';
            m->expect_key = c == '{';
            m->key = -1;
        } else if (c == '}' || c == ']') {
            if (m->depth) m->depth--;
            m->expect_key = false;
            m->key = -1;
        } else if (c == ',') {
            m->expect_key = in_obj;
            m->key = -1;
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
        }
        i++;
    }
    return e;
}

rs_err rs_extract_json(rs_extract_ctx *cx)
{
    rs_err e;
    if (rs_extract_wide(cx, rs_extract_json, &e)) return e;
    json *m = calloc(1, sizeof *m); /* two 1 KiB stacks: kept off the caller's stack */
    if (!m) return rs_extract_err(cx, RS_ERR_NOMEM);
    m->cx = cx;
    m->d = cx->data;
    m->n = cx->data ? cx->len : 0;
    m->key = -1;
    rs_field *f;
    e = rs_fields_add(cx->out, "body", false, true, &f);
    if (!e) {
        m->body = cx->out->n - 1;
        size_t skip = m->n >= 3 && !memcmp(m->d, "\xEF\xBB\xBF", 3) ? 3 : 0;
        e = walk(m, skip);
        rs_field_finish(&cx->out->v[m->body]);
    }
    free(m);
    return rs_extract_err(cx, e);
}
