/* sigdb_yaml.c — reads one signature file: YAML (libyaml's document API, which keeps a
 * start mark on each node) checked against the schema of signatures/README.md, with
 * every regex compiled (sigdb_rx.c) and every notice modelled (approx.c).
 *
 * Loading is strict: the first problem stops the file and is reported as
 * "FILE:LINE:COL: what is wrong". A lint (rs_sigload.report set) reports every problem it
 * can find instead: a bad item in a list, a bad key, a bad value is reported and the next
 * one is read (go_on); the file is then discarded.
 */
#include "sigdb_yaml.h"

#include "approx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (4u << 20)

/* ---- problems ---- */

rs_err rs_sigload_failv(rs_sigload *L, rs_err e, unsigned line, unsigned col, const char *fmt,
                        va_list ap)
{
    char msg[1024];
    int n = 0;
    if (line)
        n = snprintf(msg, sizeof msg, "%s:%u:%u: ", L->file ? L->file : "?", line, col);
    else if (L->file)
        n = snprintf(msg, sizeof msg, "%s: ", L->file);
    if (n < 0 || (size_t)n >= sizeof msg) n = 0;
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    L->nproblems++;
    if (L->report)
        L->report(L->ctx, msg);
    else if (L->errlen)
        snprintf(L->err, L->errlen, "%s", msg);
    return e;
}

rs_err rs_sigload_fail(rs_sigload *L, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_err e = rs_sigload_failv(L, RS_ERR_SIGNATURE, line, col, fmt, ap);
    va_end(ap);
    return e;
}

rs_err rs_sigload_failn(rs_sigload *L, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_err e = rs_sigload_failv(L, RS_ERR_SIGNATURE, (unsigned)n->start_mark.line + 1,
                                (unsigned)n->start_mark.column + 1, fmt, ap);
    va_end(ap);
    return e;
}

rs_err rs_sigload_io(rs_sigload *L, const char *path, const char *what)
{
    const char *file = L->file;
    L->file = path;
    rs_sigload_fail(L, 0, 0, "%s", what);
    L->file = file;
    return RS_ERR_IO;
}

rs_err rs_sigload_nomem(rs_sigload *L)
{
    if (L->errlen && !L->report)
        snprintf(L->err, L->errlen, "%s: out of memory", L->file ? L->file : "");
    return RS_ERR_NOMEM;
}

/* In a lint, a problem is reported and reading goes on: returns true (and clears *e)
 * when *e was such a problem. */
static bool go_on(const rs_sigload *L, rs_err *e)
{
    if (*e != RS_ERR_SIGNATURE || !L->report) return false;
    *e = RS_OK;
    return true;
}

/* For a statement that may fail with a problem a lint goes on after. */
#define TRY(L, e, expr)                                                                            \
    do {                                                                                           \
        if (((e) = (expr)) && !go_on((L), &(e))) return (e);                                       \
    } while (0)

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

static yaml_node_t *node_at(rs_sigload *L, int i)
{
    return yaml_document_get_node(L->doc, i);
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* ---- YAML nodes ---- */

static size_t seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *seq_item(rs_sigload *L, const yaml_node_t *n, size_t i)
{
    return node_at(L, n->data.sequence.items.start[i]);
}

static size_t map_len(const yaml_node_t *n)
{
    return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

static rs_err expect(rs_sigload *L, const yaml_node_t *n, yaml_node_type_t t, const char *what)
{
    if (n->type == t) return RS_OK;
    return rs_sigload_failn(L, n, "%s: expected %s, found %s", what, type_name(t),
                            node_type_name(n));
}

/* Checks a mapping's keys: scalars, each in allowed (NULL-terminated), none twice. A lint
 * reports every bad key and reads on (find never returns a bad key's value). */
static rs_err check_keys(rs_sigload *L, const yaml_node_t *map, const char *const *allowed,
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
            char list[320] = "";
            for (j = 0; allowed[j]; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         allowed[j]);
            e = rs_sigload_failn(L, k, "unknown key '%s' in %s (expected %s)", scalar(k), what,
                                 list);
            go_on(L, &e);
            continue;
        }
        for (j = 0; j < i; j++) {
            yaml_node_t *k2 = node_at(L, map->data.mapping.pairs.start[j].key);
            if (k2->type == YAML_SCALAR_NODE && strcmp(scalar(k2), scalar(k)) == 0) {
                e = rs_sigload_failn(L, k, "duplicate key '%s' in %s", scalar(k), what);
                go_on(L, &e);
                break;
            }
        }
    }
    return e;
}

