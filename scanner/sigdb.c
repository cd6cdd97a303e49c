/* sigdb.c — loads signature files (YAML, one per rights holder) into an immutable database.
 *
 * The schema is documented in signatures/README.md. Loading is all or nothing: every file
 * under every directory is parsed (libyaml's document API, which keeps a start mark on each
 * node) and every regex is compiled (PCRE2, JIT when available) before anything is returned;
 * the first problem frees everything and is reported as "FILE:LINE:COL: what is wrong".
 *
 * Directories are read recursively in byte order of names; within one directory an id may
 * appear once; a later directory's signature replaces an earlier one of the same id.
 */
#include "sig.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>
#include <yaml.h>

#define MAX_FILE_BYTES (4u << 20)
#define MAX_DIR_DEPTH 32

/* ---- errors and small helpers ---- */

typedef struct loader {
    char *err;
    size_t errlen;
    const char *file; /* the file being parsed */
    const char *src;  /* its bytes */
    size_t srclen;
    yaml_document_t *doc;
} loader;

static rs_err failv(loader *L, rs_err e, unsigned line, unsigned col, const char *fmt, va_list ap)
{
    if (!L->errlen) return e;
    int n = 0;
    if (line)
        n = snprintf(L->err, L->errlen, "%s:%u:%u: ", L->file, line, col);
    else if (L->file)
        n = snprintf(L->err, L->errlen, "%s: ", L->file);
    if (n < 0 || (size_t)n >= L->errlen) return e;
    vsnprintf(L->err + n, L->errlen - (size_t)n, fmt, ap);
    return e;
}

