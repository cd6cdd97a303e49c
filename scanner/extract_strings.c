/* extract_strings.c — binaries without an extractor: runs of printable text, like strings(1).
 *
 * A run is at least RS_STRINGS_MIN characters, each printable ASCII (or tab) or a valid
 * UTF-8 sequence for a code point from U+00A0 up. Each run becomes one line of the field
 * "strings" (not metadata, not positional), mapped to the run's offset in the unit.
 */
#include "extract.h"
#include "news.h"

#define RS_STRINGS_MIN 8

/* The length of the printable character at d[i..n), or 0. */
static size_t printable(const unsigned char *d, size_t i, size_t n)
{
    unsigned c = d[i];
    if ((c >= 0x20 && c < 0x7F) || c == '\t') return 1;
    if (c < 0xC2) return 0;
    uint32_t cp;
    size_t k = rs_utf8_decode(d + i, n - i, &cp);
    return k > 1 && cp >= 0xA0 ? k : 0;
}

static rs_err emit(rs_extract_ctx *cx, size_t *idx, size_t start, size_t len)
{
    rs_err e;
    if (*idx == SIZE_MAX) {
        rs_field *f;
        if ((e = rs_fields_add(cx->out, "strings", false, false, &f))) return e;
        *idx = cx->out->n - 1;
    }
    rs_field *f = &cx->out->v[*idx];
    if ((e = rs_field_append(f, (const char *)cx->data + start, len, start))) return e;
    return rs_field_append(f, "\n", 1, start + len);
}

rs_err rs_extract_strings(rs_extract_ctx *cx)
{
    const unsigned char *d = cx->data;
    size_t n = cx->len, i = 0, start = 0, chars = 0, idx = SIZE_MAX;
    rs_err e = RS_OK;
    if (rs_wire_is(d, n)) return rs_extract_wire(cx); /* short wire text looks binary */
    while (i < n && !e) {
        size_t k = printable(d, i, n);
        if (k) {
            if (!chars) start = i;
            chars++;
            i += k;
            continue;
        }
        if (chars >= RS_STRINGS_MIN) e = emit(cx, &idx, start, i - start);
        chars = 0;
        i++;
    }
    if (!e && chars >= RS_STRINGS_MIN) e = emit(cx, &idx, start, i - start);
    if (idx != SIZE_MAX) rs_field_finish(&cx->out->v[idx]);
    return rs_extract_err(cx, e);
}