/* The value of key in a mapping whose keys check_keys has accepted, or NULL. */
static yaml_node_t *find(rs_sigload *L, const yaml_node_t *map, const char *key)
{
    if (map->type != YAML_MAPPING_NODE) return NULL;
    for (size_t i = 0; i < map_len(map); i++) {
        const yaml_node_pair_t *p = &map->data.mapping.pairs.start[i];
        const yaml_node_t *k = node_at(L, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp(scalar(k), key) == 0) return node_at(L, p->value);
    }
    return NULL;
}

static rs_err get_string(rs_sigload *L, const yaml_node_t *n, const char *what, char **out)
{
    rs_err e = expect(L, n, YAML_SCALAR_NODE, what);
    if (e) return e;
    if (!n->data.scalar.length) return rs_sigload_failn(L, n, "%s: must not be empty", what);
    if (strlen(scalar(n)) != n->data.scalar.length)
        return rs_sigload_failn(L, n, "%s: must not contain a NUL character", what);
    free(*out);
    return (*out = strdup(scalar(n))) ? RS_OK : rs_sigload_nomem(L);
}

static rs_err get_strings(rs_sigload *L, const yaml_node_t *n, const char *what, char ***out,
                          size_t *nout)
{
    rs_err e = expect(L, n, YAML_SEQUENCE_NODE, what);
    if (e) return e;
    size_t cnt = seq_len(n);
    if (!(*out = calloc(cnt ? cnt : 1, sizeof **out))) return rs_sigload_nomem(L);
    for (size_t i = 0; i < cnt; i++) {
        if ((e = get_string(L, seq_item(L, n, i), what, &(*out)[i]))) return e;
        *nout = i + 1;
    }
    return RS_OK;
}

static rs_err get_bool(rs_sigload *L, const yaml_node_t *n, const char *what, bool *out)
{
    rs_err e = expect(L, n, YAML_SCALAR_NODE, what);
    if (e) return e;
    if (strcmp(scalar(n), "true") == 0 || strcmp(scalar(n), "yes") == 0)
        *out = true;
    else if (strcmp(scalar(n), "false") == 0 || strcmp(scalar(n), "no") == 0)
        *out = false;
    else
        return rs_sigload_failn(L, n, "%s: expected true or false, found '%s'", what, scalar(n));
    return RS_OK;
}

/* A number in [lo, hi] (e.g. confidence: 0.9). */
static rs_err get_number(rs_sigload *L, const yaml_node_t *n, const char *what, double lo,
                         double hi, double *out)
{
    rs_err e = expect(L, n, YAML_SCALAR_NODE, what);
    if (e) return e;
    char *end = NULL;
    double d = strtod(scalar(n), &end);
    if (end == scalar(n) || *end || !(d >= lo && d <= hi))
        return rs_sigload_failn(L, n, "%s: expected a number from %g to %g, found '%s'", what, lo,
                                hi, scalar(n));
    *out = d;
    return RS_OK;
}