static rs_err fail_at(loader *L, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static rs_err fail_at(loader *L, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_err e = failv(L, RS_ERR_SIGNATURE, line, col, fmt, ap);
    va_end(ap);
    return e;
}

/* Reports at a node's start (libyaml marks are 0-based). */
static rs_err fail(loader *L, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static rs_err fail(loader *L, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_err e = failv(L, RS_ERR_SIGNATURE, (unsigned)n->start_mark.line + 1,
                     (unsigned)n->start_mark.column + 1, fmt, ap);
    va_end(ap);
    return e;
}

static rs_err fail_io(loader *L, const char *path, const char *what)
{
    if (L->errlen) snprintf(L->err, L->errlen, "%s: %s", path, what);
    return RS_ERR_IO;
}

static rs_err nomem(loader *L)
{
    if (L->errlen) snprintf(L->err, L->errlen, "%s: out of memory", L->file ? L->file : "");
    return RS_ERR_NOMEM;
}

/* Grows *v (elements of size sz) so that one more fits. */
static bool grow(void *v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 4;
    void *p = realloc(*(void **)v, c * sz);
    if (!p) return false;
    *(void **)v = p;
    *cap = c;
    return true;
}

static const char *type_name(yaml_node_type_t t)
{
    switch (t) {
    case YAML_SCALAR_NODE:
        return "a string";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "nothing";
    }
}

static const char *node_type_name(const yaml_node_t *n)
{
    return type_name(n->type);
}

static yaml_node_t *node_at(loader *L, int i)
{
    return yaml_document_get_node(L->doc, i);
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* ---- positions inside a scalar (for regex errors) ---- */

/* Byte offset in the source of a libyaml mark (line and column count code points). */
static size_t mark_offset(const loader *L, const yaml_mark_t *m)
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
static void value_pos(const loader *L, const yaml_node_t *n, size_t voff, unsigned *line,
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

static void rx_free(rs_rx *r)
{
    pcre2_code_free(r->code);
    free(r->lang);
    free(r->src);
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
static rs_err fold_cp(loader *L, const yaml_node_t *n, fold *f, size_t i, size_t k, bool cls)
{
    const char *p = scalar(n);
    char one[5] = {0};
    memcpy(one, p + i, k);
    char *folded = rs_normalize_dup(one);
    if (!folded) return nomem(L);
    size_t m = strlen(folded), ncp = 0;
    for (size_t j = 0; j < m; j++)
        ncp += ((unsigned char)folded[j] & 0xC0) != 0x80;
    rs_err e = RS_OK;
    if (!m) { /* whitespace or a mark that folding removes */
        uint32_t cp;
        rs_utf8_decode((const unsigned char *)one, k, &cp);
        bool space = utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
        if (space && rs_buf_append(&f->out, cls ? " " : "\\s", cls ? 1 : 2)) e = nomem(L);
    } else if (cls && ncp > 1) {
        unsigned line, col;
        value_pos(L, n, i, &line, &col);
        e = fail_at(L, line, col,
                    "bad regex in pattern: '%s' inside [...] folds to '%s' "
                    "(several characters); use an alternative (?:..|..) instead",
                    one, folded);
    } else if (!emit_folded(f, folded, m, cls)) {
        e = nomem(L);
    }
    free(folded);
    return e;
}

static rs_err fold_pattern(loader *L, const yaml_node_t *n, fold *f)
{
    const char *p = scalar(n);
    size_t len = n->data.scalar.length, i = 0;
    bool cls = false, quoted = false;
    rs_err e = RS_OK;
    while (!e && i < len) {
        unsigned char c = (unsigned char)p[i];
        size_t k = 1;
        if (rs_offmap_note(&f->map, f->out.len, i)) return nomem(L);
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
            e = quoted ? (rs_buf_append(&f->out, p + i, k) ? nomem(L) : RS_OK)
                       : fold_cp(L, n, f, i, k, cls);
            i += k;
            continue;
        }
        if (rs_buf_append(&f->out, p + i, k)) return nomem(L);
        i += k;
    }
    if (!e && !f->out.data && rs_buf_reserve(&f->out, 1)) e = nomem(L);
    return e;
}

/* Compiles the regex in scalar n into *out; patterns (fold) get their literals folded. */
static rs_err compile_rx(loader *L, const yaml_node_t *n, uint32_t opts, rs_kind kind,
                         const char *what, bool folding, rs_rx *out)
{
    int ec;
    PCRE2_SIZE eo;
    fold f;
    rs_buf_init(&f.out, 0);
    rs_offmap_init(&f.map);
    rs_err e = folding ? fold_pattern(L, n, &f) : RS_OK;
    const char *src = folding ? f.out.data : scalar(n);
    size_t len = folding ? f.out.len : n->data.scalar.length;
    if (!e) {
        out->code = pcre2_compile((PCRE2_SPTR)src, len, opts, &ec, &eo, NULL);
        if (!out->code) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(ec, msg, sizeof msg);
            size_t at = folding ? rs_offmap_lookup(&f.map, eo) : eo;
            unsigned line, col;
            value_pos(L, n, at, &line, &col);
            e = fail_at(L, line, col, "bad regex in %s: %s (at offset %zu)", what, (char *)msg, at);
        }
    }
    if (!e && !(out->src = strdup(src))) e = nomem(L);
    rs_buf_free(&f.out);
    rs_offmap_free(&f.map);
    if (e) return e;
    uint32_t minlen = 0;
    pcre2_pattern_info(out->code, PCRE2_INFO_MINLENGTH, &minlen);
    if (minlen == 0) return fail(L, n, "bad regex in %s: it can match the empty string", what);
    int g = pcre2_substring_number_from_name(out->code, (PCRE2_SPTR) "holder");
    out->holder_group = g > 0 ? g : -1;
    out->kind = kind;
    out->line = (unsigned)n->start_mark.line + 1;
    jit_ok(out->code);
    return RS_OK;
}

pcre2_code *rs_notice_compile(const char *text, char **norm_out, char *err, size_t errlen)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *tok = NULL, *code = NULL;
    pcre2_match_data *md = NULL;
    rs_buf rx;
    rs_buf_init(&rx, 0);
    char *norm = rs_normalize_dup(text);
    tok = pcre2_compile((PCRE2_SPTR) "\\w+", PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &ec, &eo,
                        NULL);
    md = tok ? pcre2_match_data_create_from_pattern(tok, NULL) : NULL;
    if (!norm || !md || rs_buf_append(&rx, "(?<!\\w)", 7)) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    size_t len = strlen(norm), pos = 0, ntok = 0;
    while (pos < len && pcre2_match(tok, (PCRE2_SPTR)norm, len, pos, 0, md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t s = ov[0], e = ov[1];
        bool digits = true;
        for (size_t i = s; i < e; i++)
            digits = digits && norm[i] >= '0' && norm[i] <= '9';
        rs_err r = ntok ? rs_buf_append(&rx, "\\W+", 3) : RS_OK;
        if (!r) r = digits ? rs_buf_append(&rx, "\\d+", 3) : rs_buf_append(&rx, norm + s, e - s);
        if (r) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        ntok++;
        pos = e;
    }
    if (ntok < 3) {
        snprintf(err, errlen, "a notice needs at least three words");
        goto out;
    }
    if (rs_buf_append(&rx, "(?!\\w)", 6)) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    code = pcre2_compile((PCRE2_SPTR)rx.data, rx.len, RS_RX_PATTERN, &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        snprintf(err, errlen, "cannot compile the notice: %s", (char *)msg);
        goto out;
    }
    jit_ok(code);
    *norm_out = norm;
    norm = NULL;
out:
    free(norm);
    rs_buf_free(&rx);
    pcre2_match_data_free(md);
    pcre2_code_free(tok);
    return code;
}

/* ---- YAML nodes ---- */

static size_t seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *seq_item(loader *L, const yaml_node_t *n, size_t i)
{
    return node_at(L, n->data.sequence.items.start[i]);
}

static size_t map_len(const yaml_node_t *n)
{
    return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

static rs_err expect(loader *L, const yaml_node_t *n, yaml_node_type_t t, const char *what)
{
    if (n->type == t) return RS_OK;
    return fail(L, n, "%s: expected %s, found %s", what, type_name(t), node_type_name(n));
}

/* Checks a mapping's keys: scalars, each in allowed (NULL-terminated), none twice. */
static rs_err check_keys(loader *L, const yaml_node_t *map, const char *const *allowed,
                         const char *what)
{
    rs_err e = expect(L, map, YAML_MAPPING_NODE, what);
    for (size_t i = 0; !e && i < map_len(map); i++) {
        yaml_node_t *k = node_at(L, map->data.mapping.pairs.start[i].key);
        if ((e = expect(L, k, YAML_SCALAR_NODE, "a key"))) break;
        size_t j = 0;
        while (allowed[j] && strcmp(allowed[j], scalar(k)) != 0)
            j++;
        if (!allowed[j]) {
            char list[256] = "";
            for (j = 0; allowed[j]; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         allowed[j]);
            return fail(L, k, "unknown key '%s' in %s (expected %s)", scalar(k), what, list);
        }
        for (j = 0; j < i; j++) {
            yaml_node_t *k2 = node_at(L, map->data.mapping.pairs.start[j].key);
            if (strcmp(scalar(k2), scalar(k)) == 0)
                return fail(L, k, "duplicate key '%s' in %s", scalar(k), what);
        }
    }
    return e;
}

/* The value of key in a mapping whose keys check_keys has accepted, or NULL. */
static yaml_node_t *find(loader *L, const yaml_node_t *map, const char *key)
{
    for (size_t i = 0; i < map_len(map); i++) {
        const yaml_node_pair_t *p = &map->data.mapping.pairs.start[i];
        if (strcmp(scalar(node_at(L, p->key)), key) == 0) return node_at(L, p->value);
    }
    return NULL;
}

static rs_err get_string(loader *L, const yaml_node_t *n, const char *what, char **out)
{
    rs_err e = expect(L, n, YAML_SCALAR_NODE, what);
    if (e) return e;
    if (!n->data.scalar.length) return fail(L, n, "%s: must not be empty", what);
    if (strlen(scalar(n)) != n->data.scalar.length)
        return fail(L, n, "%s: must not contain a NUL character", what);
    free(*out);
    return (*out = strdup(scalar(n))) ? RS_OK : nomem(L);
}

static rs_err get_strings(loader *L, const yaml_node_t *n, const char *what, char ***out,
                          size_t *nout)
{
    rs_err e = expect(L, n, YAML_SEQUENCE_NODE, what);
    if (e) return e;
    size_t cnt = seq_len(n);
    if (!(*out = calloc(cnt ? cnt : 1, sizeof **out))) return nomem(L);
    for (size_t i = 0; i < cnt; i++) {
        if ((e = get_string(L, seq_item(L, n, i), what, &(*out)[i]))) return e;
        *nout = i + 1;
    }
    return RS_OK;
}

static rs_err get_bool(loader *L, const yaml_node_t *n, const char *what, bool *out)
{
    rs_err e = expect(L, n, YAML_SCALAR_NODE, what);
    if (e) return e;
    if (strcmp(scalar(n), "true") == 0 || strcmp(scalar(n), "yes") == 0)
        *out = true;
    else if (strcmp(scalar(n), "false") == 0 || strcmp(scalar(n), "no") == 0)
        *out = false;
    else
        return fail(L, n, "%s: expected true or false, found '%s'", what, scalar(n));
    return RS_OK;
}

/* ---- the schema (signatures/README.md) ---- */

static bool valid_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
            return false;
    return true;
}

static bool valid_lang(const char *s)
{
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3) return false;
    if (!s[n]) return true;
    if (s[n] != '-' || !s[n + 1]) return false;
    for (s += n + 1; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

static rs_err get_lang(loader *L, const rs_sig *s, const yaml_node_t *n, char **out)
{
    rs_err e = get_string(L, n, "lang", out);
    if (e) return e;
    if (!valid_lang(*out)) return fail(L, n, "lang: '%s' is not a language code", *out);
    if (!s->languages) return RS_OK;
    size_t k = strlen(*out);
    for (const char *p = s->languages; (p = strstr(p, *out)); p += k)
        if ((p == s->languages || p[-1] == ',') && (p[k] == ',' || !p[k])) return RS_OK;
    return fail(L, n, "lang: '%s' is not listed in languages", *out);
}

static rs_err get_kind(loader *L, const yaml_node_t *n, rs_kind *out)
{
    rs_err e = expect(L, n, YAML_SCALAR_NODE, "kind");
    if (e) return e;
    if (strcmp(scalar(n), "notice") == 0)
        *out = RS_KIND_NOTICE;
    else if (strcmp(scalar(n), "licence") == 0)
        *out = RS_KIND_LICENCE;
    else
        return fail(L, n, "kind: expected notice or licence, found '%s'", scalar(n));
    return RS_OK;
}

static rs_err parse_languages(loader *L, rs_sig *s, const yaml_node_t *n)
{
    char **v = NULL;
    size_t cnt = 0;
    rs_buf b;
    rs_buf_init(&b, 0);
    rs_err e = get_strings(L, n, "languages", &v, &cnt);
    for (size_t i = 0; !e && i < cnt; i++) {
        if (!valid_lang(v[i]))
            e = fail(L, seq_item(L, n, i), "languages: '%s' is not a language code", v[i]);
        else if (rs_buf_printf(&b, "%s%s", i ? "," : "", v[i]))
            e = nomem(L);
    }
    for (size_t i = 0; i < cnt; i++)
        free(v[i]);
    free(v);
    if (!e)
        s->languages = b.data ? b.data : strdup("");
    else
        rs_buf_free(&b);
    return e || s->languages ? e : nomem(L);
}

static rs_err parse_credits(loader *L, rs_sig *s, const yaml_node_t *n)
{
    rs_err e = get_strings(L, n, "credits", &s->credits, &s->ncredits);
    for (size_t i = 0; !e && i < s->ncredits; i++) {
        char *norm = rs_normalize_dup(s->credits[i]);
        if (!norm) return nomem(L);
        free(s->credits[i]);
        s->credits[i] = norm;
        if (!norm[0]) return fail(L, seq_item(L, n, i), "credits: empty once normalised");
    }
    return e;
}

static rs_err parse_notice(loader *L, rs_sig *s, const yaml_node_t *n, rs_rx *r)
{
    static const char *const keys[] = {"lang", "text", "kind", "source", "note", NULL};
    rs_err e = check_keys(L, n, keys, "a notice");
    if (e) return e;
    yaml_node_t *v, *text = find(L, n, "text");
    r->kind = RS_KIND_NOTICE;
    r->holder_group = -1;
    r->line = (unsigned)n->start_mark.line + 1;
    if (!text) return fail(L, n, "a notice needs a text");
    if ((e = expect(L, text, YAML_SCALAR_NODE, "text"))) return e;
    if ((v = find(L, n, "lang")) && (e = get_lang(L, s, v, &r->lang))) return e;
    if ((v = find(L, n, "kind")) && (e = get_kind(L, v, &r->kind))) return e;
    if ((v = find(L, n, "source")) && (e = expect(L, v, YAML_SCALAR_NODE, "source"))) return e;
    if ((v = find(L, n, "note")) && (e = expect(L, v, YAML_SCALAR_NODE, "note"))) return e;
    char msg[256];
    r->code = rs_notice_compile(scalar(text), &r->src, msg, sizeof msg);
    return r->code ? RS_OK : fail(L, text, "notice text: %s", msg);
}

static rs_err parse_pattern(loader *L, rs_sig *s, const yaml_node_t *n, rs_rx *r)
{
    static const char *const keys[] = {"lang", "regex", "kind", "note", NULL};
    rs_err e = check_keys(L, n, keys, "a pattern");
    if (e) return e;
    yaml_node_t *v, *rx = find(L, n, "regex");
    rs_kind kind = RS_KIND_NOTICE;
    if (!rx) return fail(L, n, "a pattern needs a regex");
    if ((e = expect(L, rx, YAML_SCALAR_NODE, "regex"))) return e;
    if ((v = find(L, n, "lang")) && (e = get_lang(L, s, v, &r->lang))) return e;
    if ((v = find(L, n, "kind")) && (e = get_kind(L, v, &kind))) return e;
    if ((v = find(L, n, "note")) && (e = expect(L, v, YAML_SCALAR_NODE, "note"))) return e;
    return compile_rx(L, rx, RS_RX_PATTERN, kind, "pattern", true, r);
}

static rs_err parse_byline(loader *L, rs_sig *s, const yaml_node_t *n, rs_rx *r)
{
    static const char *const keys[] = {"regex", "lang", "note", NULL};
    if (n->type == YAML_SCALAR_NODE)
        return compile_rx(L, n, RS_RX_BYLINE, RS_KIND_BYLINE, "byline", false, r);
    rs_err e = check_keys(L, n, keys, "a byline (a regex, or a mapping)");
    if (e) return e;
    yaml_node_t *v, *rx = find(L, n, "regex");
    if (!rx) return fail(L, n, "a byline needs a regex");
    if ((e = expect(L, rx, YAML_SCALAR_NODE, "regex"))) return e;
    if ((v = find(L, n, "lang")) && (e = get_lang(L, s, v, &r->lang))) return e;
    if ((v = find(L, n, "note")) && (e = expect(L, v, YAML_SCALAR_NODE, "note"))) return e;
    return compile_rx(L, rx, RS_RX_BYLINE, RS_KIND_BYLINE, "byline", false, r);
}

typedef rs_err (*rx_parser)(loader *L, rs_sig *s, const yaml_node_t *n, rs_rx *r);

static rs_err parse_rx_list(loader *L, rs_sig *s, const yaml_node_t *n, const char *what,
                            rx_parser fn, rs_rx **out, size_t *nout)
{
    rs_err e = expect(L, n, YAML_SEQUENCE_NODE, what);
    if (e) return e;
    size_t cnt = seq_len(n);
    if (!(*out = calloc(cnt ? cnt : 1, sizeof **out))) return nomem(L);
    for (size_t i = 0; i < cnt; i++) {
        (*out)[i].holder_group = -1;
        *nout = i + 1; /* so that a half-built entry is freed too */
        if ((e = fn(L, s, seq_item(L, n, i), &(*out)[i]))) return e;
    }
    return RS_OK;
}

static rs_err parse_example(loader *L, const yaml_node_t *n, bool match, rs_example *x)
{
    static const char *const keys[] = {"field", "text", "metadata", "holder_name", NULL};
    x->match = match;
    x->line = (unsigned)n->start_mark.line + 1;
    rs_err e;
    if (n->type == YAML_SCALAR_NODE) {
        if ((e = get_string(L, n, "an example", &x->text))) return e;
        return (x->field = strdup("body")) ? RS_OK : nomem(L);
    }
    if (n->type != YAML_MAPPING_NODE)
        return fail(L, n, "an example: expected a string or a mapping, found %s",
                    node_type_name(n));
    if ((e = check_keys(L, n, keys, "an example"))) return e;
    yaml_node_t *v;
    if (!(v = find(L, n, "text"))) return fail(L, n, "an example needs a text");
    if ((e = get_string(L, v, "text", &x->text))) return e;
    if ((v = find(L, n, "field")) && (e = get_string(L, v, "field", &x->field))) return e;
    if (!x->field && !(x->field = strdup("body"))) return nomem(L);
    x->metadata = strchr(x->field, ':') != NULL;
    if ((v = find(L, n, "metadata")) && (e = get_bool(L, v, "metadata", &x->metadata))) return e;
    if ((v = find(L, n, "holder_name")) && (e = get_string(L, v, "holder_name", &x->holder_name)))
        return e;
    if (x->holder_name && !match)
        return fail(L, v, "holder_name: only examples that match name a holder");
    return RS_OK;
}

static rs_err parse_examples(loader *L, rs_sig *s, const yaml_node_t *n)
{
    static const char *const keys[] = {"match", "no_match", NULL};
    rs_err e = check_keys(L, n, keys, "examples");
    if (e) return e;
    yaml_node_t *lists[2] = {find(L, n, "match"), find(L, n, "no_match")};
    size_t total = 0;
    for (int k = 0; k < 2; k++) {
        if (lists[k] && (e = expect(L, lists[k], YAML_SEQUENCE_NODE, k ? "no_match" : "match")))
            return e;
        total += lists[k] ? seq_len(lists[k]) : 0;
    }
    if (!(s->examples = calloc(total ? total : 1, sizeof *s->examples))) return nomem(L);
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; lists[k] && i < seq_len(lists[k]); i++) {
            rs_example *x = &s->examples[s->nexamples++];
            if ((e = parse_example(L, seq_item(L, lists[k], i), k == 0, x))) return e;
        }
    return RS_OK;
}

static rs_err parse_header(loader *L, rs_sig *s, const yaml_node_t *root)
{
    yaml_node_t *v;
    rs_err e;
    if (!(v = find(L, root, "id"))) return fail(L, root, "missing required key 'id'");
    if ((e = get_string(L, v, "id", &s->id))) return e;
    if (!valid_id(s->id))
        return fail(L, v, "id: '%s' must be lower-case letters, digits, '-' and '.'", s->id);
    s->line = (unsigned)v->start_mark.line + 1;
    s->col = (unsigned)v->start_mark.column + 1;
    if (!(v = find(L, root, "class"))) return fail(L, root, "missing required key 'class'");
    if ((e = expect(L, v, YAML_SCALAR_NODE, "class"))) return e;
    if (!rs_class_parse(scalar(v), &s->cls) || s->cls == RS_CLASS_NONE)
        return fail(L, v, "class: expected restricted, attribution or open, found '%s'", scalar(v));
    if ((v = find(L, root, "name")) && (e = get_string(L, v, "name", &s->name))) return e;
    if (!s->name && !(s->name = strdup(s->id))) return nomem(L);
    if ((v = find(L, root, "holder"))) {
        if ((e = get_string(L, v, "holder", &s->holder))) return e;
        if (!valid_id(s->holder))
            return fail(L, v, "holder: '%s' must be an id (lower-case) or 'unknown'", s->holder);
    }
    if (!s->holder && !(s->holder = strdup(s->id))) return nomem(L);
    if ((v = find(L, root, "languages")) && (e = parse_languages(L, s, v))) return e;
    if ((v = find(L, root, "aliases")) &&
        (e = get_strings(L, v, "aliases", &s->aliases, &s->naliases)))
        return e;
    if ((v = find(L, root, "notes")) && (e = expect(L, v, YAML_SCALAR_NODE, "notes"))) return e;
    if ((v = find(L, root, "credits")) && (e = parse_credits(L, s, v))) return e;
    return RS_OK;
}

static rs_err parse_sig(loader *L, const yaml_node_t *root, rs_sig *s)
{
    static const char *const keys[] = {"id",       "name",    "holder",   "class",   "languages",
                                       "aliases",  "notices", "patterns", "bylines", "credits",
                                       "examples", "notes",   NULL};
    rs_err e = check_keys(L, root, keys, "a signature");
    if (!e) e = parse_header(L, s, root);
    yaml_node_t *v;
    if (!e && (v = find(L, root, "notices")))
        e = parse_rx_list(L, s, v, "notices", parse_notice, &s->notices, &s->nnotices);
    if (!e && (v = find(L, root, "patterns")))
        e = parse_rx_list(L, s, v, "patterns", parse_pattern, &s->patterns, &s->npatterns);
    if (!e && (v = find(L, root, "bylines")))
        e = parse_rx_list(L, s, v, "bylines", parse_byline, &s->bylines, &s->nbylines);
    if (!e && (v = find(L, root, "examples"))) e = parse_examples(L, s, v);
    if (!e && !s->nnotices && !s->npatterns && !s->nbylines && !s->ncredits)
        e = fail(L, root, "signature '%s' has no notices, patterns, bylines or credits", s->id);
    return e;
}

void rs_sig_free(rs_sig *s)
{
    if (!s) return;
    free(s->id);
    free(s->name);
    free(s->holder);
    free(s->file);
    free(s->languages);
    for (size_t i = 0; i < s->naliases; i++)
        free(s->aliases[i]);
    free(s->aliases);
    for (size_t i = 0; i < s->ncredits; i++)
        free(s->credits[i]);
    free(s->credits);
    rs_rx *lists[3] = {s->patterns, s->notices, s->bylines};
    size_t counts[3] = {s->npatterns, s->nnotices, s->nbylines};
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < counts[k]; i++)
            rx_free(&lists[k][i]);
        free(lists[k]);
    }
    for (size_t i = 0; i < s->nexamples; i++) {
        free(s->examples[i].field);
        free(s->examples[i].text);
        free(s->examples[i].holder_name);
    }
    free(s->examples);
    free(s);
}

/* ---- files ---- */

static rs_err read_file(loader *L, const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return fail_io(L, path, strerror(errno));
    rs_buf b;
    rs_buf_init(&b, MAX_FILE_BYTES);
    char chunk[16384];
    size_t n;
    rs_err e = RS_OK;
    while (!e && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        e = rs_buf_append(&b, chunk, n);
    if (!e && ferror(f)) e = fail_io(L, path, "read error");
    fclose(f);
    if (e == RS_ERR_LIMIT) e = fail_at(L, 0, 0, "larger than %u bytes", MAX_FILE_BYTES);
    if (e == RS_ERR_NOMEM) e = nomem(L);
    if (!e && !b.data && rs_buf_reserve(&b, 1)) e = nomem(L);
    if (e) {
        rs_buf_free(&b);
        return e;
    }
    *out = b.data;
    *len = b.len;
    return RS_OK;
}

static rs_err yaml_fail(loader *L, const yaml_parser_t *p)
{
    const char *what = p->error == YAML_READER_ERROR ? "invalid text" : "YAML syntax error";
    if (p->error == YAML_MEMORY_ERROR) return nomem(L);
    if (p->error == YAML_READER_ERROR)
        return fail_at(L, 1, 1, "%s: %s (at byte %zu)", what, p->problem ? p->problem : "?",
                       p->problem_offset);
    return fail_at(L, (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1,
                   "%s: %s%s%s", what, p->problem ? p->problem : "?", p->context ? ", " : "",
                   p->context ? p->context : "");
}

/* Parses one signature file into a new rs_sig. */
static rs_err load_file(loader *L, const char *path, rs_sig **out)
{
    char *src = NULL;
    size_t len = 0;
    L->file = path;
    rs_err e = read_file(L, path, &src, &len);
    if (e) return e;
    L->src = src;
    L->srclen = len;
    yaml_parser_t p;
    yaml_document_t doc, extra;
    bool have_doc = false;
    rs_sig *s = NULL;
    if (!yaml_parser_initialize(&p)) {
        free(src);
        return nomem(L);
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)src, len);
    if (!yaml_parser_load(&p, &doc)) {
        e = yaml_fail(L, &p);
        goto out;
    }
    have_doc = true;
    L->doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        e = fail_at(L, 1, 1, "empty file: expected a signature (a mapping with id, class, ...)");
        goto out;
    }
    if (!yaml_parser_load(&p, &extra)) {
        e = yaml_fail(L, &p);
        goto out;
    }
    yaml_node_t *r2 = yaml_document_get_root_node(&extra);
    if (r2) e = fail(L, r2, "a second YAML document: one signature per file");
    yaml_document_delete(&extra);
    if (e) goto out;
    if (!(s = calloc(1, sizeof *s)) || !(s->file = strdup(path))) {
        e = nomem(L);
        goto out;
    }
    if ((e = parse_sig(L, root, s))) goto out;
    *out = s;
    s = NULL;
out:
    rs_sig_free(s);
    if (have_doc) yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    free(src);
    L->doc = NULL;
    L->src = NULL;
    return e;
}

/* ---- directories ---- */

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static rs_err strlist_add(loader *L, strlist *l, const char *a, const char *b)
{
    size_t na = strlen(a), nb = b ? strlen(b) : 0;
    char *s = malloc(na + nb + 2);
    if (!s || !grow(&l->v, &l->cap, l->n, sizeof *l->v)) {
        free(s);
        return nomem(L);
    }
    memcpy(s, a, na);
    if (b) {
        if (na && a[na - 1] == '/') na--; /* "dir/" + "x.yml" is "dir/x.yml" */
        s[na] = '/';
        memcpy(s + na + 1, b, nb + 1);
    } else {
        s[na] = '\0';
    }
    l->v[l->n++] = s;
    return RS_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

/* Appends the signature files under path (itself, when it is a file) in sorted order.
 * Names starting with '.' are skipped. */
static rs_err walk(loader *L, const char *path, unsigned depth, strlist *out)
{
    struct stat st;
    if (stat(path, &st) != 0) return fail_io(L, path, strerror(errno));
    if (S_ISREG(st.st_mode)) return strlist_add(L, out, path, NULL);
    if (!S_ISDIR(st.st_mode)) return fail_io(L, path, "not a file or a directory");
    if (depth >= MAX_DIR_DEPTH) return fail_io(L, path, "directories nested too deep");
    DIR *d = opendir(path);
    if (!d) return fail_io(L, path, strerror(errno));
    strlist names = {0};
    rs_err e = RS_OK;
    struct dirent *de;
    while (!e && (de = readdir(d)))
        if (de->d_name[0] != '.') e = strlist_add(L, &names, de->d_name, NULL);
    closedir(d);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; !e && i < names.n; i++) {
        strlist one = {0};
        if ((e = strlist_add(L, &one, path, names.v[i]))) break;
        if (stat(one.v[0], &st) != 0)
            e = fail_io(L, one.v[0], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            e = walk(L, one.v[0], depth + 1, out);
        else if (S_ISREG(st.st_mode) && is_yaml_name(names.v[i]))
            e = strlist_add(L, out, one.v[0], NULL);
        strlist_free(&one);
    }
    strlist_free(&names);
    return e;
}

/* ---- the database ---- */

typedef struct entry {
    rs_sig *s;
    size_t dir, seq; /* which directory; order of reading */
} entry;

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->s->id, y->s->id);
    if (c) return c;
    if (x->dir != y->dir) return x->dir < y->dir ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint32_t pairs_of(const rs_rx *v, size_t n, uint32_t max)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t cc = 0;
        pcre2_pattern_info(v[i].code, PCRE2_INFO_CAPTURECOUNT, &cc);
        if (cc + 1 > max) max = cc + 1;
    }
    return max;
}

