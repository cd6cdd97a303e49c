/* norm.c — folds a field's text for matching and keeps the map back to the field.
 *
 * What matching must not care about: case, diacritics, compatibility forms (full-width
 * digits, ligatures, NBSP), Turkish dotted/dotless i, runs of whitespace, soft hyphens and
 * zero-width characters, and words hyphenated across a line break. So:
 *
 *   "İlke Haber\n  Ajan-\nsı"  →  "ilke haber ajansi"
 *
 * ASCII bytes take a fast path (lower-case, whitespace collapse). Other code points go
 * through utf8proc_decompose_char with compatibility decomposition, case folding, mark
 * stripping, default-ignorable removal and lumping (curly quotes → ', dashes → -).
 * İ (U+0130) and ı (U+0131) are mapped to i first: Unicode case folding keeps ı distinct
 * and turns İ into i + combining dot, and Turkish text uses both where users type i.
 *
 * Every output byte is noted in the map with the field offset of the code point it came
 * from; an identity run (plain lower-case ASCII) costs one checkpoint.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void rs_norm_init(rs_norm *n, size_t max)
{
    rs_buf_init(&n->text, max);
    rs_offmap_init(&n->map);
}

void rs_norm_free(rs_norm *n)
{
    rs_buf_free(&n->text);
    rs_offmap_free(&n->map);
}

static bool is_ascii_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_space_cp(uint32_t cp)
{
    if (cp < 0x80) return is_ascii_space(cp);
    if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x2028 || cp == 0x2029) return true;
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
}

static bool is_letter_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

typedef struct {
    rs_norm *n;
    bool space; /* a whitespace run is pending */
    size_t space_src;
} state;

static rs_err emit_byte(state *st, unsigned char c, size_t src)
{
    rs_buf *b = &st->n->text;
    if (st->space) {
        st->space = false;
        if (b->len) {
            rs_err e = rs_offmap_note(&st->n->map, b->len, st->space_src);
            if (e || (e = rs_buf_putc(b, ' '))) return e;
        }
    }
    rs_err e = rs_offmap_note(&st->n->map, b->len, src);
    if (e) return e;
    /* inline append: this is the hot path */
    if (b->len >= b->max) return RS_ERR_LIMIT;
    if (b->len + 2 > b->cap && (e = rs_buf_reserve(b, 1))) return e;
    b->data[b->len++] = (char)c;
    b->data[b->len] = '\0';
    return RS_OK;
}

static void pend_space(state *st, size_t src)
{
    if (!st->space) st->space_src = src;
    st->space = true;
}

static rs_err emit_cp(state *st, uint32_t cp, size_t src)
{
    if (is_space_cp(cp)) {
        pend_space(st, src);
        return RS_OK;
    }
    if (cp < 0x80) return emit_byte(st, (unsigned char)cp, src);
    char u[4];
    utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)u);
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        rs_err e = emit_byte(st, (unsigned char)u[i], src);
        if (e) return e;
    }
    return RS_OK;
}

static rs_err fold_cp(state *st, uint32_t cp, size_t src)
{
    if (cp == 0x130 || cp == 0x131) return emit_byte(st, 'i', src);
    utf8proc_int32_t out[18];
    int bound = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, out, 18,
        UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_DECOMPOSE |
            UTF8PROC_IGNORE | UTF8PROC_LUMP,
        &bound);
    if (k < 0 || k > 18) return emit_cp(st, 0xFFFD, src);
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        rs_err e = emit_cp(st, (uint32_t)out[i], src);
        if (e) return e;
    }
    return RS_OK;
}

/* At in[i] == '-': if a line break follows (with only blanks around it) and a letter
 * precedes and follows, returns the index of that next letter; else 0. */
static size_t hyphen_join(const rs_norm *n, const unsigned char *in, size_t len, size_t i)
{
    if (!n->text.len || !is_letter_byte((unsigned char)n->text.data[n->text.len - 1])) return 0;
    size_t j = i + 1;
    while (j < len && (in[j] == ' ' || in[j] == '\t' || in[j] == '\r')) j++;
    if (j >= len || in[j] != '\n') return 0;
    while (j < len && is_ascii_space(in[j])) j++;
    return j < len && is_letter_byte(in[j]) ? j : 0;
}

rs_err rs_normalize(rs_norm *n, const char *text, size_t len)
{
    const unsigned char *in = (const unsigned char *)text;
    rs_buf_reset(&n->text);
    rs_offmap_reset(&n->map);
    rs_err e = rs_buf_reserve(&n->text, len < n->text.max ? len : n->text.max);
    if (e) return e;
    state st = {.n = n};
    size_t i = 0, j;
    while (i < len) {
        unsigned c = in[i];
        if (c < 0x80) {
            if (is_ascii_space(c)) {
                pend_space(&st, i);
            } else if (c == '-' && (j = hyphen_join(n, in, len, i))) {
                i = j;
                continue;
            } else if ((e = emit_byte(&st, (c >= 'A' && c <= 'Z') ? c + 32 : c, i))) {
                return e;
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = rs_utf8_decode(in + i, len - i, &cp);
        if ((e = fold_cp(&st, cp, i))) return e;
        i += k;
    }
    return RS_OK;
}

char *rs_normalize_dup(const char *s)
{
    rs_norm n;
    rs_norm_init(&n, 0);
    char *out = NULL;
    if (rs_normalize(&n, s, strlen(s)) == RS_OK) out = strdup(n.text.data ? n.text.data : "");
    rs_norm_free(&n);
    return out;
}