/* A string or a list of strings, each normalised (rs_normalize) and non-empty after. */
static rs_err get_normalised(rs_sigload *L, const yaml_node_t *n, const char *what, char ***out,
                             size_t *nout)
{
    rs_err e;
    if (n->type == YAML_SCALAR_NODE) {
        if (!(*out = calloc(1, sizeof **out))) return rs_sigload_nomem(L);
        if ((e = get_string(L, n, what, &(*out)[0]))) return e;
        *nout = 1;
    } else if ((e = get_strings(L, n, what, out, nout))) {
        return e;
    }
    for (size_t i = 0; i < *nout; i++) {
        char *norm = rs_normalize_dup((*out)[i]);
        if (!norm) return rs_sigload_nomem(L);
        free((*out)[i]);
        (*out)[i] = norm;
        if (!norm[0])
            return rs_sigload_failn(L, n->type == YAML_SCALAR_NODE ? n : seq_item(L, n, i),
                                    "%s: empty once normalised", what);
    }
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

static rs_err get_lang(rs_sigload *L, const rs_sig *s, const yaml_node_t *n, char **out)
{
    rs_err e = get_string(L, n, "lang", out);
    if (e) return e;
    if (!valid_lang(*out)) return rs_sigload_failn(L, n, "lang: '%s' is not a language code", *out);
    if (!s->languages) return RS_OK;
    size_t k = strlen(*out);
    for (const char *p = s->languages; (p = strstr(p, *out)); p += k)
        if ((p == s->languages || p[-1] == ',') && (p[k] == ',' || !p[k])) return RS_OK;
    return rs_sigload_failn(L, n, "lang: '%s' is not listed in languages", *out);
}

static rs_err get_kind(rs_sigload *L, const yaml_node_t *n, rs_kind *out)
{
    rs_err e = expect(L, n, YAML_SCALAR_NODE, "kind");
    if (e) return e;
    if (strcmp(scalar(n), "notice") == 0)
        *out = RS_KIND_NOTICE;
    else if (strcmp(scalar(n), "licence") == 0)
        *out = RS_KIND_LICENCE;
    else
        return rs_sigload_failn(L, n, "kind: expected notice or licence, found '%s'", scalar(n));
    return RS_OK;
}

static rs_err parse_languages(rs_sigload *L, rs_sig *s, const yaml_node_t *n)
{
    char **v = NULL;
    size_t cnt = 0;
    rs_buf b;
    rs_buf_init(&b, 0);
    rs_err e = get_strings(L, n, "languages", &v, &cnt);
    for (size_t i = 0; !e && i < cnt; i++) {
        if (!valid_lang(v[i]))
            e = rs_sigload_failn(L, seq_item(L, n, i), "languages: '%s' is not a language code",
                                 v[i]);
        else if (rs_buf_printf(&b, "%s%s", i ? "," : "", v[i]))
            e = rs_sigload_nomem(L);
    }
    for (size_t i = 0; i < cnt; i++)
        free(v[i]);
    free(v);
    if (!e)
        s->languages = b.data ? b.data : strdup("");
    else
        rs_buf_free(&b);
    return e || s->languages ? e : rs_sigload_nomem(L);
}

static rs_err parse_credits(rs_sigload *L, rs_sig *s, const yaml_node_t *n)
{
    rs_err e = get_strings(L, n, "credits", &s->credits, &s->ncredits);
    for (size_t i = 0; !e && i < s->ncredits; i++) {
        char *norm = rs_normalize_dup(s->credits[i]);
        if (!norm) return rs_sigload_nomem(L);
        free(s->credits[i]);
        s->credits[i] = norm;
        if (!norm[0])
            return rs_sigload_failn(L, seq_item(L, n, i), "credits: empty once normalised");
    }
    return e;
}

/* ---- notices ---- */

typedef struct phrases {
    rs_strv v;
    unsigned *group;
    size_t cap;
} phrases;

static rs_err add_phrase(rs_sigload *L, phrases *p, const char *text, unsigned group)
{
    if (p->v.n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        unsigned *g = realloc(p->group, cap * sizeof *g);
        char **v = g ? realloc(p->v.v, cap * sizeof *v) : NULL;
        if (g) p->group = g;
        if (!v) return rs_sigload_nomem(L);
        p->v.v = v;
        p->cap = p->v.cap = cap;
    }
    if (!(p->v.v[p->v.n] = rs_normalize_dup(text))) return rs_sigload_nomem(L);
    p->group[p->v.n++] = group;
    return RS_OK;
}

/* `decisive:` — a list of phrases, each one required; an item that is itself a list
 * gives alternatives (one of them is enough). */
static rs_err parse_decisive(rs_sigload *L, const yaml_node_t *n, phrases *p)
{
    rs_err e = expect(L, n, YAML_SEQUENCE_NODE, "decisive");
    if (e) return e;
    for (size_t i = 0; i < seq_len(n); i++) {
        yaml_node_t *it = seq_item(L, n, i);
        char *one = NULL;
        if (it->type == YAML_SEQUENCE_NODE) {
            for (size_t j = 0; !e && j < seq_len(it); j++)
                if (!(e = get_string(L, seq_item(L, it, j), "decisive", &one)))
                    e = add_phrase(L, p, one, (unsigned)i);
            if (!e && !seq_len(it)) e = rs_sigload_failn(L, it, "decisive: an empty list");
        } else if (!(e = get_string(L, it, "decisive", &one))) {
            e = add_phrase(L, p, one, (unsigned)i);
        }
        free(one);
        if (e) return e;
    }
    return RS_OK;
}

/* With no `decisive:`, the holder's names (name, aliases, credits) that the notice
 * itself contains are decisive, as alternatives: a notice naming its holder must name it
 * where it is found. */
static rs_err implicit_decisive(rs_sigload *L, const rs_sig *s, const char *norm, phrases *p)
{
    size_t n = 1 + s->naliases + s->ncredits;
    for (size_t i = 0; i < n; i++) {
        const char *name = i == 0             ? s->name
                           : i <= s->naliases ? s->aliases[i - 1]
                                              : s->credits[i - 1 - s->naliases];
        char *nn = name ? rs_normalize_dup(name) : NULL;
        if (name && !nn) return rs_sigload_nomem(L);
        rs_err e = RS_OK;
        bool dup = false;
        for (size_t k = 0; nn && k < p->v.n && !dup; k++)
            dup = !strcmp(p->v.v[k], nn);
        if (nn && *nn && !dup && rs_approx_phrase_in(norm, nn)) e = add_phrase(L, p, nn, 0);
        free(nn);
        if (e) return e;
    }
    return RS_OK;
}

static rs_err parse_notice(rs_sigload *L, rs_sig *s, const yaml_node_t *n, rs_rx *r)
{
    static const char *const keys[] = {"lang",         "text",   "kind", "decisive",
                                       "min_coverage", "source", "note", NULL};
    rs_err e = check_keys(L, n, keys, "a notice");
    if (e) return e;
    yaml_node_t *v, *text = find(L, n, "text");
    double min_cov = RS_MIN_COVERAGE;
    phrases ph = {0};
    r->kind = RS_KIND_NOTICE;
    r->holder_group = -1;
    r->line = (unsigned)n->start_mark.line + 1;
    r->col = (unsigned)n->start_mark.column + 1;
    if (!text) return rs_sigload_failn(L, n, "a notice needs a text");
    TRY(L, e, expect(L, text, YAML_SCALAR_NODE, "text"));
    if ((v = find(L, n, "lang"))) TRY(L, e, get_lang(L, s, v, &r->lang));
    if ((v = find(L, n, "kind"))) TRY(L, e, get_kind(L, v, &r->kind));
    if ((v = find(L, n, "source"))) TRY(L, e, expect(L, v, YAML_SCALAR_NODE, "source"));
    if ((v = find(L, n, "note"))) TRY(L, e, expect(L, v, YAML_SCALAR_NODE, "note"));
    if ((v = find(L, n, "min_coverage")))
        TRY(L, e, get_number(L, v, "min_coverage", 0.05, 1.0, &min_cov));
    if (text->type != YAML_SCALAR_NODE) return RS_ERR_SIGNATURE;
    if (!(r->src = rs_normalize_dup(scalar(text)))) return rs_sigload_nomem(L);
    if ((v = find(L, n, "decisive")))
        e = parse_decisive(L, v, &ph);
    else
        e = implicit_decisive(L, s, r->src, &ph);
    char msg[256];
    if (!e) {
        r->notice = rs_anotice_new(r->src, (const char *const *)ph.v.v, ph.group, ph.v.n, min_cov,
                                   msg, sizeof msg);
        if (!r->notice) e = rs_sigload_failn(L, text, "notice text: %s", msg);
    }
    rs_strv_free(&ph.v);
    free(ph.group);
    return e;
}

/* ---- patterns, bylines, suppressions ---- */

/* `confidence:` and `anchor:`, shared by patterns and bylines. */
static rs_err parse_tuning(rs_sigload *L, const yaml_node_t *n, rs_rx *r)
{
    yaml_node_t *v;
    rs_err e = RS_OK;
    if ((v = find(L, n, "confidence")))
        TRY(L, e, get_number(L, v, "confidence", 0.0, 1.0, &r->confidence));
    if ((v = find(L, n, "anchor")))
        TRY(L, e, get_normalised(L, v, "anchor", &r->anchors, &r->nanchors));
    return e;
}

static rs_err parse_pattern(rs_sigload *L, rs_sig *s, const yaml_node_t *n, rs_rx *r)
{
    static const char *const keys[] = {"lang",       "regex",  "kind", "note",
                                       "confidence", "anchor", NULL};
    rs_err e = check_keys(L, n, keys, "a pattern");
    if (e) return e;
    yaml_node_t *v, *rx = find(L, n, "regex");
    rs_kind kind = RS_KIND_NOTICE;
    if (!rx) return rs_sigload_failn(L, n, "a pattern needs a regex");
    if ((e = expect(L, rx, YAML_SCALAR_NODE, "regex"))) return e;
    if ((v = find(L, n, "lang"))) TRY(L, e, get_lang(L, s, v, &r->lang));
    if ((v = find(L, n, "kind"))) TRY(L, e, get_kind(L, v, &kind));
    if ((v = find(L, n, "note"))) TRY(L, e, expect(L, v, YAML_SCALAR_NODE, "note"));
    TRY(L, e, parse_tuning(L, n, r));
    return rs_sigload_rx(L, rx, RS_RX_PATTERN, kind, "pattern", true, r);
}

static rs_err parse_byline(rs_sigload *L, rs_sig *s, const yaml_node_t *n, rs_rx *r)
{
    static const char *const keys[] = {"regex", "lang", "note", "confidence", "anchor", NULL};
    if (n->type == YAML_SCALAR_NODE)
        return rs_sigload_rx(L, n, RS_RX_BYLINE, RS_KIND_BYLINE, "byline", false, r);
    rs_err e = check_keys(L, n, keys, "a byline (a regex, or a mapping)");
    if (e) return e;
    yaml_node_t *v, *rx = find(L, n, "regex");
    if (!rx) return rs_sigload_failn(L, n, "a byline needs a regex");
    if ((e = expect(L, rx, YAML_SCALAR_NODE, "regex"))) return e;
    if ((v = find(L, n, "lang"))) TRY(L, e, get_lang(L, s, v, &r->lang));
    if ((v = find(L, n, "note"))) TRY(L, e, expect(L, v, YAML_SCALAR_NODE, "note"));
    TRY(L, e, parse_tuning(L, n, r));
    return rs_sigload_rx(L, rx, RS_RX_BYLINE, RS_KIND_BYLINE, "byline", false, r);
}

/* A `suppress:` entry: a regex over normalised text (literals folded like a pattern's). */
static rs_err parse_suppress(rs_sigload *L, rs_sig *s, const yaml_node_t *n, rs_rx *r)
{
    (void)s;
    rs_err e = expect(L, n, YAML_SCALAR_NODE, "suppress");
    return e ? e : rs_sigload_rx(L, n, RS_RX_PATTERN, RS_KIND_NOTICE, "suppress", true, r);
}

typedef rs_err (*rx_parser)(rs_sigload *L, rs_sig *s, const yaml_node_t *n, rs_rx *r);

static rs_err parse_rx_list(rs_sigload *L, rs_sig *s, const yaml_node_t *n, const char *what,
                            rx_parser fn, rs_rx **out, size_t *nout)
{
    rs_err e = expect(L, n, YAML_SEQUENCE_NODE, what);
    if (e) return e;
    size_t cnt = seq_len(n);
    if (!(*out = calloc(cnt ? cnt : 1, sizeof **out))) return rs_sigload_nomem(L);
    for (size_t i = 0; i < cnt; i++) {
        (*out)[i].holder_group = -1;
        *nout = i + 1; /* so that a half-built entry is freed too */
        TRY(L, e, fn(L, s, seq_item(L, n, i), &(*out)[i]));
    }
    return RS_OK;
}

/* ---- examples ---- */

static rs_err parse_example(rs_sigload *L, const yaml_node_t *n, bool match, rs_example *x)
{
    static const char *const keys[] = {"field", "text", "metadata", "holder_name", NULL};
    x->match = match;
    x->line = (unsigned)n->start_mark.line + 1;
    rs_err e;
    if (n->type == YAML_SCALAR_NODE) {
        if ((e = get_string(L, n, "an example", &x->text))) return e;
        return (x->field = strdup("body")) ? RS_OK : rs_sigload_nomem(L);
    }
    if (n->type != YAML_MAPPING_NODE)
        return rs_sigload_failn(L, n, "an example: expected a string or a mapping, found %s",
                                node_type_name(n));
    if ((e = check_keys(L, n, keys, "an example"))) return e;
    yaml_node_t *v;
    if (!(v = find(L, n, "text"))) return rs_sigload_failn(L, n, "an example needs a text");
    if ((e = get_string(L, v, "text", &x->text))) return e;
    if ((v = find(L, n, "field")) && (e = get_string(L, v, "field", &x->field))) return e;
    if (!x->field && !(x->field = strdup("body"))) return rs_sigload_nomem(L);
    x->metadata = strchr(x->field, ':') != NULL;
    if ((v = find(L, n, "metadata")) && (e = get_bool(L, v, "metadata", &x->metadata))) return e;
    if ((v = find(L, n, "holder_name")) && (e = get_string(L, v, "holder_name", &x->holder_name)))
        return e;
    if (x->holder_name && !match)
        return rs_sigload_failn(L, v, "holder_name: only examples that match name a holder");
    return RS_OK;
}

static rs_err parse_examples(rs_sigload *L, rs_sig *s, const yaml_node_t *n)
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
    if (!(s->examples = calloc(total ? total : 1, sizeof *s->examples))) return rs_sigload_nomem(L);
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; lists[k] && i < seq_len(lists[k]); i++) {
            rs_example *x = &s->examples[s->nexamples++];
            TRY(L, e, parse_example(L, seq_item(L, lists[k], i), k == 0, x));
        }
    return RS_OK;
}