/* Keeps the last signature of each id (the latest directory); a repeated id within one
 * directory is an error. On success the kept signatures move into db. */
static rs_err resolve(loader *L, entry *v, size_t n, rs_sigdb *db)
{
    if (n) qsort(v, n, sizeof *v, cmp_entry);
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i].s->id, v[i - 1].s->id) == 0 && v[i].dir == v[i - 1].dir) {
            L->file = v[i].s->file;
            return fail_at(L, v[i].s->line, v[i].s->col, "duplicate id '%s' (also in %s:%u)",
                           v[i].s->id, v[i - 1].s->file, v[i - 1].s->line);
        }
    if (!(db->v = calloc(n ? n : 1, sizeof *db->v))) return nomem(L);
    db->max_pairs = 1;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && strcmp(v[i].s->id, v[i + 1].s->id) == 0) continue; /* overridden */
        rs_sig *s = v[i].s;
        v[i].s = NULL;
        s->index = db->n;
        db->v[db->n++] = s;
        db->max_pairs = pairs_of(s->patterns, s->npatterns, db->max_pairs);
        db->max_pairs = pairs_of(s->notices, s->nnotices, db->max_pairs);
        db->max_pairs = pairs_of(s->bylines, s->nbylines, db->max_pairs);
    }
    return RS_OK;
}

