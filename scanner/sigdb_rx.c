/* sigdb_rx.c — compiles the regexes of signature files: patterns (literals folded first),
 * bylines, suppressions, and the bylines the loader generates from `photo_credits`.
 *
 * A compile error is reported at the point of the YAML file where PCRE2 says it is: the
 * offset in the compiled (folded) source goes back through the folding map to the
 * scalar's value, and from the value to the file, undoing YAML quoting (value_pos).
 */
#include "sigdb_yaml.h"

#include "approx.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* ---- positions inside a scalar (for regex errors) ---- */

/* Byte offset in the source of a libyaml mark (line and column count code points). */
static size_t mark_offset(const rs_sigload *L, const yaml_mark_t *m)
{
    size_t p = 0, line = 0, col = 0;
    while (p < L->srclen && line < m->line)
        if (L->src[p++] == '\n') line++;
    while (p < L->srclen && col < m->column && L->src[p] != '\n') {
        p++;
        while (p < L->srclen && ((unsigned char)L->src[p] & 0xC0) == 0x80)
            p++;
        col++;
    }
    return p;
}

/* Where value byte voff of scalar n sits in the file: walks the source from the scalar's
 * start, undoing quoting ('' in single quotes, backslash escapes in double quotes, each
 * counted as one value byte), and stops at a line break (a multi-line scalar is reported at
 * the point the walk reached). Columns count code points, as libyaml's do. */
static void value_pos(const rs_sigload *L, const yaml_node_t *n, size_t voff, unsigned *line,
                      unsigned *col)
{
    yaml_scalar_style_t st = n->data.scalar.style;
    *line = (unsigned)n->start_mark.line + 1;
    *col = (unsigned)n->start_mark.column + 1;
    if (st != YAML_PLAIN_SCALAR_STYLE && st != YAML_SINGLE_QUOTED_SCALAR_STYLE &&
        st != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        return;
    const char *s = L->src;
    size_t p = mark_offset(L, &n->start_mark), v = 0;
    if (st != YAML_PLAIN_SCALAR_STYLE) p++, (*col)++;
    while (v < voff && p < L->srclen && s[p] != '\n' && s[p] != '\r') {
        unsigned char c = (unsigned char)s[p];
        size_t take, give, cols;
        if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE && c == '\'' && p + 1 < L->srclen &&
            s[p + 1] == '\'') {
            take = cols = 2, give = 1;
        } else if (st == YAML_DOUBLE_QUOTED_SCALAR_STYLE && c == '\\' && p + 1 < L->srclen) {
            char k = s[p + 1];
            take = cols = 2 + (k == 'x' ? 2 : k == 'u' ? 4 : k == 'U' ? 8 : 0), give = 1;
        } else {
            take = give = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            cols = 1;
        }
        p += take;
        v += give;
        *col += (unsigned)cols;
    }
}

/* ---- regexes ---- */

static bool jit_ok(pcre2_code *code)
{
    return pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0; /* else: the interpreter */
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void rs_rx_free(rs_rx *r)
{
    rs_anotice_free(r->notice);
    pcre2_code_free(r->code);
    free(r->lang);
    free(r->src);
    strv_free(r->anchors, r->nanchors);
}

/* ---- folding pattern literals ----
 *
 * Patterns run over normalised text, so their literal characters must be normalised the
 * same way: "Tüm hakları saklıdır" has to become "tum haklari saklidir", Korean syllables
 * become conjoining jamo, Japanese じ becomes し, Greek ς becomes σ. Rather than make
 * authors write that by hand, each non-ASCII literal code point of a pattern is folded
 * with rs_normalize at load time (ASCII is left alone: patterns are caseless):
 *
 *   'Tüm hakları (?<holder>.+?)’ye aittir'  →  'tum haklari (?<holder>.+?)\'ye aittir'
 *   '무단\s?전재'                            →  '(?:무)(?:단)\s?(?:전)(?:재)'
 *
 * Escapes (\x, \p{..}, \x{..}, \Q..\E) are copied as they are; a folded character that
 * became ASCII punctuation is escaped; one that became several code points is grouped
 * (?:..) so a quantifier after it still applies to all of it — except inside a character
 * class, where that cannot be expressed and is reported as an error. The map (folded
 * offset → source offset) lets compile errors point into the YAML. */

typedef struct fold {
    rs_buf out;
    rs_offmap map;
} fold;

static bool emit_folded(fold *f, const char *s, size_t n, bool in_class)
{
    size_t ncp = 0;
    for (size_t i = 0; i < n; i++)
        ncp += ((unsigned char)s[i] & 0xC0) != 0x80;
    bool group = ncp > 1 && !in_class;
    if (group && rs_buf_append(&f->out, "(?:", 3)) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool punct = c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                   (c >= '0' && c <= '9') || c == ' ');
        if ((punct && rs_buf_putc(&f->out, '\\')) || rs_buf_putc(&f->out, (char)c)) return false;
    }
    return !group || !rs_buf_putc(&f->out, ')');
}