/* ---- the signature ---- */

static rs_err parse_header(rs_sigload *L, rs_sig *s, const yaml_node_t *root)
{
    yaml_node_t *v;
    rs_err e = RS_OK;
    if (!(v = find(L, root, "id")))
        TRY(L, e, rs_sigload_failn(L, root, "missing required key 'id'"));
    else if (!(e = get_string(L, v, "id", &s->id)) && !valid_id(s->id))
        e = rs_sigload_failn(L, v, "id: '%s' must be lower-case letters, digits, '-' and '.'",
                             s->id);
    if (e && !go_on(L, &e)) return e;
    if (v) s->line = (unsigned)v->start_mark.line + 1, s->col = (unsigned)v->start_mark.column + 1;
    if (!s->id && !(s->id = strdup("?"))) return rs_sigload_nomem(L);
    if (!(v = find(L, root, "class")))
        TRY(L, e, rs_sigload_failn(L, root, "missing required key 'class'"));
    else if (!(e = expect(L, v, YAML_SCALAR_NODE, "class")) &&
             (!rs_class_parse(scalar(v), &s->cls) || s->cls == RS_CLASS_NONE))
        e = rs_sigload_failn(L, v, "class: expected restricted, attribution or open, found '%s'",
                             scalar(v));
    if (e && !go_on(L, &e)) return e;
    if ((v = find(L, root, "name"))) TRY(L, e, get_string(L, v, "name", &s->name));
    if (!s->name && !(s->name = strdup(s->id))) return rs_sigload_nomem(L);
    if ((v = find(L, root, "holder"))) {
        if (!(e = get_string(L, v, "holder", &s->holder)) && !valid_id(s->holder))
            e = rs_sigload_failn(L, v, "holder: '%s' must be an id (lower-case) or 'unknown'",
                                 s->holder);
        if (e && !go_on(L, &e)) return e;
    }
    if (!s->holder && !(s->holder = strdup(s->id))) return rs_sigload_nomem(L);
    if ((v = find(L, root, "languages"))) TRY(L, e, parse_languages(L, s, v));
    if ((v = find(L, root, "aliases")))
        TRY(L, e, get_strings(L, v, "aliases", &s->aliases, &s->naliases));
    if ((v = find(L, root, "notes"))) TRY(L, e, expect(L, v, YAML_SCALAR_NODE, "notes"));
    if ((v = find(L, root, "credits"))) TRY(L, e, parse_credits(L, s, v));
    if ((v = find(L, root, "photo_credits")))
        TRY(L, e, get_strings(L, v, "photo_credits", &s->photo_credits, &s->nphoto_credits));
    return RS_OK;
}