rs_err rs_sigdb_load(const char *const *dirs, size_t ndirs, rs_sigdb **out, char *err,
                     size_t errlen)
{
    loader L = {.err = err, .errlen = errlen};
    if (errlen) err[0] = '\0';
    entry *v = NULL;
    size_t n = 0, cap = 0;
    rs_err e = RS_OK;
    rs_sigdb *db = calloc(1, sizeof *db);
    if (!db) return nomem(&L);
    for (size_t d = 0; !e && d < ndirs; d++) {
        strlist files = {0};
        e = walk(&L, dirs[d], 0, &files);
        for (size_t i = 0; !e && i < files.n; i++) {
            rs_sig *s = NULL;
            if ((e = load_file(&L, files.v[i], &s))) break;
            if (!grow(&v, &cap, n, sizeof *v)) {
                rs_sig_free(s);
                e = nomem(&L);
                break;
            }
            v[n] = (entry){.s = s, .dir = d, .seq = n};
            n++;
        }
        strlist_free(&files);
    }
    if (!e) e = resolve(&L, v, n, db);
    for (size_t i = 0; i < n; i++)
        rs_sig_free(v[i].s);
    free(v);
    if (e) {
        rs_sigdb_free(db);
        return e;
    }
    *out = db;
    return RS_OK;
}