/* Length of the escape sequence at p[i] == '\\' (copied verbatim). */
static size_t escape_len(const char *p, size_t len, size_t i)
{
    if (i + 1 >= len) return 1;
    char k = p[i + 1];
    if (strchr("pPxogkN", k) && i + 2 < len && p[i + 2] == '{') {
        const char *close = memchr(p + i + 2, '}', len - i - 2);
        return close ? (size_t)(close - p) + 1 - i : len - i;
    }
    unsigned char c = (unsigned char)k;
    return 1 + (c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4);
}

/* Folds one non-ASCII code point p[i..i+k) into f; false with a message on failure. */
static rs_err fold_cp(rs_sigload *L, const yaml_node_t *n, fold *f, size_t i, size_t k, bool cls)
{
    const char *p = scalar(n);
    char one[5] = {0};
    memcpy(one, p + i, k);
    char *folded = rs_normalize_dup(one);
    if (!folded) return rs_sigload_nomem(L);
    size_t m = strlen(folded), ncp = 0;
    for (size_t j = 0; j < m; j++)
        ncp += ((unsigned char)folded[j] & 0xC0) != 0x80;
    rs_err e = RS_OK;
    if (!m) { /* whitespace or a mark that folding removes */
        uint32_t cp;
        rs_utf8_decode((const unsigned char *)one, k, &cp);
        bool space = utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
        if (space && rs_buf_append(&f->out, cls ? " " : "\\s", cls ? 1 : 2))
            e = rs_sigload_nomem(L);
    } else if (cls && ncp > 1) {
        unsigned line, col;
        value_pos(L, n, i, &line, &col);
        e = rs_sigload_fail(L, line, col,
                            "bad regex in pattern: '%s' inside [...] folds to '%s' "
                            "(several characters); use an alternative (?:..|..) instead",
                            one, folded);
    } else if (!emit_folded(f, folded, m, cls)) {
        e = rs_sigload_nomem(L);
    }
    free(folded);
    return e;
}

static rs_err fold_pattern(rs_sigload *L, const yaml_node_t *n, fold *f)
{
    const char *p = scalar(n);
    size_t len = n->data.scalar.length, i = 0;
    bool cls = false, quoted = false;
    rs_err e = RS_OK;
    while (!e && i < len) {
        unsigned char c = (unsigned char)p[i];
        size_t k = 1;
        if (rs_offmap_note(&f->map, f->out.len, i)) return rs_sigload_nomem(L);
        if (quoted && c == '\\' && i + 1 < len && p[i + 1] == 'E') {
            quoted = false, k = 2;
        } else if (!quoted && c == '\\' && i + 1 < len && p[i + 1] == 'Q') {
            quoted = true, k = 2;
        } else if (!quoted && c == '\\') {
            k = escape_len(p, len, i);
        } else if (!quoted && !cls && c == '[') {
            cls = true;
            if (i + 1 < len && p[i + 1] == '^') k++;
            if (i + k < len && p[i + k] == ']') k++; /* a leading ] is literal */
        } else if (!quoted && cls && c == '[' && i + 1 < len && p[i + 1] == ':') {
            const char *close = strstr(p + i, ":]");
            k = close ? (size_t)(close - p) + 2 - i : 1;
        } else if (!quoted && cls && c == ']') {
            cls = false;
        } else if (c >= 0x80) {
            uint32_t cp;
            k = rs_utf8_decode((const unsigned char *)p + i, len - i, &cp);
            e = quoted ? (rs_buf_append(&f->out, p + i, k) ? rs_sigload_nomem(L) : RS_OK)
                       : fold_cp(L, n, f, i, k, cls);
            i += k;
            continue;
        }
        if (rs_buf_append(&f->out, p + i, k)) return rs_sigload_nomem(L);
        i += k;
    }
    if (!e && !f->out.data && rs_buf_reserve(&f->out, 1)) e = rs_sigload_nomem(L);
    return e;
}

/* Compiles src[0..len) into *out; a compile error is reported where it falls in the file
 * (through map, from src offsets to value offsets of scalar n, when there is one). */
static rs_err compile(rs_sigload *L, const char *src, size_t len, uint32_t opts, rs_kind kind,
                      const char *what, const yaml_node_t *n, const rs_offmap *map, unsigned line,
                      unsigned col, rs_rx *out)
{
    int ec;
    PCRE2_SIZE eo;
    out->code = pcre2_compile((PCRE2_SPTR)src, len, opts, &ec, &eo, NULL);
    if (!out->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        size_t at = map ? rs_offmap_lookup(map, eo) : eo;
        if (n) value_pos(L, n, at, &line, &col);
        return rs_sigload_fail(L, line, col, "bad regex in %s: %s (at offset %zu)", what,
                               (char *)msg, at);
    }
    if (!(out->src = strndup(src, len))) return rs_sigload_nomem(L);
    uint32_t minlen = 0;
    pcre2_pattern_info(out->code, PCRE2_INFO_MINLENGTH, &minlen);
    if (n) line = (unsigned)n->start_mark.line + 1, col = (unsigned)n->start_mark.column + 1;
    if (minlen == 0)
        return rs_sigload_fail(L, line, col, "bad regex in %s: it can match the empty string",
                               what);
    int g = pcre2_substring_number_from_name(out->code, (PCRE2_SPTR) "holder");
    out->holder_group = g > 0 ? g : -1;
    out->kind = kind;
    out->line = line;
    out->col = col;
    jit_ok(out->code);
    return RS_OK;
}