static rs_err parse_sig(rs_sigload *L, const yaml_node_t *root, rs_sig *s)
{
    static const char *const keys[] = {"id",        "name",    "holder",   "class",
                                       "languages", "aliases", "notices",  "patterns",
                                       "bylines",   "credits", "suppress", "photo_credits",
                                       "examples",  "notes",   NULL};
    rs_err e;
    yaml_node_t *v;
    TRY(L, e, check_keys(L, root, keys, "a signature"));
    TRY(L, e, parse_header(L, s, root));
    if ((v = find(L, root, "notices")))
        TRY(L, e, parse_rx_list(L, s, v, "notices", parse_notice, &s->notices, &s->nnotices));
    if ((v = find(L, root, "patterns")))
        TRY(L, e, parse_rx_list(L, s, v, "patterns", parse_pattern, &s->patterns, &s->npatterns));
    if ((v = find(L, root, "bylines")))
        TRY(L, e, parse_rx_list(L, s, v, "bylines", parse_byline, &s->bylines, &s->nbylines));
    if (s->nphoto_credits && (v = find(L, root, "photo_credits")))
        TRY(L, e,
            rs_sigload_photo(L, s, (unsigned)v->start_mark.line + 1,
                             (unsigned)v->start_mark.column + 1));
    if ((v = find(L, root, "suppress")))
        TRY(L, e, parse_rx_list(L, s, v, "suppress", parse_suppress, &s->suppress, &s->nsuppress));
    if ((v = find(L, root, "examples"))) TRY(L, e, parse_examples(L, s, v));
    if (!s->nnotices && !s->npatterns && !s->nbylines && !s->ncredits)
        return rs_sigload_failn(
            L, root, "signature '%s' has no notices, patterns, bylines or credits", s->id);
    return RS_OK;
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
    for (size_t i = 0; i < s->nphoto_credits; i++)
        free(s->photo_credits[i]);
    free(s->photo_credits);
    rs_rx *lists[4] = {s->patterns, s->notices, s->bylines, s->suppress};
    size_t counts[4] = {s->npatterns, s->nnotices, s->nbylines, s->nsuppress};
    for (int k = 0; k < 4; k++) {
        for (size_t i = 0; i < counts[k]; i++)
            rs_rx_free(&lists[k][i]);
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

static rs_err read_file(rs_sigload *L, const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return rs_sigload_io(L, path, strerror(errno));
    rs_buf b;
    rs_buf_init(&b, MAX_FILE_BYTES);
    char chunk[16384];
    size_t n;
    rs_err e = RS_OK;
    while (!e && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        e = rs_buf_append(&b, chunk, n);
    if (!e && ferror(f)) e = rs_sigload_io(L, path, "read error");
    fclose(f);
    if (e == RS_ERR_LIMIT) e = rs_sigload_fail(L, 0, 0, "larger than %u bytes", MAX_FILE_BYTES);
    if (e == RS_ERR_NOMEM) e = rs_sigload_nomem(L);
    if (!e && !b.data && rs_buf_reserve(&b, 1)) e = rs_sigload_nomem(L);
    if (e) {
        rs_buf_free(&b);
        return e;
    }
    *out = b.data;
    *len = b.len;
    return RS_OK;
}

static rs_err yaml_fail(rs_sigload *L, const yaml_parser_t *p)
{
    const char *what = p->error == YAML_READER_ERROR ? "invalid text" : "YAML syntax error";
    if (p->error == YAML_MEMORY_ERROR) return rs_sigload_nomem(L);
    if (p->error == YAML_READER_ERROR)
        return rs_sigload_fail(L, 1, 1, "%s: %s (at byte %zu)", what, p->problem ? p->problem : "?",
                               p->problem_offset);
    return rs_sigload_fail(
        L, (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1, "%s: %s%s%s",
        what, p->problem ? p->problem : "?", p->context ? ", " : "", p->context ? p->context : "");
}

rs_err rs_sigfile_load(rs_sigload *L, const char *path, rs_sig **out)
{
    char *src = NULL;
    size_t len = 0, before = L->nproblems;
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
        return rs_sigload_nomem(L);
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
        e = rs_sigload_fail(L, 1, 1,
                            "empty file: expected a signature (a mapping with id, class, ...)");
        goto out;
    }
    if (!yaml_parser_load(&p, &extra)) {
        e = yaml_fail(L, &p);
        goto out;
    }
    yaml_node_t *r2 = yaml_document_get_root_node(&extra);
    if (r2) e = rs_sigload_failn(L, r2, "a second YAML document: one signature per file");
    yaml_document_delete(&extra);
    if (e) goto out;
    if (!(s = calloc(1, sizeof *s)) || !(s->file = strdup(path))) {
        e = rs_sigload_nomem(L);
        goto out;
    }
    if ((e = parse_sig(L, root, s))) goto out;
    if (L->nproblems > before) { /* a lint read on past problems: the file is not loaded */
        e = RS_ERR_SIGNATURE;
        goto out;
    }
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