void rs_sigdb_free(rs_sigdb *db)
{
    if (!db) return;
    for (size_t i = 0; i < db->n; i++)
        rs_sig_free(db->v[i]);
    free(db->v);
    free(db);
}

size_t rs_sigdb_count(const rs_sigdb *db)
{
    return db ? db->n : 0;
}

void rs_sigdb_info(const rs_sigdb *db, size_t i, rs_siginfo *info)
{
    const rs_sig *s = db->v[i];
    *info = (rs_siginfo){.id = s->id,
                         .name = s->name,
                         .holder = s->holder,
                         .file = s->file,
                         .cls = s->cls,
                         .languages = s->languages ? s->languages : "",
                         .nnotices = s->nnotices,
                         .npatterns = s->npatterns,
                         .nbylines = s->nbylines,
                         .ncredits = s->ncredits,
                         .nexamples = s->nexamples};
}

const char *rs_sig_id(const rs_sig *s)
{
    return s->id;
}

const char *rs_sig_holder(const rs_sig *s)
{
    return s->holder;
}

/* ---- self-test ---- */

/* Checks one example against the hits of a one-field unit; writes a complaint into msg
 * and returns false when it fails. */
static bool check_example(const rs_sig *s, const rs_example *x, const rs_field *f, const rs_hits *h,
                          char *msg, size_t len)
{
    const rs_hit *hit = NULL;
    bool holder_ok = !x->holder_name;
    for (size_t i = 0; i < h->n; i++) {
        if (h->v[i].sig != s) continue;
        if (!hit) hit = &h->v[i];
        const rs_hit *k = &h->v[i];
        if (x->holder_name && k->hend > k->hstart &&
            strlen(x->holder_name) == k->hend - k->hstart &&
            memcmp(x->holder_name, f->text + k->hstart, k->hend - k->hstart) == 0)
            holder_ok = true;
    }
    int cut = 160;
    if (x->match && !hit)
        snprintf(msg, len, "%s:%u: signature %s: example expected to match: %.*s", s->file, x->line,
                 s->id, cut, x->text);
    else if (!x->match && hit)
        snprintf(msg, len,
                 "%s:%u: signature %s: example expected not to match: %.*s (matched "
                 "'%.*s')",
                 s->file, x->line, s->id, cut, x->text,
                 (int)(hit->end - hit->start > 80 ? 80 : hit->end - hit->start),
                 f->text + hit->start);
    else if (x->match && !holder_ok)
        snprintf(msg, len, "%s:%u: signature %s: example expected holder '%s': %.*s", s->file,
                 x->line, s->id, x->holder_name, cut, x->text);
    else
        return true;
    return false;
}