rs_err rs_sigload_rx(rs_sigload *L, const yaml_node_t *n, uint32_t opts, rs_kind kind,
                     const char *what, bool folding, rs_rx *out)
{
    fold f;
    rs_buf_init(&f.out, 0);
    rs_offmap_init(&f.map);
    rs_err e = folding ? fold_pattern(L, n, &f) : RS_OK;
    if (!e)
        e = compile(L, folding ? f.out.data : scalar(n),
                    folding ? f.out.len : n->data.scalar.length, opts, kind, what, n,
                    folding ? &f.map : NULL, 0, 0, out);
    rs_buf_free(&f.out);
    rs_offmap_free(&f.map);
    return e;
}

rs_err rs_sigload_rx_src(rs_sigload *L, const char *src, unsigned line, unsigned col, uint32_t opts,
                         rs_kind kind, const char *what, rs_rx *out)
{
    return compile(L, src, strlen(src), opts, kind, what, NULL, NULL, line, col, out);
}

/* ---- photo credits: bylines generated from agency names ----
 *
 * For `photo_credits: [AFP, Agence France-Presse]` three bylines are compiled, over the
 * field's own text, with each name as written and in capitals:
 *   "Jane Doe/AFP", "Julie Jammot/AFP via Getty Images", "(Photo by Thomas Peter/AFP)"
 *   "AFP PHOTO / Christophe Archambault", "AFP Photo/Jane Doe"
 *   "© AFP/Jane Doe", "© AFP 2019 / Alberto Pizzolo", "(c) AFP/Jane Doe"
 * A name needs a photographer's name (capitalised words) on the other side of the slash,
 * so "according to AFP", "AFP reported" and "rated (AA) by S&P" are not credits. */

#define PHOTO_NAME "\\p{Lu}[\\p{L}\\p{M}.'’-]*(?:[ \\t]+\\p{Lu}[\\p{L}\\p{M}.'’-]*){0,3}"
#define NO_WORD_BEFORE "(?<![\\p{L}\\p{M}\\p{N}/])"
#define NO_WORD_AFTER "(?![\\p{L}\\p{M}\\p{N}])"

/* Appends the names as a regex alternation, each as written and in ASCII capitals. */
static rs_err names_alt(const rs_sig *s, rs_buf *b)
{
    rs_err e = rs_buf_append(b, "(?:", 3);
    for (size_t i = 0; !e && i < 2 * s->nphoto_credits; i++) {
        const char *name = s->photo_credits[i / 2];
        if (i) e = rs_buf_putc(b, '|');
        for (const char *p = name; !e && *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (i % 2 && c >= 'a' && c <= 'z') c -= 32;
            if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == ' '))
                e = rs_buf_putc(b, '\\');
            if (!e) e = rs_buf_putc(b, (char)c);
        }
    }
    return e ? e : rs_buf_putc(b, ')');
}

rs_err rs_sigload_photo(rs_sigload *L, rs_sig *s, unsigned line, unsigned col)
{
    static const char *const forms[3][2] = {
        {NO_WORD_BEFORE PHOTO_NAME "[ \\t]*/[ \\t]*",
         "(?:[ \\t]+(?:via|for)[ \\t]+Getty[ \\t]+Images)?" NO_WORD_AFTER},
        {NO_WORD_BEFORE,
         "[ \\t]+(?:PHOTO|Photo|photo|FOTO|Foto|IMAGES|Images)[ \\t]*/[ \\t]*\\p{Lu}"},
        {"(?:©|\\([cC]\\)|[Cc]opyright)[ \\t]*", "(?:[ \\t]+\\d{4})?[ \\t]*/[ \\t]*\\p{Lu}"}};
    rs_rx *v = realloc(s->bylines, (s->nbylines + 3) * sizeof *v);
    if (!v) return rs_sigload_nomem(L);
    s->bylines = v;
    rs_err e = RS_OK;
    for (int f = 0; !e && f < 3; f++) {
        rs_buf b;
        rs_buf_init(&b, 0);
        rs_rx *r = &s->bylines[s->nbylines];
        *r = (rs_rx){.holder_group = -1, .confidence = RS_PHOTO_CONFIDENCE};
        e = rs_buf_append(&b, forms[f][0], strlen(forms[f][0]));
        if (!e) e = names_alt(s, &b);
        if (!e) e = rs_buf_append(&b, forms[f][1], strlen(forms[f][1]));
        if (e) e = rs_sigload_nomem(L);
        s->nbylines++;
        s->nphoto++;
        if (!e)
            e = rs_sigload_rx_src(L, b.data, line, col, RS_RX_BYLINE, RS_KIND_BYLINE,
                                  "photo_credits", r);
        rs_buf_free(&b);
    }
    return e;
}
