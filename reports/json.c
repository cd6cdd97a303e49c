/* json.c — a tiny streaming JSON writer: escaping, invalid UTF-8 bytes, commas (see json.h). */
#include "json.h"

#include <inttypes.h>
#include <string.h>

size_t rs_json_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte (Unicode table 3-7) */
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0; /* no overlong forms */
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07;
        if (c == 0xF0) lo = 0x90; /* no overlong forms */
        if (c == 0xF4) hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0; /* a continuation byte, C0, C1 or F5..FF */
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    *cp = v;
    return len;
}

/* The escape for an ASCII byte, or NULL when it is written as it is. buf has room for 7. */
static const char *ascii_escape(unsigned char c, char *buf)
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        break;
    }
    if (c >= 0x20) return NULL;
    snprintf(buf, 7, "\\u%04x", c);
    return buf;
}

void rs_json_write_string(FILE *f, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0; /* s[run..i) is still to be copied as it is */
    char esc[8];
    putc('"', f);
    while (i < n) {
        uint32_t cp;
        size_t k = rs_json_utf8(s + i, n - i, &cp);
        const char *e = NULL;
        if (k == 0) {
            snprintf(esc, sizeof esc, "\\\\x%02x", s[i]);
            e = esc, k = 1;
        } else if (k == 1) {
            e = ascii_escape(s[i], esc);
        } else if (cp == 0x2028 || cp == 0x2029) {
            snprintf(esc, sizeof esc, "\\u%04" PRIx32, cp);
            e = esc;
        }
        if (e) {
            fwrite(s + run, 1, i - run, f);
            fputs(e, f);
            run = i + k;
        }
        i += k;
    }
    fwrite(s + run, 1, i - run, f);
    putc('"', f);
}

void rs_json_init(rs_json *j, FILE *f)
{
    j->f = f;
    j->depth = 0;
    j->nonempty = 0;
    j->after_key = false;
    j->overflow = false;
}

/* Writes what goes before a value or a key: a comma when the container has a member. */
static void sep(rs_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth == 0) return;
    uint32_t bit = UINT32_C(1) << (j->depth - 1);
    if (j->nonempty & bit) putc(',', j->f);
    j->nonempty |= bit;
}

static void open_container(rs_json *j, char c)
{
    sep(j);
    putc(c, j->f);
    if (j->depth >= RS_JSON_MAX_DEPTH) {
        j->overflow = true;
        return;
    }
    j->depth++;
    j->nonempty &= ~(UINT32_C(1) << (j->depth - 1));
}

static void close_container(rs_json *j, char c)
{
    putc(c, j->f);
    if (j->depth > 0) j->depth--;
}

void rs_json_object_begin(rs_json *j)
{
    open_container(j, '{');
}

void rs_json_object_end(rs_json *j)
{
    close_container(j, '}');
}

void rs_json_array_begin(rs_json *j)
{
    open_container(j, '[');
}

void rs_json_array_end(rs_json *j)
{
    close_container(j, ']');
}

void rs_json_key(rs_json *j, const char *key)
{
    sep(j);
    rs_json_write_string(j->f, key, strlen(key));
    putc(':', j->f);
    j->after_key = true;
}

void rs_json_string(rs_json *j, const char *s)
{
    if (!s) {
        rs_json_null(j);
        return;
    }
    rs_json_stringn(j, s, strlen(s));
}

void rs_json_stringn(rs_json *j, const char *s, size_t n)
{
    sep(j);
    rs_json_write_string(j->f, s, n);
}

void rs_json_uint(rs_json *j, uint64_t v)
{
    sep(j);
    fprintf(j->f, "%" PRIu64, v);
}

void rs_json_int(rs_json *j, long long v)
{
    sep(j);
    fprintf(j->f, "%lld", v);
}

void rs_json_fixed(rs_json *j, double v)
{
    sep(j);
    if (!(v >= 0)) v = 0; /* NaN and negatives never reach a report */
    if (v > 1e9) v = 1e9;
    /* three decimals, locale-independent, no trailing zeros beyond one */
    long long m = (long long)(v * 1000 + 0.5);
    fprintf(j->f, "%lld.%lld", m / 1000, m % 1000 / 100);
    if (m % 100) fprintf(j->f, "%lld", m % 100 / 10);
    if (m % 10) fprintf(j->f, "%lld", m % 10);
}

void rs_json_kv_fixed(rs_json *j, const char *key, double v)
{
    rs_json_key(j, key);
    rs_json_fixed(j, v);
}

void rs_json_bool(rs_json *j, bool v)
{
    sep(j);
    fputs(v ? "true" : "false", j->f);
}

void rs_json_null(rs_json *j)
{
    sep(j);
    fputs("null", j->f);
}

void rs_json_kv_string(rs_json *j, const char *key, const char *s)
{
    rs_json_key(j, key);
    rs_json_string(j, s);
}

void rs_json_kv_uint(rs_json *j, const char *key, uint64_t v)
{
    rs_json_key(j, key);
    rs_json_uint(j, v);
}

void rs_json_kv_bool(rs_json *j, const char *key, bool v)
{
    rs_json_key(j, key);
    rs_json_bool(j, v);
}