size_t rs_sigdb_selftest(const rs_sigdb *db, void (*report)(void *ctx, const char *msg), void *ctx,
                         size_t *total)
{
    rs_matcher *m = NULL;
    rs_fields fs;
    rs_hits hits = {0};
    size_t failures = 0, count = 0;
    char msg[512];
    rs_fields_init(&fs, 0);
    if (rs_matcher_new(db, &m)) {
        report(ctx, "self-test: out of memory");
        if (total) *total = 0;
        return 1;
    }
    for (size_t i = 0; i < db->n; i++)
        for (size_t j = 0; j < db->v[i]->nexamples; j++) {
            const rs_sig *s = db->v[i];
            const rs_example *x = &s->examples[j];
            rs_field *f;
            count++;
            rs_fields_reset(&fs);
            rs_err e = rs_fields_add_borrowed(&fs, x->field, x->metadata, true, x->text,
                                              strlen(x->text), 0, &f);
            if (!e) e = rs_match_fields(m, &fs, &hits);
            if (e) {
                snprintf(msg, sizeof msg, "%s:%u: signature %s: example could not be run: %s",
                         s->file, x->line, s->id, rs_strerror(e));
            } else if (check_example(s, x, f, &hits, msg, sizeof msg)) {
                continue;
            }
            failures++;
            report(ctx, msg);
        }
    rs_hits_free(&hits);
    rs_fields_free(&fs);
    rs_matcher_free(m);
    if (total) *total = count;
    return failures;
}
